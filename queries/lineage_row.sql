-- The lineage row of one article.
-- Parameters: $article_id
-- Columns: article_id, origin_id, parent_id, relation, similarity, containment, divergence,
--          depth, family_size
SELECT article_id, origin_id, parent_id, relation, similarity, containment, divergence, depth,
       family_size
FROM lineage WHERE article_id = $article_id
