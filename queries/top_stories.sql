-- Stories with the most derivatives in a time window: origins ranked by how many derived
-- articles were published (or, lacking a publication time, ingested) in [$since, $until).
-- Parameters: $since, $until (timestamps, e.g. '2026-02-01' and '2026-03-01T12:00:00Z')
-- Columns: origin_id, origin_source, origin_title, derivatives, outlets, relations,
--          first_at, last_at
SELECT l.origin_id, o.source AS origin_source, o.title AS origin_title,
       count(*) AS derivatives, count(DISTINCT c.source) AS outlets,
       string_agg(DISTINCT l.relation, ', ' ORDER BY l.relation) AS relations,
       min(coalesce(c.published_at, c.ingested_at)) AS first_at,
       max(coalesce(c.published_at, c.ingested_at)) AS last_at
FROM lineage l
JOIN articles c ON c.article_id = l.article_id
JOIN articles o ON o.article_id = l.origin_id
WHERE l.parent_id IS NOT NULL
  AND coalesce(c.published_at, c.ingested_at) >= CAST($since AS TIMESTAMPTZ)
  AND coalesce(c.published_at, c.ingested_at) < CAST($until AS TIMESTAMPTZ)
GROUP BY ALL
ORDER BY derivatives DESC, l.origin_id
