-- Every article of the story family of an origin, with its place in the tree (give the origin
-- or any member of its family).
-- Parameters: $origin_id
-- Columns: article_id, parent_id, relation, similarity, containment, divergence, depth,
--          source, title, url, published_at, day_only
-- day_only: published_at is a day without its hour (tracker.model.DAY_PRECISION).
SELECT l.article_id, l.parent_id, l.relation, l.similarity, l.containment, l.divergence,
       l.depth, a.source, a.title, a.url, a.published_at,
       coalesce(json_extract_string(a.meta, '$.published_precision') = 'day', false) AS day_only
FROM lineage l JOIN articles a USING (article_id)
WHERE l.origin_id = coalesce((SELECT origin_id FROM lineage WHERE article_id = $origin_id), $origin_id)
ORDER BY l.depth, a.published_at NULLS LAST, l.article_id
