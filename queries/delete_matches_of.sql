-- Remove the match rows of the articles in relation "batch" (their families are re-decided).
-- Relation batch: article_id
DELETE FROM matches WHERE article_id IN (SELECT article_id FROM batch)
