-- Copies of an origin ranked by divergence from it, least changed first: every article of the
-- origin's family, with its divergence from the origin (the stored explanation, else the
-- verified match) and from its parent, and the shares of the origin kept and of new text.
-- Parameters: $origin_id
-- Columns: rank, article_id, source, relation, depth, parent_id, divergence_from_origin,
--          divergence_from_parent, kept, inserted_share
SELECT rank() OVER (ORDER BY coalesce(e.divergence, m.divergence) NULLS LAST) AS rank,
       l.article_id, a.source, l.relation, l.depth, l.parent_id,
       coalesce(e.divergence, m.divergence) AS divergence_from_origin,
       l.divergence AS divergence_from_parent, e.kept, e.inserted_share
FROM lineage l
JOIN articles a USING (article_id)
LEFT JOIN explanations e ON e.article_id = l.article_id AND e.source_id = l.origin_id
LEFT JOIN matches m ON m.article_id = l.article_id AND m.source_id = l.origin_id
WHERE l.origin_id = $origin_id AND l.parent_id IS NOT NULL
ORDER BY rank, l.article_id
