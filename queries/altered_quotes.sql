-- Which copies altered a quote of the original? Every quote of a story's origin that a derived
-- article reworded or stopped quoting, compared with the origin itself (stored changes).
-- Translations are left out, and so is whatever derives from one (a copy of a translation):
-- a translation rewords every quote. inherited: the article's parent (another derived
-- article) carries the same alteration, so the article took it over rather than made it.
-- Columns: article_id, source, relation, origin_id, original_quote, altered_to, detail, inherited
WITH RECURSIVE up(article_id, ancestor_id, translated) AS (
    SELECT article_id, parent_id, relation = 'translation' FROM lineage WHERE parent_id IS NOT NULL
    UNION ALL
    SELECT up.article_id, l.parent_id, up.translated OR l.relation = 'translation'
    FROM up JOIN lineage l ON l.article_id = up.ancestor_id
    WHERE l.parent_id IS NOT NULL
), translated AS (
    SELECT article_id FROM up GROUP BY article_id HAVING bool_or(translated)
)
SELECT ch.article_id, a.source, l.relation, l.origin_id, ch.source_text AS original_quote,
       ch.derived_text AS altered_to, ch.detail,
       l.parent_id IS DISTINCT FROM l.origin_id AND EXISTS (
           SELECT 1 FROM changes pc
           WHERE pc.article_id = l.parent_id AND pc.source_id = l.origin_id AND pc.kind = 'quote_changed'
             AND pc.source_text = ch.source_text AND pc.derived_text IS NOT DISTINCT FROM ch.derived_text
       ) AS inherited
FROM changes ch
JOIN lineage l ON l.article_id = ch.article_id AND l.origin_id = ch.source_id
JOIN articles a ON a.article_id = ch.article_id
WHERE ch.kind = 'quote_changed' AND ch.article_id NOT IN (SELECT article_id FROM translated)
ORDER BY l.origin_id, ch.article_id, ch.seq
