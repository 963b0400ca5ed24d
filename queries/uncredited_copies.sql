-- Copies that do not credit their origin's outlet: derived articles from another outlet whose
-- text credits no outlet with the origin's key. articles.credits holds lower-cased outlet keys
-- found in the text ("according to Reuters" gives reuters); articles.cited the keys of other
-- names the text reports from ("Northwire reported" gives northwire), which credit an outlet
-- of that name; outlet_key(source) is the macro of migration 002 that mirrors
-- tracker.text.outlet_key ("www.reuters.com" gives reuters). Keys compare by brand (migration
-- 009: a credit of "Northlight" credits northlightnews.example).
-- relation and divergence are the article's to its parent (lineage); relation_to_origin and
-- divergence_from_origin its own to the origin (the verified pair and the stored
-- explanation; NULL where the two were not compared): a verbatim copy of another outlet's
-- rewrite is a copy of its parent and a rewrite of the origin.
-- Columns: article_id, source, relation, origin_id, origin_source, credits, divergence,
--          parent_id, relation_to_origin, divergence_from_origin
SELECT c.article_id, c.source, l.relation, l.origin_id, o.source AS origin_source, c.credits,
       l.divergence, l.parent_id,
       CASE WHEN l.parent_id = l.origin_id THEN l.relation
            WHEN p.a_id = l.article_id THEN p.relation ELSE p.relation_reverse END AS relation_to_origin,
       CASE WHEN l.parent_id = l.origin_id THEN l.divergence
            ELSE coalesce(e.divergence, CASE WHEN p.a_id = l.article_id THEN p.a_divergence
                                             ELSE p.b_divergence END) END AS divergence_from_origin
FROM lineage l
JOIN articles c ON c.article_id = l.article_id
JOIN articles o ON o.article_id = l.origin_id
LEFT JOIN pairs p ON (p.a_id = l.article_id AND p.b_id = l.origin_id)
                  OR (p.b_id = l.article_id AND p.a_id = l.origin_id)
LEFT JOIN explanations e ON e.article_id = l.article_id AND e.source_id = l.origin_id
WHERE l.parent_id IS NOT NULL
  AND outlet_key(o.source) IS NOT NULL
  AND NOT coalesce(same_brand(outlet_key(o.source), outlet_key(c.source)), false)
  AND NOT (credits_brand(c.credits, outlet_key(o.source)) OR credits_brand(c.cited, outlet_key(o.source)))
ORDER BY l.origin_id, c.article_id
