-- The headline of each article of relation "batch".
-- Relation batch: article_id
-- Columns: article_id, title
SELECT a.article_id, a.title FROM articles a JOIN batch b USING (article_id)
