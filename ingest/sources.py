"""Where raw intake items come from: files, folders and standard input.

A source yields :class:`RawItem` objects in order. JSONL files give one item per line; ``.txt``
and ``.html`` files one item each; folders are walked in sorted order. Nothing here parses.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ingest.parse import RawItem

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED = JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES
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


def iter_path(path: Path) -> Iterator[RawItem]:
    """Items of one file or folder (folders recursively, files with supported suffixes)."""
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                child = Path(root) / name
                if child.suffix.lower() in SUPPORTED:
                    yield from iter_path(child)
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


def iter_inputs(inputs: list[str]) -> Iterator[RawItem]:
    """Items of every CLI input: paths, or ``-`` for JSONL on standard input.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    for value in inputs:
        if value == "-":
            yield from iter_lines(sys.stdin.buffer, "stdin")
            continue
        path = Path(value)
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {value}")
        yield from iter_path(path)


def count_items(inputs: list[str]) -> int | None:
    """How many items the inputs hold (for a progress bar); ``None`` for stdin."""
    if "-" in inputs:
        return None
    total = 0
    for value in inputs:
        path = Path(value)
        files = [path] if path.is_file() else [p for p in sorted(path.rglob("*")) if p.suffix.lower() in SUPPORTED]
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total
