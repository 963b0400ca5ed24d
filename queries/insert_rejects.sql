-- Keep rejected intake items in the dead-letter table (relation "batch"). An item rejected
-- again for the same reason (the same file ingested twice, in one run or two) keeps its first
-- row: re-ingesting is a no-op for rejects too.
-- Relation batch: received_at, origin, field, reason, payload, payload_bytes, article_id
INSERT INTO rejects BY NAME
SELECT * FROM batch b
WHERE NOT EXISTS (
    SELECT 1 FROM rejects r
    WHERE r.origin = b.origin AND r.field = b.field AND r.reason = b.reason
      AND r.payload IS NOT DISTINCT FROM b.payload
      AND r.payload_bytes IS NOT DISTINCT FROM b.payload_bytes
)
QUALIFY row_number() OVER (PARTITION BY b.origin, b.field, b.reason, b.payload, b.payload_bytes) = 1
