"""Where raw intake items come from: files, folders and standard input.

A source yields :class:`RawItem` objects in order. JSONL files give one item per line (a
``.json`` file that is one JSON document: its record, or each record of its array); ``.txt``
and ``.html`` files one item each; WARC archives one per HTML response (:mod:`ingest.warc`);
feeds and ``http(s)://`` URLs one per entry or page (:mod:`ingest.feeds`); folders are walked
in sorted order, the record files of the whole tree first. Records that are not articles (redirects, PDFs, link-only feed entries) are
reported to ``on_skip`` with a reason. Nothing here parses.
"""

from __future__ import annotations

import io
import itertools
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ingest.feeds import FEED_SUFFIXES, Fetch, Skip, iter_feed, iter_url
from ingest.parse import (
    LEADING_BLANK,
    PAYLOAD_LIMIT,
    RawItem,
    binary_file,
    load_json,
    record_bytes,
    sniff_kind,
)
from ingest.warc import WARC_SUFFIXES, iter_warc

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED = JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
#: Inputs whose item count is unknown without reading them through (no progress-bar total).
STREAMED = WARC_SUFFIXES + FEED_SUFFIXES
#: A single line or file larger than this is not read into memory whole; it is rejected.
MAX_ITEM_BYTES = 64_000_000


def iter_lines(stream: Iterable[bytes], name: str, first_line: int = 1, offset: int = 0) -> Iterator[RawItem]:
    """One item per non-blank line of a JSONL stream; offsets are byte positions. Lines ended
    by a carriage return alone (old Mac line ends) are lines too."""
    number = first_line - 1
    for raw in _bounded(stream):
        if isinstance(raw, int):  # a line over MAX_ITEM_BYTES, skipped to its end unread
            number += 1
            offset += raw
            yield RawItem(f"{name}:{number}", f"a line of more than {MAX_ITEM_BYTES // 1_000_000} MB "
                          f"({raw:,} bytes), not read".encode(), "refused", offset)
            continue
        parts = raw.split(b"\r") if b"\r" in raw.rstrip(b"\r\n") else [raw]
        for k, line in enumerate(parts):
            number += 1
            offset += len(line) + (1 if k < len(parts) - 1 else 0)
            if not line.strip():
                continue
            yield RawItem(f"{name}:{number}", line.rstrip(b"\r\n"), "json", offset)


def _bounded(stream: Iterable[bytes]) -> Iterator[bytes | int]:
    """The lines of ``stream``, each read into memory only up to :data:`MAX_ITEM_BYTES` (a file
    of one 200 MB line had taken 1.25 GB): a longer one is its length in bytes, read through
    to its end in pieces. A stream without ``readline`` is iterated as it is."""
    readline = getattr(stream, "readline", None)
    if readline is None:
        yield from stream
        return
    while True:
        line = readline(MAX_ITEM_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_ITEM_BYTES or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):  # the rest of the long line
            line = readline(1 << 20)
            size += len(line)
        yield size


def iter_stdin(stream: BinaryIO) -> Iterator[RawItem]:
    """Standard input: JSON lines, one JSON document (a pretty-printed record, an array), or,
    when it does not start with JSON, one pasted article (plain text or an HTML page, as
    ``find-origin -`` reads it). Nothing larger than :data:`MAX_ITEM_BYTES` is read whole."""
    skipped = blank_bytes = 0
    while True:
        first = stream.readline(MAX_ITEM_BYTES + 1)
        if not first:
            # Nothing, or blank lines only: named, as an empty file is (a failed ``curl`` piped
            # in had read as "ingested 0 articles").
            yield RawItem("stdin", b"", "empty", -1)
            return
        if first.strip(LEADING_BLANK):
            break
        skipped += 1
        blank_bytes += len(first)
    if len(first) > MAX_ITEM_BYTES:
        yield RawItem("stdin", f"<a line of more than {MAX_ITEM_BYTES} bytes, not read>".encode(), "oversized",
                      len(first))
        return
    first_kind = sniff_kind(first)
    if first_kind == "json" and not _parses(first):
        # Not one record per line: a document spread over lines, if it is one and not too big.
        rest = stream.read(MAX_ITEM_BYTES + 1 - len(first))
        whole = first + rest
        records = parse_document(whole) if len(whole) <= MAX_ITEM_BYTES else None
        if records is not None:
            for number, record in enumerate(records, start=1):
                yield RawItem("stdin" if len(records) == 1 else f"stdin:{number}", record, "json", number)
            return
        if len(whole) <= MAX_ITEM_BYTES and one_malformed_document(whole):
            # One document that does not parse (a trailing comma): one item, rejected with the
            # document's error and line, as a .json file of it is.
            yield RawItem("stdin", whole, "json", -1)
            return
        yield from iter_lines(itertools.chain(io.BytesIO(whole), stream), "stdin", skipped + 1, blank_bytes)
        return
    if first_kind == "json":
        yield from iter_lines(itertools.chain([first], stream), "stdin", skipped + 1, blank_bytes)
        return
    payload = first + stream.read(MAX_ITEM_BYTES + 1 - len(first))
    if len(payload) > MAX_ITEM_BYTES:
        yield RawItem("stdin", f"<more than {MAX_ITEM_BYTES} bytes not read>".encode(), "oversized", len(payload))
        return
    yield RawItem("stdin", payload, sniff_kind(payload), len(payload))


