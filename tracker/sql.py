"""Loads the named SQL statements under ``queries/`` and orders the schema migrations.

One statement per file; its name is the file stem. Files start with a comment block naming
their parameters and columns. Python never builds SQL from strings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from tracker.errors import InternalQuery, InvalidParameter, QueryNotFound, SchemaVersionError

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
_MIGRATION = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def queries_dir() -> Path:
    """Where the ``.sql`` files are: beside the package, or inside the installed wheel."""
    shipped = Path(__file__).resolve().parent / "queries"
    return shipped if shipped.is_dir() else QUERIES_DIR


@dataclass(frozen=True)
class NamedQuery:
    """One named statement.

    Attributes:
        name: the file stem.
        sql: the statement.
        description: the leading comment, up to its "Parameters:" or "Columns:" line.
        path: the file it came from.
    """

    name: str
    sql: str
    description: str
    path: Path


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("--")).strip()
    if not body:
        raise QueryNotFound(f"{path} holds no SQL statement")
    lines = text.splitlines()
    leading = []
    for line in lines:
        if not line.lstrip().startswith("--"):
            break
        comment = line.lstrip()[2:].strip()
        if not comment or comment.startswith(("Parameters:", "Columns:")):
            break
        leading.append(comment)
    return NamedQuery(path.stem, text, " ".join(leading), path)


@lru_cache(maxsize=1)
def _all() -> dict[str, NamedQuery]:
    return {p.stem: _parse(p) for p in sorted(queries_dir().glob("*.sql"))}


def query(name: str) -> str:
    """The SQL of the named statement.

    Raises:
        QueryNotFound: no such file; the message lists the names that exist.
    """
    found = _all().get(name)
    if found is None:
        raise QueryNotFound(f"no query named {name!r}; known: {', '.join(sorted(_all()))}")
    return found.sql


def user_query(name: str) -> NamedQuery:
    """A named statement that people run (:func:`runnable`): what ``tracker query`` and the
    daemon's ``GET /query/{name}`` accept, so that both refuse the same names.

    Raises:
        QueryNotFound: no such file; the message lists the names people may run.
        InternalQuery: the statement is the pipeline's own; the message says so.
    """
    found = _all().get(name)
    if found is not None and runnable(found):
        return found
    names = [q.name for q in list_queries() if runnable(q)]
    known = ", ".join(names)
    if found is None:
        close = difflib.get_close_matches(name, names, 1)
        meant = f" (did you mean {close[0]}?)" if close else ""
        raise QueryNotFound(f"no query named {name!r}{meant}; known: {known}")
    raise InternalQuery(f"query {name!r} is internal to the tracker (the pipeline's own statement: it "
                        f"writes, reads a batch the pipeline registers, or is a bulk read the pipeline "
                        f"makes at start-up) and cannot be run; known: {known}")


def list_queries() -> list[NamedQuery]:
    """Every named statement, sorted by name."""
    return [q for _, q in sorted(_all().items())]


def migrations(directory: Path | None = None) -> list[tuple[int, str]]:
    """``(version, sql)`` of every migration in ``queries/schema``, in order.

    Raises:
        SchemaVersionError: a file name is malformed, or the numbering has a gap or a repeat.
    """
    folder = directory or queries_dir() / "schema"
    found: list[tuple[int, str]] = []
    for path in sorted(folder.glob("*.sql")):
        m = _MIGRATION.match(path.name)
        if not m:
            raise SchemaVersionError(f"migration file {path} is not named NNN_description.sql")
        found.append((int(m.group(1)), path.read_text(encoding="utf-8")))
    for expected, (version, _) in enumerate(found, start=1):
        if version != expected:
            raise SchemaVersionError(
                f"migrations must be numbered 1, 2, 3... without gaps; found {version} where "
                f"{expected} was expected in {folder}"
            )
    return found


_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _body(sql: str) -> str:
    return "\n".join(ln for ln in sql.splitlines() if not ln.lstrip().startswith("--"))


def parameters(sql: str) -> list[str]:
    """The named parameters (``$name``) of a statement, in order of first use."""
    return list(dict.fromkeys(_PARAMETER.findall(_body(sql))))


#: How a statement says what a parameter must be: ``CAST($since AS TIMESTAMPTZ)``,
#: ``$n::INTEGER``, ``LIMIT $limit``.
_CAST = re.compile(r"CAST\(\s*\$([A-Za-z_][A-Za-z0-9_]*)\s+AS\s+([A-Za-z]+)\s*\)", re.IGNORECASE)
_SHORT_CAST = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z]+)")
_COUNT = re.compile(r"\b(?:LIMIT|OFFSET)\s+\$([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_KIND_OF_TYPE = {"TIMESTAMPTZ": "timestamp", "TIMESTAMP": "timestamp", "INTEGER": "integer", "INT": "integer",
                 "BIGINT": "integer", "SMALLINT": "integer", "HUGEINT": "integer"}
#: What a value of each kind looks like, for messages.
FORMS = {
    "timestamp": "a timestamp: an ISO 8601 date or time, e.g. 2026-02-01 or 2026-03-01T12:00:00Z",
    "count": "a whole number of 0 or more, e.g. 20",
    "integer": "a whole number, e.g. 20",
    "text": "any text",
}


def parameter_kinds(sql: str) -> dict[str, str]:
    """What each parameter of a statement must be, read from how the statement uses it:
    ``timestamp`` (cast to a timestamp), ``integer`` (cast to an integer type), ``count``
    (``LIMIT``/``OFFSET``), or ``text`` (anything else)."""
    body = _body(sql)
    kinds = {name: "text" for name in parameters(sql)}
    for pattern in (_CAST, _SHORT_CAST):
        for name, sql_type in pattern.findall(body):
            kinds[name] = _KIND_OF_TYPE.get(sql_type.upper(), kinds[name])
    for name in _COUNT.findall(body):
        kinds[name] = "count"
    return kinds


def _value(kind: str, value: str) -> str | int | None:
    """The value in the form DuckDB reads for its kind, or ``None`` when it is not of that kind."""
    text = value.strip()
    if kind == "timestamp":
        try:
            # Normalised, so that DuckDB reads every form Python's ISO 8601 parser accepts
            # (2026-02-01, 20260201, ...Z). A date or time without a zone is UTC, as intake reads
            # one and as the queries group days: DuckDB would take the session's local zone.
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).isoformat()
        except ValueError:
            return None
    # Whole numbers that DuckDB's BIGINT holds (a longer one fails there with a cast error).
    if kind == "count":
        return int(text) if re.fullmatch(r"\d+", text) and int(text) < 2**63 else None
    if kind == "integer":
        return int(text) if re.fullmatch(r"[+-]?\d+", text) and abs(int(text)) < 2**63 else None
    return value


def bind(named: NamedQuery, given: Mapping[str, str]) -> dict[str, str | int]:
    """The arguments of a named statement from ``key=value`` strings (``tracker query -p``, the
    query string of ``GET /query/{name}``), checked against what the statement needs.

    Returns:
        The values to execute it with: a timestamp in ISO 8601, a number as an int.

    Raises:
        InvalidParameter: a parameter is missing, not one of the statement's, or its value is
            not of the form the statement needs; the message names it and the form expected.
    """
    kinds = parameter_kinds(named.sql)
    unknown = sorted(set(given) - set(kinds))
    if unknown:
        raise InvalidParameter(unknown[0], f"query {named.name} has no parameter {', '.join(unknown)}; "
                                           f"it takes: {', '.join(kinds) or 'none'}")
    args: dict[str, str | int] = {}
    for name, kind in kinds.items():
        if name not in given:
            raise InvalidParameter(name, f"query {named.name} needs parameter {name} ({FORMS[kind]})")
        value = _value(kind, given[name])
        if value is None:
            raise InvalidParameter(name, f"parameter {name} of query {named.name}: {given[name]!r} is not "
                                         f"{FORMS[kind]}")
        args[name] = value
    return args


def runnable(named: NamedQuery) -> bool:
    """True for a statement people run: it reads, needs no registered ``batch`` relation, and
    its header does not say ``-- Internal:`` (a bulk read the pipeline makes at start-up).

    (The pipeline's writes and its batch lookups are named queries too, but not for people.)
    """
    body = _body(named.sql).strip()
    first = body.split(None, 1)[0].upper() if body else ""
    return first in ("SELECT", "WITH", "FROM") and not re.search(r"\bbatch\b", body, re.IGNORECASE) \
        and not re.search(r"^--\s*Internal:", named.sql, re.MULTILINE)
