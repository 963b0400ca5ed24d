-- Every verified pair, to rebuild the family graph at start-up.
-- Columns: the pairs table's columns
SELECT a_id, b_id, a_from_b, relation, relation_reverse, similarity, a_coverage, b_coverage,
       a_divergence, b_divergence, "order", lexical, n_aligned, figures_changed
FROM pairs
