-- The most recent dead-letter rows.
-- Parameters: $limit
-- Columns: received_at, origin, field, reason, article_id
-- Rows of one batch share their time: the one inserted later (rowid) comes first. article_id is
-- the id the item named, if any (reject_of gives its payload).
SELECT received_at, origin, field, reason, article_id FROM rejects ORDER BY received_at DESC, rowid DESC LIMIT $limit
