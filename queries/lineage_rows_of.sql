-- The origin, parent and relation of each article in relation "batch" that has a lineage row.
-- Internal: the pipeline's read of a batch's stored family members before their family is
-- decided again (to tell which got a new origin, parent or relation); people read lineage_of.
-- Relation batch: article_id
-- Columns: article_id, origin_id, parent_id, relation
SELECT l.article_id, l.origin_id, l.parent_id, l.relation
FROM lineage l JOIN batch b USING (article_id)
