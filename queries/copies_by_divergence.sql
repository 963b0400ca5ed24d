-- Copies of an origin ranked by divergence from it, least changed first: every article of the
-- origin's family (give the origin or any member), with its divergence from the origin (the
-- stored explanation, else the verified match) and from its parent, the shares of the origin
-- kept and of new text, and how many figures, names, quotes and claims (a hedge, an
-- approximation or a negation) it changed against the origin
-- (facts_changed, from the stored explanation: a copy that altered a figure ranks as close as
-- a verbatim one, and this says which; a figure or a name its kept sentences left out counts
-- too, "vanished" in tracker explain).
-- Parameters: $origin_id
-- Columns: rank, article_id, source, relation, depth, parent_id, divergence_from_origin,
--          divergence_from_parent, kept, inserted_share, facts_changed
WITH family AS (
    SELECT coalesce((SELECT origin_id FROM lineage WHERE article_id = $origin_id), $origin_id) AS origin_id
)
SELECT rank() OVER (ORDER BY coalesce(e.divergence, m.divergence) NULLS LAST) AS rank,
       l.article_id, a.source, l.relation, l.depth, l.parent_id,
       coalesce(e.divergence, m.divergence) AS divergence_from_origin,
       l.divergence AS divergence_from_parent, e.kept, e.inserted_share,
       CASE WHEN e.article_id IS NOT NULL THEN (
           SELECT count(*) FROM changes c
           WHERE c.article_id = l.article_id AND c.source_id = l.origin_id
             AND c.kind IN ('number_changed', 'name_changed', 'quote_changed', 'claim_changed')) END AS facts_changed
FROM lineage l
JOIN family f ON l.origin_id = f.origin_id
JOIN articles a USING (article_id)
LEFT JOIN explanations e ON e.article_id = l.article_id AND e.source_id = l.origin_id
LEFT JOIN matches m ON m.article_id = l.article_id AND m.source_id = l.origin_id
WHERE l.parent_id IS NOT NULL
ORDER BY rank, l.article_id
