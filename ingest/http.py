"""The daemon's local HTTP API: article intake and the read side, on one port.

Intake: ``POST /articles`` takes one JSON record, a JSON array of records, or a JSONL body
(``text/plain`` and ``text/html`` bodies are one article each). A ``charset`` declared in the
``Content-Type`` is honoured; a body that declares none must be UTF-8. Records are validated at once
(so the answer can name the assigned ids), queued in a bounded queue, and the request waits
for the batch that holds them. A 2xx answer is the acknowledgement, and it is only given for
what is durable:

- ``200``: every record's batch committed; each article comes with its status (``stored``,
  ``duplicate``, ``rejected`` + reason), origin, parent and relation;
- ``202``: not committed within the wait (``?wait=SECONDS``); the pending records were first
  written to the spool directory (fsync + rename), so they survive a crash; poll the
  ``status_url`` of each;
- ``429`` + ``Retry-After``: the intake queue is full (back-pressure); nothing was taken;
- ``503`` + ``Retry-After``: shutting down, or the batch failed; nothing was acknowledged;
  also, for any request, when :data:`MAX_CONNECTIONS` connections are already being served
  (a JSON body says the daemon is busy).

Re-sending after any non-2xx answer is safe: an article already stored is a duplicate.

Read side: ``GET /origin?id=ID`` or ``POST /origin`` (a text, HTML or JSON body),
``GET /lineage/{id}``, ``GET /query/{name}?param=value`` (named read-only queries from
``queries/``), ``POST /sql`` (one reading statement: ``tracker sql`` while the daemon holds the
file; the daemon's database reads no files, see :meth:`tracker.store.Store.close_to_files`),
``GET /status/{id}``, ``GET /health``, ``GET /metrics`` (Prometheus text).
Reads use one DuckDB cursor per request (:meth:`tracker.store.Store.snapshot`), so they see
committed data and never wait for the batch being computed.

Limits: bodies up to :data:`MAX_BODY_BYTES`, socket timeouts of :data:`SOCKET_TIMEOUT_S`,
at most :data:`MAX_CONNECTIONS` connections at once. When a bearer token is configured
(required for any address other than loopback) every request must carry it.
"""

from __future__ import annotations

import codecs
import hmac
import json
import logging
import math
import re
import socket
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from ingest.http_intake import HttpIntake, IntakeClosed, IntakeFull, Ticket
from ingest.metrics import Metrics
from ingest.parse import RawItem, parse_item, record_bytes, sniff_kind, spelled_our_way
from ingest.spool import write_spool_file
from tracker.errors import InternalQuery, InvalidArticle, InvalidParameter, QueryNotFound, StoreError
from tracker.model import Rejected
from tracker.report import family_json
from tracker.sql import bind, user_query
from tracker.store import Store, check_read_statement

log = logging.getLogger(__name__)

