-- Remove verified pairs that no longer verify (tracker reverify), relation "batch".
-- Relation batch: a_id, b_id
DELETE FROM pairs USING batch WHERE pairs.a_id = batch.a_id AND pairs.b_id = batch.b_id
