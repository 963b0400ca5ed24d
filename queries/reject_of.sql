-- The most recent dead-letter row of an item that named this article id.
-- Parameters: $article_id
-- Columns: received_at, origin, field, reason, payload, payload_bytes
SELECT received_at, origin, field, reason, payload, payload_bytes
FROM rejects
WHERE article_id = $article_id
ORDER BY received_at DESC, rowid DESC
LIMIT 1
