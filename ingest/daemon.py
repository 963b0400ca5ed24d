"""The streaming ingest daemon: a small loop around a testable step.

:meth:`Daemon.run` calls :meth:`Daemon.run_once` until :meth:`Daemon.request_stop` sets a flag
(signal handlers, for SIGINT, SIGTERM and SIGHUP, do nothing else). ``run_once`` polls every :class:`~ingest.intake.Source`
without blocking, adds what they hand out to the current batch, and flushes a batch that is
full (``daemon.batch_size``) or old enough (``daemon.batch_age_s``, measured on the injected
:class:`~ingest.clock.Clock`).

A flush runs :meth:`ingest.pipeline.Pipeline.process`, which commits the articles and the
intake checkpoint in one transaction and updates the in-memory index only after the commit.
Items of a batch that advance different checkpoints (``stdin``, one spool file...) are
processed as one transaction per checkpoint, so each offset is written with exactly the items
it covers; lineage does not depend on how items are grouped. Only after the commit is a source
told (:meth:`~ingest.intake.Source.commit`), and only then does it acknowledge: the HTTP answer,
the move to ``done/``. A failed batch is rolled back and its sources are told to hand the items
out again (:meth:`~ingest.intake.Source.abort`). An item that makes the pipeline raise is
isolated and dead-lettered; it never stops the loop.

:func:`serve` wires the real thing for ``tracker daemon``: store, pipeline, sources, the HTTP
API, the advert file the CLI finds it by, the banner, signals and an orderly shutdown.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import os
import queue
import signal
import stat
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from ingest.clock import Clock, SystemClock
from ingest.intake import Delivery, Source
from ingest.metrics import Metrics
from ingest.parse import RawItem
from ingest.pipeline import BatchResult, Finding, Pipeline
from tracker import __version__
from tracker.config import TrackerConfig
from tracker.errors import ConfigError, InvalidArticle, StoreError
from tracker.model import Rejected
from tracker.report import finding_json
from tracker.store import Store

#: Longest idle sleep between two polls (seconds): the latency an idle daemon adds.
IDLE_SLEEP_S = 0.02
#: After a failed batch, wait this long before the next one (seconds).
FAILURE_BACKOFF_S = 1.0
#: After a failed batch, while nothing waits to be committed, try a small write this often
#: (seconds): when it commits, the store has recovered and ``/health`` says ``ok`` again.
PROBE_S = 10.0
#: The ``checkpoints`` row that probe writes (its offset: the Unix time of the last probe).
PROBE_KEY = "daemon:probe"
#: A batch's log line names this many of its rejected items, with their reasons.
LOGGED_REJECTS = 5
#: How long a find-origin of a stored article waits for a batch in progress before it is
#: answered from the committed state instead (a new text waits for the batch).
STORED_ANSWER_WAIT_S = 0.2
#: After a source failed to hand out items (a spool folder gone, a disk error), ask it again
#: after this long (seconds); the failure is logged, the daemon goes on.
SOURCE_RETRY_S = 5.0
#: On SIGINT/SIGTERM/SIGHUP, keep processing what sources already hold in memory for at most this
#: long (seconds) after the current batch; what is left is refused (HTTP 503) or, for stdin, lost.
#: Spool files are not read any more: they wait for the next start.
DRAIN_S = 5.0
#: ``/health`` says ``failing`` when the batch loop has not come round for this long (seconds):
#: a batch hung in the store or in the pipeline, which no error tells. A slow batch (a
#: 1.8 MB item took 90 s on this machine) stays well under it.
STALL_S = 300.0

LogFn = Callable[[dict[str, Any]], None]

#: The made-up article the daemon matches once at start-up (see :meth:`Daemon._warm_up`).
WARM_UP_TEXT = (
    "The town council of Merrow approved a budget of 12 million crowns on Monday for repairs to "
    "the harbour wall, the mayor said.\n\nWork on the northern quay will begin in March and is "
    "expected to last two years, according to the harbour authority.\n\nFishing crews said they "
    "had waited a decade for the repairs."
)


class JsonLog:
    """One JSON object per line on a text stream (stderr), with a UTC timestamp; thread-safe.

    A stream that can no longer be written (its reader gone: a log shipper restarted, a
    ``| head``) loses the lines, never the daemon: the log is not what it is there for. The
    lines lost are counted (:attr:`lost`). On a pipe or a socket a reader may also stay but
    stop reading (a stuck log shipper, a blocking container log driver): the lines go to a
    writer thread through a queue of :attr:`PENDING` lines, on a descriptor of their own, so
    the batch loop never waits for the reader; when the queue is full, lines are lost (and
    counted) until the reader reads again.
    """

    #: Lines held for a reader that is slow to read, before new ones are dropped.
    PENDING = 10_000

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.lost = 0
        self._queue: queue.Queue[bytes | None] | None = None
        self._fd = -1
        if _is_pipe(stream):
            stream.flush()
            self._fd = os.dup(stream.fileno())
            self._queue = queue.Queue(self.PENDING)
            self._writer = threading.Thread(target=self._drain, name="log-writer", daemon=True)
            self._writer.start()

    def __call__(self, event: dict[str, Any]) -> None:
        self.text(json.dumps({"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), **event},
                             default=str) + "\n")

    def text(self, text: str) -> None:
        """Write ``text`` as it is (lines for a person: the start-up banner), in its turn."""
        if self._queue is not None:
            try:
                self._queue.put_nowait(text.encode("utf-8", "backslashreplace"))
            except queue.Full:
                with self._lock:
                    self.lost += 1
            return
        if self._fd == -2:  # closed
            with self._lock:
                self.lost += 1
            return
        with self._lock:
            try:
                self._stream.write(text)
                self._stream.flush()
            except (OSError, ValueError):  # a broken pipe, a closed stream
                self.lost += 1

    def _drain(self) -> None:
        waiting, fd = self._queue, self._fd
        assert waiting is not None
        while (data := waiting.get()) is not None:
            try:
                while data:
                    data = data[os.write(fd, data):]
            except OSError:  # the reader gone
                with self._lock:
                    self.lost += 1

    def close(self, timeout_s: float = 2.0) -> None:
        """Write the lines that wait, for at most ``timeout_s`` (a reader that reads no more
        is not waited for: the writer thread is a daemon thread)."""
        if self._queue is None:
            return
        waiting, self._queue = self._queue, None  # later lines are counted lost
        self._fd, fd = -2, self._fd
        try:
            waiting.put(None, timeout=timeout_s)
        except queue.Full:
            return
        self._writer.join(timeout_s)
        if not self._writer.is_alive():
            os.close(fd)


def _is_pipe(stream: TextIO) -> bool:
    """The stream is a pipe or a socket (its reader may stall), not a terminal or a file."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (AttributeError, OSError, ValueError):  # io.StringIO, a closed stream
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


