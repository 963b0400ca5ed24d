-- Translation chains: every article whose path from its origin has at least one translation
-- hop, with the path, the relation of each hop and how many of them are translations.
-- Columns: article_id, origin_id, depth, translations, path, relations, source
WITH RECURSIVE chain(article_id, origin_id, depth, translations, path, relations) AS (
    SELECT article_id, article_id, 0, 0, [article_id], []::VARCHAR[]
    FROM lineage WHERE parent_id IS NULL
    UNION ALL
    SELECT l.article_id, chain.origin_id, chain.depth + 1,
           chain.translations + CASE WHEN l.relation = 'translation' THEN 1 ELSE 0 END,
           list_append(chain.path, l.article_id), list_append(chain.relations, l.relation)
    FROM lineage l JOIN chain ON l.parent_id = chain.article_id
    WHERE chain.depth < 100
)
SELECT chain.article_id, chain.origin_id, chain.depth, chain.translations,
       array_to_string(chain.path, ' > ') AS path,
       array_to_string(chain.relations, ' > ') AS relations, a.source
FROM chain JOIN articles a USING (article_id)
WHERE chain.translations > 0
ORDER BY chain.translations DESC, chain.depth DESC, chain.origin_id, chain.article_id
