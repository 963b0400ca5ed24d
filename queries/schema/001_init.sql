-- Initial schema: articles, signatures, pairs, matches, lineage, alignments, rejects,
-- checkpoints. The names of articles, lineage and matches are a public contract (README).
CREATE TABLE IF NOT EXISTS articles (
    article_id    VARCHAR PRIMARY KEY,
    url           VARCHAR,
    source        VARCHAR,
    title         VARCHAR,
    published_at  TIMESTAMPTZ,
    ingested_at   TIMESTAMPTZ NOT NULL,
    lang          VARCHAR,
    content_hash  VARCHAR NOT NULL,
    n_words       INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    credits       VARCHAR[],
    meta          JSON
);
CREATE TABLE IF NOT EXISTS signatures (
    article_id  VARCHAR NOT NULL,
    family      VARCHAR NOT NULL,
    params_id   VARCHAR NOT NULL,
    n_shingles  INTEGER NOT NULL,
    sig         BLOB NOT NULL,
    PRIMARY KEY (article_id, family)
);
CREATE TABLE IF NOT EXISTS pairs (
    a_id              VARCHAR NOT NULL,
    b_id              VARCHAR NOT NULL,
    a_from_b          DOUBLE NOT NULL,
    relation          VARCHAR NOT NULL,
    relation_reverse  VARCHAR NOT NULL,
    similarity        DOUBLE NOT NULL,
    a_coverage        DOUBLE NOT NULL,
    b_coverage        DOUBLE NOT NULL,
    a_divergence      DOUBLE NOT NULL,
    b_divergence      DOUBLE NOT NULL,
    "order"           DOUBLE NOT NULL,
    lexical           DOUBLE NOT NULL,
    n_aligned         INTEGER NOT NULL,
    PRIMARY KEY (a_id, b_id)
);
CREATE TABLE IF NOT EXISTS matches (
    article_id   VARCHAR NOT NULL,
    source_id    VARCHAR NOT NULL,
    relation     VARCHAR NOT NULL,
    similarity   DOUBLE NOT NULL,
    containment  DOUBLE NOT NULL,
    divergence   DOUBLE NOT NULL,
    confidence   DOUBLE NOT NULL,
    PRIMARY KEY (article_id, source_id)
);
CREATE TABLE IF NOT EXISTS lineage (
    article_id   VARCHAR PRIMARY KEY,
    origin_id    VARCHAR NOT NULL,
    parent_id    VARCHAR,
    relation     VARCHAR NOT NULL,
    similarity   DOUBLE NOT NULL,
    containment  DOUBLE NOT NULL,
    divergence   DOUBLE NOT NULL,
    depth        INTEGER NOT NULL,
    family_size  INTEGER NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS rejects (
    received_at  TIMESTAMPTZ NOT NULL,
    origin       VARCHAR NOT NULL,
    field        VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    payload      VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
    source_name  VARCHAR PRIMARY KEY,
    "offset"     BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
