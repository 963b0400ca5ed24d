-- Insert or replace verified pair evidence (relation "batch", a_id < b_id).
-- Relation batch: the pairs table's columns.
INSERT OR REPLACE INTO pairs BY NAME SELECT * FROM batch
