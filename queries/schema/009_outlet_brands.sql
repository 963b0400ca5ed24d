-- An outlet's brand: its key without the generic word its domain may add, so that a credit of
-- the brand ("(Northlight)", key 'northlight') credits the outlet whose domain says more
-- (northlightnews.example, key 'northlightnews'). uncredited_copies had listed such credited
-- copies, and the wire story's own dateline had counted as its credit of another outlet.
-- Mirrors tracker.text.outlet_brand (the longest suffix goes, and at least 6 letters stay), which a
-- test checks.
CREATE OR REPLACE MACRO outlet_brand(k) AS CASE
    WHEN k IS NULL THEN NULL
    WHEN regexp_matches(k, '^.{6,}(newswire|news|wire|online|media|press|daily|today|live|agency|network|tv|radio)$')
        THEN regexp_extract(k, '^(.{6,}?)(newswire|news|wire|online|media|press|daily|today|live|agency|network|tv|radio)$', 1)
    ELSE k END;
-- Two outlet keys name one outlet: equal, or one is the other's brand ('northlight' and
-- 'northlightnews'), never two keys that share a brand with different words ('chinadaily' and
-- 'chinanews'). Mirrors tracker.text.same_brand.
CREATE OR REPLACE MACRO same_brand(a, b) AS
    a IS NOT NULL AND b IS NOT NULL AND (a = b OR outlet_brand(a) = b OR a = outlet_brand(b));
-- Whether a list of credited keys names an outlet (by its key or its brand).
CREATE OR REPLACE MACRO credits_brand(keys, outlet) AS
    coalesce(len(list_filter(keys, lambda x: same_brand(x, outlet))) > 0, false);
