"""ingest.daemon: run_once() stepped with a fake clock and an in-memory source; batching by size
and age, checkpoints in the batch transaction, acknowledgement after commit, failures, stop."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from ingest import daemon as daemon_module
from ingest.clock import FakeClock, SystemClock
from ingest.daemon import Daemon, JsonLog, is_loopback, parse_listen
from ingest.intake import Delivery, Outcome, outcome_of
from ingest.parse import RawItem
from ingest.pipeline import BatchResult, Pipeline
from tracker.config import TrackerConfig
from tracker.errors import ConfigError, StoreError
from tracker.store import Store


class FakeSource:
    """An in-memory source: items handed out in order, with what the daemon told it."""

    def __init__(self, items: Sequence[RawItem], name: str = "fake", checkpoint: str | None = None,
                 on_empty: Callable[[], None] | None = None) -> None:
        self.name = name
        self.items = list(items)
        self.checkpoint = checkpoint
        self.on_empty = on_empty
        self.committed: list[tuple[Delivery, Outcome]] = []
        self.aborted: list[Delivery] = []
        self.stopped = False
        self.closed = False

    def add(self, *items: RawItem) -> None:
        self.items.extend(items)

    def poll(self, limit: int) -> list[Delivery]:
        if self.stopped and not self.items:
            return []
        taken, self.items = self.items[:limit], self.items[limit:]
        if not taken and self.on_empty:
            self.on_empty()
        return [Delivery(i, self, self.checkpoint) for i in taken]

    def commit(self, deliveries: Sequence[Delivery], result: BatchResult) -> None:
        self.committed += [(d, outcome_of(d.item, None, result)) for d in deliveries]

    def abort(self, deliveries: Sequence[Delivery], error: str) -> None:
        self.aborted += deliveries
        self.items = [d.item for d in deliveries] + self.items

    def stop_intake(self) -> None:
        self.stopped = True

    def close(self) -> None:
        self.closed = True

    def depth(self) -> int:
        return len(self.items)

    def unprocessed(self) -> int:
        return len(self.items)

    def describe(self) -> str:
        return f"fake {self.name}"


def record_items(records: Sequence[dict[str, Any]], prefix: str = "fake") -> list[RawItem]:
    items, offset = [], 0
    for n, record in enumerate(records):
        line = json.dumps(record).encode()
        offset += len(line) + 1
        items.append(RawItem(f"{prefix}:{n}", line, "json", offset))
    return items


@pytest.fixture
def small(config: TrackerConfig) -> TrackerConfig:
    return dataclasses.replace(config, daemon=dataclasses.replace(config.daemon, batch_size=3, batch_age_s=1.0))


@pytest.fixture
def mem_store() -> Iterator[Store]:
    with Store(":memory:") as store:
        yield store


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


def test_batches_by_size_then_by_age(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                     example_records: list[dict[str, Any]]) -> None:
    source = FakeSource(record_items(example_records[:7]))
    daemon = Daemon(mem_store, small, [source], fake_clock)
    assert daemon.run_once() == 3
    assert mem_store.stats()["articles"] == 3, "a full batch is flushed at once"
    assert daemon.run_once() == 3
    assert daemon.run_once() == 1
    assert mem_store.stats()["articles"] == 6, "one item, not old enough: still waiting"
    fake_clock.advance(0.5)
    daemon.run_once()
    assert mem_store.stats()["articles"] == 6
    fake_clock.advance(0.5)
    assert daemon.run_once() == 0
    assert mem_store.stats()["articles"] == 7, "the batch is flushed once its oldest item waited batch_age_s"
    assert daemon.batches == 3
    assert [o.status for _, o in source.committed] == ["stored"] * 7


def test_checkpoint_is_written_with_the_batch(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                              example_records: list[dict[str, Any]]) -> None:
    items = record_items(example_records[:4])
    stdin = FakeSource(items, "stdin", checkpoint="stdin")
    other = FakeSource(record_items(example_records[4:6], "http"), "http")
    daemon = Daemon(mem_store, small, [stdin, other], fake_clock)
    daemon.run_once()
    assert mem_store.checkpoint("stdin") == items[2].offset
    fake_clock.advance(1.0)
    daemon.run_once()
    daemon.run_once()
    daemon.flush()
    assert mem_store.checkpoint("stdin") == items[3].offset
    assert mem_store.stats()["articles"] == 6


def test_the_end_of_standard_input_is_logged_once_and_the_daemon_goes_on(
        small: TrackerConfig, mem_store: Store, fake_clock: FakeClock, example_records: list[dict[str, Any]]) -> None:
    from ingest.stdin_source import StdinSource

    stdin = StdinSource(io.BytesIO(b"".join(json.dumps(r).encode() + b"\n" for r in example_records[:2])))
    other = FakeSource([], "http")
    logged: list[dict[str, Any]] = []
    daemon = Daemon(mem_store, small, [stdin, other], fake_clock, log=logged.append)
    for _ in range(400):  # up to 20 s for the reader thread on a loaded machine
        daemon.run_once()
        if stdin.eof:
            break
        time.sleep(0.05)
    daemon.flush()
    for _ in range(3):
        daemon.run_once()
    ended = [e for e in logged if e["event"] == "source_ended"]
    assert ended == [{"event": "source_ended", "source": "stdin",
                      "action": "its lines read are committed with their batch; the other sources go on"}]
    assert mem_store.stats()["articles"] == 2 and not daemon.stopping


def test_source_is_told_only_after_commit(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                          example_records: list[dict[str, Any]]) -> None:
    source = FakeSource(record_items(example_records[:2]))
    daemon = Daemon(mem_store, small, [source], fake_clock)
    daemon.run_once()
    assert source.committed == [] and mem_store.stats()["articles"] == 0
    fake_clock.advance(1.0)
    daemon.run_once()
    assert len(source.committed) == 2 and mem_store.stats()["articles"] == 2


def test_same_article_twice_is_stored_once(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                           example_records: list[dict[str, Any]]) -> None:
    items = record_items(example_records[:2])
    source = FakeSource(items + [RawItem("again:0", items[0].payload, "json")])
    daemon = Daemon(mem_store, small, [source], fake_clock)
    daemon.run_once()
    source.add(RawItem("again:1", items[1].payload, "json"))
    daemon.run_once()
    daemon.flush()
    assert mem_store.stats()["articles"] == 2
    assert daemon.metrics.value("tracker_articles_duplicate_total") == 2


def test_bad_item_is_dead_lettered_and_the_loop_goes_on(small: TrackerConfig, mem_store: Store,
                                                        fake_clock: FakeClock,
                                                        example_records: list[dict[str, Any]]) -> None:
    good = record_items(example_records[:2])
    bad = RawItem("fake:bad", b'{"title": "no text"}', "json")
    source = FakeSource([good[0], bad, good[1]])
    daemon = Daemon(mem_store, small, [source], fake_clock)
    daemon.run_once()
    assert mem_store.stats()["articles"] == 2
    rejects = mem_store.run_query("rejects_recent", {"limit": 5})
    assert [(r["origin"], r["field"]) for r in rejects] == [("fake:bad", "text")]
    assert [o.status for _, o in source.committed] == ["stored", "rejected", "stored"]


def test_item_that_crashes_the_pipeline_is_isolated(small: TrackerConfig, mem_store: Store,
                                                    fake_clock: FakeClock,
                                                    example_records: list[dict[str, Any]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    items = record_items(example_records[:2])
    poison = RawItem("fake:poison", json.dumps({"id": "p", "text": "BOOM goes the parser here."}).encode(), "json", 999)
    source = FakeSource([items[0], poison, items[1]], checkpoint="fake")
    log = io.StringIO()
    daemon = Daemon(mem_store, small, [source], fake_clock, log=JsonLog(log))
    daemon.start()
    assert daemon.pipeline is not None
    real = daemon.pipeline.process

    def process(batch: Sequence[RawItem], checkpoint: tuple[str, int] | None = None) -> BatchResult:
        if any(b"BOOM" in i.payload for i in batch):
            raise RuntimeError("simulated bug")
        return real(batch, checkpoint)

    monkeypatch.setattr(daemon.pipeline, "process", process)
    daemon.run_once()
    assert mem_store.stats()["articles"] == 2
    rejects = mem_store.run_query("rejects_recent", {"limit": 5})
    assert [(r["origin"], r["field"]) for r in rejects] == [("fake:poison", "internal")]
    assert mem_store.run_sql("SELECT article_id FROM rejects")[1] == [("p",)]  # /status/p finds it
    assert "simulated bug" in rejects[0]["reason"]
    assert mem_store.checkpoint("fake") == items[1].offset
    assert [json.loads(line)["event"] for line in log.getvalue().splitlines()][-2:] == ["item_error", "batch"]


def test_store_failure_rolls_back_and_retries(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                              example_records: list[dict[str, Any]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = FakeSource(record_items(example_records[:3]))
    daemon = Daemon(mem_store, small, [source], fake_clock)
    daemon.start()
    assert daemon.pipeline is not None
    real = daemon.pipeline.process
    calls = {"n": 0}

    def process(batch: Sequence[RawItem], checkpoint: tuple[str, int] | None = None) -> BatchResult:
        calls["n"] += 1
        if calls["n"] == 1:
            raise StoreError("disk full (simulated)")
        return real(batch, checkpoint)

    monkeypatch.setattr(daemon.pipeline, "process", process)
    daemon.run_once()
    assert len(source.aborted) == 3 and mem_store.stats()["articles"] == 0
    assert daemon.metrics.value("tracker_batch_failures_total") == 1
    assert fake_clock.slept, "a failed batch backs off before the next"
    # Monitoring sees it: /health says failing, with the error, until a batch commits again.
    health = daemon.health()
    assert (health["status"], health["failed_in_a_row"]) == ("failing", 1)
    assert "disk full (simulated)" in health["last_error"]
    daemon.run_once()
    assert mem_store.stats()["articles"] == 3
    assert daemon.health()["status"] == "ok" and "last_error" not in daemon.health()
    for article_id in ("ex-wire", "ex-copy", "ex-rewrite"):
        assert daemon.pipeline.index.__contains__(article_id) == mem_store.has_article(article_id)


def test_an_idle_daemon_sees_its_store_recover(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                               example_records: list[dict[str, Any]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed batch whose items are not sent again (an HTTP client that gave up on its 503):
    with nothing left to commit, /health says ok again once a test write commits."""
    source = FakeSource(record_items(example_records[:2]))
    source.abort = lambda deliveries, error: source.aborted.extend(deliveries)  # type: ignore[method-assign]
    log = io.StringIO()
    daemon = Daemon(mem_store, small, [source], fake_clock, log=JsonLog(log))
    daemon.start()
    real = mem_store.set_checkpoint
    full = {"disk": True}

    def set_checkpoint(source_name: str, offset: int) -> None:
        if full["disk"]:
            raise StoreError("disk full (simulated)")
        real(source_name, offset)

    def fail(*args: object) -> None:
        raise StoreError("disk full (simulated)")

    with monkeypatch.context() as patch:
        patch.setattr(mem_store, "save_signatures", fail)
        patch.setattr(mem_store, "set_checkpoint", set_checkpoint)
        daemon.run_once()
        fake_clock.advance(small.daemon.batch_age_s)
        daemon.run_once()
        assert len(source.aborted) == 2 and daemon.health()["status"] == "failing"
        daemon.run_once()
        fake_clock.advance(daemon_module.PROBE_S)
        daemon.run_once()
        assert daemon.health()["status"] == "failing", "the store still fails: the probe says so"
        events = [json.loads(line)["event"] for line in log.getvalue().splitlines()]
        assert events.count("probe_failed") == 1, "the same error is logged once"
        full["disk"] = False
        daemon.run_once()
        assert daemon.health()["status"] == "failing", "probes are spaced PROBE_S apart"
        fake_clock.advance(daemon_module.PROBE_S)
        daemon.run_once()
    health = daemon.health()
    assert (health["status"], health["failed_in_a_row"]) == ("ok", 0) and "last_error" not in health
    assert mem_store.checkpoint(daemon_module.PROBE_KEY) is not None
    assert [json.loads(line)["event"] for line in log.getvalue().splitlines()][-1] == "recovered"


