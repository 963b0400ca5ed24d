"""Reading an ad-hoc SQL statement before it runs: is it one statement, and does it only read?

Owns :func:`check_read_statement` (what the daemon's ``POST /sql`` lets through), telling a
statement of only comments, and naming the kind of a statement that writes. It parses with
DuckDB and must not run anything.
"""

from __future__ import annotations

import re

import duckdb

from tracker.errors import StoreError


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
