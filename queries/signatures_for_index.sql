-- Every stored signature, to rebuild the in-memory LSH index at start-up.
-- Columns: article_id, family, params_id, n_shingles, sig
SELECT article_id, family, params_id, n_shingles, sig FROM signatures ORDER BY article_id, family
