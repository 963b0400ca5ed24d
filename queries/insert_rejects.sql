-- Keep rejected intake items in the dead-letter table (relation "batch"). An item rejected
-- again for the same reason keeps its first row: re-ingesting is a no-op for rejects too
-- (Store.record_rejects drops the repeats within one batch). An item is known by its origin
-- and payload; the origins of HTTP requests are one origin (a request sent again is a new
-- ticket, and a request answered 202 is read back from its spool file,
-- "<spool>/http-<ticket>.jsonl:<line>").
-- Relation batch: received_at, origin, field, reason, payload, payload_bytes, article_id
INSERT INTO rejects BY NAME
SELECT * FROM batch b
WHERE NOT EXISTS (
    SELECT 1 FROM rejects r
    WHERE r.field = b.field AND r.reason = b.reason
      AND r.payload IS NOT DISTINCT FROM b.payload
      AND r.payload_bytes IS NOT DISTINCT FROM b.payload_bytes
      AND (r.origin = b.origin
           OR regexp_matches(r.origin, '^http:|/http-[^/]*\.jsonl:[0-9]+$')
              AND regexp_matches(b.origin, '^http:|/http-[^/]*\.jsonl:[0-9]+$'))
)
