-- Articles with a given content hash (exact duplicates).
-- Parameters: $content_hash
-- Columns: article_id
SELECT article_id FROM articles WHERE content_hash = $content_hash ORDER BY article_id
