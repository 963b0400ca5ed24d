-- Remove the changes of the (article_id, source_id) pairs in relation "batch".
-- Relation batch: article_id, source_id
DELETE FROM changes USING batch
WHERE changes.article_id = batch.article_id AND changes.source_id = batch.source_id