def test_a_database_file_deleted_under_the_daemon_fails_its_batches(
        small: TrackerConfig, tmp_path: Path, fake_clock: FakeClock, example_records: list[dict[str, Any]]) -> None:
    db = tmp_path / "gone.duckdb"
    with Store(str(db)) as store:
        source = FakeSource(record_items(example_records[:6]))
        daemon = Daemon(store, small, [source], fake_clock)
        daemon.run_once()
        assert store.stats()["articles"] == 3 and len(source.committed) == 3
        for path in tmp_path.iterdir():
            if path.name.startswith("gone.duckdb"):
                path.unlink()
        daemon.run_once()
        assert len(source.committed) == 3 and len(source.aborted) == 3, "nothing more is acknowledged"
        health = daemon.health()
        assert health["status"] == "failing" and "was deleted while this process held it" in health["last_error"]


def test_index_changes_only_after_commit(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                         example_records: list[dict[str, Any]],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    source = FakeSource(record_items(example_records[:3]))
    daemon = Daemon(mem_store, small, [source], fake_clock)
    daemon.start()

    def fail(*args: object) -> None:
        raise StoreError("insert failed (simulated)")

    monkeypatch.setattr(mem_store, "save_signatures", fail)
    daemon.run_once()
    assert daemon.pipeline is not None
    assert len(daemon.pipeline.index) == 0 and mem_store.stats()["articles"] == 0


def test_stop_finishes_the_open_batch(small: TrackerConfig, mem_store: Store,
                                      example_records: list[dict[str, Any]]) -> None:
    clock = FakeClock()
    daemon_box: list[Daemon] = []
    source = FakeSource(record_items(example_records[:2]), on_empty=lambda: daemon_box[0].request_stop())
    daemon = Daemon(mem_store, small, [source], clock)
    daemon_box.append(daemon)
    assert daemon.run() == 0
    assert mem_store.stats()["articles"] == 2, "the open (young) batch was committed on stop"
    assert source.stopped and source.closed


def test_run_loop_with_real_clock_stops(small: TrackerConfig, mem_store: Store,
                                        example_records: list[dict[str, Any]]) -> None:
    box: list[Daemon] = []
    source = FakeSource(record_items(example_records[:1]), on_empty=lambda: box[0].request_stop())
    daemon = Daemon(mem_store, small, [source], SystemClock(), drain_s=0.5)
    box.append(daemon)
    assert daemon.run() == 0
    assert mem_store.stats()["articles"] == 1


def test_metrics_and_log_after_batches(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                       example_records: list[dict[str, Any]]) -> None:
    log = io.StringIO()
    source = FakeSource(record_items(example_records[:3]) + [RawItem("fake:x", b"{", "json")])
    daemon = Daemon(mem_store, small, [source], fake_clock, log=JsonLog(log))
    daemon.run_once()
    daemon.run_once()
    fake_clock.advance(2)
    daemon.run_once()
    text = daemon.metrics.render()
    assert "tracker_articles_ingested_total 3" in text
    assert "tracker_articles_rejected_total 1" in text
    assert "tracker_batches_total 2" in text
    assert 'tracker_intake_items_total{source="fake"} 4' in text
    assert 'tracker_batch_seconds_bucket{le="+Inf"} 2' in text
    assert "tracker_intake_queue_depth 0" in text
    events = [json.loads(line) for line in log.getvalue().splitlines()]
    batches = [e for e in events if e["event"] == "batch"]
    assert [(b["items"], b["stored"], b["rejected"]) for b in batches] == [(3, 3, 0), (1, 0, 1)]
    assert all("seconds" in b and "ts" in b for b in batches)
    # The journal says what was wrong, not only how many.
    assert "rejects" not in batches[0] and len(batches[1]["rejects"]) == 1
    assert batches[1]["rejects"][0].startswith("fake:x: json: malformed JSON")


def test_a_batch_that_relinks_stored_articles_says_which(small: TrackerConfig, mem_store: Store,
                                                        fake_clock: FakeClock,
                                                        example_records: list[dict[str, Any]]) -> None:
    log = io.StringIO()
    by_id = {r["id"]: r for r in example_records}
    source = FakeSource(record_items([by_id["ex-copy"], by_id["ex-summary"]]))
    daemon = Daemon(mem_store, small, [source], fake_clock, log=JsonLog(log))
    for _ in range(2):  # a batch waits for more items, then goes
        daemon.run_once()
        fake_clock.advance(2)
    source.add(*record_items([by_id["ex-wire"]]))
    for _ in range(2):
        daemon.run_once()
        fake_clock.advance(2)
    batches = [e for e in map(json.loads, log.getvalue().splitlines()) if e["event"] == "batch"]
    assert "relinked" not in batches[0], batches
    assert len(batches) == 2 and batches[-1].get("relinked") == len(batches[-1]["relinked_ids"]) >= 1, batches
    assert set(batches[-1]["relinked_ids"]) <= {"ex-copy", "ex-summary"}
    assert f"tracker_articles_relinked_total {batches[-1]['relinked']}" in daemon.metrics.render()


def test_find_origin_waits_for_the_pipeline(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                            example_records: list[dict[str, Any]]) -> None:
    source = FakeSource(record_items(example_records[:3]))
    daemon = Daemon(mem_store, small, [source], fake_clock)
    daemon.run_once()
    found = daemon.find_origin(RawItem("q", json.dumps({"id": "ex-copy", "text": example_records[1]["text"]}).encode()))
    assert found["article"]["id"] == "ex-copy" and found["article"]["stored"] is True
    # An article that derives from nothing: the daemon names the nearest refused candidate.
    report = next(r for r in example_records if r["id"] == "ex-other-2")
    daemon.pipeline.process(record_items([report]))  # type: ignore[union-attr]
    next_year = "\n\n".join(report["text"].split("\n\n")[:6])
    for old, new in (("$96 million from $108 million", "$103 million from $96 million"),
                     ("11 percent", "7 percent"), ("2 percent to $1.12 billion", "4 percent to $1.17 billion"),
                     ("3 percent to 1.26", "2 percent to 1.22")):
        next_year = next_year.replace(old, new)
    alone = daemon.find_origin(RawItem("q2", next_year.encode(), "text"))
    assert alone["origin"] is None
    assert [r["id"] for r in alone["refused"]] == ["ex-other-2"]
    health = daemon.health()
    assert health["status"] == "ok" and health["batches"] == 1


def test_a_stored_article_is_answered_while_a_batch_holds_the_index(
        small: TrackerConfig, mem_store: Store, fake_clock: FakeClock, example_records: list[dict[str, Any]]) -> None:
    daemon = Daemon(mem_store, small, [FakeSource(record_items(example_records[:3]))], fake_clock)
    daemon.run_once()
    asked = RawItem("q", json.dumps({"id": "ex-copy", "text": example_records[1]["text"]}).encode())
    expected = daemon.find_origin(asked)
    assert expected["origin"] is not None
    daemon.lock.acquire()  # a batch in progress
    try:
        stored: list[dict[str, Any]] = []
        reading = threading.Thread(target=lambda: stored.append(daemon.find_origin(asked)), daemon=True)
        reading.start()
        reading.join(10)
        # The same answer from the committed state, without waiting for the batch.
        assert stored, "find-origin of a stored article waited for the batch"
        found = stored[0]
        assert found["article"] == expected["article"] and found["origin"] == expected["origin"]
        assert found["parent"] == expected["parent"]
        # A new text waits for the batch: it is matched against the index.
        answers: list[dict[str, Any]] = []
        asking = threading.Thread(target=lambda: answers.append(daemon.find_origin(
            RawItem("q2", example_records[1]["text"].replace("Reuters", "Northwire").encode() + b"\n\nNew.", "text"))),
            daemon=True)
        asking.start()
        asking.join(0.5)
        assert asking.is_alive() and not answers
    finally:
        daemon.lock.release()
    asking.join(30)
    assert answers and answers[0]["article"]["stored"] is False


def test_health_counts_the_batch_being_committed(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock,
                                                 example_records: list[dict[str, Any]]) -> None:
    daemon = Daemon(mem_store, small, [FakeSource(record_items(example_records[:3]))], fake_clock)
    daemon.run_once()  # the pipeline is ready
    seen: list[dict[str, Any]] = []
    assert daemon.pipeline is not None
    process = daemon.pipeline.process_or_isolate

    def watched(*args: Any, **kwargs: Any) -> BatchResult:
        seen.append(daemon.health())
        return process(*args, **kwargs)

    daemon.pipeline.process_or_isolate = watched  # type: ignore[method-assign]
    daemon.sources[0].add(*record_items(example_records[3:5]))  # type: ignore[attr-defined]
    for _ in range(3):
        daemon.run_once()
        fake_clock.advance(2)
    # While its two items were processed, the queue was empty and they were in the batch.
    assert [(h["queue"], h["in_batch"]) for h in seen] == [(0, 2)]
    assert (daemon.health()["queue"], daemon.health()["in_batch"]) == (0, 0)


@pytest.mark.parametrize(("value", "expected"), [
    ("127.0.0.1:8765", ("127.0.0.1", 8765)), (":0", ("127.0.0.1", 0)), ("[::1]:9000", ("::1", 9000)),
])
def test_parse_listen(value: str, expected: tuple[str, int]) -> None:
    assert parse_listen(value) == expected


@pytest.mark.parametrize("value", ["8765", "host:", "host:99999", "h:p"])
def test_parse_listen_refuses(value: str) -> None:
    with pytest.raises(ConfigError, match="HOST:PORT"):
        parse_listen(value)


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.3.2.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")


def test_non_loopback_needs_a_token(config: TrackerConfig, tmp_path: Path) -> None:
    from ingest.daemon import DaemonOptions, serve

    with pytest.raises(ConfigError, match="bearer token"):
        serve(config, DaemonOptions(listen="0.0.0.0:0"), err=io.StringIO())


def test_feed_source_sends_conditional_requests_and_skips_seen_entries() -> None:
    from ingest.feed_source import FeedSource, Response

    calls: list[dict[str, str]] = []
    answers = [Response(200, {"etag": '"v1"', "last-modified": "Wed, 04 Mar 2026 12:00:00 GMT"}, b"A"),
               Response(304, {"etag": '"v1"'}),
               Response(200, {"etag": '"v2"'}, b"AB"),
               Response(200, {"etag": '"v2"'}, b"AB")]

    def fetch(url: str, headers: dict[str, str]) -> Response:
        calls.append(dict(headers))
        return answers[len(calls) - 1]

    def parse(payload: bytes, origin: str, follow_links: bool = False, fetch: object = None,
              on_skip: object = None) -> list[RawItem]:
        return [RawItem(f"{origin}:{n}", bytes([c]), "text") for n, c in enumerate(payload)]

    clock = FakeClock()
    source = FeedSource("http://127.0.0.1:1/feed", clock, interval_s=60, fetch=fetch, parse=parse)

    def poll_after_fetch() -> list[Delivery]:
        source.poll(0)
        source.wait_fetch(5)
        return source.poll(10)

    first = poll_after_fetch()
    assert [d.item.payload for d in first] == [b"A"] and calls[0] == {}
    source.commit(first, BatchResult())
    assert source.poll(10) == [], "not due before the interval"
    clock.advance(60)
    assert poll_after_fetch() == [] and source.not_modified == 1
    assert calls[1] == {"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 04 Mar 2026 12:00:00 GMT"}
    clock.advance(60)
    second = poll_after_fetch()
    assert [d.item.payload for d in second] == [b"B"], "entries already committed are skipped"
    source.abort(second, "simulated failure")
    third = poll_after_fetch()
    assert calls[3] == {}, "after a failed batch the feed is fetched whole again"
    assert [d.item.payload for d in third] == [b"B"]


def test_a_feed_url_that_is_not_a_feed_and_entries_skipped_are_in_the_log() -> None:
    from ingest.feed_source import FeedSource, Response

    page = b"<html><body><p>Our page moved.</p></body></html>"
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>T</title>'
            b"<link>https://wire.example/a/1</link><description>Short.</description></item></channel></rss>")
    bodies = [page, feed]
    events: list[dict[str, Any]] = []
    clock = FakeClock()
    source = FeedSource("http://127.0.0.1:1/feed", clock, interval_s=60,
                        fetch=lambda url, headers: Response(200, {}, bodies.pop(0)), log=events.append)
    for _ in range(2):
        source.poll(0)
        source.wait_fetch(5)
        clock.advance(60)
    error, polled = events
    assert error["event"] == "feed_error" and error["error"].startswith("feed: not an RSS or Atom feed")
    assert polled["event"] == "feed" and polled["entries"] == 0
    assert list(polled["skipped"]) == ["feed: entry has only a link and a summary shorter than a whole article "
                                       "(use --follow-links to fetch it)"]


