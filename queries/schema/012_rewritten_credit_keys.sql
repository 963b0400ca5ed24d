-- The credited and cited keys stored before migration 011 rewritten as keys are now written:
-- without accents and hyphens (and every combining mark, as strip_accents drops them), so that
-- a copy that credited harbour-herald.example, or "Expansión Ibérica", still credits it. A key
-- already written so is left as it is.
UPDATE articles SET credits = list_transform(credits, lambda k: regexp_replace(strip_accents(k), '-', '', 'g'))
WHERE credits IS NOT NULL AND len(credits) > 0;
UPDATE articles SET cited = list_transform(cited, lambda k: regexp_replace(strip_accents(k), '-', '', 'g'))
WHERE cited IS NOT NULL AND len(cited) > 0;
