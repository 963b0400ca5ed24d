"""The HTTP intake's bounded queue: requests become tickets, items become deliveries.

A request's records are queued together or not at all (:class:`IntakeFull` when they do not
fit: the API answers 429). Each record is resolved once its batch commits (its
:class:`~ingest.intake.Outcome`) or fails; the last one wakes the waiting request. Ids of
queued records are counted so ``/status/{id}`` can say "queued". No sockets here.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import deque
from collections.abc import Sequence

from ingest.intake import Delivery, Outcome, outcome_of
from ingest.parse import RawItem
from ingest.pipeline import BatchResult
from tracker.errors import TrackerError


class IntakeFull(TrackerError):
    """The intake queue has no room for the request."""


class IntakeClosed(TrackerError):
    """The daemon is shutting down and takes no new items."""


class Ticket:
    """One intake request: its items, their ids (``None`` when unparsable) and outcomes."""

    def __init__(self, ticket_id: str, items: Sequence[RawItem], ids: Sequence[str | None]) -> None:
        self.ticket_id = ticket_id
        self.items = list(items)
        self.ids = list(ids)
        self.outcomes: list[Outcome | None] = [None] * len(self.items)
        self.done = threading.Event()
        self._remaining = len(self.items)
        if not self.items:
            self.done.set()

    def resolve(self, index: int, outcome: Outcome) -> None:
        """Record an item's outcome (the first one wins); the last one sets ``done``."""
        if self.outcomes[index] is None:
            self.outcomes[index] = outcome
            self._remaining -= 1
            if self._remaining == 0:
                self.done.set()


class HttpIntake:
    """The HTTP side's bounded queue, as a daemon :class:`~ingest.intake.Source`.

    Args:
        capacity: items the queue holds; a request that does not fit is refused (429).
    """

    name = "http"

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._lock = threading.Lock()
        self._queue: deque[Delivery] = deque()
        self._pending: dict[str, int] = {}
        self._accepting = True
        self._counter = 0

    def submit(self, items: Sequence[RawItem], ids: Sequence[str | None]) -> Ticket:
        """Queue a request's items.

        Raises:
            IntakeFull: not enough room (nothing was queued).
            IntakeClosed: shutting down.
        """
        with self._lock:
            if not self._accepting:
                raise IntakeClosed("the daemon is shutting down")
            if len(self._queue) + len(items) > self.capacity:
                raise IntakeFull(f"intake queue full ({len(self._queue)} of {self.capacity} items)")
            self._counter += 1
            ticket_id = f"{int(time.time() * 1000):x}-{self._counter}"
            # Records numbered from 1, as the lines of a file are in its dead letters.
            renamed = [dataclasses.replace(i, origin=f"http:{ticket_id}:{n}", offset=-1)
                       for n, i in enumerate(items, 1)]
            ticket = Ticket(ticket_id, renamed, ids)
            for n, item in enumerate(renamed):
                self._queue.append(Delivery(item, self, None, (ticket, n)))
                article_id = ids[n]
                if article_id is not None:
                    self._pending[article_id] = self._pending.get(article_id, 0) + 1
            return ticket

    def withdraw(self, ticket: Ticket) -> list[int]:
        """Take a ticket's still-queued items out of the queue; returns their indexes."""
        with self._lock:
            kept: deque[Delivery] = deque()
            taken: list[int] = []
            for delivery in self._queue:
                if delivery.handle[0] is ticket:
                    taken.append(delivery.handle[1])
                else:
                    kept.append(delivery)
            self._queue = kept
            for index in taken:
                self._release(ticket.ids[index])
            return taken

    def is_pending(self, article_id: str) -> bool:
        """True while an item with this id is queued or in a batch."""
        with self._lock:
            return article_id in self._pending

    def _release(self, article_id: str | None) -> None:
        if article_id is None or article_id not in self._pending:
            return
        self._pending[article_id] -= 1
        if self._pending[article_id] <= 0:
            del self._pending[article_id]

    # --- Source ------------------------------------------------------------------------------
    def poll(self, limit: int) -> list[Delivery]:
        """Up to ``limit`` queued items, in arrival order."""
        with self._lock:
            return [self._queue.popleft() for _ in range(min(limit, len(self._queue)))]

    def commit(self, deliveries: Sequence[Delivery], result: BatchResult) -> None:
        """Resolve each item's ticket with its outcome (answers the waiting request)."""
        with self._lock:
            for delivery in deliveries:
                ticket, index = delivery.handle
                ticket.resolve(index, outcome_of(delivery.item, ticket.ids[index], result))
                self._release(ticket.ids[index])

    def abort(self, deliveries: Sequence[Delivery], error: str) -> None:
        """Resolve the items as failed: the request answers 503 and the client re-sends."""
        with self._lock:
            for delivery in deliveries:
                ticket, index = delivery.handle
                ticket.resolve(index, Outcome("failed", ticket.ids[index], error))
                self._release(ticket.ids[index])

    def stop_intake(self) -> None:
        """Refuse new requests (503); what is queued is still processed."""
        with self._lock:
            self._accepting = False

    def close(self) -> None:
        """Fail whatever is still queued, so no request waits forever."""
        with self._lock:
            rest = list(self._queue)
            self._queue.clear()
        self.abort(rest, "the daemon stopped before processing it")

    def depth(self) -> int:
        """Items queued."""
        with self._lock:
            return len(self._queue)

    def unprocessed(self) -> int:
        """Items still queued (at stop, their requests are answered 503 and re-sent)."""
        return self.depth()

    def describe(self) -> str:
        """Banner line (the address is printed by the server)."""
        return f"http POST /articles (queue of {self.capacity} items)"