def _parses(line: bytes) -> bool:
    try:
        load_json(line)
    except (ValueError, RecursionError):
        return False
    return True


def _record_line(line: bytes) -> bool:
    """The line is a JSON object or array of its own: a record of JSON lines. A line of a
    pretty-printed document may parse as a scalar (a list's item, ``"harbour"``), never so."""
    try:
        return isinstance(load_json(line), (dict, list))
    except (ValueError, RecursionError):
        return False


def one_malformed_document(data: bytes) -> bool:
    """``data`` is one malformed JSON document rather than JSON lines: it opens with a line of
    ``{`` or ``[`` alone, or no line of it is a record of its own (a pretty-printed record's
    fields)."""
    lines = [line for line in data.splitlines() if line.strip()]
    if lines and lines[0].strip(LEADING_BLANK) in (b"{", b"["):
        return True  # a record of JSON lines is whole on its first line
    return bool(lines) and not any(_record_line(line) for line in lines)


def parse_document(data: bytes) -> list[bytes] | None:
    """The records of one JSON document (a record, or an array of them), each as one JSON line;
    ``None`` when ``data`` is not one JSON document (JSON lines, text, malformed)."""
    try:
        whole = load_json(data.lstrip(b"\xef\xbb\xbf"))
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None
    parts = whole if isinstance(whole, list) else [whole]
    return [record_bytes(part) for part in parts]


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` input."""
    return value.lower().startswith(("http://", "https://"))


def iter_path(path: Path, on_skip: Skip | None = None, follow_links: bool = False,
              fetch: Fetch | None = None) -> Iterator[RawItem]:
    """Items of one file or folder (folders recursively, files with supported suffixes)."""
    if path.is_dir():
        # The record files of the whole tree first: they name their articles, where a text or
        # page file is known by its content, so a file repeating a record's text (in any
        # folder of the tree) is then that article again.
        tree: list[Path] = []
        unlisted: list[OSError] = []  # a subfolder that cannot be listed: one rejected item each
        for root, dirs, files in os.walk(path, onerror=unlisted.append):
            dirs.sort()
            tree += [Path(root) / name for name in sorted(files) if name.lower().endswith(SUPPORTED)]
        for exc in unlisted:
            yield unreadable(Path(exc.filename or path), exc)
        for want_records in (True, False):
            for child in tree:
                if child.name.lower().endswith(JSONL_SUFFIXES) == want_records:
                    yield from iter_path(child, on_skip, follow_links, fetch)
        return
    try:
        yield from _file_items(path, on_skip, follow_links, fetch)
    except OSError as exc:
        # A file that cannot be read (no permission, an I/O error, gone meanwhile) is one item
        # the pipeline rejects with the reason: the rest of a folder, a spool, goes on.
        yield unreadable(path, exc)


def unreadable(path: Path, exc: OSError) -> RawItem:
    """The item of a file that could not be read (or no longer): its reason as the payload."""
    reason = (exc.strerror or str(exc) or type(exc).__name__).lower()
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        reason = f"a link to nothing ({os.readlink(path)}: {reason})"
    return RawItem(str(path), reason.encode(), "unreadable", -1)


#: What a path that is no regular file is, for its reason.
_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def irregular(path: Path) -> RawItem | None:
    """The item of a path that is no regular file (a named pipe, a device), whose reason the
    pipeline rejects; ``None`` for a regular file. Opening a named pipe waits for a writer, and
    /dev/zero never ends: neither is read.

    Raises:
        OSError: the path cannot be examined (gone, no permission).
    """
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _NOT_REGULAR if test(mode)), "no regular file")
    return RawItem(str(path), f"not a regular file ({what})".encode(), "unreadable", -1)


def _file_items(path: Path, on_skip: Skip | None, follow_links: bool, fetch: Fetch | None) -> Iterator[RawItem]:
    odd = irregular(path)
    if odd is not None:
        yield odd
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
            head = fh.read(PAYLOAD_LIMIT)
        if binary_file(head):  # a program or a PDF named .jsonl: one reject, naming what it is
            yield RawItem(str(path), head, "text", path.stat().st_size)
            return
    if suffix == ".json":
        records = json_document(path)
        if records is not None:
            for number, record in enumerate(records, start=1):
                yield RawItem(str(path) if len(records) == 1 else f"{path}:{number}", record, "json", number)
            if not records:
                yield _empty(path)
            return
        whole = _malformed_document(path)
        if whole is not None:
            # One document spread over lines that does not parse (a trailing comma): one item,
            # rejected with the document's error and line, not a reject per fragment.
            yield RawItem(str(path), whole, "json", -1)
            return
    if suffix in JSONL_SUFFIXES:
        with path.open("rb") as fh:
            bom = fh.read(2)
            if bom in (b"\xff\xfe", b"\xfe\xff"):
                # UTF-16 lines do not split at a newline byte: the file is one item, rejected
                # for its encoding, rather than a reject per fragment.
                yield RawItem(str(path), bom + fh.read(PAYLOAD_LIMIT), "json", -1)
                return
            fh.seek(0)
            found = False
            for item in iter_lines(fh, str(path)):
                found = True
                yield item
        if not found:
            yield _empty(path)
        return
    kind = "html" if suffix in HTML_SUFFIXES else "text"
    size = path.stat().st_size
    if size > MAX_ITEM_BYTES:
        yield RawItem(str(path), f"<{size} bytes not read>".encode(), "oversized", size)
        return
    # The file it was read from is kept in the article's meta (``file``): a text file brings no
    # id, title or address of its own, and its stored article is known by its text's hash.
    yield RawItem(str(path), path.read_bytes(), kind, size, fields=(("file", str(path)),))


def _malformed_document(path: Path) -> bytes | None:
    """The bytes of a ``.json`` file that is one malformed document rather than JSON lines: no
    line of it is a JSON value of its own (``{`` of a pretty-printed record, its fields). A
    file of JSON lines with a bad line is read line by line, its good records kept."""
    if path.stat().st_size > MAX_ITEM_BYTES:
        return None
    data = path.read_bytes()
    return data if one_malformed_document(data) else None


def _empty(path: Path) -> RawItem:
    """A records file that holds no record (empty, blank lines, ``[]``) is still input to
    account for: one item the pipeline rejects, so that it has its dead-letter row."""
    return RawItem(str(path), b"", "empty", -1)


def json_document(path: Path) -> list[bytes] | None:
    """The records of a ``.json`` file that is one JSON document: a record (pretty-printed or
    not) or an array of them, one item each. ``None`` when the file is JSON lines instead (or
    too large to read whole): it is then read line by line."""
    if path.stat().st_size > MAX_ITEM_BYTES:
        return None
    return parse_document(path.read_bytes())


def iter_inputs(inputs: list[str], on_skip: Skip | None = None, follow_links: bool = False,
                fetch: Fetch | None = None) -> Iterator[RawItem]:
    """Items of every CLI input: paths, ``http(s)://`` URLs, or ``-`` for standard input (:func:`iter_stdin`).

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
            yield from iter_stdin(sys.stdin.buffer)
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
            try:
                total += _count(f)
            except OSError:
                total += 1  # read as one item, rejected for it
    return total


def _count(f: Path) -> int:
    document = json_document(f) if f.suffix.lower() == ".json" else None
    if document is not None:
        return len(document)
    if f.suffix.lower() == ".json" and _malformed_document(f) is not None:
        return 1
    if f.suffix.lower() in JSONL_SUFFIXES:
        with f.open("rb") as fh:  # the lines iter_lines reads, without making their items
            return sum(1 for raw in fh
                       for line in (raw.split(b"\r") if b"\r" in raw.rstrip(b"\r\n") else (raw,)) if line.strip())
    return 1
