-- A change of kind claim_changed: a kept sentence that dropped or added a hedge ("allegedly",
-- "may"), an approximation ("about 300" / "300") or a negation ("did not accept" / "accepted")
-- (tracker.claims). DuckDB cannot alter a CHECK constraint: the table is made again with the
-- new kind and its rows copied. Articles stored before keep the changes found then.
CREATE TABLE changes_018 (
    article_id     VARCHAR NOT NULL,
    source_id      VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    kind           VARCHAR NOT NULL CHECK (kind IN ('inserted', 'dropped', 'quote_changed',
                                                    'number_changed', 'name_changed',
                                                    'claim_changed', 'headline_changed')),
    source_index   INTEGER,
    derived_index  INTEGER,
    source_text    VARCHAR,
    derived_text   VARCHAR,
    detail         VARCHAR NOT NULL,
    PRIMARY KEY (article_id, source_id, seq)
);
INSERT INTO changes_018 SELECT article_id, source_id, seq, kind, source_index, derived_index, source_text,
                               derived_text, detail FROM changes;
DROP TABLE changes;
ALTER TABLE changes_018 RENAME TO changes;
COMMENT ON TABLE changes IS 'What changed from the source to the derived article: kind inserted, dropped, quote_changed, number_changed, name_changed, claim_changed or headline_changed; detail says it in words.';
COMMENT ON COLUMN changes.kind IS 'inserted, dropped, quote_changed, number_changed, name_changed, claim_changed (a hedge, an approximation or a negation dropped or added) or headline_changed.';
COMMENT ON COLUMN changes.detail IS 'The change in words ("12 became 15", "quote reworded: ...", "hedge dropped: allegedly").';
