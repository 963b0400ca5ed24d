-- Who republishes whom: for each pair of outlets, how many articles the second published that
-- derive from a story the first originated, how, and the time from origin to copy (hours,
-- from the two publication times where both are known). An outlet's own later versions of its
-- story (updates, corrections: the same outlet key, e.g. reuters.com and www.reuters.com) are not
-- republication and are left out.
-- Columns: origin_source, copy_source, copies, relations, median_lag_hours, min_lag_hours,
--          max_lag_hours
SELECT coalesce(o.source, '(unknown)') AS origin_source,
       coalesce(c.source, '(unknown)') AS copy_source,
       count(*) AS copies,
       string_agg(DISTINCT l.relation, ', ' ORDER BY l.relation) AS relations,
       round(median(date_diff('second', o.published_at, c.published_at)) / 3600, 2)
           AS median_lag_hours,
       round(min(date_diff('second', o.published_at, c.published_at)) / 3600, 2) AS min_lag_hours,
       round(max(date_diff('second', o.published_at, c.published_at)) / 3600, 2) AS max_lag_hours
FROM lineage l
JOIN articles c ON c.article_id = l.article_id
JOIN articles o ON o.article_id = l.origin_id
WHERE l.parent_id IS NOT NULL
  AND coalesce(outlet_key(c.source) <> outlet_key(o.source), true)
GROUP BY ALL
ORDER BY copies DESC, origin_source, copy_source