#: Largest request body (bytes). Over twice the largest accepted article text (2 MB) and
#: enough for a few hundred ordinary articles in one JSONL body.
MAX_BODY_BYTES = 5_000_000
#: Records in one intake request.
MAX_RECORDS = 2_000
#: Socket timeout while reading a request or writing an answer (seconds): a client that
#: stalls longer is dropped, so slow clients cannot hold threads.
SOCKET_TIMEOUT_S = 10.0
#: Time a client has to send a whole request, its headers and its body (seconds): one that
#: trickles a byte every few seconds (each read within the socket timeout) is dropped then, so
#: slow clients cannot hold the connection slots (a 5 MB body needs about 0.7 Mbit/s).
REQUEST_DEADLINE_S = 60.0
#: Connections served at once; more are answered 503 at once, with this ``Retry-After`` (seconds).
MAX_CONNECTIONS = 64
BUSY_RETRY_S = 1
#: Longest wait a client may ask for before a 202.
MAX_WAIT_S = 60.0
#: Ids of spilled records remembered for ``GET /status`` (the oldest are forgotten first, and
#: answered "unknown": re-sending is always safe).
SPILLED_KEPT = 200_000
#: ``POST /sql``: most rows a result may have (a larger one is refused, with how to narrow it),
#: and how long a statement may run (seconds; ``?timeout=`` may ask for less).
SQL_MAX_ROWS = 100_000
SQL_TIMEOUT_S = 120.0
#: The ``charset`` parameter of a Content-Type (``text/plain; charset="iso-8859-1"``).
_CHARSET = re.compile(r";\s*charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)


# --- what the API needs from the daemon ------------------------------------------------------
class Backend(Protocol):
    """The daemon as the API sees it."""

    metrics: Metrics
    log: Callable[[dict[str, Any]], None]

    def find_origin(self, item: RawItem) -> dict[str, Any]:
        """``find-origin --json`` of an item. Raises InvalidArticle for unusable input."""
        ...

    def snapshot(self) -> AbstractContextManager[Store]:
        """A read-only view of committed data for one request."""
        ...

    def health(self) -> dict[str, Any]:
        """The ``/health`` object."""
        ...


class Api:
    """Request handling independent of sockets: ``(method, path, headers, body) -> Reply``.

    Args:
        backend: the daemon.
        intake: the HTTP intake source.
        token: the bearer token every request must carry, or ``None`` (loopback only).
        spool: where not-yet-committed records are written before a 202 (``None``: no 202;
            such requests get 503 and are re-sent).
        wait_s: how long an intake request waits for its batch by default.
    """

    def __init__(self, backend: Backend, intake: HttpIntake, token: str | None = None,
                 spool: Path | None = None, wait_s: float = 10.0) -> None:
        self.backend = backend
        self.intake = intake
        self.token = token
        self.spool = spool
        self.wait_s = wait_s
        #: When each id was last written to the spool before a 202 (UTC): the ones still in
        #: the spool from before a restart too (their files' times), at most SPILLED_KEPT.
        #: Ids spilled to the spool: when, and into which file (read through once it is gone).
        self._spilled: dict[str, tuple[datetime, Path]] = spooled_ids(spool) if spool is not None else {}
        self._spill_lock = threading.Lock()
        #: Requests refused with 429 since the queue last had room (logged once per episode).
        self._refused_full = 0
        self._full_lock = threading.Lock()

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        """Answer one request."""
        if self.token is not None and not self.authorised(headers.get("authorization", "")):
            if method == "GET" and urlsplit(target).path.rstrip("/") == "/health":
                # A load balancer's or systemd's probe carries no token: the status alone (no
                # path, pid or error text), with the token the whole object.
                return Reply(200, {"status": self.backend.health()["status"]})
            return Reply(401, {"error": "missing or wrong bearer token"},
                         {"WWW-Authenticate": 'Bearer realm="tracker"'})
        url = urlsplit(target)
        path = url.path.rstrip("/") or "/"
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if body and encoding not in ("", "identity"):
            return Reply(415, {"error": f"Content-Encoding {encoding} is not read; send the body uncompressed"})
        try:
            return self._route(method, path, params, headers, body)
        except QueryNotFound as exc:
            return Reply(404, {"error": str(exc)})
        except InvalidArticle as exc:
            return Reply(400, {"error": str(exc), "field": exc.field})
        except StoreError as exc:
            return Reply(503, {"error": str(exc)}, {"Retry-After": "5"})
        except Exception as exc:  # noqa: BLE001 (every request gets an answer)
            log.exception("%s %s failed", method, path)
            problem = " ".join(str(exc).split())[:200]
            return Reply(500, {"error": f"internal: {type(exc).__name__}: {problem}; "
                                        "please report this request"})

    def authorised(self, header: str) -> bool:
        """Whether an ``Authorization`` header carries the bearer token."""
        scheme, _, given = header.partition(" ")
        assert self.token is not None
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode())

    def _route(self, method: str, path: str, params: dict[str, str], headers: dict[str, str],
               body: bytes) -> Reply:
        parts = [unquote(p) for p in path.split("/")[1:]]
        head = parts[0] if parts else ""
        routes = {
            ("POST", "articles"): lambda: self.post_articles(params, headers, body),
            ("GET", "origin"): lambda: self.origin_of_id(params),
            ("POST", "origin"): lambda: self.origin_of_body(params, headers, body),
            ("GET", "lineage"): lambda: self.lineage(parts),
            ("GET", "query"): lambda: self.query(parts, params),
            ("POST", "sql"): lambda: self.sql(params, headers, body),
            ("GET", "status"): lambda: self.status(parts),
            ("GET", "health"): lambda: Reply(200, self.backend.health()),
            ("GET", "metrics"): lambda: Reply(200, self.backend.metrics.render(),
                                              {"Content-Type": "text/plain; version=0.0.4; charset=utf-8"}),
            ("GET", ""): lambda: Reply(200, {"endpoints": [
                "POST /articles", "GET /status/{id}", "GET|POST /origin", "GET /lineage/{id}",
                "GET /query/{name}", "POST /sql", "GET /health", "GET /metrics"]}),
        }
        found = routes.get((method, head))
        if found is not None:
            return found()
        if any(h == head for _, h in routes):
            return Reply(405, {"error": f"{method} is not allowed on /{head}"})
        return Reply(404, {"error": f"no endpoint /{head}; see GET /"})

    # --- intake ------------------------------------------------------------------------------
    def post_articles(self, params: dict[str, str], headers: dict[str, str], body: bytes) -> Reply:
        """``POST /articles``: queue, wait for the commit, answer per article."""
        try:
            wait = min(MAX_WAIT_S, max(0.0, float(params.get("wait", self.wait_s))))
        except ValueError:
            return Reply(400, {"error": f"wait={params['wait']!r} is not a number of seconds"})
        try:
            items = split_body(body, headers.get("content-type", ""), params.get("id"))
        except InvalidArticle as exc:
            return Reply(400, {"error": str(exc), "field": exc.field})
        if not items:
            return Reply(400, {"error": "body: holds no record (an empty array); send one JSON record "
                                        "or JSONL lines", "field": "body"})
        if len(items) > MAX_RECORDS:
            return Reply(413, {"error": f"{len(items)} records in one request; send at most {MAX_RECORDS}"})
        if len(items) > self.intake.capacity:  # it would never fit: 429 forever
            return Reply(413, {"error": f"{len(items)} records in one request, more than the intake queue holds "
                                        f"({self.intake.capacity}, --queue-size); send at most {self.intake.capacity}"})
        if getattr(self.backend, "stopping", False):  # the batch in hand may take a while: say so now
            self.backend.metrics.inc("tracker_http_refused_total")
            return Reply(503, {"error": "the daemon is shutting down"}, {"Retry-After": "5"})
        ids = [_article_id(item) for item in items]
        try:
            ticket = self.intake.submit(items, ids)
        except IntakeFull as exc:
            self.backend.metrics.inc("tracker_http_refused_total")
            self._note_full(str(exc))
            return Reply(429, {"error": f"{exc}; retry later"}, {"Retry-After": "2"})
        except IntakeClosed as exc:
            self.backend.metrics.inc("tracker_http_refused_total")
            return Reply(503, {"error": str(exc)}, {"Retry-After": "5"})
        self._note_room()
        if ticket.done.wait(wait):
            return self._answer(ticket)
        return self._spill(ticket)

    def _note_full(self, why: str) -> None:
        """Log the first request refused for back-pressure (one line per episode, not per request)."""
        with self._full_lock:
            self._refused_full += 1
            first = self._refused_full == 1
        if first:
            self.backend.log({"event": "intake_full", "error": why,
                              "action": "answering 429 with Retry-After until the queue has room"})

    def _note_room(self) -> None:
        """Log the end of a back-pressure episode, with the requests it refused."""
        with self._full_lock:
            refused, self._refused_full = self._refused_full, 0
        if refused:
            self.backend.log({"event": "intake_resumed", "refused": refused})

    def _answer(self, ticket: Ticket) -> Reply:
        articles = []
        with self.backend.snapshot() as store:
            for index, outcome in enumerate(ticket.outcomes):
                assert outcome is not None
                entry: dict[str, Any] = {"id": outcome.article_id, "status": outcome.status}
                if outcome.reason:
                    entry["reason"] = outcome.reason
                if outcome.status in ("stored", "duplicate") and outcome.article_id:
                    entry.update(_lineage_entry(store, outcome.article_id))
                articles.append(entry)
        statuses = {a["status"] for a in articles}
        if "failed" in statuses:
            return Reply(503, {"ticket": ticket.ticket_id, "articles": articles,
                               "error": "the batch failed; nothing marked failed was stored: re-send"},
                         {"Retry-After": "5"})
        code = 422 if statuses == {"rejected"} else 200
        return Reply(code, {"ticket": ticket.ticket_id, "articles": articles})

    def _spill(self, ticket: Ticket) -> Reply:
        """Make the not-yet-committed records durable in the spool, then answer 202."""
        if self.spool is None:
            self.intake.withdraw(ticket)
            return Reply(503, {"ticket": ticket.ticket_id,
                               "error": "not committed in time and no spool to keep it: re-send"},
                         {"Retry-After": "5"})
        self.intake.withdraw(ticket)
        pending = [i for i, outcome in enumerate(ticket.outcomes) if outcome is None]
        lines = [_as_record(ticket.items[i]) for i in pending]
        name = f"http-{ticket.ticket_id}.jsonl"
        try:
            ids = [ticket.ids[i] for i in pending if ticket.ids[i] is not None]
            if ids:  # first: the spool may read the data file at once, and then it is gone
                write_spool_file(self.spool, _ids_file(Path(name)).name, json.dumps(ids).encode())
            write_spool_file(self.spool, name, b"\n".join(lines) + b"\n")
        except OSError as exc:
            self.backend.log({"event": "spool_error", "spool": str(self.spool), "ticket": ticket.ticket_id,
                              "error": f"cannot spool the request: {exc.strerror or exc}",
                              "action": "answered 503: the client re-sends"})
            return Reply(503, {"ticket": ticket.ticket_id, "error": f"cannot spool the request: {exc}"},
                         {"Retry-After": "5"})
        spilled_at = datetime.now(timezone.utc)
        with self._spill_lock:
            for article_id in (ticket.ids[p] for p in pending):
                if article_id is not None:
                    self._spilled.pop(article_id, None)  # re-inserted last: the oldest go first
                    self._spilled[article_id] = (spilled_at, self.spool / name)
            while len(self._spilled) > SPILLED_KEPT:
                del self._spilled[next(iter(self._spilled))]
        articles = []
        for index, outcome in enumerate(ticket.outcomes):
            article_id = ticket.ids[index]
            if outcome is None:
                entry = {"id": article_id, "status": "queued"}
                if article_id:  # one without will be rejected: see GET /query/rejects_recent
                    entry["status_url"] = f"/status/{quote(article_id, safe='')}"
                articles.append(entry)
            else:
                articles.append({"id": outcome.article_id, "status": outcome.status})
        return Reply(202, {"ticket": ticket.ticket_id, "articles": articles})

    def status(self, parts: list[str]) -> Reply:
        """``GET /status/{id}``: stored (200, with lineage), queued (202), rejected (422, with
        the reason of its dead-letter row, as ``POST /articles`` answers it), or unknown (404).

        An id that was rejected and then sent again is queued until the new item's batch
        commits: a dead-letter row older than the id's last spooling does not count.
        """
        if len(parts) != 2 or not parts[1]:
            return Reply(400, {"error": "use /status/{article id}"})
        article_id = parts[1]
        with self.backend.snapshot() as store:
            if store.lineage(article_id) is not None:
                with self._spill_lock:
                    self._spilled.pop(article_id, None)
                return Reply(200, {"id": article_id, "status": "stored", **_lineage_entry(store, article_id)})
            rejected = store.last_reject(article_id)
            # A text sent without an id or an address is named by its content hash: one already
            # stored under another id was a duplicate of it (POST answers so when it waits).
            twin = (store.ids_with_hash(article_id[2:]) if _DERIVED_FROM_TEXT.fullmatch(article_id)
                    and not self.intake.is_pending(article_id) else [])
            if twin and store.lineage(twin[0]) is not None:
                with self._spill_lock:
                    self._spilled.pop(article_id, None)
                return Reply(200, {"id": article_id, "status": "duplicate", "stored_as": twin[0],
                                   **_lineage_entry(store, twin[0])})
        with self._spill_lock:
            spilled = self._spilled.get(article_id)
        if self.intake.is_pending(article_id):
            return Reply(202, {"id": article_id, "status": "queued"})
        # Its spool file read through (moved to done/ or rejected/): the item was processed, and
        # a dead-letter row for it counts however old (an item rejected again for the same
        # reason keeps its first row).
        read = spilled is not None and not spilled[1].exists()
        spilled_at = spilled[0] if spilled is not None and not read else None
        if rejected is not None and (spilled_at is None or rejected[0] >= spilled_at):
            received_at, reject = rejected
            return Reply(422, {"id": article_id, "status": "rejected",
                               "reason": f"{reject.field}: {reject.reason}", "rejected_at": received_at})
        if spilled_at is not None:
            return Reply(202, {"id": article_id, "status": "queued"})
        return Reply(404, {"id": article_id, "status": "unknown",
                           "error": "neither stored, queued nor rejected; re-send it"})

    # --- reads -------------------------------------------------------------------------------
    def origin_of_id(self, params: dict[str, str]) -> Reply:
        """``GET /origin?id=ID``: the finding of a stored article."""
        article_id = params.get("id")
        if not article_id:
            return Reply(400, {"error": "give ?id=ARTICLE_ID, or POST the article text"})
        with self.backend.snapshot() as store:
            if not store.has_article(article_id):
                return Reply(404, {"error": f"no article {article_id!r}"})
            stored = store.article(article_id)
        assert stored is not None
        record = json.dumps({"id": article_id, "text": stored.text}).encode()
        return Reply(200, self.backend.find_origin(RawItem(f"http:origin:{article_id}", record, "json")))

    def origin_of_body(self, params: dict[str, str], headers: dict[str, str], body: bytes) -> Reply:
        """``POST /origin``: where a text, HTML page or JSON record belongs (nothing is stored)."""
        body = as_utf8(body, headers.get("content-type", ""))
        kind = params.get("kind") or _kind_of(headers.get("content-type", ""), body)
        if kind not in ("json", "text", "html"):
            return Reply(400, {"error": f"kind must be json, text or html, got {kind!r}"})
        if kind == "json":
            body = body.strip().splitlines()[0] if body.strip() else b""
        return Reply(200, self.backend.find_origin(RawItem("http:origin", body, kind)))

    def lineage(self, parts: list[str]) -> Reply:
        """``GET /lineage/{id}``: the family tree (same object as ``tracker lineage --json``)."""
        if len(parts) != 2 or not parts[1]:
            return Reply(400, {"error": "use /lineage/{article id}"})
        article_id = parts[1]
        with self.backend.snapshot() as store:
            edge = store.lineage(article_id)
            if edge is None:
                return Reply(404, {"error": f"no article {article_id!r}"})
            tree = family_json(edge.origin_id, store.family(edge.origin_id))
        return Reply(200, {"article": article_id, "origin": edge.origin_id, "tree": tree})

    def query(self, parts: list[str], params: dict[str, str]) -> Reply:
        """``GET /query/{name}?k=v``: a named read-only query; rows as JSON objects."""
        if len(parts) != 2 or not parts[1]:
            return Reply(400, {"error": "use /query/{name}?param=value"})
        name = parts[1]
        try:
            args = bind(user_query(name), params)  # as tracker query decides and checks
        except InternalQuery as exc:
            return Reply(403, {"error": str(exc)})
        except InvalidParameter as exc:
            return Reply(400, {"error": str(exc), "parameter": exc.parameter})
        try:
            with self.backend.snapshot() as store:
                columns, rows = store.run_query_with_columns(name, dict(args))
                # An id that names no stored article is a typo to name, not "no rows" (as
                # tracker query says it).
                missing = next(((p, str(v)) for p, v in args.items()
                                if p.endswith("_id") and not rows and not store.has_article(str(v))), None)
        except StoreError as exc:
            return Reply(400, {"error": str(exc)})
        if missing is not None:
            return Reply(404, {"error": f"no article {missing[1]!r} ({missing[0]})", "parameter": missing[0]})
        return Reply(200, {"query": name, "columns": columns, "rows": rows})


    def sql(self, params: dict[str, str], headers: dict[str, str], body: bytes) -> Reply:
        """``POST /sql``: one reading statement (the body, as text, or ``{"sql": ...}``) on a
        snapshot; ``{"columns", "rows"}`` with each row a list (names may repeat)."""
        try:
            text = body.decode(_charset(headers.get("content-type", "")) or "utf-8")
        except (LookupError, UnicodeDecodeError) as exc:
            return Reply(400, {"error": f"body: the statement is not text in its charset ({exc})"})
        if "json" in headers.get("content-type", "").lower():
            try:
                given = json.loads(text)
            except ValueError as exc:
                return Reply(400, {"error": f"body: not JSON ({exc}); send the statement as text, "
                                            'or {"sql": "SELECT ..."}'})
            if not isinstance(given, dict) or not isinstance(given.get("sql"), str):
                return Reply(400, {"error": 'body: send {"sql": "SELECT ..."}, or the statement as text'})
            text = given["sql"]
        try:
            timeout = min(SQL_TIMEOUT_S, max(0.001, float(params.get("timeout", SQL_TIMEOUT_S))))
        except ValueError:
            return Reply(400, {"error": f"timeout={params['timeout']!r} is not a number of seconds"})
        try:
            check_read_statement(text)
            with self.backend.snapshot() as store:
                columns, rows = store.run_sql(text, max_rows=SQL_MAX_ROWS, timeout_s=timeout)
        except StoreError as exc:
            if self.backend.health()["status"] == "stopping":
                # Interrupted by the shutdown, not wrong: as every answer while stopping.
                return Reply(503, {"error": "the daemon is stopping; retry once it is back"}, {"Retry-After": "5"})
            return Reply(400, {"error": str(exc)})
        return Reply(200, {"columns": columns, "rows": [list(row) for row in rows]})


