-- Divergence explanations (issue 6). For every lineage edge, the derived article is explained
-- against its parent and against its origin: one summary row in explanations, its aligned
-- sentence pairs in alignments and what changed in changes. Written at ingest time, and
-- replaced when a family is re-decided. Also the outlet_key macro, which mirrors
-- tracker.text.outlet_key so that SQL can compare articles.source with articles.credits.
CREATE TABLE IF NOT EXISTS explanations (
    article_id      VARCHAR NOT NULL,
    source_id       VARCHAR NOT NULL,
    divergence      DOUBLE NOT NULL,
    kept            DOUBLE NOT NULL,
    inserted_share  DOUBLE NOT NULL,
    n_aligned       INTEGER NOT NULL,
    n_changes       INTEGER NOT NULL,
    PRIMARY KEY (article_id, source_id)
);
CREATE TABLE IF NOT EXISTS alignments (
    article_id     VARCHAR NOT NULL,
    source_id      VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    derived_index  INTEGER NOT NULL,
    source_index   INTEGER NOT NULL,
    derived_text   VARCHAR NOT NULL,
    source_text    VARCHAR NOT NULL,
    score          DOUBLE NOT NULL,
    lexical        DOUBLE NOT NULL,
    PRIMARY KEY (article_id, source_id, seq)
);
CREATE TABLE IF NOT EXISTS changes (
    article_id     VARCHAR NOT NULL,
    source_id      VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    kind           VARCHAR NOT NULL CHECK (kind IN ('inserted', 'dropped', 'quote_changed',
                                                    'number_changed', 'name_changed',
                                                    'headline_changed')),
    source_index   INTEGER,
    derived_index  INTEGER,
    source_text    VARCHAR,
    derived_text   VARCHAR,
    detail         VARCHAR NOT NULL,
    PRIMARY KEY (article_id, source_id, seq)
);
-- outlet_key('https://www.reuters.com/world') = outlet_key('Reuters') = 'reuters'
CREATE OR REPLACE MACRO outlet_key(src) AS nullif(
    regexp_extract(
        split_part(
            regexp_replace(
                split_part(regexp_replace(regexp_replace(lower(src), '^\s+|\s+$', '', 'g'),
                                          '^[a-z]+://', ''), '/', 1),
                '^(www|m|amp|edition|uk|us|mobile)\.', ''),
            '.', 1),
        '^\s*(\S*)', 1),
    '');
