"""The daemon's HTTP API as requests and answers: ``(method, path, headers, body) -> Reply``.

Owns the routing, the bearer-token check, intake (``POST /articles``: queue, wait for the
commit, spill to the spool before a 202), ``GET /status``, and the read side (``/origin``,
``/lineage``, ``/query``, ``/sql``) on a snapshot of the store; and :class:`Backend`, what the
API needs from the daemon. It must not touch sockets (:mod:`ingest.http.server` does); how a
body splits into records is :mod:`ingest.http.body`'s, and what a spilled request leaves in
the spool is :mod:`ingest.http.spill`'s.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from ingest.feeds import UnreadEncoding, decompressed
from ingest.http.body import MAX_BODY_BYTES, _article_id, _charset, _kind_of, as_utf8, split_body
from ingest.http.reply import Reply
from ingest.http.spill import SPILLED_KEPT, _as_record, _ids_file, spooled_ids
from ingest.http_intake import HttpIntake, IntakeClosed, IntakeFull, Ticket
from ingest.metrics import Metrics
from ingest.parse import REFUSAL, RawItem
from ingest.spool import write_spool_file
from tracker.errors import InternalQuery, InvalidArticle, InvalidParameter, QueryNotFound, StoreError
from tracker.report import family_json
from tracker.sql import bind, user_query
from tracker.store import Store, check_read_statement

log = logging.getLogger(__name__)

#: Records in one intake request.
MAX_RECORDS = 2_000
#: Longest wait a client may ask for before a 202.
MAX_WAIT_S = 60.0
#: ``POST /sql``: most rows a result may have (a larger one is refused, with how to narrow it),
#: and how long a statement may run (seconds; ``?timeout=`` may ask for less).
SQL_MAX_ROWS = 100_000
SQL_TIMEOUT_S = 120.0


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
            # Log shippers compress what they send: the body is read as it was before.
            try:
                body = decompressed(body, encoding, MAX_BODY_BYTES + 1)
            except UnreadEncoding:
                return self.refuse_body(method, path, headers, 415, f"Content-Encoding {encoding} is not read; send "
                                                           "the body uncompressed, or with gzip, deflate or br", body)
            except ValueError as exc:
                return self.refuse_body(method, path, headers, 400, f"the body {exc}; nothing was read", body)
            if len(body) > MAX_BODY_BYTES:
                return self.refuse_body(method, path, headers, 413, f"body of more than {MAX_BODY_BYTES} bytes once "
                                                           f"decompressed is over the {MAX_BODY_BYTES} byte limit")
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
            return self._refused(400, str(exc), exc.field, body)
        if not items:
            return self._refused(400, "body: holds no record (an empty array); send one JSON record "
                                      "or JSONL lines", "body", body)
        if len(items) > MAX_RECORDS:
            return self._refused(413, f"{len(items)} records in one request; send at most {MAX_RECORDS}", body=body)
        if len(items) > self.intake.capacity:  # it would never fit: 429 forever
            return self._refused(413, f"{len(items)} records in one request, more than the intake queue holds "
                                      f"({self.intake.capacity}, --queue-size); send at most {self.intake.capacity}",
                                 body=body)
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

    def takes_items(self, method: str, target: str, headers: dict[str, str]) -> bool:
        """Whether a request is one the intake takes items from: ``POST /articles``, with the
        token when one is set."""
        to_intake = method == "POST" and (urlsplit(target).path.rstrip("/") or "/") == "/articles"
        return to_intake and (self.token is None or self.authorised(headers.get("authorization", "")))

    def refuse_body(self, method: str, target: str, headers: dict[str, str], code: int, why: str,
                    body: bytes = b"") -> Reply:
        """Answer a request whose body cannot be read (its encoding, its length, a cut stream):
        one the intake takes items from (:meth:`takes_items`) is a refused item and kept as one
        (:meth:`_refused`); any other is answered alone."""
        if self.takes_items(method, target, headers):
            return self._refused(code, why, body=body)
        return Reply(code, {"error": why})

    def _refused(self, code: int, why: str, field: str | None = None, body: bytes = b"") -> Reply:
        """Answer a request whose body is refused whole, and keep the refusal as a dead-letter
        row (``rejects``, field ``body``), as every refused item is: queued for the batch loop,
        the database's one writer, without waiting for it (when the queue is full, the answer
        alone says it)."""
        reason = why.split(": ", 1)[1] if why.startswith("body: ") else why
        # The body as it came (its head, as every dead letter keeps), or the reason alone when
        # none was read: two bodies refused for one reason are two rows.
        refusal = (RawItem("http", body, "refused_body", -1, fields=((REFUSAL, reason),)) if body
                   else RawItem("http", reason.encode("utf-8", "replace"), "refused_body", -1))
        answer: dict[str, Any] = {"error": why, **({"field": field} if field else {})}
        try:
            self.intake.submit([refusal], [None])
            answer["kept"] = "in rejects (GET /query/rejects_recent?limit=10)"
        except (IntakeFull, IntakeClosed):
            pass  # the answer alone says it
        return Reply(code, answer)

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
        elif text.lstrip().startswith("{"):
            # {"sql": ...} sent without a JSON type (curl --data's form type): no statement
            # opens with a brace, so the body is read as the JSON it is.
            try:
                given = json.loads(text)
            except ValueError:
                given = None
            if isinstance(given, dict) and isinstance(given.get("sql"), str):
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


def _lineage_entry(store: Store, article_id: str) -> dict[str, Any]:
    edge = store.lineage(article_id)
    if edge is None:
        return {}
    return {"origin": edge.origin_id, "parent": edge.parent_id, "relation": edge.relation,
            "lineage_url": f"/lineage/{quote(article_id, safe='')}"}
