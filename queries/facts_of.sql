-- What the lineage rules need of each article in relation "batch".
-- Relation batch: article_id
-- Columns: article_id, published_at, source, n_words, credits, raw_chars, crawled
-- crawled: published_at is a crawler's fetch time (intake marks it in meta.published_from).
SELECT a.article_id, a.published_at, a.source, a.n_words, a.credits, length(a.text) AS raw_chars,
       coalesce(json_extract_string(a.meta, '$.published_from') = 'fetched_at', false) AS crawled
FROM articles a JOIN batch b USING (article_id)
