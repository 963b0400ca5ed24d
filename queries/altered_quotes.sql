-- Which copies altered a quote of the original? Every quote of a story's origin that a derived
-- article reworded or stopped quoting, compared with the origin itself (stored changes).
-- Columns: article_id, source, relation, origin_id, original_quote, altered_to, detail
SELECT ch.article_id, a.source, l.relation, l.origin_id, ch.source_text AS original_quote,
       ch.derived_text AS altered_to, ch.detail
FROM changes ch
JOIN lineage l ON l.article_id = ch.article_id AND l.origin_id = ch.source_id
JOIN articles a ON a.article_id = ch.article_id
WHERE ch.kind = 'quote_changed'
ORDER BY l.origin_id, ch.article_id, ch.seq
