-- Record the offset of an intake source; runs inside the batch transaction it covers.
-- Parameters: $source_name, $offset, $updated_at
INSERT OR REPLACE INTO checkpoints (source_name, "offset", updated_at)
VALUES ($source_name, $offset, $updated_at)
