"""Load test of the streaming daemon's HTTP intake (a script, not a test).

Starts the real daemon (``tracker --db TMP daemon --listen 127.0.0.1:0``) on a fresh database,
pushes the 19,043 Reuters-21578 stories through ``POST /articles`` from a few client threads,
and reports:

- sustained throughput (articles/s, from the first POST to the last acknowledgement, and over
  the steady middle 80 %),
- p50/p90/p99 latency from POST to "lineage available" (a 200 answer carries each article's
  origin and relation; a 202 is followed by polling ``/status/{id}`` until it says stored),
- refusals for back-pressure (429) and 202s,
- the daemon's peak RSS (``VmHWM`` from ``/proc/PID/status``).

Usage::

    .venv/bin/python benchmarks/daemon_load.py                      # all 19,043 stories
    .venv/bin/python benchmarks/daemon_load.py --limit 2000 --clients 16 --per-request 8

Only 127.0.0.1 is contacted; every loop is bounded by the article count and by timeouts.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "reuters21578" / "articles.jsonl"


def tracker_command() -> list[str]:
    script = Path(sys.executable).parent / "tracker"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker.cli"]


def request(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 120.0
            ) -> tuple[int, dict[str, str], Any]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method,
                                 headers={"Content-Type": "application/x-ndjson"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            raw, status, headers = answer.read(), answer.status, dict(answer.headers)
    except urllib.error.HTTPError as exc:
        raw, status, headers = exc.read(), exc.code, dict(exc.headers)
    kind = headers.get("Content-Type", "")
    return status, headers, json.loads(raw) if "json" in kind else raw.decode()


def peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def start_daemon(db: Path, log: Path, batch_size: int, batch_age: float) -> tuple[subprocess.Popen[bytes], int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    proc = subprocess.Popen(
        [*tracker_command(), "--db", str(db), "daemon", "--listen", "127.0.0.1:0", "--batch-size",
         str(batch_size), "--batch-age", str(batch_age), "--wait", "60", "--queue-size", "4096"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env)
    advert = Path(str(db) + ".daemon.json")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"daemon exited with {proc.returncode}; see {log}")
        try:
            info = json.loads(advert.read_text())
            if info.get("pid") == proc.pid and request(int(info["port"]), "GET", "/health", timeout=5)[0] == 200:
                return proc, int(info["port"])
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("daemon did not start within 120 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL intake records")
    parser.add_argument("--limit", type=int, default=0, help="only the first N records (0: all)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--per-request", type=int, default=8, help="articles per POST")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--batch-age", type=float, default=0.5)
    parser.add_argument("--db", type=Path, default=None, help="database (default: a temporary file)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (needs ../shared/data beside the repo)", file=sys.stderr)
        return 2
    with args.corpus.open("rb") as fh:
        lines = [line.rstrip(b"\n") for line in fh if line.strip()]
    if args.limit:
        lines = lines[: args.limit]
    ids = [json.loads(line)["id"] for line in lines]
    chunks = [list(range(i, min(i + args.per_request, len(lines)))) for i in range(0, len(lines), args.per_request)]

    with tempfile.TemporaryDirectory(prefix="daemon-load-") as tmp:
        db = args.db or Path(tmp) / "load.duckdb"
        log = Path(tmp) / "daemon.log"
        proc, port = start_daemon(db, log, args.batch_size, args.batch_age)
        print(f"daemon pid {proc.pid} on 127.0.0.1:{port}; {len(lines)} articles, {args.clients} clients, "
              f"{args.per_request} per request", file=sys.stderr)
        latency: dict[int, float] = {}
        done_at: dict[int, float] = {}
        counters = {"429": 0, "202": 0, "errors": 0, "stored": 0, "duplicate": 0, "rejected": 0}
        lock = threading.Lock()
        queue = list(reversed(chunks))

        def client() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    chunk = queue.pop()
                body = b"\n".join(lines[i] for i in chunk)
                sent = time.perf_counter()
                for _attempt in range(1000):
                    try:
                        status, headers, data = request(port, "POST", "/articles?wait=60", body)
                    except (OSError, ValueError):
                        with lock:
                            counters["errors"] += 1
                        time.sleep(1)
                        continue
                    if status in (429, 503):
                        with lock:
                            counters["429" if status == 429 else "errors"] += 1
                        time.sleep(float(headers.get("Retry-After", "1")))
                        continue
                    break
                else:
                    return
                now = time.perf_counter()
                if status == 202:
                    with lock:
                        counters["202"] += 1
                    for i in chunk:
                        for _poll in range(6000):
                            if request(port, "GET", f"/status/{ids[i]}")[0] == 200:
                                break
                            time.sleep(0.05)
                    now = time.perf_counter()
                articles = data.get("articles", []) if isinstance(data, dict) else []
                with lock:
                    for a in articles:
                        counters[a.get("status", "errors")] = counters.get(a.get("status", "errors"), 0) + 1
                    for i in chunk:
                        latency[i] = now - sent
                        done_at[i] = now

        started = time.perf_counter()
        threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
        for t in threads:
            t.start()
        last_report = started
        while any(t.is_alive() for t in threads):
            time.sleep(1)
            if time.perf_counter() - last_report > 30:
                last_report = time.perf_counter()
                with lock:
                    n = len(done_at)
                print(f"  {n} acknowledged after {last_report - started:.0f} s "
                      f"({n / (last_report - started):.1f}/s)", file=sys.stderr)
        elapsed = (max(done_at.values()) if done_at else time.perf_counter()) - started
        times = sorted(done_at.values())
        lo, hi = times[len(times) // 10], times[(len(times) * 9) // 10]
        steady = (len(times) * 8 // 10) / (hi - lo) if hi > lo else float("nan")
        _, _, stats = request(port, "GET", "/query/stats")
        _, _, metrics = request(port, "GET", "/metrics")
        rss = peak_rss_mib(proc.pid)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)
        batch_lines = [json.loads(line) for line in log.read_text().splitlines()
                       if line.startswith("{") and '"event": "batch"' in line]
        values = list(latency.values())
        report = {
            "articles": len(lines), "acknowledged": len(done_at), "seconds": round(elapsed, 1),
            "articles_per_s": round(len(done_at) / elapsed, 1) if elapsed else None,
            "steady_articles_per_s": round(steady, 1),
            "latency_p50_s": round(percentile(values, 50), 3), "latency_p90_s": round(percentile(values, 90), 3),
            "latency_p99_s": round(percentile(values, 99), 3),
            "latency_mean_s": round(statistics.fmean(values), 3) if values else None,
            "peak_rss_mib": round(rss, 1), "refused_429": counters["429"], "answered_202": counters["202"],
            "client_errors": counters["errors"], "outcomes": {k: counters.get(k, 0) for k in ("stored", "duplicate", "rejected")},
            "batches": len(batch_lines),
            "mean_batch_s": round(statistics.fmean(b["seconds"] for b in batch_lines), 3) if batch_lines else None,
            "db_stats": stats["rows"][0] if isinstance(stats, dict) else stats,
            "daemon_exit": code, "clients": args.clients, "per_request": args.per_request,
            "batch_size": args.batch_size, "batch_age_s": args.batch_age,
        }
        assert "tracker_batch_seconds_count" in metrics
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
