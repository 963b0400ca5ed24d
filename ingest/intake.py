"""The daemon's intake contract: a :class:`Source` hands out :class:`Delivery` objects and is
told, after the batch holding them committed (or failed), what became of them.

A source never blocks the daemon: ``poll`` returns at once with what is ready. It keeps what
it handed out until ``commit`` (the batch is in the database: acknowledge, move the file,
answer the HTTP client) or ``abort`` (the batch failed: hand the items out again, or tell
the client to retry). That is what makes delivery at-least-once; the pipeline's idempotent
writes (an id already stored with the same content is a duplicate) make it safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ingest.parse import RawItem, one_line
from ingest.pipeline import BatchResult


@dataclass(frozen=True, slots=True)
class Delivery:
    """One raw item handed to the daemon by a source.

    Attributes:
        item: the raw item; its ``origin`` is unique within the source so the batch result's
            rejects can be traced back to it, and its ``offset`` is the source position after it.
        source: the source that handed it out (told about the outcome).
        checkpoint: name of the stored offset this item advances (``stdin``, one spool
            file...), or ``None`` when the source keeps no offset (its items are idempotent
            and re-sent by the client, or re-read from the file, after a failure).
        handle: the source's own bookkeeping (a request ticket, a file), opaque to the daemon.
    """

    item: RawItem
    source: Source
    checkpoint: str | None = None
    handle: Any = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one delivered item.

    Attributes:
        status: ``stored`` (new article), ``duplicate`` (already stored, nothing written) or
            ``rejected`` (kept in the dead-letter table).
        article_id: the article's id, when known.
        reason: why it was rejected (``field: reason``).
    """

    status: str
    article_id: str | None = None
    reason: str | None = None


class Source(Protocol):
    """Where the daemon's items come from.

    Attributes:
        name: short name for logs and metrics (``http``, ``spool``, ``stdin``, ``feed``).
    """

    name: str

    def poll(self, limit: int) -> list[Delivery]:
        """Up to ``limit`` ready items, without blocking."""
        ...

    def commit(self, deliveries: Sequence[Delivery], result: BatchResult) -> None:
        """The batch holding ``deliveries`` committed; ``result`` says what it did."""
        ...

    def abort(self, deliveries: Sequence[Delivery], error: str) -> None:
        """The batch holding ``deliveries`` failed and was rolled back."""
        ...

    def stop_intake(self) -> None:
        """Take no new items from outside (shutdown begins); queued ones may still be polled."""
        ...

    def close(self) -> None:
        """Release threads, files and sockets; idempotent."""
        ...

    def depth(self) -> int:
        """Items waiting in this source's own memory (for the queue-depth gauge)."""
        ...

    def unprocessed(self) -> int:
        """Items not processed yet, counted when the daemon stops: those in memory
        (:meth:`depth`) and, for a source that keeps them on disk (the spool), those waiting
        in its files for the next start."""
        ...

    def describe(self) -> str:
        """One line for the start-up banner."""
        ...


def outcome_of(item: RawItem, article_id: str | None, result: BatchResult) -> Outcome:
    """The outcome of one item of a committed batch.

    Rejects and duplicates are found by the item's ``origin`` (unique per item within a
    source), not by id: of two items with one id in a batch, the first is stored and the
    second is the duplicate, as the batch counts them.

    Args:
        item: the delivered item.
        article_id: its id, or ``None`` when the caller did not parse it.
        result: the batch result.

    Returns:
        The outcome; with no id when the caller did not know it.
    """
    origin = one_line(item.origin)  # as dead_letter writes it
    for rejected in result.rejected:
        if rejected.origin == origin:
            return Outcome("rejected", article_id, f"{rejected.field}: {rejected.reason}")
    if item.origin in result.duplicate_origins:
        # The stored article's id: an item without an id of its own may repeat one stored
        # under another id.
        return Outcome("duplicate", result.duplicates[result.duplicate_origins.index(item.origin)])
    return Outcome("stored", article_id)
