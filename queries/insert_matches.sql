-- Insert or replace verified matches (relation "batch").
-- Relation batch: the matches table's columns.
INSERT OR REPLACE INTO matches BY NAME SELECT * FROM batch
