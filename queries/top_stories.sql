-- Stories with the most derivatives in a time window: origins ranked by how many derived
-- articles were published (or, lacking a publication time, ingested) in [$since, $until).
-- Parameters: $since, $until (timestamps, e.g. '2026-02-01' and '2026-03-01T12:00:00Z')
-- Columns: origin_id, origin_source, origin_title, derivatives, outlets, relations,
--          first_at, last_at
-- first_at and last_at: a date without its hour (stored as its midnight,
-- meta.published_precision 'day') is first only on a day before every time to the hour, and
-- last only after every one. first_at and last_at are the derivatives' times, not the
-- origin's; relations are their relations to the origin (view derivations).
WITH derived AS (
    SELECT d.origin_id, d.origin_source, o.title AS origin_title, d.relation_to_origin AS relation,
           d.source, coalesce(c.published_at, c.ingested_at) AS seen_at,
           coalesce(json_extract_string(c.meta, '$.published_precision') = 'day', false) AS day_only
    FROM derivations d
    JOIN articles c ON c.article_id = d.article_id
    JOIN articles o ON o.article_id = d.origin_id
)
SELECT origin_id, origin_source, origin_title,
       count(*) AS derivatives, count(DISTINCT outlet_key(source)) AS outlets,
       string_agg(DISTINCT relation, ', ' ORDER BY relation) AS relations,
       CASE WHEN min(seen_at) FILTER (WHERE day_only)
                 < date_trunc('day', coalesce(min(seen_at) FILTER (WHERE NOT day_only), 'infinity'::TIMESTAMPTZ))
            THEN min(seen_at) FILTER (WHERE day_only)
            ELSE min(seen_at) FILTER (WHERE NOT day_only) END AS first_at,
       CASE WHEN max(seen_at) FILTER (WHERE day_only)
                 > coalesce(max(seen_at) FILTER (WHERE NOT day_only), '-infinity'::TIMESTAMPTZ)
            THEN max(seen_at) FILTER (WHERE day_only)
            ELSE max(seen_at) FILTER (WHERE NOT day_only) END AS last_at
FROM derived
WHERE seen_at >= CAST($since AS TIMESTAMPTZ) AND seen_at < CAST($until AS TIMESTAMPTZ)
GROUP BY ALL
ORDER BY derivatives DESC, origin_id
