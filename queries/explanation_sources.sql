-- Which sources each article of relation "batch" is already explained against.
-- Relation batch: article_id
-- Columns: article_id, source_id
SELECT e.article_id, e.source_id FROM explanations e JOIN batch b USING (article_id)
ORDER BY e.article_id, e.source_id
