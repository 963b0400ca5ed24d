-- What the lineage rules need of each article in relation "batch".
-- Relation batch: article_id
-- Columns: article_id, published_at, source, n_words, credits, raw_chars
SELECT a.article_id, a.published_at, a.source, a.n_words, a.credits, length(a.text) AS raw_chars
FROM articles a JOIN batch b USING (article_id)
