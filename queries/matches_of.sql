-- Every verified source of an article (not only its lineage parent).
-- Parameters: $article_id
-- Columns: source_id, relation, similarity, containment, divergence, confidence
SELECT source_id, relation, similarity, containment, divergence, confidence
FROM matches WHERE article_id = $article_id
ORDER BY similarity DESC, source_id