class Daemon:
    """The batch loop over a store, its pipeline and the intake sources.

    Args:
        store: the database, open read-write (the daemon is its single writer).
        config: the configuration (``daemon.batch_size``, ``daemon.batch_age_s``).
        sources: where items come from; polled round-robin.
        clock: time for batching; :class:`~ingest.clock.SystemClock` by default.
        metrics: counters for ``/metrics``; a fresh :class:`~ingest.metrics.Metrics` by default.
        log: structured log sink (one dict per event); discarded by default.
        pipeline: an existing pipeline; by default one is built (index rebuilt from the store)
            by :meth:`start`, which the first ``run_once`` calls.
        drain_s: the shutdown drain budget.
    """

    def __init__(
        self, store: Store, config: TrackerConfig, sources: Sequence[Source],
        clock: Clock | None = None, metrics: Metrics | None = None, log: LogFn | None = None,
        pipeline: Pipeline | None = None, drain_s: float = DRAIN_S,
    ) -> None:
        self.store = store
        self.config = config
        self.sources = list(sources)
        self.clock: Clock = clock or SystemClock()
        self.metrics = metrics or Metrics()
        self.log: LogFn = log or (lambda event: None)
        self.pipeline = pipeline
        self.drain_s = drain_s
        self.batch_size = config.daemon.batch_size
        self.batch_age_s = config.daemon.batch_age_s
        self.lock = threading.Lock()
        self.ready = threading.Event()
        self._ended: set[int] = set()  # sources that said they have no more (stdin at its end)
        if pipeline is not None:
            self.ready.set()
        self._stop = threading.Event()
        self._batch: list[Delivery] = []
        #: Items of the batch being processed now (``/health``'s ``in_batch``; ``queue`` counts
        #: the open batch, still taking items).
        self._processing = 0
        self._oldest: float | None = None
        self._turn = 0
        self.batches = 0
        self._turned: float | None = None  # when the loop of run() last came round
        #: Batches failed in a row (0 after a commit), and the last failure's error.
        self.failures = 0
        self.last_error: str | None = None
        self._retry_at: dict[int, float] = {}  # id(source) -> when to poll it again
        self._probe_at = 0.0  # when an idle daemon that failed to commit tries a write again
        self.started_at = time.time()
        self.metrics.gauge("tracker_intake_queue_depth",
                           "Items held in memory by the intake sources, plus the open batch.", self.queue_depth)
        self.metrics.gauge("tracker_intake_waiting_files",
                           "Files waiting in the spool, not yet read through.", lambda: float(self.waiting()))
        self.metrics.gauge("tracker_batches_failed_in_a_row",
                           "Batches that failed to commit since the last one that did.", lambda: float(self.failures))
        if isinstance(self.log, JsonLog):
            sink = self.log
            self.metrics.gauge("tracker_log_lines_lost",
                               "Log lines that could not be written (the log's reader gone).", lambda: float(sink.lost))
        self.metrics.gauge("tracker_sources_failing",
                           "Intake sources that cannot be read now (see /health source_errors).",
                           lambda: float(len(self.source_errors())))

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Build the pipeline (rebuilding the LSH index from stored signatures) if needed, and
        warm it up: ``/health`` says ``starting`` until then. The database is closed to files
        first: clients' SQL statements must not read the daemon account's files."""
        self.store.close_to_files()
        if self.pipeline is None:
            began = time.perf_counter()
            self.pipeline = Pipeline(self.store, self.config)
            self.log({"event": "index_rebuilt", "seconds": round(time.perf_counter() - began, 3)})
            self._warm_up()
        self.ready.set()

    def _warm_up(self) -> None:
        """Match one made-up article (nothing is stored), so that the compiled loops are built
        (and read from their disk cache) before the first client waits on them: on a fresh
        install that took the first batch about 10 s, while ``/health`` said ``ok``."""
        assert self.pipeline is not None
        began = time.perf_counter()
        try:
            self.pipeline.find(RawItem("warm-up", WARM_UP_TEXT.encode(), "text"))
        except Exception as exc:  # noqa: BLE001 (a warm-up is an optimisation, never a failure)
            self.log({"event": "warm_up_failed", "error": _describe(exc)})
            return
        self.log({"event": "warmed_up", "seconds": round(time.perf_counter() - began, 3)})

    def request_stop(self) -> None:
        """Ask the loop to stop after the current batch (safe from a signal handler)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        """True once a stop was requested."""
        return self._stop.is_set()

    def run(self) -> int:
        """Loop until stopped, then finish the batch, drain briefly and close the sources.

        Returns:
            The exit status (0).
        """
        self.start()
        while not self._stop.is_set():
            self._turned = time.monotonic()
            if self.run_once() == 0:
                self.clock.sleep(self._idle_wait())
        self.shutdown()
        return 0

    def run_once(self) -> int:
        """One step: poll the sources, then flush the batch if it is full or old enough.

        Returns:
            How many items were taken in.
        """
        if not self.ready.is_set():
            self.start()
        taken = self._fill()
        if self._due():
            self.flush()
        elif not taken and not self._batch and self.failures:
            self._probe()
        return taken

    def _probe(self) -> None:
        """After failed batches, with nothing to commit: try a small write (the ``daemon:probe``
        row of ``checkpoints``) every ``PROBE_S``, so that an idle daemon whose store recovered
        (space freed on a full disk) does not say ``failing`` until the next item arrives."""
        if self.clock.now() < self._probe_at:
            return
        self._probe_at = self.clock.now() + PROBE_S
        try:
            with self.lock, self.store.transaction():
                self.store.set_checkpoint(PROBE_KEY, int(time.time()))
        except Exception as exc:  # noqa: BLE001 (the store still fails: /health says so already)
            error = _describe(exc)
            if error != self.last_error:
                self.log({"event": "probe_failed", "error": error, "action": f"trying again in {PROBE_S:g} s"})
            self.last_error = error
            return
        self.log({"event": "recovered", "failed_in_a_row": self.failures,
                  "action": "a test write committed; /health says ok"})
        self.failures = 0
        self.last_error = None

    def shutdown(self) -> None:
        """Take nothing new; commit the open batch and what sources hold (within ``drain_s``); close."""
        for source in self.sources:
            source.stop_intake()
        self.flush()
        deadline = self.clock.now() + self.drain_s
        while self.clock.now() < deadline:
            if self._fill() == 0 and not self._batch:
                break
            self.flush()
        self.flush()
        left: Counter[str] = Counter()
        for source in self.sources:
            try:
                left[source.name] += source.unprocessed()
            except Exception as exc:  # noqa: BLE001 (counting is for the log line only)
                self.log({"event": "source_error", "source": source.name, "error": _describe(exc)})
        for source in self.sources:
            try:
                source.close()
            except Exception as exc:  # noqa: BLE001
                self.log({"event": "source_error", "source": source.name, "error": _describe(exc)})
        self.log({"event": "stopped", "batches": self.batches, "left_unprocessed": left.total(),
                  "left_by_source": {name: n for name, n in left.items() if n}})

    # --- batching ----------------------------------------------------------------------------
    def _fill(self) -> int:
        taken = 0
        count = len(self.sources)
        for step in range(count):
            room = self.batch_size - len(self._batch)
            if room <= 0:
                break
            source = self.sources[(self._turn + step) % count]
            if self._retry_at.get(id(source), float("-inf")) > self.clock.now():
                continue
            try:
                got = source.poll(room)
            except Exception as exc:  # noqa: BLE001 (one source's failure must not stop the others)
                self._retry_at[id(source)] = self.clock.now() + SOURCE_RETRY_S
                self.log({"event": "source_error", "source": source.name, "error": _describe(exc),
                          "action": f"retrying in {SOURCE_RETRY_S:g} s"})
                continue
            if getattr(source, "eof", False) and id(source) not in self._ended:
                # Standard input closed (the producer finished): said once; the rest goes on.
                self._ended.add(id(source))
                self.log({"event": "source_ended", "source": source.name,
                          "action": "its lines read are committed with their batch; "
                                    + ("the other sources go on" if count > 1 else "still serving queries")})
            if got:
                self.metrics.inc("tracker_intake_items_total", len(got), source=source.name)
                if self._oldest is None:
                    self._oldest = self.clock.now()
                self._batch.extend(got)
                taken += len(got)
        self._turn = (self._turn + 1) % max(count, 1)
        return taken

    def _due(self) -> bool:
        if not self._batch:
            return False
        assert self._oldest is not None
        return len(self._batch) >= self.batch_size or self.clock.now() - self._oldest >= self.batch_age_s

    def _idle_wait(self) -> float:
        if not self._batch or self._oldest is None:
            return IDLE_SLEEP_S
        return max(0.0, min(IDLE_SLEEP_S, self._oldest + self.batch_age_s - self.clock.now()))

    def queue_depth(self) -> float:
        """Items waiting in memory: in the sources and in the open batch."""
        return float(sum(s.depth() for s in self.sources) + len(self._batch))

    def flush(self) -> BatchResult | None:
        """Process the open batch now: one transaction per checkpoint it advances.

        Returns:
            The merged result, or ``None`` when the batch was empty.
        """
        self._processing = len(self._batch)  # before the batch leaves the queue's count
        batch, self._batch, self._oldest = self._batch, [], None
        if not batch:
            return None
        try:
            return self._flush(batch)
        finally:
            self._processing = 0

    def _flush(self, batch: list[Delivery]) -> BatchResult:
        began = time.perf_counter()
        groups: dict[str | None, list[Delivery]] = {}
        for delivery in batch:
            groups.setdefault(delivery.checkpoint, []).append(delivery)
        total = BatchResult()
        error: str | None = None
        for key, group in groups.items():
            if error is not None:
                self._tell(group, None, error)
                continue
            try:
                result = self._process(group, key)
            except StoreError as exc:
                error = str(exc)
                self._tell(group, None, error)
                continue
            self._tell(group, result, None)
            total.merge(result)
        seconds = time.perf_counter() - began
        self._account(batch, total, seconds, error)
        if error is not None:
            self.clock.sleep(FAILURE_BACKOFF_S)
        return total

    def _process(self, group: Sequence[Delivery], key: str | None) -> BatchResult:
        assert self.pipeline is not None
        checkpoint = (key, max(d.item.offset for d in group)) if key is not None else None
        with self.lock:
            # A bug met on one item costs that item only (dead-lettered as "internal").
            return self.pipeline.process_or_isolate([d.item for d in group], checkpoint, self.log)

    def _tell(self, group: Sequence[Delivery], result: BatchResult | None, error: str | None) -> None:
        by_source: dict[int, tuple[Source, list[Delivery]]] = {}
        for delivery in group:
            by_source.setdefault(id(delivery.source), (delivery.source, []))[1].append(delivery)
        for source, deliveries in by_source.values():
            try:
                if result is not None:
                    source.commit(deliveries, result)
                else:
                    source.abort(deliveries, error or "batch failed")
            except Exception as exc:  # noqa: BLE001 (the batch is committed, or rolled back, either way)
                self.log({"event": "source_error", "source": source.name, "error": _describe(exc),
                          "action": "committed" if result is not None else "rolled back"})

    def _account(self, batch: Sequence[Delivery], result: BatchResult, seconds: float, error: str | None) -> None:
        linked = sum(1 for a in result.accepted
                     if a in result.lineage and result.lineage[a].parent_id is not None)
        if error is None:
            self.batches += 1
            self.failures = 0
            self.metrics.inc("tracker_batches_total")
        else:
            self.failures += 1
            self.last_error = error
            self.metrics.inc("tracker_batch_failures_total")
        self.metrics.inc("tracker_articles_ingested_total", len(result.accepted))
        self.metrics.inc("tracker_articles_duplicate_total", len(result.duplicates))
        self.metrics.inc("tracker_articles_rejected_total", len(result.rejected))
        self.metrics.inc("tracker_articles_relinked_total", len(result.relinked))
        self.metrics.observe_batch(seconds)
        event: dict[str, Any] = {
            "event": "batch" if error is None else "batch_failed", "items": len(batch),
            "stored": len(result.accepted), "duplicates": len(result.duplicates),
            "rejected": len(result.rejected), "linked": linked, "pairs": len(result.pairs),
            "seconds": round(seconds, 4), "queue": int(self.queue_depth()),
            "sources": dict(Counter(d.source.name for d in batch)),
        }
        if result.relinked:  # stored articles whose family a new one joined or bridged
            event["relinked"] = len(result.relinked)
            event["relinked_ids"] = result.relinked[:LOGGED_REJECTS]
        if result.rejected:  # what was wrong, for the journal (all of them: tracker rejects)
            event["rejects"] = [f"{r.origin}: {r.field}: {r.reason}"[:300] for r in result.rejected[:LOGGED_REJECTS]]
        if error is not None:
            event["error"] = error
        self.log(event)

    # --- what the HTTP API asks ----------------------------------------------------------------
    def find_origin(self, item: RawItem) -> dict[str, Any]:
        """``find-origin --json`` of an item, against the committed state (nothing is written).

        Raises:
            InvalidArticle: the item cannot be used.
            StoreError: the pipeline is not ready yet (index still rebuilding).
        """
        if not self.ready.wait(30):
            raise StoreError("the daemon is still rebuilding its index; try again shortly")
        assert self.pipeline is not None
        if not self.lock.acquire(timeout=STORED_ANSWER_WAIT_S):
            # A batch holds the index: a stored article is answered from the committed state
            # (without the candidates its verification refused); a new text waits for the batch.
            with self.snapshot() as view:
                found = Pipeline(view, self.config, indexed=False).stored_finding(item)
                if found is not None:
                    return self._finding_json(found, view)
            self.lock.acquire()
        try:
            return self._finding_json(self.pipeline.find(item), self.store)
        finally:
            self.lock.release()

    @staticmethod
    def _finding_json(found: Finding | Rejected, store: Store) -> dict[str, Any]:
        if isinstance(found, Rejected):
            raise InvalidArticle(found.field, found.reason)
        edge = found.edge
        origin = store.article(edge.origin_id) if edge.parent_id else None
        parent = store.article(edge.parent_id) if edge.parent_id else None
        return finding_json(found.article, found.stored, edge, origin, parent,
                            found.path, found.matches, found.evidence, found.refused, found.note)

    def snapshot(self) -> Any:
        """A read-only view of committed data (one cursor, rolled back at the end)."""
        return self.store.snapshot()

    def health(self) -> dict[str, Any]:
        """The ``/health`` object: ``status`` is ``failing`` while batches fail to commit (the
        last error is ``last_error``) or the batch loop has not come round for :data:`STALL_S`
        (``stalled_s``), ``degraded`` while a source cannot be read (each with why in
        ``source_errors``), ``queue`` counts items in memory (the open batch too), ``in_batch``
        those of the batch being processed, and ``waiting`` what sources hold on disk (spool
        files not yet read through)."""
        broken = self.source_errors()
        stalled = self.stalled_s()
        status = ("stopping" if self.stopping else "starting" if not self.ready.is_set()
                  else "failing" if self.failures or stalled else "degraded" if broken else "ok")
        found: dict[str, Any] = {
            "status": status, "pid": os.getpid(), "db": os.path.abspath(self.store.path), "version": __version__,
            "uptime_s": round(time.time() - self.started_at, 1), "batches": self.batches,
            "failed_in_a_row": self.failures, "queue": int(self.queue_depth()),
            "in_batch": self._processing,
            "waiting": self.waiting(), "sources": [s.describe() for s in self.sources],
        }
        if self.failures:
            found["last_error"] = self.last_error
        if stalled:
            found["stalled_s"] = round(stalled, 1)
            found["last_error"] = (f"the batch loop has not come round for {stalled:.0f} s (over {STALL_S:g} s): "
                                   "a batch is hung in the store or the pipeline")
        if broken:
            found["source_errors"] = broken
        return found

    def stalled_s(self) -> float:
        """Seconds the loop of :meth:`run` has not come round, when over :data:`STALL_S` (0 when
        it turns, and when no loop runs: a caller that steps with :meth:`run_once`)."""
        if self._turned is None or self._stop.is_set():
            return 0.0
        since = time.monotonic() - self._turned
        return since if since > STALL_S else 0.0

    def source_errors(self) -> dict[str, str]:
        """Sources that cannot be read now, with why (the spool folder replaced by a file), by
        name: ``spool``, ``stdin``, and each feed by its address (``feed https://...``)."""
        found = {}
        for source in self.sources:
            error = getattr(source, "error", lambda: None)()
            if error:
                url = getattr(source, "url", None)
                found[f"{source.name} {url}" if url else source.name] = error
        return found

    def waiting(self) -> int:
        """Items or files the sources hold outside memory (spool files waiting to be read)."""
        return sum(getattr(s, "waiting", lambda: 0)() for s in self.sources)


