-- The content hash is of an article's words (tracker.normalize.article_hash): spaces, line
-- breaks and blank lines aside, and without a first line that repeats the headline. A text
-- file saved with a trailing newline, or with its headline on top, had been a new article
-- beside the record it was saved from. Every stored article's hash is computed again after
-- this migration (a step in Python: tracker.store.backfill), so that what is stored and what
-- arrives are compared alike.
COMMENT ON COLUMN articles.content_hash IS 'Hash of the article''s words (normalised; whitespace and a first line repeating the headline aside): the same text under another id is a republication, under the same id a duplicate.';
