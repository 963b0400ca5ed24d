-- Articles stored before their mentions were kept (migration 016), a chunk at a time.
-- Internal: the step after migration 016 that fills articles.mentions (tracker.store.backfill).
-- Parameters: $limit
-- Columns: article_id, text, source
SELECT article_id, text, source FROM articles WHERE mentions IS NULL ORDER BY article_id LIMIT $limit
