-- The in-sentence mentions that alone credit an outlet ("the minister told Reuters on
-- Tuesday", "according to Reuters"; tracker.attribution.credit_signals), each as the outlet's
-- key and the words of its sentence around it. A copy keeps its source's sentences, and with
-- them the source's own mentions: a reprint of a wire story that keeps "told Reuters" has not
-- credited Reuters by it. Articles stored before this migration have NULL here, and their
-- credits count as before.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS mentions STRUCT(outlet VARCHAR, words VARCHAR)[];
COMMENT ON COLUMN articles.mentions IS 'Mentions inside a sentence that alone credit an outlet ("told Reuters"): the outlet key and the words around it, to look up in a source''s text (credits_own).';

-- Whether an article credits an outlet in its own words: its credited or cited keys name the
-- outlet (credits_brand), and not only through mentions whose words the given source text
-- holds (spaces collapsed). A reprint that keeps the wire's "the minister told Reuters"
-- credits nobody by it; a rewrite that writes "Reuters reported" does, as does any dateline,
-- credit line or byline.
CREATE OR REPLACE MACRO credits_own(credits, cited, mentions, source_text, outlet) AS
    CASE WHEN NOT (credits_brand(credits, outlet) OR credits_brand(cited, outlet)) THEN false
         WHEN coalesce(len(mentions), 0) = 0 THEN true
         ELSE credits_brand(list_filter(list_concat(coalesce(credits, []), coalesce(cited, [])),
                                        lambda k: NOT list_contains(list_transform(mentions, lambda m: m.outlet), k)),
                            outlet)
              OR len(list_filter(mentions, lambda m: same_brand(m.outlet, outlet)
                                 AND strpos(regexp_replace(coalesce(source_text, ''), '\s+', ' ', 'g'), m.words) = 0)) > 0
    END;
