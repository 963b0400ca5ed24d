"""kill -9 the real daemon mid-stream: every acknowledged article is in the database exactly once,
the rest arrive when re-sent (at-least-once delivery, idempotent writes), and spool files that
were not yet moved are read again after the restart.

Bounded: a fixed number of articles, a fixed number of sender threads, timeouts on every wait;
only 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import random
import signal
import threading
import time
from pathlib import Path
from typing import Any

from ingest.spool import write_spool_file
from tests.ingest.test_daemon_e2e import DaemonProcess, run_cli
from tracker.client import advert_path
from tracker.store import Store

N_ARTICLES = 36
KILL_AFTER_ACKS = 12
SENDERS = 3

_SYLLABLES = ("ka", "lo", "mi", "ren", "tor", "vel", "sa", "dun", "pre", "gil", "mo", "sta", "ber", "quin",
              "ald", "fen", "ro", "tis", "wen", "cor")


def synthetic_articles(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """Distinct, unrelated articles: each draws its sentences from a vocabulary of its own
    made-up words, so no two share enough to be candidates (and the test stays fast)."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        vocabulary = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(40)]
        sentences = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(10, 16))).capitalize() + "."
                     for _ in range(8)]
        articles.append({"id": f"crash-{i:03d}", "source": "test.example",
                         "title": f"Synthetic story {i}", "text": " ".join(sentences)})
    return articles


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with Store(str(db), read_only=True) as store:
        return store.run_sql(sql)[1]


def send_until_killed(daemon: DaemonProcess, articles: list[dict[str, Any]]) -> set[str]:
    """Post one article per request from a few threads; kill -9 the daemon after some acks.

    Returns:
        The ids the daemon acknowledged (2xx) before it died.
    """
    acked: set[str] = set()
    lock = threading.Lock()
    enough = threading.Event()
    work = list(articles)

    def sender() -> None:
        while not enough.is_set():
            with lock:
                if not work:
                    return
                article = work.pop(0)
            try:
                status, _ = daemon.post([article], wait=10)
            except (OSError, http.client.HTTPException):
                return  # the daemon died mid-answer: not acknowledged
            if 200 <= status < 300:
                with lock:
                    acked.add(str(article["id"]))
                    if len(acked) >= KILL_AFTER_ACKS:
                        enough.set()

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(SENDERS)]
    for t in threads:
        t.start()
    assert enough.wait(30), f"only {len(acked)} acks in 30 s:\n{daemon.log()}"
    daemon.kill9()
    for t in threads:
        t.join(30)
    with lock:
        return set(acked)


def test_kill_9_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "crash.duckdb"
    spool = tmp_path / "spool"
    articles = synthetic_articles(N_ARTICLES)
    args = ("--spool", str(spool), "--batch-size", "4", "--batch-age", "0.05")
    first = DaemonProcess(db, tmp_path / "first.log", *args)
    try:
        first.wait_ready()
        acked = send_until_killed(first, articles)
    finally:
        first.close()
    assert first.proc.returncode == -signal.SIGKILL
    assert len(acked) >= KILL_AFTER_ACKS
    assert advert_path(str(db)).exists(), "kill -9 leaves a stale advert behind"

    # With the daemon dead, the CLI ignores the stale advert and opens the file read-only.
    stats = run_cli(db, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    stored_after_crash = {r[0] for r in rows(db, "SELECT article_id FROM articles")}
    assert acked <= stored_after_crash, f"acknowledged but lost: {sorted(acked - stored_after_crash)}"

    second = DaemonProcess(db, tmp_path / "second.log", *args)
    try:
        second.wait_ready()
        for article_id in sorted(acked):
            status, data = second.get(f"/query/article_by_id?article_id={article_id}")
            assert status == 200 and len(data["rows"]) == 1, (article_id, data)
        # The client re-sends everything; acknowledged ones come back as duplicates.
        outcomes: dict[str, str] = {}
        for start in range(0, N_ARTICLES, 12):
            status, data = second.post(articles[start:start + 12], wait=15)
            assert status == 200, data
            outcomes.update({a["id"]: a["status"] for a in data["articles"]})
        assert {outcomes[i] for i in acked} == {"duplicate"}
        assert set(outcomes.values()) <= {"stored", "duplicate"}
        second.wait_articles(N_ARTICLES)
        assert second.stop(signal.SIGTERM) == 0, second.log()
    finally:
        second.close()

    ids = [r[0] for r in rows(db, "SELECT article_id FROM articles ORDER BY article_id")]
    assert ids == sorted(str(a["id"]) for a in articles), "every article exactly once"
    assert rows(db, "SELECT count(*), count(DISTINCT article_id) FROM lineage") == [(N_ARTICLES, N_ARTICLES)]
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]
    leftovers = [p.name for p in spool.iterdir() if p.is_file() and p.name != ".daemon.lock"] if spool.exists() else []
    assert leftovers == [], "spooled 202 requests were all processed"


def test_kill_9_rereads_spool_files_not_yet_moved(tmp_path: Path) -> None:
    db = tmp_path / "spool-crash.duckdb"
    spool = tmp_path / "spool"
    spool.mkdir()
    articles = synthetic_articles(30, seed=5)
    for n in range(0, 30, 3):
        write_spool_file(spool, f"part-{n:02d}.jsonl",
                         b"".join(json.dumps(a).encode() + b"\n" for a in articles[n:n + 3]))
    args = ("--spool", str(spool), "--batch-size", "2", "--batch-age", "0.05")
    first = DaemonProcess(db, tmp_path / "first.log", *args)
    try:
        first.wait_ready()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any((spool / "done").glob("*.jsonl")):
            time.sleep(0.02)
        first.kill9()
    finally:
        first.close()
    moved_before = {p.name for p in (spool / "done").glob("*.jsonl")}
    assert moved_before, "at least one file was acknowledged before the kill"
    assert len(moved_before) < 10, "the kill came mid-stream"
    stored = {r[0] for r in rows(db, "SELECT article_id FROM articles")}
    for name in moved_before:
        n = int(name.split("-")[1].split(".")[0])
        assert {a["id"] for a in articles[n:n + 3]} <= stored, f"{name} was moved to done/ before its commit"

    second = DaemonProcess(db, tmp_path / "second.log", *args)
    try:
        second.wait_ready()
        second.wait_articles(30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(list((spool / "done").glob("*.jsonl"))) < 10:
            time.sleep(0.05)
        assert second.stop() == 0
    finally:
        second.close()
    assert len(list((spool / "done").glob("*.jsonl"))) == 10
    assert rows(db, "SELECT count(*), count(DISTINCT article_id) FROM articles") == [(30, 30)]
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]
