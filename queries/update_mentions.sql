-- Set the mentions of the articles in relation "batch" (the step after migration 016:
-- tracker.store.backfill).
-- Relation batch: article_id, credits, cited, mentions
UPDATE articles SET mentions = b.mentions FROM batch b WHERE articles.article_id = b.article_id
