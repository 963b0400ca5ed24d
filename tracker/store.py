"""The Store: the only module that imports duckdb.

Owns the connection (read-write or read-only), the migrations, transactions, batch writes and
the mapping between rows and records. Callers never see a cursor. Driver errors are wrapped
in :class:`StoreError` saying what was being attempted; a database held by another process
(a running daemon) raises :class:`DatabaseLocked` with a hint instead of a raw lock error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import duckdb
import pyarrow as pa

from tracker.errors import DatabaseLocked, SchemaVersionError, StoreError
from tracker.model import (
    Article, ArticleFacts, LineageEdge, Match, PairEvidence, Rejected, Signature,
)
from tracker.sql import migrations, query

_TS = pa.timestamp("us", tz="UTC")
_SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("url", pa.string()), ("source", pa.string()),
        ("title", pa.string()), ("published_at", _TS), ("ingested_at", _TS),
        ("lang", pa.string()), ("content_hash", pa.string()), ("n_words", pa.int32()),
        ("text", pa.string()), ("credits", pa.list_(pa.string())), ("meta", pa.string()),
        ("cited", pa.list_(pa.string())),
    ]),
    "signatures": pa.schema([
        ("article_id", pa.string()), ("family", pa.string()), ("params_id", pa.string()),
        ("n_shingles", pa.int32()), ("sig", pa.binary()),
    ]),
    "pairs": pa.schema([
        ("a_id", pa.string()), ("b_id", pa.string()), ("a_from_b", pa.float64()),
        ("relation", pa.string()), ("relation_reverse", pa.string()),
        ("similarity", pa.float64()), ("a_coverage", pa.float64()),
        ("b_coverage", pa.float64()), ("a_divergence", pa.float64()),
        ("b_divergence", pa.float64()), ("order", pa.float64()), ("lexical", pa.float64()),
        ("n_aligned", pa.int32()), ("figures_changed", pa.int32()),
    ]),
    "matches": pa.schema([
        ("article_id", pa.string()), ("source_id", pa.string()), ("relation", pa.string()),
        ("similarity", pa.float64()), ("containment", pa.float64()),
        ("divergence", pa.float64()), ("confidence", pa.float64()),
    ]),
    "lineage": pa.schema([
        ("article_id", pa.string()), ("origin_id", pa.string()), ("parent_id", pa.string()),
        ("relation", pa.string()), ("similarity", pa.float64()),
        ("containment", pa.float64()), ("divergence", pa.float64()), ("depth", pa.int32()),
        ("family_size", pa.int32()), ("updated_at", _TS),
    ]),
    "rejects": pa.schema([
        ("received_at", _TS), ("origin", pa.string()), ("field", pa.string()),
        ("reason", pa.string()), ("payload", pa.string()), ("payload_bytes", pa.binary()),
        ("article_id", pa.string()),
    ]),
    "ids": pa.schema([("article_id", pa.string())]),
    "pair_keys": pa.schema([("a_id", pa.string()), ("b_id", pa.string())]),
}
PAIR_COLUMNS = [f.name for f in _SCHEMAS["pairs"]]


#: An HTTP request's item, or its line in the spool file a 202 wrote (insert_rejects.sql).
_HTTP_ORIGIN = re.compile(r"^http:|/http-[^/]*\.jsonl:[0-9]+$")


def _now() -> datetime:
    return datetime.now(timezone.utc)


#: Read cursors kept open for snapshots (the daemon's API threads), see Store.warm_read_cursors.
READ_CURSORS = 4

class Store:
    """Sole owner of the DuckDB database.

    Args:
        path: database file, or ``:memory:``.
        read_only: open without write access (other read-only openers may share the file;
            a read-write holder excludes everyone).

    Raises:
        DatabaseLocked: another process holds the file for writing.
        StoreError: the file cannot be opened or migrated.
    """

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
                os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
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

    def __enter__(self) -> Store:
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

    def _with_batch(self, name: str, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        batch = pa.Table.from_pylist(rows, schema=_SCHEMAS[table])
        with self._lock, self._registered(batch):
            self._execute(query(name), {}, f"{name} ({len(rows)} rows)")

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

    # --- writes ------------------------------------------------------------------------------
    def add_articles(self, articles: Sequence[tuple[Article, int, tuple[str, ...]]],
                     cited: dict[str, tuple[str, ...]] | None = None) -> None:
        """Insert ``(article, n_words, credits)`` rows, with the names each cites (by id);
        existing ids are left untouched."""
        now = _now()
        self._with_batch("insert_articles", "articles", [
            {
                "article_id": a.article_id, "url": a.url, "source": a.source, "title": a.title,
                "published_at": a.published_at, "ingested_at": now, "lang": a.lang,
                "content_hash": a.content_hash, "n_words": n_words, "text": a.text,
                "credits": list(credits), "meta": json.dumps(dict(a.meta)) if a.meta else None,
                "cited": list((cited or {}).get(a.article_id, ())),
            }
            for a, n_words, credits in articles
        ])

    def save_signatures(self, signatures: Sequence[Signature]) -> None:
        """Insert or replace signature blobs."""
        self._with_batch("insert_signatures", "signatures", [
            {"article_id": s.article_id, "family": s.family, "params_id": s.params_id,
             "n_shingles": s.n_shingles, "sig": s.values}
            for s in signatures
        ])

    def save_pairs(self, pairs: Sequence[PairEvidence]) -> None:
        """Insert or replace verified pair evidence."""
        self._with_batch("insert_pairs", "pairs",
                         [{c: getattr(p, c) for c in PAIR_COLUMNS} for p in pairs])

    def delete_pairs(self, keys: Sequence[tuple[str, str]]) -> None:
        """Remove the verified pairs ``(a_id, b_id)`` (``a_id < b_id``)."""
        self._with_batch("delete_pairs", "pair_keys", [{"a_id": a, "b_id": b} for a, b in keys])

    def replace_lineage(self, edges: Sequence[LineageEdge], matches: Sequence[Match]) -> None:
        """Write re-decided families: their lineage rows and all their match rows."""
        ids = sorted({e.article_id for e in edges})
        self._with_batch("delete_matches_of", "ids", [{"article_id": i} for i in ids])
        self._with_batch("insert_matches", "matches", [
            {"article_id": m.article_id, "source_id": m.source_id, "relation": m.relation,
             "similarity": m.similarity, "containment": m.containment,
             "divergence": m.divergence, "confidence": m.confidence}
            for m in matches
        ])
        now = _now()
        self._with_batch("insert_lineage", "lineage", [
            {"article_id": e.article_id, "origin_id": e.origin_id, "parent_id": e.parent_id,
             "relation": e.relation, "similarity": e.similarity, "containment": e.containment,
             "divergence": e.divergence, "depth": e.depth, "family_size": e.family_size,
             "updated_at": now}
            for e in edges
        ])

    def record_rejects(self, rejects: Sequence[Rejected]) -> None:
        """Keep rejected items in the dead-letter table (an item rejected again for the same
        reason, earlier in this batch or stored, keeps its first row: an item is known by its
        origin and payload, and the origins of HTTP requests are one, see insert_rejects.sql)."""
        now = _now()

        def key(r: Rejected) -> tuple[Any, ...]:
            origin = "http" if _HTTP_ORIGIN.search(r.origin) else r.origin
            return (origin, r.field, r.reason, r.payload, r.payload_bytes)

        unique = {key(r): r for r in reversed(rejects)}
        self._with_batch("insert_rejects", "rejects", [
            {"received_at": now, "origin": r.origin, "field": r.field, "reason": r.reason,
             "payload": r.payload, "payload_bytes": r.payload_bytes, "article_id": r.article_id}
            for r in rejects if unique[key(r)] is r
        ])

    def set_checkpoint(self, source_name: str, offset: int) -> None:
        """Record an intake offset (call inside the batch's transaction)."""
        self._named("checkpoint_set", {"source_name": source_name, "offset": offset,
                                       "updated_at": _now()})

    # --- reads -------------------------------------------------------------------------------
    def checkpoint(self, source_name: str) -> int | None:
        """Last committed offset of an intake source."""
        rows = self._named("checkpoint_get", {"source_name": source_name})
        return int(rows[0][0]) if rows else None

    def article(self, article_id: str) -> Article | None:
        """One article, or ``None``."""
        rows = self._named("article_by_id", {"article_id": article_id})
        return _article(rows[0]) if rows else None

    def has_article(self, article_id: str) -> bool:
        """True when the id is stored."""
        return bool(self._named("article_by_id", {"article_id": article_id}))

    def ids_with_hash(self, content_hash: str) -> list[str]:
        """Ids of stored articles with this content hash."""
        return [r[0] for r in self.with_hash(content_hash)]

    def with_hash(self, content_hash: str) -> list[tuple[str, str | None]]:
        """``(id, url)`` of the stored articles with this content hash, by id."""
        return [(r[0], r[1]) for r in self._named("article_by_hash", {"content_hash": content_hash})]

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

    def _rows_for_ids(self, name: str, ids: Sequence[str], what: str,
                      column: str = "article_id") -> list[tuple[Any, ...]]:
        """Run a named query that joins the relation ``batch`` holding ``ids`` in ``column``."""
        if not ids:
            return []
        batch = pa.Table.from_pylist([{column: i} for i in ids], schema=pa.schema([(column, pa.string())]))
        with self._lock, self._registered(batch):
            rows: list[tuple[Any, ...]] = self._execute(query(name), {}, what).fetchall()
        return rows

    def existing(self, ids: Sequence[str]) -> dict[str, str]:
        """Content hash of each of ``ids`` that is stored (one query for a whole batch)."""
        return {r[0]: r[1] for r in self._rows_for_ids("existing_ids", ids, "look up stored ids")}

    def with_hashes(self, hashes: Sequence[str]) -> dict[str, list[tuple[str, str | None]]]:
        """``(id, url)`` of the stored articles with each of these content hashes, by id (one
        query for a whole batch); hashes nothing has are left out."""
        found: dict[str, list[tuple[str, str | None]]] = {}
        for digest, article_id, url in self._rows_for_ids("articles_with_hashes", sorted(set(hashes)),
                                                           "look up stored texts", "content_hash"):
            found.setdefault(digest, []).append((article_id, url))
        return found

    def article_ids(self) -> list[str]:
        """Every stored article id, sorted."""
        return [r[0] for r in self._named("all_article_ids")]

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``ids``, by id (one query)."""
        return {r[0]: _article(r) for r in self._rows_for_ids("articles_of", ids, "read articles")}

    def texts(self, ids: Sequence[str]) -> list[tuple[str, str, str | None]]:
        """``(article_id, text, title)`` of each of ``ids`` that is stored, sorted by id."""
        return [(r[0], r[1], r[2]) for r in self._rows_for_ids("texts_of", ids, "read article texts")]

    def facts(self, ids: Sequence[str]) -> dict[str, ArticleFacts]:
        """What the lineage rules need of each article."""
        return {
            r[0]: ArticleFacts(r[0], _utc(r[1]), r[2], int(r[3]), tuple(r[4] or ()), int(r[5]), bool(r[6]),
                               bool(r[7]), tuple(r[8] or ()), r[9])
            for r in self._rows_for_ids("facts_of", ids, "read article facts")
        }

    def signatures(self) -> Iterator[Signature]:
        """Every stored signature (for rebuilding the index), streamed in chunks."""
        with self._lock:
            cur = self._con.cursor()
        try:
            cur.execute(query("signatures_for_index"))
            while True:
                chunk = cur.fetchmany(10_000)
                if not chunk:
                    break
                for article_id, family, params, n, blob in chunk:
                    yield Signature(article_id, family, params, bytes(blob), int(n))
        except duckdb.Error as exc:
            raise StoreError(f"reading signatures failed: {exc}") from exc
        finally:
            cur.close()

    def pairs(self) -> list[PairEvidence]:
        """Every verified pair."""
        return [PairEvidence(*row) for row in self._named("all_pairs")]

    def last_reject(self, article_id: str) -> tuple[datetime, Rejected] | None:
        """The most recent dead-letter row of an item that named this id, with its time."""
        rows = self._named("reject_of", {"article_id": article_id})
        if not rows:
            return None
        received, origin, field, reason, payload, payload_bytes = rows[0]
        received_at = _utc(received)
        assert received_at is not None  # rejects.received_at is NOT NULL
        kept = None if payload_bytes is None else bytes(payload_bytes)
        return received_at, Rejected(origin, field, reason, payload, kept, article_id)

    def lineage(self, article_id: str) -> LineageEdge | None:
        """The lineage row of one article."""
        rows = self._named("lineage_row", {"article_id": article_id})
        return LineageEdge(*rows[0]) if rows else None

    def path_to_origin(self, article_id: str) -> list[str]:
        """Ids from the origin down to ``article_id``."""
        rows = self._named("lineage_of", {"article_id": article_id})
        return [r[0] for r in reversed(rows)]

    def family(self, origin_id: str) -> list[dict[str, Any]]:
        """Every member of a story family, as dicts (see ``queries/cluster_members.sql``)."""
        return self.run_query("cluster_members", {"origin_id": origin_id})

    def matches_of(self, article_id: str) -> list[Match]:
        """Every verified source of an article."""
        return [Match(article_id, *row) for row in self._named("matches_of", {"article_id": article_id})]

    def stats(self) -> dict[str, int]:
        """Counts of articles, families, derived articles, matches and rejects."""
        return self.run_query("stats")[0]

    def run_query(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a named query from ``queries/`` and return rows as dicts."""
        return self.run_query_with_columns(name, params)[1]

    def run_query_with_columns(self, name: str, params: dict[str, Any] | None = None
                               ) -> tuple[list[str], list[dict[str, Any]]]:
        """Like :meth:`run_query`, with the column names (known even when no row comes back)."""
        with self._lock:
            cur = self._execute(query(name), params or {}, f"query {name}")
            cols = [d[0] for d in cur.description]
            try:
                rows = cur.fetchall()
            except duckdb.Error as exc:  # interrupted by close(), say
                raise StoreError(f"query {name} failed: {exc}") from exc
            return cols, [dict(zip(cols, row)) for row in rows]

    def run_sql(self, sql: str, max_rows: int | None = None,
                timeout_s: float | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run an ad-hoc statement (the CLI opens the store read-only for this; the daemon runs
        it on a snapshot, after :func:`check_read_statement`).

        Args:
            sql: the statement.
            max_rows: refuse a result of more rows than this (``None``: no limit).
            timeout_s: stop the statement after this long (``None``: no limit).

        Raises:
            StoreError: the statement is empty or only comments, fails, returns more than
                ``max_rows`` rows, or runs longer than ``timeout_s``.
        """
        _statement_body(sql)
        # A client's statement may change its connection's session (a random seed): a read
        # cursor that ran one does not go back to the pool (see snapshot).
        self._client_sql = True
        with self._lock:
            fired = threading.Event()

            def stop() -> None:
                fired.set()
                self._con.interrupt()

            timer = threading.Timer(timeout_s, stop) if timeout_s else None
            if timer is not None:
                timer.daemon = True
                timer.start()
            try:
                cur = self._execute(sql, {}, "SQL statement")
                if cur is None or cur.description is None:
                    return [], []
                rows = cur.fetchall() if max_rows is None else cur.fetchmany(max_rows + 1)
            except (StoreError, duckdb.Error) as exc:
                if fired.is_set() and "interrupt" in str(exc).lower():
                    raise StoreError(f"SQL statement ran longer than {timeout_s:g} s and was stopped; "
                                     "narrow it (WHERE, LIMIT), or stop the daemon and run it on the file") from exc
                if self.read_only and _READ_ONLY_REFUSAL.search(str(exc)):
                    # DuckDB's own words name the attach mode, not the command's contract.
                    raise StoreError(f"SQL statement refused: tracker sql only reads ({_statement_kind(sql)} "
                                     "statements change the database; the tracker's own commands change it: "
                                     "ingest, reindex, the daemon)") from exc
                if isinstance(exc, StoreError):
                    raise
                raise StoreError(f"SQL statement failed: {exc}") from exc
            finally:
                if timer is not None:
                    timer.cancel()
                    timer.join()  # a timer already firing ends before the cursor is used again
            if max_rows is not None and len(rows) > max_rows:
                raise StoreError(f"SQL statement returns more than {max_rows:,} rows; narrow it (WHERE, "
                                 "LIMIT, GROUP BY), or stop the daemon and run it on the file")
            return [d[0] for d in cur.description], rows

    def close_to_files(self) -> None:
        """Let no SQL statement read or write files, load extensions or attach databases from
        now on (DuckDB's ``enable_external_access``; for the rest of this process: it cannot be
        turned on again). The daemon runs the statements its clients send; they are for the
        database, not for the files of the account the daemon runs as."""
        with self._lock:
            self._execute("SET enable_external_access = false", {}, "close the database to files")

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

    # --- divergence explanations (issue 6): tables of migration 002 -------------------------
    @staticmethod
    def _explain_schema(table: str) -> pa.Schema:
        key = [("article_id", pa.string()), ("source_id", pa.string())]
        return pa.schema({
            "keys": key,
            "explanations": key + [
                ("divergence", pa.float64()), ("kept", pa.float64()),
                ("inserted_share", pa.float64()), ("n_aligned", pa.int32()),
                ("n_changes", pa.int32()),
            ],
            "alignments": key + [
                ("seq", pa.int32()), ("derived_index", pa.int32()), ("source_index", pa.int32()),
                ("derived_text", pa.string()), ("source_text", pa.string()),
                ("score", pa.float64()), ("lexical", pa.float64()),
            ],
            "changes": key + [
                ("seq", pa.int32()), ("kind", pa.string()), ("source_index", pa.int32()),
                ("derived_index", pa.int32()), ("source_text", pa.string()),
                ("derived_text", pa.string()), ("detail", pa.string()),
            ],
        }[table])

    def _batch_rows(self, name: str, schema: pa.Schema, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Run a named statement over ``rows`` registered as the relation ``batch``."""
        if not rows:
            return []
        batch = pa.Table.from_pylist(rows, schema=schema)
        with self._lock, self._registered(batch):
            cur = self._execute(query(name), {}, f"{name} ({len(rows)} rows)")
            return cur.fetchall() if cur.description else []

    def explanation_sources(self, ids: Sequence[str]) -> dict[str, set[str]]:
        """For each article, the sources it already has a stored explanation against."""
        found: dict[str, set[str]] = {i: set() for i in ids}
        ids_schema = pa.schema([("article_id", pa.string())])
        for article_id, source_id in self._batch_rows(
                "explanation_sources", ids_schema, [{"article_id": i} for i in sorted(set(ids))]):
            found.setdefault(article_id, set()).add(source_id)
        return found

    def titles(self, ids: Sequence[str]) -> dict[str, str | None]:
        """The stored headline of each article (``None`` when it has none)."""
        ids_schema = pa.schema([("article_id", pa.string())])
        rows = self._batch_rows("titles_of", ids_schema, [{"article_id": i} for i in sorted(set(ids))])
        return {article_id: title for article_id, title in rows}

    def replace_explanations(
        self, stale: Sequence[tuple[str, str]], fresh: Sequence[dict[str, list[dict[str, Any]]]],
    ) -> None:
        """Delete the explanations of the ``stale`` (article, source) pairs, insert ``fresh`` ones.

        Args:
            stale: ``(article_id, source_id)`` pairs whose rows go.
            fresh: rows of new explanations (:func:`tracker.explain.rows`).
        """
        keys = [{"article_id": a, "source_id": s} for a, s in sorted(set(stale))]
        for name in ("delete_explanations_of", "delete_alignments_of", "delete_changes_of"):
            self._batch_rows(name, self._explain_schema("keys"), keys)
        for table in ("explanations", "alignments", "changes"):
            self._batch_rows(f"insert_{table}", self._explain_schema(table),
                             [row for rows in fresh for row in rows.get(table, [])])

    def refresh_explanations(
        self, edges: Sequence[LineageEdge],
        explain_pair: Callable[[str, str, str | None, str | None], dict[str, list[dict[str, Any]]]],
    ) -> int:
        """Bring the stored explanations of these lineage edges up to date.

        Each derived article is explained against its parent and its origin. A pair already
        explained is kept (texts never change); pairs no longer wanted (the family was
        re-decided) are deleted; missing ones are computed with ``explain_pair(derived_id,
        source_id, derived_title, source_title)`` and inserted. Call it inside the batch's
        transaction, after the lineage rows are written.

        Returns:
            The number of explanations computed.
        """
        wanted = {e.article_id: {s for s in (e.parent_id, e.origin_id) if s and s != e.article_id}
                  for e in edges}
        stored = self.explanation_sources(list(wanted))
        stale = [(a, s) for a, sources in stored.items() for s in sources - wanted.get(a, set())]
        todo = sorted((a, s) for a, sources in wanted.items() for s in sources - stored.get(a, set()))
        titles = self.titles(sorted({i for pair in todo for i in pair})) if todo else {}
        fresh = [explain_pair(a, s, titles.get(a), titles.get(s)) for a, s in todo]
        self.replace_explanations(stale, fresh)
        return len(fresh)

    def run_query_rows(
        self, name: str, params: dict[str, Any] | None = None,
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a named query; ``(column names, rows)``, the columns known even with no rows."""
        with self._lock:
            cur = self._execute(query(name), params or {}, f"query {name}")
            if cur.description is None:
                return [], []
            return [d[0] for d in cur.description], cur.fetchall()


#: How long closing waits for interrupted read snapshots to end (seconds).
CLOSE_WAIT_S = 5.0
#: What :func:`check_read_statement` lets through: DuckDB parses ``DESCRIBE``, ``SHOW``,
#: ``SUMMARIZE``, ``VALUES`` and ``FROM``-first queries as ``SELECT`` too.
READ_STATEMENT_TYPES = ("SELECT", "MULTI")  # MULTI: a PIVOT (the read-only snapshot refuses what it writes)
_EXPLAIN = re.compile(r"\s*EXPLAIN(\s+ANALY[SZ]E)?\s+", re.IGNORECASE)
_PIVOT = re.compile(r"\s*\(*\s*(?:PIVOT|UNPIVOT|PIVOT_WIDER|PIVOT_LONGER|WITH|FROM|SELECT)\b", re.IGNORECASE)
_CHECKPOINT_CALL = re.compile(r"\b(?:force_)?checkpoint\s*\(", re.IGNORECASE)


def check_read_statement(sql: str) -> None:
    """Refuse, with its reason, what is not one statement that only reads (the daemon's
    ``POST /sql``: its database is open for writing).

    Raises:
        StoreError: no statement, several, or one that writes or changes a setting.
    """
    body = _statement_body(sql)
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise StoreError(f"SQL statement failed: {exc}") from exc
    if len(statements) != 1:
        raise StoreError(f"{len(statements)} SQL statements given; send one at a time")
    kind = statements[0].type.name
    if kind == "MULTI" and not _PIVOT.match(body):
        kind = "MULTI (a write around a PIVOT)"  # CREATE TABLE ... AS PIVOT ...
    if kind == "EXPLAIN":
        # Words the refusal of an EXPLAIN ANALYZE of a write; the snapshot's read-only
        # transaction refuses whatever this reading misses (comments within comments).
        explained = _EXPLAIN.match(body)
        try:
            inner = duckdb.extract_statements(body[explained.end():]) if explained else []
        except duckdb.Error:
            inner = []
        kind = inner[0].type.name if len(inner) == 1 and inner[0].type.name != "SELECT" else "SELECT"
    if kind in READ_STATEMENT_TYPES and _CHECKPOINT_CALL.search(body):
        kind = "CHECKPOINT"  # a maintenance write, the daemon's to make
    if kind not in READ_STATEMENT_TYPES:
        raise StoreError(f"{kind} statements cannot run while the daemon holds the database: only "
                         "reading statements go through it (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, "
                         "EXPLAIN SELECT); stop the daemon to run this one on the file")


#: SQL comments: ``-- to the end of the line`` and ``/* blocks */`` (for telling an empty
#: statement; a string holding ``--`` leaves its quote behind, so it is never empty).
_COMMENT = re.compile(r"/\*.*?\*/|--[^\n]*", re.S)


def _identity(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of a database file, ``None`` for ``:memory:`` or a missing file."""
    if path == ":memory:":
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _only_comments(statement: str) -> bool:
    return not _COMMENT.sub(" ", statement).replace(";", " ").strip()


#: DuckDB's refusal of a write on a database attached read-only.
_READ_ONLY_REFUSAL = re.compile(r"attached in read-only mode|read-only transaction", re.IGNORECASE)


def _statement_kind(sql: str) -> str:
    """DuckDB's type name of the first statement of ``sql`` that does not read ("DELETE",
    "CREATE"), or "such"."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error:
        return "such"
    quiet = (*READ_STATEMENT_TYPES, "SET", "VARIABLE_SET", "PRAGMA", "EXPLAIN")  # (a session's, or reading)
    return next((s.type.name for s in statements if s.type.name not in quiet), "such")


def _statement_body(sql: str) -> str:
    """``sql`` without its comments.

    Raises:
        StoreError: nothing is left (no statement, or comments only).
    """
    if _only_comments(sql):
        raise StoreError("no SQL statement given" + (" (only comments)" if sql.strip(" ;\n\t") else ""))
    return _COMMENT.sub(" ", sql)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _article(row: tuple[Any, ...]) -> Article:
    meta = json.loads(row[11]) if row[11] else {}
    return Article(
        article_id=row[0], url=row[1], source=row[2], title=row[3],
        published_at=_utc(row[4]), lang=row[6], content_hash=row[7], text=row[9],
        meta=tuple(sorted((str(k), str(v)) for k, v in meta.items())),
    )


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
