"""WARC and WARC.gz archives (Common Crawl's CC-NEWS format) -> raw HTML items, with FastWARC.

Only what can be an article goes on: ``response`` records with HTTP status 200 and an HTML
body. Everything else is skipped with a counted reason (the ingest summary prints them):

=======================================  ===================================================
reason                                   records
=======================================  ===================================================
``warc: <type> record (not a response)`` ``warcinfo``, ``request``, ``metadata``, ``revisit``
``warc: redirect (HTTP 301)``            3xx answers: the target, if crawled, is its own record
``warc: HTTP 404``                       any other status than 200
``warc: not HTML (application/pdf)``     PDFs, images, feeds, JSON...
``warc: empty page``                     a 200 with no body
``warc: page over 10 MB``                larger than :data:`ingest.parse.MAX_HTML_BYTES`
``warc: same page as an earlier record`` the same raw HTML again (CC-NEWS re-crawls): each page
                                         is read once per run, and its id makes re-runs no-ops
=======================================  ===================================================

An item carries the record's ``WARC-Target-URI`` as its ``url``, its ``WARC-Date`` as
``fetched_at`` (the publication time when the page states none) and its record id; the body is
decoded (HTTP content encodings by FastWARC, the charset from the HTTP header or the page) and
passed on as UTF-8. FastWARC reads ~6x faster than warcio (DESIGN.md); the archive is streamed,
never loaded whole.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterator
from datetime import timezone
from pathlib import Path
from typing import Any, BinaryIO

from ingest.html import decode_html
from ingest.parse import MAX_HTML_BYTES, RawItem
from tracker.errors import InvalidArticle
from tracker.hashing import hash64

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst", ".warc.lz4")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_LOG = logging.getLogger(__name__)

Skip = Callable[[str], None]


def is_warc(name: str) -> bool:
    """True for a file name with a WARC suffix (``.warc``, ``.warc.gz``...)."""
    return name.lower().endswith(WARC_SUFFIXES)


def _log_skip(reason: str) -> None:
    _LOG.info("skipped %s", reason)


def _looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _skip_reason(record: Any) -> str | None:
    """Why a record is not an article page, or ``None`` if it may be one (body not read)."""
    kind = str(record.record_type)
    if kind != "response":
        return f"warc: {kind} record (not a response)"
    if not record.is_http or record.http_headers is None:
        return "warc: response without HTTP headers"
    status = record.http_headers.status_code
    if status is not None and 300 <= status < 400:
        return f"warc: redirect (HTTP {status})"
    if status is None:
        return "warc: response without an HTTP status line"
    if status != 200:
        return f"warc: HTTP {status}"
    if record.content_length > MAX_HTML_BYTES:
        return f"warc: page over {MAX_HTML_BYTES // 1_000_000} MB"
    return None


def _truncated(record: Any, body: bytes) -> str | None:
    """Why the record is a fragment of its page, or ``None``: the crawler says the download broke off
    (``WARC-Truncated: time``, ``disconnect``...), or the page holds fewer bytes than its HTTP
    ``Content-Length`` says and has lost its closing ``</html>`` (an archive cut off). A page cut
    at the crawler's size limit (``WARC-Truncated: length``, Common Crawl's 1 MiB) keeps its
    start, where the article is, and is read. Encoded bodies (chunked, compressed) are decoded
    on reading, so their length is not compared."""
    cut = str(record.headers.get("WARC-Truncated") or "").strip().lower()
    if cut == "length":
        return None
    if cut:
        return f"the download broke off: WARC-Truncated: {cut[:40]}"
    headers = record.http_headers
    if headers is None or headers.get("Content-Encoding") or headers.get("Transfer-Encoding"):
        return None
    declared = headers.get("Content-Length")
    short = bool(declared and declared.strip().isdigit() and len(body) < int(declared))
    return "the archive ends inside it" if short and b"</html" not in body[-4096:].lower() else None


def warc_items(stream: BinaryIO, name: str, on_skip: Skip | None = None) -> Iterator[RawItem]:
    """HTML pages of a WARC stream (plain or compressed), in archive order.

    Args:
        stream: the archive, opened in binary mode.
        name: how items name their origin (``name:<record number>``).
        on_skip: called with the reason of every record that is not an article page.

    Yields:
        ``html`` items with the record's URI, date and id in :attr:`RawItem.fields`.
    """
    from fastwarc.warc import ArchiveIterator

    skip = on_skip or _log_skip
    seen: set[int] = set()
    number = 0
    start = _position(stream)
    last = start  # where the last record read began
    records = iter(ArchiveIterator(stream, parse_http=True, auto_decode="all"))
    while True:
        try:
            record = next(records)
        except StopIteration:
            if number == 0:  # no record at all: input to account for, as an empty records file
                yield RawItem(name, b"", "empty", -1)
            return
        except OSError as exc:
            # A damaged stretch (a corrupt gzip member, bytes lost in a copy): kept in the
            # dead-letter table, and the archive is read on from the next record that reads.
            found, tried = _resume(stream, last, ArchiveIterator)
            if number == 0 and found is None:  # not an archive: bad input, kept as such
                yield RawItem(name, f"not a WARC archive ({exc})".encode(), "refused", -1)
                return
            if found is None and not tried:  # no record begins after it: nothing more is lost
                skip(f"warc: archive unreadable after record {number} ({exc})")
                return
            number += 1  # the damaged stretch: one record (at least)
            where = f"read on from byte {found[0]}" if found is not None else "nothing after it could be read"
            place = f"after record {number - 1}" if number > 1 else "at its start"
            yield RawItem(f"{name}:{number}", f"archive unreadable {place} ({exc}); {where}".encode(), "unreadable", -1)
            if found is None:
                return
            last, records = found
            continue
        number += 1
        last = record.stream_pos if record.stream_pos is not None else last
        reason = _skip_reason(record)
        if reason is None:
            content_type = (record.http_content_type or "").lower()
            try:
                body = record.reader.read()
            except OSError as exc:
                # A body that its own headers misdescribe (gzip that is not, a broken chunk):
                # bad input, kept in the dead-letter table; the archive goes on.
                yield RawItem(f"{name}:{number}", f"its body cannot be decoded ({exc})".encode(), "unreadable",
                              -1, None, (("url", str(record.headers.get("WARC-Target-URI", "")).strip("<>")),))
                continue
            cut = _truncated(record, body)
            if cut is not None:
                reason = f"warc: record truncated ({cut})"
            elif not body.strip():
                reason = "warc: empty page"
            elif content_type not in HTML_TYPES and not (not content_type and _looks_like_html(body)):
                reason = f"warc: not HTML ({content_type or 'no content type'})"
            elif hash64(body, 0) in seen:
                reason = "warc: same page as an earlier record"
        if reason is not None:
            skip(reason)
            continue
        seen.add(hash64(body, 0))
        try:
            html = decode_html(body, record.http_charset)
        except InvalidArticle:
            skip("warc: page is not text")
            continue
        fields = [("url", str(record.headers.get("WARC-Target-URI", "")).strip("<>"))]
        date = record.record_date
        if date is not None:
            stamp = date if date.tzinfo else date.replace(tzinfo=timezone.utc)
            fields.append(("fetched_at", stamp.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")))
        if record.record_id:
            fields.append(("warc_record_id", str(record.record_id).strip("<>")))
        yield RawItem(f"{name}:{number}", html.encode("utf-8", "surrogatepass"), "html", -1,
                      None, tuple((k, v) for k, v in fields if v))


#: Where a WARC record may begin: a gzip member (a ``.warc.gz`` holds one per record) or a
#: record's version line.
_RECORD_START = re.compile(rb"\x1f\x8b\x08|\nWARC/1\.[01]\r?\n")
#: Bytes read at a time when looking for the next record after a damaged one.
_SCAN_CHUNK = 1 << 20


def _position(stream: BinaryIO) -> int | None:
    """The stream's offset, or ``None`` when it cannot seek (a pipe): no resuming then."""
    try:
        return stream.tell() if stream.seekable() else None
    except OSError:
        return None


