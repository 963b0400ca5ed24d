"""The real daemon as a subprocess: articles arrive through every intake kind (spool, HTTP,
stdin, an RSS feed served by a local server) in a scrambled order, ``tracker find-origin`` and
``tracker lineage`` work through the daemon while it holds the database, SIGTERM stops it
cleanly, and the lineage equals what batch ``tracker ingest`` computes.

Everything listens on 127.0.0.1 only; every wait is bounded in count and time.
"""

from __future__ import annotations

import html
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from click.testing import CliRunner

from ingest.spool import write_spool_file
from tracker.cli import main
from tracker.client import advert_path
from tracker.store import Store

ROOT = Path(__file__).resolve().parents[2]


def tracker_command() -> list[str]:
    """The installed ``tracker`` script beside this interpreter, or ``python -m tracker.cli``."""
    script = Path(sys.executable).parent / "tracker"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker.cli"]


def clean_env() -> dict[str, str]:
    """The environment without TRACKER_* settings that would change what the test runs."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}


class DaemonProcess:
    """``tracker --db DB daemon --listen 127.0.0.1:0 ...`` as a child process."""

    def __init__(self, db: Path, log: Path, *args: str, stdin: bool = False) -> None:
        self.db = db
        self.log_path = log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [*tracker_command(), "--db", str(db), "daemon", "--listen", "127.0.0.1:0", *args],
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self._log, env=clean_env(), cwd=str(db.parent),
        )
        self.port = 0

    @property
    def stdin(self) -> BinaryIO:
        assert self.proc.stdin is not None
        return self.proc.stdin  # type: ignore[return-value]

    def wait_ready(self, timeout: float = 15.0) -> int:
        """Wait for the advert of this pid and a healthy /health; returns the port."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"daemon exited with {self.proc.returncode}:\n{self.log()}")
            try:
                info = json.loads(advert_path(str(self.db)).read_text())
            except (OSError, ValueError):
                info = {}
            if info.get("pid") == self.proc.pid:
                self.port = int(info["port"])
                if self.get("/health")[0] == 200:
                    return self.port
            time.sleep(0.05)
        raise AssertionError(f"daemon not ready within {timeout} s:\n{self.log()}")

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 20.0) -> tuple[int, Any]:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body,
                                     headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as answer:
                raw, status, kind = answer.read(), answer.status, answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            with exc:  # an error answer holds its connection until closed
                raw, status, kind = exc.read(), exc.code, exc.headers.get("Content-Type", "")
        return status, json.loads(raw) if "json" in kind else raw.decode()

    def get(self, path: str) -> tuple[int, Any]:
        return self.request("GET", path)

    def post(self, records: list[dict[str, Any]], wait: float = 10.0) -> tuple[int, Any]:
        body = b"\n".join(json.dumps(r).encode() for r in records)
        return self.request("POST", f"/articles?wait={wait}", body, {"Content-Type": "application/x-ndjson"},
                            timeout=wait + 10)

    def wait_articles(self, count: int, timeout: float = 20.0) -> int:
        """Poll /query/stats until the database holds ``count`` articles (bounded)."""
        deadline = time.monotonic() + timeout
        have = -1
        while time.monotonic() < deadline:
            status, data = self.get("/query/stats")
            have = data["rows"][0]["articles"] if status == 200 else -1
            if have >= count:
                return have
            time.sleep(0.1)
        raise AssertionError(f"{have} articles after {timeout} s, expected {count}:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        finally:
            self.close()

    def kill9(self) -> None:
        self.proc.kill()
        self.proc.wait(10)
        self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        self._log.close()

    def log(self, full: bool = False) -> str:
        text = self.log_path.read_text(errors="replace")
        return text if full else text[-4000:]


class FeedServer:
    """A local RSS feed with ETag/Last-Modified; answers 304 to a matching conditional GET."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.version = 0
        self.requests: list[dict[str, str]] = []
        self.not_modified = 0
        self.lock = threading.Lock()
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with feed.lock:
                    feed.requests.append({k.lower(): v for k, v in self.headers.items()})
                    etag = f'"v{feed.version}"'
                    if self.headers.get("If-None-Match") == etag:
                        feed.not_modified += 1
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    body = feed.render()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Wed, 04 Mar 2026 12:00:00 GMT")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def add(self, record: dict[str, Any]) -> None:
        with self.lock:
            self.entries.append(record)
            self.version += 1

    def render(self) -> bytes:
        items = []
        for r in self.entries:
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in str(r["text"]).split("\n\n") if p.strip())
            items.append(
                f"<item><title>{html.escape(str(r.get('title', '')))}</title><link>{html.escape(str(r['url']))}</link>"
                f"<guid>{html.escape(str(r['id']))}</guid>"
                f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>")
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Local test feed</title>'
                f'<link>http://127.0.0.1/</link><description>test</description>{"".join(items)}</channel></rss>').encode()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


def lineage_by_url(db: Path) -> dict[str, tuple[str | None, str | None, str]]:
    """``url -> (origin url, parent url, relation)`` of a database (ids differ by intake kind:
    a feed entry is a page whose id derives from its URL, so articles are compared by URL)."""
    with Store(str(db), read_only=True) as store:
        _, rows = store.run_sql(
            "SELECT a.article_id, a.url, l.origin_id, l.parent_id, l.relation "
            "FROM lineage l JOIN articles a USING (article_id)")
    url = {r[0]: r[1] for r in rows}
    return {r[1]: (url.get(r[2]), url.get(r[3]), r[4]) for r in rows}


def batch_reference(tmp_path: Path, records: list[dict[str, Any]], used: dict[str, str],
                    feed: FeedServer) -> Path:
    """Batch-ingest the same inputs: the records as JSONL, and the feed's entries as the feed
    document itself (a feed entry is an HTML page that goes through text extraction, so its
    article is not the JSON record's; both paths must see the same input)."""
    corpus = tmp_path / "batch.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records if used[str(r["id"])] != "feed"))
    feed_file = tmp_path / "batch-feed.xml"
    feed_file.write_bytes(feed.render())
    ref = tmp_path / "batch.duckdb"
    result = CliRunner().invoke(main, ["--db", str(ref), "ingest", "-q", str(corpus), str(feed_file)],
                                env=clean_env())
    assert result.exit_code == 0, result.output
    return ref


def run_cli(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*tracker_command(), "--db", str(db), *args], capture_output=True, text=True,
                          timeout=60, env={**clean_env(), **(env or {})}, check=False)


def deliver_scrambled(daemon: DaemonProcess, feed: FeedServer, spool: Path,
                      records: list[dict[str, Any]], seed: int) -> dict[str, str]:
    """Send each record through one intake kind, in a shuffled order; returns id -> kind."""
    order = list(records)
    random.Random(seed).shuffle(order)
    kinds = ["spool", "http", "stdin", "feed"]
    used: dict[str, str] = {}
    for n, record in enumerate(order):
        kind = kinds[n % len(kinds)]
        used[str(record["id"])] = kind
        if kind == "spool":
            write_spool_file(spool, f"{n:03d}.jsonl", json.dumps(record).encode() + b"\n")
        elif kind == "http":
            status, data = daemon.post([record])
            assert status == 200, data
            assert data["articles"][0]["status"] == "stored"
        elif kind == "stdin":
            daemon.stdin.write(json.dumps(record).encode() + b"\n")
            daemon.stdin.flush()
        else:
            feed.add(record)
    return used


def run_end_to_end(tmp_path: Path, feed_server: FeedServer, records: list[dict[str, Any]],
                   find_file: Path, seed: int) -> None:
    db = tmp_path / "daemon.duckdb"
    spool = tmp_path / "spool"
    spool.mkdir()
    daemon = DaemonProcess(db, tmp_path / "daemon.log", "--spool", str(spool), "--stdin",
                           "--feed", feed_server.url, "--feed-interval", "1", "--batch-age", "0.2", stdin=True)
    try:
        daemon.wait_ready()
        used = deliver_scrambled(daemon, feed_server, spool, records, seed)
        daemon.wait_articles(len(records))
        assert set(used.values()) == {"spool", "http", "stdin", "feed"}
        ref = batch_reference(tmp_path, records, used, feed_server)

        # While the daemon holds the file, the CLI reads through it (never a lock error).
        live = run_cli(db, "find-origin", "--json", str(find_file))
        assert live.returncode == 0, live.stderr
        expected = CliRunner().invoke(main, ["--db", str(ref), "find-origin", "--json", str(find_file)],
                                      env=clean_env())
        assert expected.exit_code == 0, expected.output
        got, want = json.loads(live.stdout), json.loads(expected.output)
        assert (got["origin"] or {}).get("url") == (want["origin"] or {}).get("url")
        assert (got["parent"] or {}).get("url") == (want["parent"] or {}).get("url")
        assert got["relation"] == want["relation"]

        stats = run_cli(db, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["articles"] == len(records)
        query = run_cli(db, "query", "stats", "--format", "json")
        assert query.returncode == 0, query.stderr
        assert json.loads(query.stdout)[0]["articles"] == len(records)
        unknown = run_cli(db, "query", "origin_of", "-p", "article_id=no-such-article")
        assert unknown.returncode == 2 and "no article 'no-such-article'" in unknown.stderr, unknown.stderr
        sql = run_cli(db, "sql", "SELECT count(*) AS n FROM articles", "--format", "json")
        assert sql.returncode == 0, sql.stderr
        assert json.loads(sql.stdout) == [{"n": len(records)}]
        assert "lock" not in (live.stderr + stats.stderr + query.stderr + sql.stderr).lower()

        http_id = next(i for i, k in used.items() if k == "http")
        tree = run_cli(db, "lineage", "--json", http_id)
        assert tree.returncode == 0, tree.stderr
        assert json.loads(tree.stdout)["article"] == http_id
        # find-origin of a stored id, answered through the daemon as by the file itself.
        by_id = run_cli(db, "find-origin", "--json", http_id)
        assert by_id.returncode == 0, by_id.stderr
        want_id = CliRunner().invoke(main, ["--db", str(ref), "find-origin", "--json", http_id], env=clean_env())
        got_id, want_found = json.loads(by_id.stdout), json.loads(want_id.output)
        assert got_id["article"]["stored"] and got_id["article"]["id"] == http_id
        assert (got_id["relation"], (got_id["parent"] or {}).get("url")) == (
            want_found["relation"], (want_found["parent"] or {}).get("url"))

        # explain too: the texts come through the daemon, the comparison is the same.
        for target in (str(find_file), http_id):
            live_explain = run_cli(db, "explain", "--json", target)
            ref_explain = CliRunner().invoke(main, ["--db", str(ref), "explain", "--json", target], env=clean_env())
            if ref_explain.exit_code != 0:  # an origin: nothing to compare it with, in both
                assert live_explain.returncode == 1 and "is an origin" in live_explain.stderr, live_explain.stderr
                continue
            got, want = json.loads(live_explain.stdout), json.loads(ref_explain.output)
            assert live_explain.returncode == 0, live_explain.stderr
            assert (got["against"].get("url"), got["role"], got["divergence"]) == (
                want["against"].get("url"), want["role"], want["divergence"])

        assert daemon.stop(signal.SIGTERM) == 0, daemon.log()
    finally:
        daemon.close()
    assert not advert_path(str(db)).exists(), "a clean stop removes the advert"
    log = daemon.log(full=True)
    assert "tracker daemon" in log and "database" in log and "127.0.0.1:" in log
    batches = [json.loads(line) for line in log.splitlines() if line.startswith('{"ts"') and '"batch"' in line]
    assert batches and sum(b["stored"] for b in batches) == len(records)
    assert any(r.get("if-none-match") for r in feed_server.requests), "conditional requests after the first poll"
    assert sorted(p.name for p in (spool / "done").iterdir()) == sorted(
        f"{n:03d}.jsonl" for n, kind in enumerate(_kinds(len(records))) if kind == "spool")
    assert lineage_by_url(db) == lineage_by_url(ref)


def _kinds(n: int) -> list[str]:
    return [["spool", "http", "stdin", "feed"][i % 4] for i in range(n)]


def test_every_intake_kind_gives_the_batch_lineage(tmp_path: Path, feed_server: FeedServer,
                                                   example_records: list[dict[str, Any]]) -> None:
    find_file = tmp_path / "summary.json"
    summary = next(r for r in example_records if r["id"] == "ex-summary")
    find_file.write_text(json.dumps({**summary, "id": "asked"}))
    run_end_to_end(tmp_path, feed_server, example_records, find_file, seed=7)


def test_seeds_through_the_daemon(tmp_path: Path, feed_server: FeedServer,
                                  seed_records: list[dict[str, Any]]) -> None:
    records = [{**r, "url": r.get("url") or f"https://seed.example/{r['id']}"} for r in seed_records]
    find_file = tmp_path / "ask.txt"
    find_file.write_text(str(records[-1]["text"]))
    run_end_to_end(tmp_path, feed_server, records, find_file, seed=3)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_commits_the_open_batch_and_its_checkpoint(tmp_path: Path, example_records: list[dict[str, Any]],
                                                          sig: int) -> None:
    # SIGHUP (a closed terminal or ssh session) stops the daemon as SIGTERM does.
    if sig == signal.SIGHUP and signal.getsignal(signal.SIGHUP) is signal.SIG_IGN:
        pytest.skip("SIGHUP is ignored in this process (run under nohup): the daemon it starts ignores it too, "
                    "as it should")
    db = tmp_path / "term.duckdb"
    daemon = DaemonProcess(db, tmp_path / "term.log", "--stdin", "--batch-age", "60", "--batch-size", "1000",
                           stdin=True)
    data = b"".join(json.dumps(r).encode() + b"\n" for r in example_records[:5])
    try:
        daemon.wait_ready()
        daemon.stdin.write(data)
        daemon.stdin.flush()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and daemon.get("/health")[1]["queue"] < 5:
            time.sleep(0.05)
        assert daemon.get("/health")[1]["queue"] == 5, "lines read, batch still open (60 s age)"
        assert daemon.get("/query/stats")[1]["rows"][0]["articles"] == 0
        assert daemon.stop(sig) == 0, daemon.log()
    finally:
        daemon.close()
    assert not (tmp_path / "term.duckdb.daemon.json").exists(), "the advert is removed"
    with Store(str(db), read_only=True) as store:
        assert store.stats()["articles"] == 5
        assert store.checkpoint("stdin") == len(data)


def test_token_file_guards_the_api_and_the_cli_reads_it(tmp_path: Path,
                                                       example_records: list[dict[str, Any]]) -> None:
    db = tmp_path / "guarded.duckdb"
    token = tmp_path / "token"
    token.write_text("local-test-token\n")
    token.chmod(0o600)
    daemon = DaemonProcess(db, tmp_path / "guarded.log", "--token-file", str(token))
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not advert_path(str(db)).exists():
            time.sleep(0.05)
        daemon.port = int(json.loads(advert_path(str(db)).read_text())["port"])
        body = json.dumps(example_records[0]).encode()
        assert daemon.request("POST", "/articles", body)[0] == 401
        assert daemon.request("POST", "/articles", body, {"Authorization": "Bearer local-test-token"})[0] == 200
        assert "local-test-token" not in " ".join(daemon.proc.args), "the token never appears in argv"
        stats = run_cli(db, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["articles"] == 1
        # A wrong token: the CLI says the daemon refused it, not "stop the daemon".
        refused = run_cli(db, "lineage", "ex-wire", env={"TRACKER_TOKEN": "wrong"})
        assert refused.returncode == 1
        assert "refused the token of TRACKER_TOKEN" in refused.stderr, refused.stderr
        # A probe without a token learns the status alone.
        assert daemon.request("GET", "/health")[:2] == (200, {"status": "ok"})
        # The advert is readable by every user who may read the database.
        assert advert_path(str(db)).stat().st_mode & 0o044 == 0o044
        # A maintenance command names itself.
        reindex = run_cli(db, "reindex")
        assert reindex.returncode == 1 and "stop it first to run `tracker reindex`" in reindex.stderr, reindex.stderr
        assert daemon.stop() == 0
    finally:
        daemon.close()


def test_second_daemon_on_the_same_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "one.duckdb"
    first = DaemonProcess(db, tmp_path / "first.log")
    try:
        first.wait_ready()
        second = run_cli(db, "daemon", "--listen", "127.0.0.1:0")
        assert second.returncode == 1
        assert "held by another process" in second.stderr and "Traceback" not in second.stderr
        # Given a spool folder of its own, it leaves none behind.
        third = run_cli(db, "daemon", "--listen", "127.0.0.1:0", "--spool", str(tmp_path / "own-spool"))
        assert third.returncode == 1 and "held by another process" in third.stderr
        assert not (tmp_path / "own-spool").exists()
        assert first.stop() == 0
    finally:
        first.close()


def test_a_second_daemon_on_the_same_spool_is_refused_and_leaves_no_database(tmp_path: Path) -> None:
    # Two daemons reading one spool would each take files the other had acknowledged.
    spool = tmp_path / "spool"
    first = DaemonProcess(tmp_path / "one.duckdb", tmp_path / "first.log", "--spool", str(spool))
    try:
        first.wait_ready()
        other = tmp_path / "two.duckdb"
        second = run_cli(other, "daemon", "--listen", "127.0.0.1:0", "--spool", str(spool))
        assert second.returncode != 0 and "Traceback" not in second.stderr
        assert f"the spool folder {spool} is in use by another daemon (process {first.proc.pid} holds" \
            in second.stderr, second.stderr
        assert not other.exists()
        assert first.stop() == 0
    finally:
        first.close()
