-- What ingest stored between two articles, in either order: the verified pair (if the
-- candidate search offered it and verification took it) and the match (if the lineage kept
-- it as a source of the other). No row: never verified as related.
-- Parameters: $article_id, $other_id
-- Columns: a_id, b_id, relation, similarity, matched
SELECT p.a_id, p.b_id, p.relation, p.similarity,
       EXISTS (SELECT 1 FROM matches m
               WHERE (m.article_id = p.a_id AND m.source_id = p.b_id)
                  OR (m.article_id = p.b_id AND m.source_id = p.a_id)) AS matched
FROM pairs p
WHERE (p.a_id = $article_id AND p.b_id = $other_id) OR (p.a_id = $other_id AND p.b_id = $article_id)
