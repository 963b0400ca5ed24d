-- Articles with no verified relative at all: a family of one that is no article's source
-- either (see derivatives_of), published (or, lacking a publication time, ingested) in
-- [$since, $until).
-- Parameters: $since, $until (timestamps)
-- Columns: article_id, source, title, published_at, n_words
SELECT a.article_id, a.source, a.title, a.published_at, a.n_words
FROM lineage l JOIN articles a USING (article_id)
WHERE l.parent_id IS NULL AND l.family_size = 1
  AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.source_id = l.article_id)
  AND coalesce(a.published_at, a.ingested_at) >= CAST($since AS TIMESTAMPTZ)
  AND coalesce(a.published_at, a.ingested_at) < CAST($until AS TIMESTAMPTZ)
ORDER BY coalesce(a.published_at, a.ingested_at), a.article_id