def _resume(stream: BinaryIO, after: int | None, iterator: Any) -> tuple[tuple[int, Iterator[Any]] | None, int]:
    """The first place after byte ``after`` where a record reads, with an iterator from there
    (``None`` at the end of the archive, or when the stream cannot seek), and how many places
    where a record seemed to begin did not read."""
    if after is None or _position(stream) is None:
        return None, 0
    offset, tried = after + 1, 0
    while True:
        stream.seek(offset)
        chunk = stream.read(_SCAN_CHUNK + 16)
        if not chunk:
            return None, tried
        hit = _RECORD_START.search(chunk)
        if hit is None or hit.start() >= _SCAN_CHUNK and len(chunk) > _SCAN_CHUNK:
            offset += min(len(chunk), _SCAN_CHUNK)
            continue
        candidate = offset + hit.start() + (hit.group().startswith(b"\n"))
        stream.seek(candidate)
        records = iter(iterator(stream, parse_http=True, auto_decode="all"))
        try:
            first = next(records)
        except (OSError, StopIteration):
            offset, tried = candidate + 1, tried + 1
            continue
        return (candidate, itertools.chain([first], records)), tried


def iter_warc(path: Path, on_skip: Skip | None = None) -> Iterator[RawItem]:
    """HTML pages of one WARC file; see :func:`warc_items`."""
    with path.open("rb") as fh:
        yield from warc_items(fh, str(path), on_skip)
