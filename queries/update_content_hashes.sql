-- Set the content hashes of the articles in relation "batch" (the step after migration 017:
-- tracker.store.backfill).
-- Relation batch: article_id, content_hash
UPDATE articles SET content_hash = b.content_hash FROM batch b
WHERE articles.article_id = b.article_id AND articles.content_hash IS DISTINCT FROM b.content_hash
