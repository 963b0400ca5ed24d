-- Remove the aligned pairs of the (article_id, source_id) pairs in relation "batch".
-- Relation batch: article_id, source_id
DELETE FROM alignments USING batch
WHERE alignments.article_id = batch.article_id AND alignments.source_id = batch.source_id
