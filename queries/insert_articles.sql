-- Insert the batch's new articles (registered as the relation "batch"); an article_id
-- already present is left as it is, so re-ingesting is a no-op.
-- Relation batch: the articles table's columns.
INSERT INTO articles BY NAME SELECT * FROM batch ON CONFLICT (article_id) DO NOTHING
