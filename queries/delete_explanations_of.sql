-- Remove the explanation rows of the (article_id, source_id) pairs in relation "batch".
-- Relation batch: article_id, source_id
DELETE FROM explanations USING batch
WHERE explanations.article_id = batch.article_id AND explanations.source_id = batch.source_id
