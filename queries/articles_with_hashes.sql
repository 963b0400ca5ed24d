-- Stored articles whose content hash is in relation "batch", with their addresses.
-- Relation batch: content_hash
-- Columns: content_hash, article_id, url
SELECT a.content_hash, a.article_id, a.url
FROM articles a JOIN batch b USING (content_hash)
ORDER BY a.article_id
