"""Finding and talking to a running ``tracker daemon`` (the CLI's way to read a held database).

DuckDB lets one process open a file for writing and then no other process can open it at all
(DESIGN.md, "one writer, many readers"). The daemon advertises itself in a small JSON file next
to the database, ``<db>.daemon.json``: ``pid``, ``host``, ``port``, ``db`` and, when requests
need a bearer token, where the token is (``token_file``, or ``token_env``: the variable the
caller must have). :func:`find_daemon` trusts the file only if the process is alive and its
``/health`` answers for the same database; a stale file (a ``kill -9``) is ignored.

Standard library only (urllib); never imports :mod:`ingest`.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from tracker.errors import TrackerError
from tracker.model import Article

#: Seconds to wait for ``/health`` when deciding whether a daemon is there.
PROBE_TIMEOUT_S = 2.0
#: Seconds to wait for a read request.
READ_TIMEOUT_S = 60.0


class DaemonError(TrackerError):
    """The daemon answered with an error; the message is the daemon's.

    Attributes:
        status: the HTTP status.
        parameter: the parameter the daemon named as wrong (a query's ``article_id`` that
            names no stored article: 404), if any.
    """

    def __init__(self, status: int, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.parameter = parameter


def advert_path(db: str) -> Path:
    """Where the daemon serving ``db`` advertises itself."""
    return Path(os.path.abspath(db) + ".daemon.json")


def write_advert(db: str, info: dict[str, Any]) -> Path:
    """Atomically write the advert (mode 0644: it holds no secret, only the address, the pid and
    where the token is; every user who may read the database must find the daemon)."""
    path = advert_path(db)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.fchmod(fd, 0o644)  # whatever the umask
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({**info, "db": os.path.abspath(db)}, fh)
    os.replace(tmp, path)
    return path


def remove_advert(db: str, pid: int) -> None:
    """Remove the advert if it is ours (a newer daemon may have replaced it)."""
    path = advert_path(db)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
            path.unlink()
    except (OSError, ValueError):
        pass


def read_advert(db: str) -> dict[str, Any] | None:
    """The advert of ``db``, or ``None`` when absent or unreadable."""
    try:
        data = json.loads(advert_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def find_daemon(db: str, token: str | None = None) -> DaemonClient | None:
    """A client for the live daemon serving ``db``, or ``None``.

    Args:
        db: the database path.
        token: the bearer token (the CLI passes ``$TRACKER_TOKEN``); if ``None`` and the
            advert names a token file, the token is read from it.

    Returns:
        ``None`` when there is no advert, its process is gone, or ``/health`` does not answer
        for this database (the caller then opens the file read-only).
    """
    return probe_daemon(db, token)[0]


def probe_daemon(db: str, token: str | None = None) -> tuple[DaemonClient | None, str | None]:
    """:func:`find_daemon`, and why a daemon that seems to serve ``db`` could not be used: its
    advert cannot be read, it asks for a token, it does not answer (``None`` when there is no
    such daemon, or it was found)."""
    path = advert_path(db)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except PermissionError:
        return None, (f"its advert {path} cannot be read by this user; the daemon writes it readable by "
                      "all from this version on (restart it), or read the database as the daemon's user")
    except (OSError, ValueError):
        return None, None
    try:
        pid, host, port = int(info["pid"]), str(info["host"]), int(info["port"])
    except (KeyError, TypeError, ValueError):
        return None, None
    if not _alive(pid):
        return None, None
    token_file = info.get("token_file")
    if token is None and token_file:
        try:
            token = Path(str(token_file)).read_text(encoding="utf-8").strip() or None
        except OSError:
            token = None
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    client = DaemonClient(f"http://{'[' + host + ']' if ':' in host else host}:{port}", token)
    try:
        health = client.health(timeout=PROBE_TIMEOUT_S)
        refused = "db" not in health  # without its token, /health says the status alone
    except DaemonError as exc:
        if exc.status != 401:
            return None, f"the daemon (process {pid}) does not answer: {exc}"
        refused = True
    except (TrackerError, OSError) as exc:
        return None, f"the daemon (process {pid}) does not answer: {exc}"
    if refused:
        if token is not None:
            given = "TRACKER_TOKEN" if os.environ.get("TRACKER_TOKEN") == token else f"the token file {token_file}"
            return None, f"the daemon (process {pid}) at {client.base_url} refused the token of {given}"
        where = (f"set TRACKER_TOKEN to its token (the token file {token_file} cannot be read by this user)"
                 if token_file else "set TRACKER_TOKEN to its token")
        return None, f"the daemon (process {pid}) at {client.base_url} asks for a token: {where}"
    if os.path.realpath(str(health.get("db", ""))) != os.path.realpath(db):
        return None, None
    return client, None


class DaemonClient:
    """Calls on the daemon's HTTP API.

    Args:
        base_url: ``http://127.0.0.1:8765``.
        token: bearer token, if the daemon requires one.
    """

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str = "application/json", timeout: float = READ_TIMEOUT_S) -> tuple[int, Any]:
        """One request; returns ``(status, decoded JSON or text)``.

        Raises:
            DaemonError: a 4xx/5xx answer (the message is the daemon's ``error``), or the
                daemon cannot be reached (status 0).
        """
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(self.base_url + path, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as answer:
                return answer.status, _decode(answer.read(), answer.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            try:
                data = _decode(exc.read(), exc.headers.get("Content-Type", "") if exc.headers else "")
            finally:
                exc.close()  # an error answer holds its connection until closed
            message = data.get("error") if isinstance(data, dict) else None
            parameter = data.get("parameter") if isinstance(data, dict) else None
            raise DaemonError(exc.code, f"daemon at {self.base_url}: {message or exc.reason}",
                              parameter if isinstance(parameter, str) else None) from exc
        except urllib.error.URLError as exc:
            raise DaemonError(0, f"cannot reach the daemon at {self.base_url}: {exc.reason}") from exc
        except OSError as exc:
            raise DaemonError(0, f"the daemon at {self.base_url} did not answer: {exc}") from exc

    def health(self, timeout: float = PROBE_TIMEOUT_S) -> dict[str, Any]:
        """``GET /health``."""
        _, data = self.request("GET", "/health", timeout=timeout)
        return data if isinstance(data, dict) else {}

    def find_origin(self, payload: bytes, kind: str) -> dict[str, Any]:
        """``POST /origin``: the ``find-origin --json`` object of an article (nothing stored)."""
        _, data = self.request("POST", f"/origin?kind={kind}", payload, "application/octet-stream")
        return dict(data)

    def lineage(self, article_id: str) -> dict[str, Any] | None:
        """``GET /lineage/{id}``: ``{"article", "origin", "tree"}``, or ``None`` if not stored."""
        try:
            _, data = self.request("GET", f"/lineage/{quote(article_id, safe='')}")
        except DaemonError as exc:
            if exc.status == 404:
                return None
            raise
        return dict(data)

    def query(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """``GET /query/{name}``: rows of a named query (timestamps as ISO 8601 strings); none
        when an id parameter names no stored article (the daemon's 404)."""
        return list(self._query(name, params)["rows"])

    def _query(self, name: str, params: dict[str, Any] | None) -> dict[str, Any]:
        suffix = f"?{urlencode({k: str(v) for k, v in (params or {}).items()})}" if params else ""
        try:
            _, data = self.request("GET", f"/query/{quote(name, safe='')}{suffix}")
        except DaemonError as exc:
            if exc.status == 404 and exc.parameter:
                return {"columns": [], "rows": []}
            raise
        return dict(data)

    def query_rows(self, name: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Like :meth:`query`, as ``(columns, row tuples)`` (what ``tracker query`` prints)."""
        data = self._query(name, params)
        columns = list(data.get("columns") or (data["rows"][0] if data["rows"] else []))
        return columns, [tuple(row.get(c) for c in columns) for row in data["rows"]]

    def sql(self, statement: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """``POST /sql``: ``(columns, row tuples)`` of one reading statement (timestamps as ISO
        8601 strings)."""
        _, data = self.request("POST", "/sql", statement.encode("utf-8"), "text/plain; charset=utf-8",
                               timeout=READ_TIMEOUT_S * 2 + 5)
        return list(data["columns"]), [tuple(row) for row in data["rows"]]

    def article(self, article_id: str) -> Article | None:
        """One stored article (the ``article_by_id`` query), or ``None``."""
        rows = self.query("article_by_id", {"article_id": article_id})
        if not rows:
            return None
        row = rows[0]
        meta = row.get("meta") or {}
        if isinstance(meta, str):
            meta = json.loads(meta) if meta else {}
        published = row.get("published_at")
        return Article(
            article_id=row["article_id"], url=row.get("url"), source=row.get("source"), title=row.get("title"),
            published_at=datetime.fromisoformat(published) if published else None, lang=row.get("lang"),
            content_hash=row["content_hash"], text=row["text"],
            meta=tuple(sorted((str(k), str(v)) for k, v in meta.items())),
        )

    def lineage_row(self, article_id: str) -> dict[str, Any] | None:
        """The ``lineage`` row of a stored article (``origin_id``, ``parent_id``, ...), or ``None``."""
        rows = self.query("lineage_row", {"article_id": article_id})
        return rows[0] if rows else None

    def status(self, article_id: str) -> dict[str, Any]:
        """``GET /status/{id}``."""
        _, data = self.request("GET", f"/status/{quote(article_id, safe='')}")
        return dict(data)


def _decode(raw: bytes, content_type: str) -> Any:
    if "json" in content_type:
        try:
            return json.loads(raw)
        except ValueError:
            return {"error": raw[:500].decode("utf-8", "replace")}
    return raw.decode("utf-8", "replace")
