-- Articles after a given id, a chunk at a time, with what their content hash is computed from:
-- the text, and the title when the text's first line is it (meta.title_from 'first line').
-- Internal: the step after migration 017 that computes every content hash again
-- (tracker.store.backfill).
-- Parameters: $after, $limit
-- Columns: article_id, text, title
SELECT article_id, text,
       CASE WHEN json_extract_string(meta, '$.title_from') = 'first line' THEN title END AS title
FROM articles WHERE article_id > $after ORDER BY article_id LIMIT $limit