#: The id given to a text sent without an id or an address: ``h-`` and its content hash.
_DERIVED_FROM_TEXT = re.compile(r"h-[0-9a-f]{16}")


def _charset(content_type: str) -> str | None:
    found = _CHARSET.search(content_type)
    return found.group(1) if found else None


def _lineage_entry(store: Store, article_id: str) -> dict[str, Any]:
    edge = store.lineage(article_id)
    if edge is None:
        return {}
    return {"origin": edge.origin_id, "parent": edge.parent_id, "relation": edge.relation,
            "lineage_url": f"/lineage/{quote(article_id, safe='')}"}


def _article_id(item: RawItem) -> str | None:
    """The id the pipeline will give the item, or ``None`` if it will reject it.

    A record that names its id is not parsed here (the pipeline parses it once, in the batch;
    text extraction and language detection are the costly part); one without an id is,
    since its id derives from its content.
    """
    if item.kind == "json":
        try:
            record = json.loads(item.payload)
        except (ValueError, RecursionError):
            return None
        given = spelled_our_way(record).get("id") if isinstance(record, dict) else None
        if isinstance(given, str | int | float) and not isinstance(given, bool) and str(given).strip():
            return str(given).strip()[:2000]
    elif item.hint_id:
        return item.hint_id
    parsed = parse_item(item)
    return None if isinstance(parsed, Rejected) else parsed.article_id


