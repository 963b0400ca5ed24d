-- Keep rejected intake items in the dead-letter table (relation "batch").
-- Relation batch: received_at, origin, field, reason, payload, payload_bytes, article_id
INSERT INTO rejects BY NAME SELECT * FROM batch
