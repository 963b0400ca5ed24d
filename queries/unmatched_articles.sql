-- Articles still without an origin match: no verified relative at all (a family of one),
-- published (or, lacking a publication time, ingested) in [$since, $until).
-- Parameters: $since, $until (timestamps)
-- Columns: article_id, source, title, published_at, n_words
SELECT a.article_id, a.source, a.title, a.published_at, a.n_words
FROM lineage l JOIN articles a USING (article_id)
WHERE l.parent_id IS NULL AND l.family_size = 1
  AND coalesce(a.published_at, a.ingested_at) >= CAST($since AS TIMESTAMPTZ)
  AND coalesce(a.published_at, a.ingested_at) < CAST($until AS TIMESTAMPTZ)
ORDER BY coalesce(a.published_at, a.ingested_at), a.article_id
