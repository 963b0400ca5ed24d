-- The origin of an article: the story's original, and the path of ids from it down to the article.
-- Parameters: $article_id
-- Columns: article_id, origin_id, relation, depth, family_size, path, origin_source,
--          origin_title, origin_url, origin_published_at
WITH RECURSIVE up(article_id, parent_id, hops) AS (
    SELECT article_id, parent_id, 0 FROM lineage WHERE article_id = $article_id
    UNION ALL
    SELECT l.article_id, l.parent_id, up.hops + 1
    FROM lineage l JOIN up ON l.article_id = up.parent_id
    WHERE up.hops < 100
)
SELECT l.article_id, l.origin_id, l.relation, l.depth, l.family_size,
       (SELECT string_agg(up.article_id, ' > ' ORDER BY up.hops DESC) FROM up) AS path,
       o.source AS origin_source, o.title AS origin_title, o.url AS origin_url,
       o.published_at AS origin_published_at
FROM lineage l JOIN articles o ON o.article_id = l.origin_id
WHERE l.article_id = $article_id