def test_a_busy_port_is_refused_before_a_database_is_made(config: TrackerConfig, tmp_path: Path) -> None:
    import socket

    from ingest.daemon import DaemonOptions, serve

    db = tmp_path / "new.duckdb"
    fresh = dataclasses.replace(config, store=dataclasses.replace(config.store, path=str(db)))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve(fresh, DaemonOptions(listen=f"127.0.0.1:{port}"), err=io.StringIO())
    assert list(tmp_path.iterdir()) == [], "no empty database, no spool folder left behind"


def test_a_feed_that_keeps_failing_is_logged_once_per_error(small: TrackerConfig) -> None:
    from ingest.feed_source import FeedSource, Response

    answers: list[Any] = [OSError("connection refused")] * 3 + [OSError("HTTP 404 Not Found")] + [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title></channel></rss>',
        OSError("connection refused")]

    def fetch(url: str, headers: dict[str, str]) -> Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Response(200, {}, answer)

    events: list[dict[str, Any]] = []
    clock = FakeClock()
    source = FeedSource("http://127.0.0.1:1/feed", clock, interval_s=60, fetch=fetch, log=events.append)
    for _ in range(6):
        source.poll(0)
        source.wait_fetch(5)
        clock.advance(60)
    errors = [e["error"] for e in events if e["event"] == "feed_error"]
    assert errors == ["OSError: connection refused", "OSError: HTTP 404 Not Found", "OSError: connection refused"]
    assert source.failures == 5 and [e["event"] for e in events].count("feed") == 1