#: Content types that say the body is JSON (one object, an array, or JSON lines).
JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines",
              "application/json-seq", "text/json")


def _kind_of(content_type: str, body: bytes) -> str:
    """``html``, ``text`` or ``json`` by the Content-Type; a body sent without a type that says
    what it is (none, or curl's default ``application/x-www-form-urlencoded``) by its first bytes."""
    mime = content_type.split(";")[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime in ("text/plain", "text/markdown"):
        return "text"
    if mime in JSON_TYPES:
        return "json"
    return sniff_kind(body)


def split_body(body: bytes, content_type: str, hint_id: str | None = None) -> list[RawItem]:
    """The records of an intake body.

    ``text/plain`` or ``text/html``: one article (``?id=`` names it). A JSON type: one
    object, an array of objects, or JSONL (one object per line; a malformed line becomes an
    item that the pipeline rejects, so it is reported and kept in the dead-letter table).
    No type, or one that says nothing (curl's default): by the body's first bytes.

    A ``charset`` that the Content-Type declares is honoured (:func:`as_utf8`).

    Raises:
        InvalidArticle: an empty body, or one that is not valid in the charset it declares.
    """
    if not body.strip():
        raise InvalidArticle("body", "is empty; send one JSON record or JSONL lines")
    body = as_utf8(body, content_type)
    kind = _kind_of(content_type, body)
    if kind != "json":
        return [RawItem("http", body, kind, -1, hint_id)]
    try:
        whole = json.loads(body)
    except (ValueError, RecursionError):  # not one JSON value: JSON lines (each read alone)
        whole = None
    if isinstance(whole, list):
        return [RawItem("http", record_bytes(r), "json") for r in whole]
    if whole is not None:
        return [RawItem("http", body.strip(), "json")]  # the record as it was sent
    return [RawItem("http", line.strip(), "json") for line in body.splitlines() if line.strip()]


def as_utf8(body: bytes, content_type: str) -> bytes:
    """The body in UTF-8, decoded from the ``charset`` its Content-Type declares.

    A body that declares UTF-8 or no charset is returned as it is: the pipeline reads it as
    UTF-8 and names the first byte that is not. A name Python does not know as a text encoding
    is accepted for a body that is UTF-8, and named otherwise.

    Raises:
        InvalidArticle: the body is not valid in the charset it declares.
    """
    name = _charset(content_type)
    if name is None:
        return body
    from ingest.html import codec_of, decode_as

    try:
        # As browsers read a declared charset (iso-8859-1 is windows-1252: curly quotes and the
        # euro sign are 0x80-0x9F there), as pages and files are read.
        codec = codec_of(name)
        if codecs.lookup(codec).name == "utf-8":
            return body
        return decode_as(body, codec).encode("utf-8")
    except LookupError:  # unknown, or not a text encoding (base64, zlib...)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidArticle(
                "body", f"declares charset {name[:40]!r}, which is not a text encoding known here, and is "
                f"not UTF-8 either (byte 0x{body[exc.start]:02x} at offset {exc.start}); declare its "
                "real charset, e.g. text/plain; charset=iso-8859-1") from exc
        return body
    except UnicodeDecodeError as exc:
        raise InvalidArticle(
            "body", f"is not valid {name}, the charset its Content-Type declares "
            f"(byte 0x{body[exc.start]:02x} at offset {exc.start})"
        ) from exc
    except (UnicodeError, ValueError) as exc:  # punycode, idna...: not for a body of text
        raise InvalidArticle("body", f"cannot be decoded as {name}, the charset its Content-Type "
                                     f"declares ({' '.join(str(exc).split())[:120]})") from exc


