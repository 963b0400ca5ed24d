-- Verified pairs keep how many of their aligned sentence pairs changed a figure (each states a
-- figure the other does not). Of two sources about equally close to an article (a story and
-- its correction), the lineage takes the one whose figures the article tells. Pairs stored
-- before this migration read 0 until `tracker reverify` checks them again.
ALTER TABLE pairs ADD COLUMN IF NOT EXISTS figures_changed INTEGER DEFAULT 0
