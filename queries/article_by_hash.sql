-- Articles with a given content hash (exact duplicates), with their addresses.
-- Parameters: $content_hash
-- Columns: article_id, url
SELECT article_id, url FROM articles WHERE content_hash = $content_hash ORDER BY article_id