def test_each_failing_feed_is_told_apart(small: TrackerConfig, mem_store: Store, fake_clock: FakeClock) -> None:
    # Three feeds failing are three sources failing, each with its own error.
    from ingest.feed_source import FeedSource, Response

    def refusing(url: str, headers: dict[str, str]) -> Response:
        raise OSError(f"HTTP 503 from {url}")

    feeds = [FeedSource(f"http://127.0.0.1:1/feed{k}", fake_clock, interval_s=60, fetch=refusing)
             for k in range(3)]
    for feed in feeds:
        feed.poll(0)
        feed.wait_fetch(5)
    daemon = Daemon(mem_store, small, list(feeds), fake_clock)
    errors = daemon.health()["source_errors"]
    assert sorted(errors) == [f"feed http://127.0.0.1:1/feed{k}" for k in range(3)]
    assert all(f"feed{k}" in errors[f"feed http://127.0.0.1:1/feed{k}"] for k in range(3))
    assert "tracker_sources_failing 3" in daemon.metrics.render()


def test_start_warms_the_pipeline_up_before_it_is_ready(small: TrackerConfig, mem_store: Store,
                                                        fake_clock: FakeClock,
                                                        example_records: list[dict[str, Any]]) -> None:
    # One made-up article is matched (the compiled loops are built) before /health says ok;
    # nothing of it is stored.
    Pipeline(mem_store, small).process(record_items(example_records[:2]))
    events: list[dict[str, Any]] = []
    daemon = Daemon(mem_store, small, [], fake_clock, log=events.append)
    assert daemon.health()["status"] == "starting"
    daemon.start()
    assert [e["event"] for e in events] == ["index_rebuilt", "warmed_up"]
    assert daemon.health()["status"] == "ok" and mem_store.stats()["articles"] == 2


