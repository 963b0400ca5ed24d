-- Last committed offset of an intake source.
-- Parameters: $source_name
-- Columns: offset
SELECT "offset" FROM checkpoints WHERE source_name = $source_name
