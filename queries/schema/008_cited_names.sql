-- Names an article reports from that no table knows as outlets ("Northwire reported",
-- "according to Northwire"), as keys (tracker.attribution.credits_and_citations): a copy that
-- cites its origin's outlet by name credits it (uncredited_copies, daily_syndication, the
-- lineage's credit evidence). Articles stored before this migration have none (NULL) until
-- they are ingested again into a fresh database.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS cited VARCHAR[]
