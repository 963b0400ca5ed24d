-- Insert explained changes (relation "batch").
-- Relation batch: the changes table's columns.
INSERT INTO changes BY NAME SELECT * FROM batch
