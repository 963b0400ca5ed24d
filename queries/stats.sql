-- Counts of what the database holds.
-- Columns: articles, families, derived, matches, rejects
SELECT (SELECT count(*) FROM articles) AS articles,
       (SELECT count(DISTINCT origin_id) FROM lineage WHERE family_size > 1) AS families,
       (SELECT count(*) FROM lineage WHERE parent_id IS NOT NULL) AS derived,
       (SELECT count(*) FROM matches) AS matches,
       (SELECT count(*) FROM rejects) AS rejects
