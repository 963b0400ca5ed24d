-- The whole family of a story, walked down from its origin (give any member): every article
-- with its depth, the path of ids from the origin to it, and its divergence from its parent.
-- Parameters: $article_id
-- Columns: article_id, parent_id, relation, depth, path, divergence, source, published_at, title
WITH RECURSIVE root AS (
    SELECT origin_id FROM lineage WHERE article_id = $article_id
),
tree(article_id, parent_id, relation, depth, path, divergence) AS (
    SELECT l.article_id, l.parent_id, l.relation, 0, [l.article_id], l.divergence
    FROM lineage l JOIN root ON l.article_id = root.origin_id
    UNION ALL
    SELECT l.article_id, l.parent_id, l.relation, tree.depth + 1,
           list_append(tree.path, l.article_id), l.divergence
    FROM lineage l JOIN tree ON l.parent_id = tree.article_id
    WHERE tree.depth < 100
)
SELECT tree.article_id, tree.parent_id, tree.relation, tree.depth,
       array_to_string(tree.path, ' > ') AS path, tree.divergence, a.source, a.published_at,
       a.title
FROM tree JOIN articles a USING (article_id)
ORDER BY tree.path