def _describe(exc: BaseException) -> str:
    """An exception for a log line: its type and message."""
    return f"{type(exc).__name__}: {exc}"


# --- the real thing --------------------------------------------------------------------------
@dataclass(frozen=True)
class DaemonOptions:
    """What ``tracker daemon`` was asked to do.

    Attributes:
        listen: ``host:port`` of the HTTP API (port 0 picks a free one).
        spool: the spool directory; ``<db>.spool`` when not given (the HTTP intake also
            writes not-yet-committed requests there before answering 202).
        stdin: read JSONL from standard input.
        feeds: feed URLs to poll.
        feed_interval_s: seconds between two polls of a feed.
        follow_links: fetch each feed entry's page.
        token: bearer token required on every request (``None``: loopback only, no token).
        token_file: where the token came from (advertised, so the CLI can read it).
        token_env: the environment variable it came from (advertised by name only).
        wait_s: how long ``POST /articles`` waits for its batch before a 202.
        queue_size: capacity of the HTTP intake queue (items).
    """

    listen: str
    spool: Path | None = None
    stdin: bool = False
    feeds: tuple[str, ...] = ()
    feed_interval_s: float = 300.0
    follow_links: bool = False
    token: str | None = None
    token_file: str | None = None
    token_env: str | None = None
    wait_s: float = 10.0
    queue_size: int = 4096


