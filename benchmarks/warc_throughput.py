"""WARC intake throughput: records per second through reading, extraction, and the whole pipeline.

A synthetic CC-NEWS-like archive is generated first (seeded, so every run reads the same
bytes): article pages in page chrome (navigation, cookie banner, comments, same-topic
teasers), a share of them republished by other sites in other chrome (so matching and lineage
have work to do), plus the records a news crawl is full of and that must be skipped:
redirects, 404s, PDFs and request/metadata records. Then three stages are timed:

* ``read``: FastWARC streaming and record filtering only (:func:`ingest.warc.iter_warc`);
* ``extract``: reading plus parsing every page (trafilatura extraction, metadata, language
  identification, ids: :func:`ingest.parse.parse_item`), no store;
* ``pipeline``: ``tracker ingest`` on a fresh DuckDB file (:func:`tracker.cli.ingestion.run_ingest`):
  extraction, shingles, MinHash, LSH, verification, lineage and the store.

Rates are records of the archive per second (all records, skipped ones included) and article
pages per second, by wall time and by CPU time (the stable number on a shared machine).

Usage::

    .venv/bin/python benchmarks/warc_throughput.py                 # 2,000 stories
    .venv/bin/python benchmarks/warc_throughput.py --stories 300 --json

Needs warcio (the dev extra) to write the archive. Writes only under a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.parse import parse_item  # noqa: E402
from ingest.warc import iter_warc  # noqa: E402
from tests.ingest.pages import digest_page, herald_page  # noqa: E402
from tracker.cli import run_ingest  # noqa: E402
from tracker.config import load_config  # noqa: E402
from tracker.model import Article  # noqa: E402

_COMMON = (
    "the a of to in and on for with that by from at as said it was is were will has "
    "have had after over about more than their its this new"
).split()
_SYLLABLES = "ka lo mi ren tor vas el un dra pe qui sol ba nik ter os gal ur fen hal mo zi".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _story(rng: random.Random) -> list[str]:
    """A story: paragraphs of sentences over its own vocabulary (unrelated stories share
    little but function words, as real stories on different topics do)."""
    vocabulary = [_word(rng) for _ in range(80)]
    names = [_word(rng).capitalize() for _ in range(6)]

    def sentence() -> str:
        words = [
            rng.choice(vocabulary) if rng.random() < 0.6 else rng.choice(_COMMON)
            for _ in range(rng.randint(12, 24))
        ]
        words[rng.randrange(len(words))] = rng.choice(names)
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 2000)))
        return " ".join(words).capitalize() + "."

    return [" ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 10))]


def write_archive(path: Path, stories: int, seed: int = 7) -> dict[str, int]:
    """Write the synthetic archive; returns how many records of each kind it holds."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    counts = {"pages": 0, "copies": 0, "redirects": 0, "404": 0, "pdf": 0, "requests": 0}
    html_type = {"Content-Type": "text/html; charset=utf-8"}

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def put(kind: str, uri: str, status: str | None, headers: dict[str, str], body: bytes) -> None:
            http = StatusAndHeaders(status, list(headers.items()), protocol="HTTP/1.1") if status else None
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    kind,
                    payload=BytesIO(body),
                    length=len(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": "2025-05-28T10:15:00Z"},
                )
            )

        for number in range(stories):
            paragraphs = _story(rng)
            title = " ".join(_word(rng) for _ in range(6)).capitalize()
            url = f"https://harbourherald.example/news/{number}"
            put("request", url, None, {}, b"")
            counts["requests"] += 1
            put(
                "response",
                url,
                "200 OK",
                html_type,
                herald_page(
                    paragraphs, title, url=url, published=f"2025-05-{1 + number % 28:02d}T08:00:00Z"
                ).encode(),
            )
            counts["pages"] += 1
            if rng.random() < 0.3:
                kept = paragraphs[: max(3, len(paragraphs) - rng.randint(0, 3))]
                copy_url = f"https://coastaldigest.example/2025/05/{number}"
                put(
                    "response",
                    copy_url,
                    "200 OK",
                    html_type,
                    digest_page(
                        kept, title, url=copy_url, published=f"2025-05-{1 + number % 28:02d}T15:00:00Z"
                    ).encode(),
                )
                counts["copies"] += 1
            roll = rng.random()
            if roll < 0.15:
                put("response", url + "/amp", "301 Moved Permanently", {"Location": url}, b"")
                counts["redirects"] += 1
            elif roll < 0.25:
                put(
                    "response",
                    url + "/gone",
                    "404 Not Found",
                    html_type,
                    b"<html><body>Not found</body></html>",
                )
                counts["404"] += 1
            elif roll < 0.30:
                put(
                    "response",
                    url + ".pdf",
                    "200 OK",
                    {"Content-Type": "application/pdf"},
                    b"%PDF-1.7\n" + bytes(2000),
                )
                counts["pdf"] += 1
    return counts


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else float("inf")


