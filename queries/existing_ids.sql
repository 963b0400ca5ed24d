-- Which of the ids in relation "batch" are stored, with their content hash.
-- Relation batch: article_id
-- Columns: article_id, content_hash
SELECT a.article_id, a.content_hash FROM articles a JOIN batch b USING (article_id)
