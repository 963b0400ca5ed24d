-- The path from an article up to its origin, the article first.
-- Parameters: $article_id
-- Columns: article_id, parent_id, origin_id, relation, similarity, divergence, depth
WITH RECURSIVE up(article_id, parent_id, origin_id, relation, similarity, divergence, depth, hops) AS (
    SELECT article_id, parent_id, origin_id, relation, similarity, divergence, depth, 0
    FROM lineage WHERE article_id = $article_id
    UNION ALL
    SELECT l.article_id, l.parent_id, l.origin_id, l.relation, l.similarity, l.divergence,
           l.depth, up.hops + 1
    FROM lineage l JOIN up ON l.article_id = up.parent_id
    WHERE up.hops < 100
)
SELECT article_id, parent_id, origin_id, relation, similarity, divergence, depth
FROM up ORDER BY hops