def test_a_log_pipe_whose_reader_stops_reading_loses_lines_and_never_blocks() -> None:
    # A reader that stays but reads nothing (a stuck log shipper): the pipe fills, the log
    # holds PENDING lines, then drops and counts; no call waits for the reader.
    read_end, write_end = os.pipe()
    stream = os.fdopen(write_end, "w")
    try:
        log = JsonLog(stream)
        started = time.monotonic()
        for n in range(JsonLog.PENDING + 5_000):
            log({"event": "batch", "stored": n, "pad": "x" * 200})
        assert time.monotonic() - started < 30, "a call waited for the reader"
        assert log.lost >= 4_000
        # The reader reads again: what waited is written, in order, whole lines.
        with os.fdopen(read_end, "rb") as reader:
            first = reader.read(65_536).split(b"\n")[0]
            assert json.loads(first)["stored"] == 0
            log.close(timeout_s=0.2)
    finally:
        stream.close()


def test_a_log_stream_whose_reader_is_gone_loses_lines_not_the_daemon() -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    log = JsonLog(Gone())
    log({"event": "batch", "stored": 3})
    log({"event": "batch", "stored": 4})
    assert log.lost == 2
    with Store(":memory:") as store:
        daemon = Daemon(store, TrackerConfig(), [], FakeClock(), log=log)
        assert "tracker_log_lines_lost 2" in daemon.metrics.render()


