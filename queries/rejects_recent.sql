-- The most recent dead-letter rows.
-- Parameters: $limit
-- Columns: received_at, origin, field, reason
-- Rows of one batch share their time: the one inserted later (rowid) comes first.
SELECT received_at, origin, field, reason FROM rejects ORDER BY received_at DESC, rowid DESC LIMIT $limit
