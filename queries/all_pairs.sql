-- Every verified pair, to rebuild the family graph at start-up.
-- Internal: the pipeline's bulk read at start-up (every row of the pairs table); people read
-- matches_of, pair_between or the pairs table itself.
-- Columns: the pairs table's columns
SELECT a_id, b_id, a_from_b, relation, relation_reverse, similarity, a_coverage, b_coverage,
       a_divergence, b_divergence, "order", lexical, n_aligned, figures_changed
FROM pairs
