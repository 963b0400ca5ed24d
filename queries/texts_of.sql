-- Text, headline and language of each article in relation "batch" (for re-signing).
-- Relation batch: article_id
-- Columns: article_id, text, title, lang
SELECT a.article_id, a.text, a.title, a.lang FROM articles a JOIN batch b USING (article_id) ORDER BY a.article_id
