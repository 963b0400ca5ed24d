-- Insert explanation summary rows (relation "batch").
-- Relation batch: the explanations table's columns.
INSERT INTO explanations BY NAME SELECT * FROM batch
