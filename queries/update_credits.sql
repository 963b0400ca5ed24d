-- Set the credits, cited names and mentions of the articles in relation "batch", read again
-- from their text with the current rules (tracker reverify).
-- Relation batch: article_id, credits, cited, mentions
UPDATE articles SET credits = b.credits, cited = b.cited, mentions = b.mentions
FROM batch b WHERE articles.article_id = b.article_id
