"""Rows, not records: named queries from ``queries/`` and ad-hoc SQL.

Owns running a named query for its rows (as dicts, or with its column names), the counts of
``stats`` and a family's members, and running an ad-hoc statement with a row limit and a
time limit. Telling whether a statement only reads is :mod:`tracker.store.statements`' job;
this module must not build SQL.
"""

from __future__ import annotations

import threading
from typing import Any

import duckdb

from tracker.errors import StoreError
from tracker.sql import query
from tracker.store.connection import Connection
from tracker.store.statements import _READ_ONLY_REFUSAL, _statement_body, _statement_kind


class Queries(Connection):
    """The named queries and ad-hoc SQL of a :class:`~tracker.store.Store`."""

    def family(self, origin_id: str) -> list[dict[str, Any]]:
        """Every member of a story family, as dicts (see ``queries/cluster_members.sql``)."""
        return self.run_query("cluster_members", {"origin_id": origin_id})

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

    def run_query_rows(
        self, name: str, params: dict[str, Any] | None = None,
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a named query; ``(column names, rows)``, the columns known even with no rows."""
        with self._lock:
            cur = self._execute(query(name), params or {}, f"query {name}")
            if cur.description is None:
                return [], []
            return [d[0] for d in cur.description], cur.fetchall()

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
