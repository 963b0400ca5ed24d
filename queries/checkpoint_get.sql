-- Last committed offset of an intake source.
-- Internal: the intake's own read when it resumes a source.
-- Parameters: $source_name
-- Columns: offset
SELECT "offset" FROM checkpoints WHERE source_name = $source_name
