-- Two outlet keys name one outlet: equal, or one is the other's brand ('northlight' and
-- 'northlightnews'), never two keys that share a brand with different words ('chinadaily' and
-- 'chinanews' are two outlets, which comparing brands, as migration 009's credits_brand did,
-- took for one). Mirrors tracker.text.same_brand, which a test checks.
CREATE OR REPLACE MACRO same_brand(a, b) AS
    a IS NOT NULL AND b IS NOT NULL AND (a = b OR outlet_brand(a) = b OR a = outlet_brand(b));
-- Whether a list of credited keys names an outlet (by its key or its brand).
CREATE OR REPLACE MACRO credits_brand(keys, outlet) AS
    coalesce(len(list_filter(keys, lambda x: same_brand(x, outlet))) > 0, false);
