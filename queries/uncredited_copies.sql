-- Copies that do not credit their origin's outlet: derived articles from another outlet whose
-- text credits no outlet with the origin's key. articles.credits holds lower-cased outlet keys
-- found in the text ("according to Reuters" gives reuters); articles.cited the keys of other
-- names the text reports from ("Northwire reported" gives northwire), which credit an outlet
-- of that name; outlet_key(source) is the macro of migration 002 that mirrors
-- tracker.text.outlet_key ("www.reuters.com" gives reuters). Keys compare by brand (migration
-- 009: a credit of "Northlight" credits northlightnews.example).
-- relation and divergence are the article's to its parent; relation_to_origin and
-- divergence_from_origin its own to the origin (view derivations: the path's most changing
-- step; the divergence NULL where the two were not compared): a verbatim copy of another
-- outlet's rewrite is a copy of its parent and a rewrite of the origin.
-- Columns: article_id, source, relation, origin_id, origin_source, credits, divergence,
--          parent_id, relation_to_origin, divergence_from_origin
SELECT d.article_id, d.source, d.relation, d.origin_id, d.origin_source, c.credits,
       d.divergence, d.parent_id, d.relation_to_origin, d.divergence_from_origin
FROM derivations d
JOIN articles c ON c.article_id = d.article_id
WHERE outlet_key(d.origin_source) IS NOT NULL
  AND NOT coalesce(same_brand(outlet_key(d.origin_source), outlet_key(d.source)), false)
  AND NOT (credits_brand(c.credits, outlet_key(d.origin_source)) OR credits_brand(c.cited, outlet_key(d.origin_source)))
ORDER BY d.origin_id, d.article_id
