-- Every stored signature, to rebuild the in-memory LSH index at start-up.
-- Internal: binary signatures of every article (kilobytes each), read in chunks by the
-- pipeline; not a query to run whole.
-- Columns: article_id, family, params_id, n_shingles, sig
SELECT article_id, family, params_id, n_shingles, sig FROM signatures ORDER BY article_id, family
