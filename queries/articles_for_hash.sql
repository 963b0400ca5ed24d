-- Articles after a given id, a chunk at a time, with what their content hash is computed from.
-- Internal: the step after migration 017 that computes every content hash again
-- (tracker.store.backfill).
-- Parameters: $after, $limit
-- Columns: article_id, text, title
SELECT article_id, text, title FROM articles WHERE article_id > $after ORDER BY article_id LIMIT $limit