class _Clock:
    """Wall and CPU time of one stage. CPU time is the number to compare across runs on a
    shared machine: wall time also counts the time other processes held the cores."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def row(self, records: int, pages: int) -> dict[str, float]:
        return {
            "seconds": round(self.wall, 2), "cpu_seconds": round(self.cpu, 2),
            "records_per_s": _rate(records, self.wall), "records_per_cpu_s": _rate(records, self.cpu),
            "pages_per_s": _rate(pages, self.wall), "pages_per_cpu_s": _rate(pages, self.cpu),
        }


def measure(stories: int, batch_size: int = 256) -> dict[str, Any]:
    """Generate an archive of ``stories`` stories and time the three stages over it."""
    with tempfile.TemporaryDirectory(prefix="warc-bench-") as tmp:
        archive = Path(tmp) / "synthetic.warc.gz"
        counts = write_archive(archive, stories)
        records = sum(counts.values())
        pages = counts["pages"] + counts["copies"]
        skipped: list[str] = []

        with _Clock() as read:
            items = list(iter_warc(archive, skipped.append))
        with _Clock() as extract:
            parsed = [parse_item(item) for item in iter_warc(archive, skipped.append)]
        config = load_config(env={}, overrides={"store": {"path": str(Path(tmp) / "bench.duckdb")}})
        with _Clock() as pipeline:
            summary = run_ingest(config, [str(archive)], batch_size, True)

    return {
        "stories": stories,
        "records": records,
        "html_pages": pages,
        "archive": counts,
        "read": {**read.row(records, pages), "items": len(items)},
        "extract": {**extract.row(records, pages),
                    "articles": sum(1 for a in parsed if isinstance(a, Article))},
        "pipeline": {
            **pipeline.row(records, pages),
            **{k: summary[k] for k in ("ingested", "linked", "skipped", "rejected")},
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=2000, help="stories in the synthetic archive")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = measure(args.stories, args.batch_size)
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return
    print(
        f"synthetic WARC: {result['records']} records, {result['html_pages']} HTML pages "
        f"({result['archive']['copies']} republished copies), rest skipped"
    )
    print(f"{'stage':<10}{'wall s':>8}{'cpu s':>8}{'records/s':>11}{'rec/cpu-s':>11}"
          f"{'pages/s':>9}{'pg/cpu-s':>10}")
    for stage in ("read", "extract", "pipeline"):
        r = result[stage]
        print(f"{stage:<10}{r['seconds']:>8.2f}{r['cpu_seconds']:>8.2f}{r['records_per_s']:>11.1f}"
              f"{r['records_per_cpu_s']:>11.1f}{r['pages_per_s']:>9.1f}{r['pages_per_cpu_s']:>10.1f}")
    p = result["pipeline"]
    print(f"pipeline: {p['ingested']} ingested, {p['linked']} linked, "
          f"{p['skipped']} skipped, {p['rejected']} rejected")


if __name__ == "__main__":
    main()
