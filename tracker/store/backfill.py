"""Steps a migration needs after its SQL: values of stored rows that only the tracker's code
computes from their text.

Migration 016 makes ``articles.mentions`` again; every article stored before it gets its
mentions here, in the migration's transaction, so that ``uncredited_copies`` reads old and new
articles alike. Their credits and cited names are left as stored (``tracker reverify`` reads
them again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.attribution import page_credits
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


#: Migration number -> the step to run after its SQL, in its transaction.
AFTER: dict[int, Callable[[Connection], None]] = {16: fill_mentions}
