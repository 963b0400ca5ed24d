-- Insert aligned sentence pairs (relation "batch").
-- Relation batch: the alignments table's columns.
INSERT INTO alignments BY NAME SELECT * FROM batch