def parse_listen(value: str) -> tuple[str, int]:
    """``host:port`` (``[v6]:port`` for IPv6) -> ``(host, port)``.

    Raises:
        ConfigError: malformed value or port out of range.
    """
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigError(f"--listen must be HOST:PORT with a port in [0, 65535], got {value!r}")
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and addresses in 127.0.0.0/8 or ``::1``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextmanager
def _signals(daemon: Daemon) -> Iterator[None]:
    def handler(signum: int, frame: Any) -> None:
        daemon.request_stop()

    # A hang-up (the terminal or ssh session closed) stops the daemon as SIGTERM does: the
    # open batch is committed and the advert removed, rather than the process killed outright;
    # unless the daemon was started to ignore it (nohup).
    signals = [signal.SIGINT, signal.SIGTERM]
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signals.append(signal.SIGHUP)
    previous = {sig: signal.signal(sig, handler) for sig in signals}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def serve(config: TrackerConfig, options: DaemonOptions, stdin: BinaryIO | None = None,
          err: TextIO | None = None) -> int:
    """Run ``tracker daemon`` in the foreground until SIGINT, SIGTERM or SIGHUP.

    Args:
        config: the configuration (database path, batching).
        options: intake and HTTP options.
        stdin: the stream for ``--stdin`` (``sys.stdin.buffer`` by default).
        err: where the banner and the JSON log lines go (``sys.stderr`` by default).

    Returns:
        The exit status: 0 after an orderly stop.

    Raises:
        ConfigError: bad options (a non-loopback address without a token, a busy port...).
        DatabaseLocked: another process holds the database.
    """
    from ingest.feed_source import FeedSource
    from ingest.http import Api, ApiServer
    from ingest.http_intake import HttpIntake
    from ingest.spool import SETTLE_S, SpoolSource
    from ingest.stdin_source import StdinSource
    from tracker.client import advert_path, remove_advert, write_advert

    err = err or sys.stderr
    host, port = parse_listen(options.listen)
    if not is_loopback(host) and not options.token:
        raise ConfigError(
            f"listening on {host} (not loopback) needs a bearer token: set TRACKER_TOKEN or pass "
            "--token-file FILE (never the token itself on the command line)"
        )
    db = config.store.path
    if db == ":memory:":
        raise ConfigError("the daemon needs a database file (--db PATH), not :memory:")
    began = time.perf_counter()
    if not os.path.exists(db):
        _check_port(host, port)  # a busy port leaves no new, empty database behind
    spool_dir = options.spool or Path(os.path.abspath(db) + ".spool")
    # A spool that another daemon reads leaves no new database behind either; an existing
    # database's own spool is held after the database (whose lock names the other daemon).
    spool_made = not spool_dir.exists()
    spool_lock = _lock_spool(spool_dir) if options.spool or not os.path.exists(db) else -1
    try:
        store = Store(db)
    except BaseException:
        if spool_lock >= 0:
            os.close(spool_lock)
            if spool_made:  # a start refused (the database held by another daemon) leaves no folder
                (spool_dir / ".daemon.lock").unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    spool_dir.rmdir()
        raise
    if spool_lock < 0:
        try:
            spool_lock = _lock_spool(spool_dir)
        except ConfigError:
            store.close()
            raise
    store.close_to_files()  # before the API listens: no client statement ever reads a file
    store.warm_read_cursors()  # reads then never wait for the batch in progress
    clock = SystemClock()
    metrics = Metrics()
    intake = HttpIntake(options.queue_size)
    log = JsonLog(err)  # its writer thread and descriptor: closed on every way out from here
    try:
        spool = SpoolSource(spool_dir, clock, store.checkpoint, log=log, settle_s=SETTLE_S,
                            stored=lambda ids: store.existing(ids))
    except OSError as exc:
        store.close()
        os.close(spool_lock)
        log.close()
        from tracker.store.connection import folder_problem

        raise ConfigError(f"cannot use the spool folder {spool_dir}: {folder_problem(str(spool_dir), exc)} "
                          "(give a writable one with --spool DIR)") from exc
    sources: list[Source] = [intake, spool]
    if options.stdin:
        # Our own reader over a duplicate of fd 0: the reader thread may still be blocked in
        # read() at exit, and sys.stdin's buffer lock would then abort interpreter shutdown.
        sources.append(StdinSource(stdin or os.fdopen(os.dup(sys.stdin.fileno()), "rb")))
    for url in options.feeds:
        sources.append(FeedSource(url, clock, options.feed_interval_s, options.follow_links, log=log))
    daemon = Daemon(store, config, sources, clock, metrics, log)
    api = Api(daemon, intake, options.token, spool_dir, options.wait_s)
    try:
        server = ApiServer((host, port), api)
    except OSError as exc:
        for source in sources:
            source.close()
        store.close()
        os.close(spool_lock)
        log.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server.serve_in_thread()
    pid = os.getpid()
    try:
        write_advert(db, {"pid": pid, "host": host, "port": server.port, "token_file": options.token_file,
                          "token_env": options.token_env, "version": __version__})
    except OSError as exc:
        server.shutdown()
        server.server_close()
        for source in sources:
            source.close()
        store.close()
        os.close(spool_lock)
        log.close()
        raise ConfigError(f"cannot write {advert_path(db)}, which tells other commands where the daemon "
                          f"listens: {exc.strerror or exc} (the database's folder must be writable)") from exc
    url = f"http://{host}:{server.port}"
    try:
        with _signals(daemon):
            daemon.start()
            articles = store.stats()["articles"]
            _banner(log, db, articles, time.perf_counter() - began, sources, url, options, config)
            log({"event": "start", "pid": pid, "db": os.path.abspath(db), "listen": url,
                 "sources": [s.describe() for s in sources]})
            status = daemon.run()
    finally:
        _wait_for_answers(server, 3.0)
        server.shutdown()
        server.server_close()
        remove_advert(db, pid)
        store.close()
        log.close()
        os.close(spool_lock)
    return status


