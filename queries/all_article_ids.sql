-- Every stored article id, in order (for re-signing the whole database).
-- Internal: the pipeline's read when `tracker reindex` re-signs every article.
-- Columns: article_id
SELECT article_id FROM articles ORDER BY article_id
