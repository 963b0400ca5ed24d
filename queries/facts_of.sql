-- What the lineage rules need of each article in relation "batch".
-- Relation batch: article_id
-- Columns: article_id, published_at, source, n_words, credits, raw_chars, time_bound, day_only, cited,
--          title, lang
-- time_bound: published_at only bounds the publication from above, a crawler's fetch time or
-- a feed's update time (intake marks it in meta.published_from, see tracker.model.BOUND_TIMES).
-- day_only: published_at is a day without its hour (meta.published_precision, see
-- tracker.model.DAY_PRECISION).
SELECT a.article_id, a.published_at, a.source, a.n_words, a.credits, length(a.text) AS raw_chars,
       coalesce(json_extract_string(a.meta, '$.published_from') IN ('fetched_at', 'updated'), false) AS time_bound,
       coalesce(json_extract_string(a.meta, '$.published_precision') = 'day', false) AS day_only,
       a.cited, a.title, a.lang
FROM articles a JOIN batch b USING (article_id)