def _as_record(item: RawItem) -> bytes:
    """The item as one JSONL line of the intake record (for the spool). An id the pipeline
    derives is not written in: a given id is stored even when its text is stored already,
    a derived one makes a duplicate (see :func:`spooled_ids` for how it is found again)."""
    if item.kind == "json":
        return item.payload.replace(b"\n", b" ")
    # Bytes that are not UTF-8 travel as escapes ("\\udce9" for 0xe9), which the pipeline
    # rejects as it rejects the bytes themselves: never replaced by U+FFFD and stored.
    text = item.payload.decode("utf-8", "surrogateescape")
    record: dict[str, Any] = {"html" if item.kind == "html" else "text": text}
    if item.hint_id:
        record["id"] = item.hint_id
    return record_bytes(record)


def _ids_file(spool_file: Path) -> Path:
    """Where the ids of a spilled request's records are kept beside it (a hidden file, which
    the spool does not read)."""
    return spool_file.with_name(f".{spool_file.name}.ids")


def spooled_ids(spool: Path) -> dict[str, tuple[datetime, Path]]:
    """Ids of the records the HTTP intake spilled to the spool and the daemon has not read yet
    (``http-*.jsonl`` files waiting there; their ids, given or derived, in the hidden
    ``.NAME.ids`` beside each), with their files' times, at most SPILLED_KEPT: ``GET /status``
    answers them ``queued`` after a restart, not "unknown; re-send it". The ids files of
    spool files read since are removed. Each id comes with the data file that holds it."""
    found: dict[str, tuple[datetime, Path]] = {}
    try:
        kept = list(spool.glob(".http-*.jsonl.ids"))
    except OSError:
        return found
    for ids_file in sorted(kept, key=lambda p: p.name):
        data = ids_file.with_name(ids_file.name[1:-len(".ids")])
        try:
            if not data.is_file():
                ids_file.unlink()  # read through and moved: nothing of it waits
                continue
            at = datetime.fromtimestamp(data.stat().st_mtime, timezone.utc)
            ids = json.loads(ids_file.read_bytes())
        except (OSError, ValueError):
            continue
        for article_id in ids if isinstance(ids, list) else ():
            if isinstance(article_id, str) and len(found) < SPILLED_KEPT:
                found[article_id] = (at, data)
    return found


