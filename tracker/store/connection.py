"""The connection under :class:`~tracker.store.Store`: opening, migrations, transactions.

Owns opening the DuckDB file (read-write or read-only; a file held by another process is
:class:`DatabaseLocked`, naming the holder), closing it, the schema version and the
migrations, transactions (and refusing to commit into a file that was deleted or replaced),
running one statement with its driver error wrapped in :class:`StoreError`, and handing a
batch to a statement as the relation ``batch``. It must not read or write records: the parts
of the store that do build on it, each in its own module.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Self

import duckdb
import pyarrow as pa

from tracker.errors import DatabaseLocked, SchemaVersionError, StoreError
from tracker.sql import migrations, query


def _now() -> datetime:
    return datetime.now(timezone.utc)


#: How long closing waits for interrupted read snapshots to end (seconds).
CLOSE_WAIT_S = 5.0


def folder_problem(folder: str, exc: OSError) -> str:
    """Why ``folder`` could not be made, for a message: a file on its way ("notes.txt is a file,
    not a folder"), else the system's reason."""
    above = folder
    while not os.path.lexists(above) and os.path.dirname(above) != above:
        above = os.path.dirname(above)
    if os.path.islink(above) and not os.path.exists(above):
        return f"{above} is a link to nothing ({os.readlink(above)})"
    return f"{above} is a file, not a folder" if os.path.isfile(above) else exc.strerror or str(exc)


class Connection:
    """The DuckDB connection of a store, its schema and its transactions (see
    :class:`~tracker.store.Store`, which is built on it, for the arguments)."""

    def __init__(self, path: str, read_only: bool = False) -> None:
        if not path:
            raise StoreError("no database path given")
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        self._closed = False
        #: Cursors of the read snapshots open now (see close), and idle ones kept for the next
        #: snapshots (see warm_read_cursors), under their own lock: a batch holds ``_lock``.
        self._views: set[Any] = set()
        self._idle: list[Any] = []
        self._pool_lock = threading.Lock()
        #: The schema version the file had when this store first migrated it (read-write only).
        self.schema_before: int | None = None
        if path != ":memory:":
            if read_only and not os.path.exists(path):
                raise StoreError(
                    f"no database at {path}; ingest something first (tracker ingest FILE) "
                    "or pass --db"
                )
            if not read_only:
                folder = os.path.dirname(os.path.abspath(path))
                try:
                    os.makedirs(folder, exist_ok=True)
                except OSError as exc:  # a file where the folder would be, no permission
                    raise StoreError(f"cannot create the folder {folder} of the database {path}: "
                                     f"{folder_problem(folder, exc)}") from exc
        try:
            self._con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                holder = _lock_holder(str(exc))
                if holder is not None and "daemon" not in holder:
                    raise DatabaseLocked(
                        f"the database {path} is held by another process ({holder}): wait for it to "
                        "finish, or use another --db") from exc
                instead = ("find-origin, lineage, explain, query, stats, rejects and sql reach it through the "
                           "daemon's HTTP API; for this command stop the daemon first" if read_only else
                           "send articles to the daemon (POST /articles, or its spool directory), "
                           "or stop it first")
                raise DatabaseLocked(
                    f"the database {path} is held by another process "
                    f"({holder or 'is tracker daemon running on it?'}): {instead}"
                ) from exc
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        #: The file's identity (device, inode) when opened for writing: see _check_file.
        self._identity: tuple[int, int] | None = None
        if not read_only:
            self._execute("SET force_compression = 'zstd'", {}, "configure compression")
            self.migrate()
            self._identity = _identity(path)
        else:
            self._check_version()

    # --- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection; safe to call twice. Statements still running in read
        snapshots (a client's long SQL through the daemon) are interrupted first: a busy
        connection does not close."""
        if self._closed:
            return
        with self._pool_lock:  # no snapshot opens after this (it checks _closed under this lock)
            self._closed = True
            views = list(self._views)
            idle, self._idle = self._idle, []
        for cursor in idle:
            with contextlib.suppress(duckdb.Error):
                cursor.close()
        for cursor in views:
            with contextlib.suppress(duckdb.Error):
                cursor.interrupt()
        deadline = time.monotonic() + CLOSE_WAIT_S
        while self._views and time.monotonic() < deadline:
            time.sleep(0.01)
        try:
            self._con.close()
        except duckdb.Error:  # still busy past the wait: the process is ending anyway
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _execute(self, sql: str, params: dict[str, Any] | Sequence[Any], what: str) -> Any:
        try:
            return self._con.execute(sql, params)
        except duckdb.Error as exc:
            raise StoreError(f"{what} failed: {exc}") from exc

    def _named(self, name: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with self._lock:
            cur = self._execute(query(name), params or {}, f"query {name}")
            rows: list[tuple[Any, ...]] = cur.fetchall()
            return rows

    @contextlib.contextmanager
    def _registered(self, batch: pa.Table) -> Iterator[None]:
        """The relation ``batch`` for one statement. When the statement was interrupted (Ctrl-C
        inside DuckDB), the connection may refuse to unregister it: the interruption is what
        the caller must see, not that."""
        self._con.register("batch", batch)
        try:
            yield
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                self._con.unregister("batch")
            raise
        self._con.unregister("batch")

    # --- schema ------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The applied migration number (0 for an empty database)."""
        rows = self._execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'",
            {}, "read schema version",
        ).fetchall()
        if not rows[0][0]:
            return 0
        got = self._execute("SELECT max(version) FROM schema_version", {}, "read schema version").fetchall()
        return int(got[0][0] or 0)

    def _check_version(self) -> None:
        known = len(migrations())
        have = self.schema_version()
        if have > known:
            raise SchemaVersionError(
                f"database {self.path} has schema version {have}, newer than this code "
                f"knows ({known}); upgrade the tracker"
            )
        if have < known and self.read_only:
            raise SchemaVersionError(
                f"database {self.path} has schema version {have}, this code expects {known}; "
                "open it once read-write (tracker db migrate) to upgrade it"
            )

    def migrate(self) -> int:
        """Apply pending migrations in one transaction each; returns the new version."""
        self._execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ)",
            {}, "create schema_version",
        )
        self._check_version()
        have = self.schema_version()
        if self.schema_before is None:
            self.schema_before = have
        for version, sql in migrations():
            if version <= have:
                continue
            with self.transaction():
                # DuckDB's own splitting: a ";" inside a comment or a string ends no statement.
                try:
                    statements = [s.query for s in duckdb.extract_statements(sql)]
                except duckdb.Error as exc:
                    raise StoreError(f"migration {version} failed: {exc}") from exc
                for statement in statements:
                    self._execute(statement, {}, f"migration {version}")
                from tracker.store.backfill import AFTER

                if version in AFTER:
                    AFTER[version](self)
                self._execute("INSERT INTO schema_version VALUES ($v, $t)",
                              {"v": version, "t": _now()}, f"record migration {version}")
        return self.schema_version()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; rolled back on any exception."""
        if self.read_only:
            raise StoreError(f"database {self.path} is open read-only")
        with self._lock:
            self._execute("BEGIN TRANSACTION", {}, "begin")
            try:
                yield
                self._check_file()
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._execute("COMMIT", {}, "commit")

    def _check_file(self) -> None:
        """Refuse to commit into a database file that was deleted or replaced while this store
        held it (a clean-up job, a restore): the writes would go to a file nobody can open
        again, and an acknowledgement would be a lie.

        Raises:
            StoreError: the path no longer names the file opened.
        """
        if self._identity is None:
            return
        now = _identity(self.path)
        if now != self._identity:
            what = "deleted" if now is None else "replaced by another file"
            raise StoreError(f"the database file {self.path} was {what} while this process held it: "
                             "nothing more is committed into it; stop this process and restore the file")


def _identity(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of a database file, ``None`` for ``:memory:`` or a missing file."""
    if path == ":memory:":
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _lock_holder(message: str) -> str | None:
    """The process DuckDB names as holding a file's lock ("... (PID 4242) ..."), with its command
    line when this system shows it: "process 4242: tracker ingest wire.jsonl"."""
    found = re.search(r"PID (\d+)", message)
    if found is None:
        return None
    pid = found.group(1)
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = [a.decode("utf-8", "replace") for a in fh.read().split(b"\0") if a]
    except OSError:
        return f"process {pid}"
    # "python .../bin/tracker ingest x" -> "tracker ingest x"
    start = next((k for k, a in enumerate(argv) if os.path.basename(a) == "tracker"), 0)
    argv = argv[start:]
    if argv:
        argv[0] = os.path.basename(argv[0])
    return f"process {pid}: {' '.join(argv)[:120]}"
