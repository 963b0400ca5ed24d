-- Crawl times (issue 3). Intake now marks a published_at taken from a crawler's fetch time
-- (a WARC record's date, when the page states none) with meta.published_from = 'fetched_at':
-- such a time only bounds the page's publication from above (tracker.model.Article.
-- stated_time, tracker.lineage.direction). Articles stored before carry the fetch time
-- unmarked: mark those whose time is their fetch time.
UPDATE articles
SET meta = json_merge_patch(meta, '{"published_from": "fetched_at"}')
WHERE json_extract_string(meta, '$.fetched_at') IS NOT NULL
  AND json_extract_string(meta, '$.published_from') IS NULL
  AND published_at = TRY_CAST(json_extract_string(meta, '$.fetched_at') AS TIMESTAMPTZ);
