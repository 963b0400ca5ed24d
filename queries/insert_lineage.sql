-- Insert or replace lineage rows (relation "batch").
-- Relation batch: the lineage table's columns.
INSERT OR REPLACE INTO lineage BY NAME SELECT * FROM batch
