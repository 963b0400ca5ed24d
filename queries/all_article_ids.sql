-- Every stored article id, in order (for re-signing the whole database).
-- Columns: article_id
SELECT article_id FROM articles ORDER BY article_id