def _finite(value: Any) -> Any:
    """``value`` with every float that JSON cannot write (NaN, infinities) as ``None``."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        # UTC as "Z", as the intake record and the CLI's tables write it.
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


class Reply:
    """An answer: status, a JSON-able object (or text), extra headers."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}

    def encode(self) -> tuple[bytes, str]:
        """Body bytes and content type."""
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), self.headers.get("Content-Type", "text/plain; charset=utf-8")
        # NaN and infinities (an ad-hoc ratio) are no JSON: null, as the CLI writes them.
        data = json.dumps(_finite(self.body), ensure_ascii=False, default=_json_default).encode("utf-8")
        return data, "application/json"


# --- sockets ---------------------------------------------------------------------------------
class ApiServer(ThreadingHTTPServer):
    """A threading HTTP server that bounds connections and hands requests to an :class:`Api`."""

    daemon_threads = True
    allow_reuse_address = True
    #: Listen backlog: socketserver's default of 5 resets connections when a few dozen clients
    #: connect at once (seen in benchmarks/daemon_load.py with 16 clients on a loaded machine).
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], api: Api, max_connections: int = MAX_CONNECTIONS) -> None:
        self.api = api
        self._slots = threading.BoundedSemaphore(max_connections)
        busy = json.dumps({"error": f"the daemon is busy (connection limit {max_connections} reached); "
                                    f"retry after {BUSY_RETRY_S} s, as the Retry-After header says",
                           "retry_after_s": BUSY_RETRY_S}).encode()
        self._busy = (f"HTTP/1.1 503 Service Unavailable\r\nRetry-After: {BUSY_RETRY_S}\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {len(busy)}\r\n"
                      "Connection: close\r\n\r\n").encode() + busy
        self.active = 0
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Refuse a connection over the limit with a 503 instead of a new thread (the request is
        not read: the answer is written at once, with a short JSON body saying why)."""
        if not self._slots.acquire(blocking=False):
            try:
                request.sendall(self._busy)
                request.shutdown(socket.SHUT_WR)
            except OSError:
                self.shutdown_request(request)
                return
            # Closing with the request unread would reset the connection, and a client still
            # sending its body would see a broken pipe instead of the 503: what it sends is
            # read and dropped for a moment first, off the accepting thread.
            threading.Thread(target=_drain_and_close, args=(request,), daemon=True).start()
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Serve one connection, then free its slot."""
        self.active += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.active -= 1
            self._slots.release()

    def serve_in_thread(self) -> threading.Thread:
        """Start ``serve_forever`` on a daemon thread."""
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                  name="http-api", daemon=True)
        thread.start()
        return thread

    @property
    def port(self) -> int:
        """The bound port (useful after binding port 0)."""
        return int(self.server_address[1])


