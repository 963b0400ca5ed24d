-- Set the mentions of the articles in relation "batch" (tracker.store.backfill).
-- Relation batch: article_id, mentions
UPDATE articles SET mentions = b.mentions FROM batch b WHERE articles.article_id = b.article_id
