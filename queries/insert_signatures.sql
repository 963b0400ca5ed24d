-- Insert or replace the batch's signature blobs (relation "batch").
-- Relation batch: article_id, family, params_id, n_shingles, sig
INSERT OR REPLACE INTO signatures BY NAME SELECT * FROM batch