class _Deadline:
    """Whether a request was read before its deadline: whichever of :meth:`set` (the reading
    ended) and :meth:`expire` (the deadline came) comes first wins, under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: str | None = None

    def set(self) -> bool:
        """The request is read; ``False`` when the deadline came first."""
        with self._lock:
            self._state = self._state or "read"
            return self._state == "read"

    def expire(self) -> bool:
        """The deadline came; ``True`` when the request was not read by then."""
        with self._lock:
            self._state = self._state or "expired"
            return self._state == "expired"


class _Handler(BaseHTTPRequestHandler):
    server: ApiServer
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_S
    server_version = "tracker"
    sys_version = ""
    # Errors raised by http.server itself (a malformed request line or headers) get a status
    # line and a JSON body too, like every other answer.
    default_request_version = "HTTP/1.1"
    error_content_type = "application/json"
    error_message_format = '{"error": "%(code)d %(message)s"}'

    def handle_one_request(self) -> None:
        """Read and answer one request, the reading within :data:`REQUEST_DEADLINE_S`."""
        self._read_done = read = _Deadline()
        timer = threading.Timer(REQUEST_DEADLINE_S, self._expire, (read,))
        timer.daemon = True
        timer.start()
        try:
            super().handle_one_request()
        finally:
            timer.cancel()

    def _expire(self, read: _Deadline) -> None:
        """The client took too long to send its request: drop the connection (unless the
        reading ended meanwhile; a request cut short is then never answered)."""
        if read.expire():
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def do_GET(self) -> None:
        self._serve(b"")

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's name)
        """A GET's status and headers without its body (monitors probe ``HEAD /health``)."""
        if not self._read_done.set():
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._send(self.server.api.handle("GET", self.path, headers, b""))

    def do_POST(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._send(Reply(411, {"error": "send a Content-Length (chunked bodies are not accepted)"}),
                       close=True)
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(Reply(411, {"error": "a Content-Length header is required"}), close=True)
            return
        if length < 0:
            self._send(Reply(400, {"error": f"Content-Length {length} is negative"}), close=True)
            return
        if length > MAX_BODY_BYTES:
            self._send(Reply(413, {"error": f"body of {length} bytes is over the {MAX_BODY_BYTES} byte limit"}),
                       close=True)
            return
        body = _read_exactly(self.rfile, length)
        if body is None:
            # The client stopped sending (or the socket timed out): say so, if it still listens.
            self._send(Reply(400, {"error": f"the body ended before its Content-Length of {length} bytes; "
                                            "nothing was read: re-send it whole"}), close=True)
            return
        if self.headers.get("Content-Type", "").lower().startswith("multipart/"):
            # (Answered once the body is read: a client still sending would see a reset.)
            self._read_done.set()
            self._send(Reply(415, {"error": "multipart/form-data is not read: send the file's bytes as the "
                                            "body (curl --data-binary @FILE), with its own Content-Type"}))
            return
        self._serve(body)

    def do_PUT(self) -> None:
        self._send(Reply(405, {"error": "use GET or POST"}), close=True)

    do_DELETE = do_PATCH = do_PUT

    def _serve(self, body: bytes) -> None:
        if not self._read_done.set():
            return  # the deadline came first: the connection is gone, the request half read
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply = self.server.api.handle(self.command, self.path, headers, body)
        self._send(reply)

    def _send(self, reply: Reply, close: bool = False) -> None:
        data, content_type = reply.encode()
        self.server.api.backend.metrics.inc("tracker_http_requests_total", code=str(reply.status))
        try:
            self.send_response(reply.status, HTTPStatus(reply.status).phrase)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for key, value in reply.headers.items():
                if key != "Content-Type":
                    self.send_header(key, value)
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request lines: the daemon logs batches, and /metrics counts requests."""


#: How long, and how much, a refused connection's request is read and dropped before it is closed.
DRAIN_S = 1.0
DRAIN_BYTES = 2 * MAX_BODY_BYTES


def _drain_and_close(request: socket.socket) -> None:
    try:
        request.settimeout(DRAIN_S)
        deadline = time.monotonic() + DRAIN_S
        left = DRAIN_BYTES
        while left > 0 and time.monotonic() < deadline:
            chunk = request.recv(1 << 16)
            if not chunk:
                break
            left -= len(chunk)
    except OSError:
        pass
    finally:
        request.close()


def _read_exactly(stream: Any, length: int) -> bytes | None:
    chunks: list[bytes] = []
    left = length
    try:
        while left > 0:
            chunk = stream.read(min(left, 1 << 16))
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    return b"".join(chunks)
