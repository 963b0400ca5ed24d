"""Where raw intake items come from: files, folders and standard input.

A source yields :class:`RawItem` objects in order. JSONL files give one item per line; ``.txt``
and ``.html`` files one item each; WARC archives one per HTML response (:mod:`ingest.warc`);
feeds and ``http(s)://`` URLs one per entry or page (:mod:`ingest.feeds`); folders are walked
in sorted order. Records that are not articles (redirects, PDFs, link-only feed entries) are
reported to ``on_skip`` with a reason. Nothing here parses.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ingest.feeds import FEED_SUFFIXES, Fetch, Skip, iter_feed, iter_url
from ingest.parse import RawItem
from ingest.warc import WARC_SUFFIXES, iter_warc

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED = JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
#: Inputs whose item count is unknown without reading them through (no progress-bar total).
STREAMED = WARC_SUFFIXES + FEED_SUFFIXES
#: A single line or file larger than this is not read into memory whole; it is rejected.
MAX_ITEM_BYTES = 64_000_000


def iter_lines(stream: BinaryIO, name: str) -> Iterator[RawItem]:
    """One item per non-blank line of a JSONL stream; offsets are byte positions."""
    offset = 0
    for number, line in enumerate(stream, start=1):
        offset += len(line)
        if not line.strip():
            continue
        yield RawItem(f"{name}:{number}", line.rstrip(b"\r\n"), "json", offset)


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` input."""
    return value.lower().startswith(("http://", "https://"))


def iter_path(path: Path, on_skip: Skip | None = None, follow_links: bool = False,
              fetch: Fetch | None = None) -> Iterator[RawItem]:
    """Items of one file or folder (folders recursively, files with supported suffixes)."""
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                child = Path(root) / name
                if name.lower().endswith(SUPPORTED):
                    yield from iter_path(child, on_skip, follow_links, fetch)
        return
    if path.name.lower().endswith(WARC_SUFFIXES):
        yield from iter_warc(path, on_skip)
        return
    if path.name.lower().endswith(FEED_SUFFIXES):
        yield from iter_feed(path, on_skip, follow_links, fetch)
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        with path.open("rb") as fh:
            yield from iter_lines(fh, str(path))
        return
    kind = "html" if suffix in HTML_SUFFIXES else "text"
    size = path.stat().st_size
    if size > MAX_ITEM_BYTES:
        yield RawItem(str(path), f"<{size} bytes not read>".encode(), "oversized", size)
        return
    yield RawItem(str(path), path.read_bytes(), kind, size)


def iter_inputs(inputs: list[str], on_skip: Skip | None = None, follow_links: bool = False,
                fetch: Fetch | None = None) -> Iterator[RawItem]:
    """Items of every CLI input: paths, ``http(s)://`` URLs, or ``-`` for JSONL on standard input.

    Args:
        inputs: what the user named.
        on_skip: called with the reason of every record that is not an article.
        follow_links: fetch the pages of feed entries that carry only a link.
        fetch: how to fetch a URL (default :func:`ingest.feeds.fetch_url`).

    Raises:
        FileNotFoundError: a path does not exist.
    """
    for value in inputs:
        if value == "-":
            yield from iter_lines(sys.stdin.buffer, "stdin")
            continue
        if is_url(value):
            yield from iter_url(value, on_skip, follow_links, fetch)
            continue
        path = Path(value)
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {value}")
        yield from iter_path(path, on_skip, follow_links, fetch)


def count_items(inputs: list[str]) -> int | None:
    """How many items the inputs hold (for a progress bar); ``None`` for stdin."""
    if "-" in inputs or any(is_url(v) for v in inputs):
        return None
    total = 0
    for value in inputs:
        path = Path(value)
        files = [path] if path.is_file() else [p for p in sorted(path.rglob("*")) if p.name.lower().endswith(SUPPORTED)]
        for f in files:
            if f.name.lower().endswith(STREAMED):
                return None
            if f.suffix.lower() in JSONL_SUFFIXES:
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total
