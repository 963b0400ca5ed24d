-- Daily syndication volume by outlet: derived articles per UTC day and outlet in
-- [$since, $until), by relation, and how many of them credit their origin's outlet (by a known
-- outlet's name, or by citing the outlet's name: "Northwire reported"; in their own words, not
-- by a mention kept from the origin's sentences: credits_own). An article that states
-- no date counts on the day it was ingested. An outlet is counted by its key (reuters.com and
-- www.reuters.com are one), shown by the first of its spellings. An article counts under its
-- relation to the origin (view derivations: a copy of a translation is a translation).
-- Parameters: $since, $until (timestamps)
-- Columns: day, source, derived, copies, rewrites, translations, summaries, credited
SELECT CAST(timezone('UTC', coalesce(c.published_at, c.ingested_at)) AS DATE) AS day,
       coalesce(min(c.source), '(unknown)') AS source,
       count(*) AS derived,
       count(*) FILTER (WHERE d.relation_to_origin = 'copy') AS copies,
       count(*) FILTER (WHERE d.relation_to_origin = 'rewrite') AS rewrites,
       count(*) FILTER (WHERE d.relation_to_origin = 'translation') AS translations,
       count(*) FILTER (WHERE d.relation_to_origin = 'summary') AS summaries,
       count(*) FILTER (WHERE credits_own(c.credits, c.cited, c.mentions, o.text, outlet_key(o.source))) AS credited
FROM derivations d
JOIN articles c ON c.article_id = d.article_id
JOIN articles o ON o.article_id = d.origin_id
WHERE coalesce(c.published_at, c.ingested_at) >= CAST($since AS TIMESTAMPTZ)
  AND coalesce(c.published_at, c.ingested_at) < CAST($until AS TIMESTAMPTZ)
GROUP BY day, outlet_key(c.source)
ORDER BY day, derived DESC, source
