"""The Store: the only package that imports duckdb.

Owns the connection (read-write or read-only), the migrations, transactions, batch writes and
the mapping between rows and records. Callers never see a cursor. Driver errors are wrapped
in :class:`StoreError` saying what was being attempted; a database held by another process
(a running daemon) raises :class:`DatabaseLocked` with a hint instead of a raw lock error.

:class:`Store` is built of one part per domain, each in its module: the connection, schema
and transactions (:mod:`~tracker.store.connection`), writes (:mod:`~tracker.store.writes`),
record reads (:mod:`~tracker.store.reads`), divergence explanations
(:mod:`~tracker.store.explanations`), named queries and ad-hoc SQL
(:mod:`~tracker.store.queries`, with :mod:`~tracker.store.statements`); the read snapshots
of the daemon's request threads are here. No module outside this package imports duckdb.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from tracker.errors import StoreError
from tracker.store.connection import Connection
from tracker.store.explanations import Explanations
from tracker.store.queries import Queries
from tracker.store.reads import Reads
from tracker.store.statements import check_read_statement
from tracker.store.writes import Writes

__all__ = ["Store", "check_read_statement"]

#: Read cursors kept open for snapshots (the daemon's API threads), see Store.warm_read_cursors.
READ_CURSORS = 4


class Store(Writes, Reads, Explanations, Queries, Connection):
    """Sole owner of the DuckDB database.

    Args:
        path: database file, or ``:memory:``.
        read_only: open without write access (other read-only openers may share the file;
            a read-write holder excludes everyone).

    Raises:
        DatabaseLocked: another process holds the file for writing.
        StoreError: the file cannot be opened or migrated.
    """

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read-only view on its own DuckDB cursor, for one request of a worker thread.

        DuckDB runs one statement at a time per connection; a cursor is a separate connection
        to the same database, so request threads read the last committed state without
        waiting for the writer (only the cursor's creation waits for a commit in progress).
        The view runs in one transaction that is rolled back at the end: it sees a single
        consistent state and cannot change anything.

        Example:
            >>> with store.snapshot() as view:  # doctest: +SKIP
            ...     edge = view.lineage("seed-004")
        """
        cursor = self._read_cursor()
        view = Store.__new__(Store)
        view.path, view.read_only, view._lock, view._closed = self.path, True, threading.RLock(), False
        view._con = cursor
        view._views = set()
        reusable = False
        try:
            # READ ONLY: the engine refuses any write in it, whatever a client's statement
            # hides in comments or in an EXPLAIN ANALYZE (check_read_statement only words it).
            view._execute("BEGIN TRANSACTION READ ONLY", {}, "begin a read snapshot")
            yield view
        finally:
            try:
                cursor.execute("ROLLBACK")
                reusable = True
            except duckdb.Error:
                pass
            view._closed = True  # the cursor goes back to the pool, or is closed below
            self._release_read_cursor(cursor, reusable and not getattr(view, "_client_sql", False))

    def warm_read_cursors(self, n: int = READ_CURSORS) -> None:
        """Open ``n`` read cursors now, while no batch holds the connection: a snapshot then
        takes one without waiting for the batch in progress to commit (the daemon calls this
        before its API listens)."""
        with self._lock:
            if self._closed:
                return
            fresh = [self._con.cursor() for _ in range(n)]
        with self._pool_lock:
            self._idle.extend(fresh)

    def _read_cursor(self) -> Any:
        """An idle read cursor of the pool, else a new one (which waits for a batch holding the
        connection: opening a cursor needs it)."""
        with self._pool_lock:
            if self._closed:
                raise StoreError(f"the database {self.path} is closing")
            cursor = self._idle.pop() if self._idle else None
            if cursor is not None:
                self._views.add(cursor)
                return cursor
        with self._lock:
            if self._closed:
                raise StoreError(f"the database {self.path} is closing")
            try:
                cursor = self._con.cursor()
            except duckdb.Error as exc:
                raise StoreError(f"opening a read cursor failed: {exc}") from exc
        with self._pool_lock:
            self._views.add(cursor)
        return cursor

    def _release_read_cursor(self, cursor: Any, reusable: bool) -> None:
        with self._pool_lock:
            self._views.discard(cursor)
            if reusable and not self._closed and len(self._idle) < READ_CURSORS:
                self._idle.append(cursor)
                return
        with contextlib.suppress(duckdb.Error):
            cursor.close()
