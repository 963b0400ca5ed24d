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
  also, for any request, when :data:`~ingest.http.server.MAX_CONNECTIONS` connections are
  already being served (a JSON body says the daemon is busy).

Re-sending after any non-2xx answer is safe: an article already stored is a duplicate.

Read side: ``GET /origin?id=ID`` or ``POST /origin`` (a text, HTML or JSON body),
``GET /lineage/{id}``, ``GET /query/{name}?param=value`` (named read-only queries from
``queries/``), ``POST /sql`` (one reading statement: ``tracker sql`` while the daemon holds the
file; the daemon's database reads no files, see :meth:`tracker.store.Store.close_to_files`),
``GET /status/{id}``, ``GET /health``, ``GET /metrics`` (Prometheus text).
Reads use one DuckDB cursor per request (:meth:`tracker.store.Store.snapshot`), so they see
committed data and never wait for the batch being computed.

Limits: bodies up to :data:`~ingest.http.body.MAX_BODY_BYTES`, socket timeouts of
:data:`~ingest.http.server.SOCKET_TIMEOUT_S`, at most
:data:`~ingest.http.server.MAX_CONNECTIONS` connections at once. When a bearer token is
configured (required for any address other than loopback) every request must carry it.

The package's modules: :mod:`~ingest.http.api` answers requests (routing, intake, status, the
read side), :mod:`~ingest.http.server` holds the sockets and the limits,
:mod:`~ingest.http.body` reads request bodies, :mod:`~ingest.http.spill` is what a 202 leaves
in the spool, :mod:`~ingest.http.reply` an answer and its JSON. This module only names what
the daemon and the tests use.
"""

from __future__ import annotations

from ingest.http.api import Api, Backend
from ingest.http.body import as_utf8, split_body
from ingest.http.reply import Reply
from ingest.http.server import ApiServer
from ingest.http.spill import spooled_ids

__all__ = ["Api", "ApiServer", "Backend", "Reply", "as_utf8", "spooled_ids", "split_body"]
