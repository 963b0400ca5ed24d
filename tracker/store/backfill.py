"""Steps a migration needs after its SQL: values of stored rows that only the tracker's code
computes from their text.

Migration 016 makes ``articles.mentions`` again; every article stored before it gets its
mentions here, in the migration's transaction, so that ``uncredited_copies`` reads old and new
articles alike. Their credits and cited names are left as stored (``tracker reverify`` reads
them again).

Migration 017 hashes an article's words rather than its characters: every stored article's
``content_hash`` is computed again here, so that a text arriving after the upgrade is known
as the stored article it repeats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from tracker.attribution import page_credits
from tracker.normalize import article_hash
from tracker.sql import query
from tracker.store.writes import credit_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.store.connection import Connection

#: Articles read and updated at a time.
CHUNK = 2000


def fill_mentions(conn: Connection) -> None:
    """Read the mentions of every article whose mentions are NULL (stored before migration
    016), as ingest reads them."""
    while True:
        rows = conn._execute(query("articles_without_mentions"), {"limit": CHUNK},
                             "read articles for their mentions").fetchall()
        if not rows:
            return
        with conn._registered(credit_rows([(article_id, *page_credits(text or "", source))
                                           for article_id, text, source in rows])):
            conn._execute(query("update_mentions"), {}, "read mentions")


def fill_hashes(conn: Connection) -> None:
    """Compute the content hash of every stored article again, as ingest computes it."""
    after = ""
    schema = pa.schema([("article_id", pa.string()), ("content_hash", pa.string())])
    while True:
        rows = conn._execute(query("articles_for_hash"), {"after": after, "limit": CHUNK},
                             "read articles for their content hash").fetchall()
        if not rows:
            return
        batch = pa.Table.from_pylist([{"article_id": article_id, "content_hash": article_hash(text or "", title)}
                                      for article_id, text, title in rows], schema=schema)
        with conn._registered(batch):
            conn._execute(query("update_content_hashes"), {}, "compute content hashes")
        after = rows[-1][0]


#: Migration number -> the step to run after its SQL, in its transaction.
AFTER: dict[int, Callable[[Connection], None]] = {16: fill_mentions, 17: fill_hashes}
