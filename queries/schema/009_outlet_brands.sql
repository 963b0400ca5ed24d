-- An outlet's brand: its key without the generic word its domain may add, so that a credit of
-- the brand ("(Northlight)", key 'northlight') credits the outlet whose domain says more
-- (northlightnews.example, key 'northlightnews'). uncredited_copies had listed such credited
-- copies, and the wire story's own dateline had counted as its credit of another outlet.
-- Mirrors tracker.text.outlet_brand (the longest suffix goes, and at least 5 letters stay), which a
-- test checks.
CREATE OR REPLACE MACRO outlet_brand(k) AS CASE
    WHEN k IS NULL THEN NULL
    WHEN regexp_matches(k, '^.{5,}(newswire|news|wire|online|media|press|daily|today|live|agency|network|tv|radio)$')
        THEN regexp_extract(k, '^(.{5,}?)(newswire|news|wire|online|media|press|daily|today|live|agency|network|tv|radio)$', 1)
    ELSE k END;
-- Whether a list of credited keys names an outlet's brand.
CREATE OR REPLACE MACRO credits_brand(keys, outlet) AS
    coalesce(list_contains(list_transform(keys, lambda x: outlet_brand(x)), outlet_brand(outlet)), false);
