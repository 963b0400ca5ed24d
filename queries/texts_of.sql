-- Text and headline of each article in relation "batch" (for re-signing).
-- Relation batch: article_id
-- Columns: article_id, text, title
SELECT a.article_id, a.text, a.title FROM articles a JOIN batch b USING (article_id) ORDER BY a.article_id
