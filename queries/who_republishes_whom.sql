-- Who republishes whom: for each pair of outlets, how many articles the second published that
-- derive from a story the first originated, how, and the time from origin to copy (hours,
-- from publication times known to the hour: none from a date without its hour, a crawl or
-- feed-update time standing in for one (meta.published_precision, published_from), or a copy
-- stamped before its origin, a stamp the lineage set aside: stamped_before_origin counts them).
-- An outlet's own later versions of its
-- story (updates, corrections: the same outlet key, e.g. reuters.com and www.reuters.com, or
-- brand, northlight.example and northlightnews.example) are not republication and are left out.
-- An outlet is counted by its key: metroscope.co.uk and www.metroscope.co.uk are one outlet,
-- shown by the first of its spellings. relations are the derivatives' relations to the origin
-- (view derivations: a copy of another outlet's translation of the story is a translation).
-- Columns: origin_source, copy_source, copies, relations, median_lag_hours, min_lag_hours,
--          max_lag_hours, stamped_before_origin
WITH timed AS (
    SELECT d.relation_to_origin AS relation, d.origin_source AS o_source, d.source AS c_source,
           CASE WHEN coalesce(json_extract_string(o.meta, '$.published_precision') = 'day', false)
                  OR coalesce(json_extract_string(c.meta, '$.published_precision') = 'day', false)
                  OR coalesce(json_extract_string(o.meta, '$.published_from') IN ('fetched_at', 'updated'), false)
                  OR coalesce(json_extract_string(c.meta, '$.published_from') IN ('fetched_at', 'updated'), false)
                THEN NULL
                ELSE date_diff('second', d.origin_published_at, d.published_at) / 3600 END AS lag
    FROM derivations d
    JOIN articles c ON c.article_id = d.article_id
    JOIN articles o ON o.article_id = d.origin_id
    WHERE NOT coalesce(same_brand(outlet_key(d.source), outlet_key(d.origin_source)), false)
), derived AS (
    SELECT relation, o_source, c_source, CASE WHEN lag >= 0 THEN lag END AS lag, lag < 0 AS early FROM timed
)
SELECT coalesce(min(o_source), '(unknown)') AS origin_source,
       coalesce(min(c_source), '(unknown)') AS copy_source,
       count(*) AS copies,
       string_agg(DISTINCT relation, ', ' ORDER BY relation) AS relations,
       round(median(lag), 2) AS median_lag_hours,
       round(min(lag), 2) AS min_lag_hours,
       round(max(lag), 2) AS max_lag_hours,
       count(*) FILTER (WHERE early) AS stamped_before_origin
FROM derived
GROUP BY outlet_key(o_source), outlet_key(c_source)
ORDER BY copies DESC, origin_source, copy_source
