-- What changed in an article compared with its parent and its origin (stored changes), in order.
-- Parameters: $article_id
-- Columns: source_id, seq, kind, source_index, derived_index, source_text, derived_text, detail
SELECT source_id, seq, kind, source_index, derived_index, source_text, derived_text, detail
FROM changes WHERE article_id = $article_id
ORDER BY source_id, seq
