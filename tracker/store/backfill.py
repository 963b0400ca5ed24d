"""Steps a migration needs after its SQL: values of stored rows that only the tracker's code
computes from their text.

Migration 015 adds ``articles.mentions``; the articles stored before it get theirs here, in
the migration's transaction, so that ``uncredited_copies`` reads old and new articles alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from tracker.attribution import credit_signals, mentions_outside
from tracker.sql import query
from tracker.store.writes import MENTION, mention_rows
from tracker.text import outlet_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.store.connection import Connection

#: Articles read and updated at a time.
CHUNK = 2000


def fill_mentions(conn: Connection) -> None:
    """Fill ``articles.mentions`` of every article that has none (NULL), as ingest writes them."""
    schema = pa.schema([("article_id", pa.string()), ("mentions", pa.list_(MENTION))])
    while True:
        rows = conn._execute(query("articles_without_mentions"), {"limit": CHUNK},
                             "read articles for their mentions").fetchall()
        if not rows:
            return
        batch = pa.Table.from_pylist([
            {"article_id": article_id,
             "mentions": mention_rows(mentions_outside(credit_signals(text or "")[2], outlet_key(source)))}
            for article_id, text, source in rows], schema=schema)
        with conn._registered(batch):
            conn._execute(query("update_mentions"), {}, "fill mentions")


#: Migration number -> the step to run after its SQL, in its transaction.
AFTER: dict[int, Callable[[Connection], None]] = {15: fill_mentions}