def test_a_batch_loop_that_stops_coming_round_is_failing_in_health() -> None:
    from ingest.daemon import STALL_S

    with Store(":memory:") as store:
        daemon = Daemon(store, TrackerConfig(), [], FakeClock())
        daemon.start()
        assert daemon.health()["status"] == "ok" and daemon.stalled_s() == 0  # no loop runs: not judged
        daemon._turned = time.monotonic() - STALL_S - 60  # the loop's last turn, a batch hung since
        health = daemon.health()
        assert health["status"] == "failing" and health["stalled_s"] >= STALL_S + 60
        assert "batch loop has not come round" in health["last_error"]
        daemon._turned = time.monotonic()
        assert daemon.health()["status"] == "ok"


def test_a_spool_on_a_file_system_without_locks_is_told_as_such(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # ENOLCK (an NFS mount without its lock service) is no other daemon holding the spool.
    import errno
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with pytest.raises(ConfigError) as raised:
        daemon_module._lock_spool(tmp_path / "spool")
    assert "keeps no locks" in str(raised.value) and "another daemon" not in str(raised.value)
    assert "No locks available" in str(raised.value)


def test_a_daemon_refused_at_start_leaves_no_log_writer_behind(config: TrackerConfig, tmp_path: Path) -> None:
    # In process (a test, an embedding program): a refused start closes what it opened, the
    # log's writer thread and its descriptor on a pipe among them.
    import socket
    import threading

    from ingest.daemon import DaemonOptions, serve

    db = tmp_path / "kept.duckdb"
    Store(str(db)).close()
    fresh = dataclasses.replace(config, store=dataclasses.replace(config.store, path=str(db)))
    read_end, write_end = os.pipe()
    try:
        with socket.socket() as taken, os.fdopen(write_end, "w") as err:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            before = len(os.listdir("/proc/self/fd"))
            with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}"):
                serve(fresh, DaemonOptions(listen=f"127.0.0.1:{port}"), err=err)
            assert not [t for t in threading.enumerate() if t.name == "log-writer" and t.is_alive()]
            assert len(os.listdir("/proc/self/fd")) <= before
    finally:
        os.close(read_end)
