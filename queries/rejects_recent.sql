-- The most recent dead-letter rows.
-- Parameters: $limit
-- Columns: received_at, origin, field, reason
SELECT received_at, origin, field, reason FROM rejects ORDER BY received_at DESC LIMIT $limit
