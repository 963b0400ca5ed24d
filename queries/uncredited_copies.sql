-- Copies that do not credit their origin's outlet in their own words: derived articles from
-- another outlet whose text names no outlet with the origin's key (articles.credits, or a
-- cited name: "Northwire reported" credits northwire.example; keys compare by brand), or
-- names it only in sentences kept from the origin (the wire's "the minister told Reuters" is
-- its reporting, not the copier's credit): macro credits_own of migration 016.
-- relation and divergence are the article's to its parent; relation_to_origin and
-- divergence_from_origin its own to the origin (view derivations): a verbatim copy of another
-- outlet's rewrite is a copy of its parent and a rewrite of the origin.
-- Columns: article_id, source, relation, origin_id, origin_source, credits, divergence,
--          parent_id, relation_to_origin, divergence_from_origin
SELECT d.article_id, d.source, d.relation, d.origin_id, d.origin_source, c.credits,
       d.divergence, d.parent_id, d.relation_to_origin, d.divergence_from_origin
FROM derivations d
JOIN articles c ON c.article_id = d.article_id
JOIN articles o ON o.article_id = d.origin_id
WHERE outlet_key(d.origin_source) IS NOT NULL
  AND NOT coalesce(same_brand(outlet_key(d.origin_source), outlet_key(d.source)), false)
  AND NOT credits_own(c.credits, c.cited, c.mentions, o.text, outlet_key(d.origin_source))
ORDER BY d.origin_id, d.article_id
