-- Keep rejected intake items in the dead-letter table (relation "batch"). An item rejected
-- again for the same reason (the same file ingested twice) keeps its first row: re-ingesting
-- is a no-op for rejects too (Store.record_rejects drops the repeats within one batch).
-- Relation batch: received_at, origin, field, reason, payload, payload_bytes, article_id
INSERT INTO rejects BY NAME
SELECT * FROM batch b
WHERE NOT EXISTS (
    SELECT 1 FROM rejects r
    WHERE r.origin = b.origin AND r.field = b.field AND r.reason = b.reason
      AND r.payload IS NOT DISTINCT FROM b.payload
      AND r.payload_bytes IS NOT DISTINCT FROM b.payload_bytes
)
