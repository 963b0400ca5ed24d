-- Dead letters keep the original bytes of an item that is not UTF-8 text. rejects.payload is
-- text, and such an item was stored with U+FFFD in place of its bytes, while the README
-- promises the original payload. payload now writes those bytes \xNN (and NUL bytes \0), and
-- payload_bytes holds the exact bytes whenever payload cannot (NULL when payload is the item
-- itself), so the original is coalesce(payload_bytes, encode(payload)). Rows stored before
-- this migration keep NULL.
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS payload_bytes BLOB;
