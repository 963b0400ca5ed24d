-- Who took from an article: every article with a verified match to it, in its family or not
-- (an article that draws on several sources joins the family of one of them; the others
-- are its matches), how, and whether the article is its lineage parent.
-- Parameters: $article_id
-- Columns: article_id, source, title, published_at, relation, similarity, containment,
--          divergence, is_parent, same_family
SELECT m.article_id, a.source, a.title, a.published_at, m.relation, m.similarity,
       m.containment, m.divergence,
       coalesce(l.parent_id = $article_id, false) AS is_parent,
       coalesce(l.origin_id = s.origin_id, false) AS same_family
FROM matches m
JOIN articles a ON a.article_id = m.article_id
LEFT JOIN lineage l ON l.article_id = m.article_id
LEFT JOIN lineage s ON s.article_id = m.source_id
WHERE m.source_id = $article_id
ORDER BY m.similarity DESC, m.article_id
