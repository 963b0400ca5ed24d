-- Dead letters name the article id the rejected item gave (its record's id, or the one its
-- source named, as POST /articles?id= does), so that GET /status/{id} can answer that the
-- item was rejected, and why, instead of "unknown". NULL when the item named no id (its id
-- would have been derived from its content). Rows stored before this migration keep NULL.
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS article_id VARCHAR;