def _lock_spool(spool_dir: Path) -> int:
    """Hold the spool folder for this daemon (a lock file inside it, ``.daemon.lock``, which
    the spool does not read): two daemons reading one spool would each take files the other
    had acknowledged. Released when the process ends, however it ends.

    Raises:
        ConfigError: another process holds it.
    """
    import fcntl

    try:
        spool_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(spool_dir / ".daemon.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        from tracker.store.connection import folder_problem

        raise ConfigError(f"cannot use the spool folder {spool_dir}: {folder_problem(str(spool_dir), exc)} "
                          "(give a writable one with --spool DIR)") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            # ENOLCK, EINVAL: a file system that keeps no locks (some NFS or FUSE mounts).
            os.close(fd)
            raise ConfigError(f"cannot lock {spool_dir / '.daemon.lock'}: {exc.strerror or exc} (the file "
                              "system of the spool folder keeps no locks); give a local folder with "
                              "--spool DIR") from exc
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        by = f"process {holder}" if holder.isdigit() else "another process"
        raise ConfigError(f"the spool folder {spool_dir} is in use by another daemon ({by} holds its lock "
                          f"{spool_dir / '.daemon.lock'}): give this one its own with --spool DIR") from exc
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # who holds it, for the next one refused
    return fd


def _check_port(host: str, port: int) -> None:
    """Refuse a busy port before anything is created (the daemon's own bind comes later).

    Raises:
        ConfigError: the address cannot be listened on.
    """
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def _wait_for_answers(server: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while server.active and time.monotonic() < deadline:
        time.sleep(0.05)


def _banner(log: JsonLog, db: str, articles: int, seconds: float, sources: Sequence[Source], url: str,
            options: DaemonOptions, config: TrackerConfig) -> None:
    """The start-up lines for a person, through the log's writer (on a pipe a reader that
    reads nothing must not hold the start either)."""
    auth = "bearer token required" if options.token else "no token: loopback only"
    lines = [
        f"tracker daemon {__version__} (pid {os.getpid()})",
        f"  database  {os.path.abspath(db)} ({articles} articles; ready in {seconds:.1f} s)",
        *[f"  intake    {s.describe()}" for s in sources],
        f"  http      {url}  ({auth})",
        ("            POST /articles · GET|POST /origin · GET /lineage/ID · GET /query/NAME · "
         "POST /sql · /status/ID · /health · /metrics"),
        (f"  batches   {config.daemon.batch_size} items or {config.daemon.batch_age_s:g} s; "
         "SIGINT/SIGTERM/SIGHUP finishes the batch and exits"),
    ]
    log.text("\n".join(lines) + "\n")
