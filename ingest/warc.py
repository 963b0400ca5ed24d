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
decoded (the HTTP transfer and content encodings here, see :func:`_decoded_body`; the charset
from the HTTP header or the page) and passed on as UTF-8. FastWARC reads ~6x faster than warcio
(DESIGN.md); the archive is streamed, never loaded whole.

FastWARC is asked for the raw HTTP body (``auto_decode="none"``) because its own decoding
loses records (FastWARC 2.0.1): after a body that is both content-encoded and chunked
(``Content-Encoding: gzip`` + ``Transfer-Encoding: chunked``, how most dynamic pages are
served) the iteration ends as if the archive did, with no error, and every record after it
is lost; chunk extensions, chunk trailers, raw deflate and ``x-gzip`` make it raise.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import timezone
from pathlib import Path
from typing import Any, BinaryIO, Literal

from ingest.html import decode_html
from ingest.parse import MAX_HTML_BYTES, RawItem
from tracker.errors import InvalidArticle
from tracker.hashing import hash64

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst", ".warc.lz4")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_LOG = logging.getLogger(__name__)
#: What FastWARC decodes itself: nothing (see the module docstring); a module constant so a test
#: can show that the early end of FastWARC's own decoding is caught, not silent.
_AUTO_DECODE: Literal["none", "content", "transfer", "all"] = "none"

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


def _truncated(record: Any, body: bytes, ends_inside: bool = False) -> str | None:
    """Why the record is a fragment of its page, or ``None``: the crawler says the download broke off
    (``WARC-Truncated: time``, ``disconnect``...), or the page holds fewer bytes than its HTTP
    ``Content-Length`` says, or than the record's own length when the archive ends inside it
    (``ends_inside``), and has lost its closing ``</html>`` (an archive cut off). A page cut
    at the crawler's size limit (``WARC-Truncated: length``, Common Crawl's 1 MiB) keeps its
    start, where the article is, and is read. Encoded bodies (chunked, compressed) are decoded
    on reading, so their length is not compared."""
    cut = str(record.headers.get("WARC-Truncated") or "").strip().lower()
    if cut == "length":
        return None
    if cut:
        return f"the download broke off: WARC-Truncated: {cut[:40]}"
    if ends_inside and b"</html" not in body[-4096:].lower():
        return "the archive ends inside it"
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
    plain_size = _plain_size(stream, start)
    records = iter(ArchiveIterator(stream, parse_http=True, auto_decode=_AUTO_DECODE))
    while True:
        try:
            record = next(records)
        except StopIteration:
            if number == 0:  # no record at all: input to account for, as an empty records file
                yield RawItem(name, b"", "empty", -1)
                return
            if not _ended_early(stream, last, ArchiveIterator):
                return
            # The reader stopped with records left: never silent, and the rest is read.
            found, _ = _resume(stream, last, ArchiveIterator)
            if found is None:
                skip(f"warc: archive unreadable after record {number} (the reader stopped with bytes left)")
                return
            number += 1
            yield RawItem(f"{name}:{number}", f"the archive reader stopped early after record {number - 1} "
                          f"with records left; read on from byte {found[0]}".encode(), "unreadable", -1)
            last, records = found
            continue
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
        ends_inside = False
        if plain_size is not None and _runs_past(record, plain_size):
            # Its Content-Length runs past the archive's end. With a record after it, inside its
            # length, the length is wrong: a dead letter, and the archive is read on from that
            # record. Without one, the archive was cut inside it (truncated, below).
            here = _position(stream)
            found, _ = _resume(stream, last, ArchiveIterator)
            if found is not None:
                yield RawItem(f"{name}:{number}", b"its Content-Length runs past the end of the archive (the "
                              b"length is wrong); read on from the next record", "unreadable", -1, None,
                              (("url", str(record.headers.get("WARC-Target-URI", "")).strip("<>")),))
                last, records = found
                continue
            if here is not None:
                stream.seek(here)
            ends_inside = True
        reason = _skip_reason(record)
        if reason is None:
            content_type = (record.http_content_type or "").lower()
            try:
                body = record.reader.read()
                if _AUTO_DECODE == "none":  # (else FastWARC has decoded it)
                    body = _decoded_body(body, record.http_headers)
            except OSError as exc:
                # A body that its own headers misdescribe (gzip that is not, a broken chunk):
                # bad input, kept in the dead-letter table; the archive goes on.
                yield RawItem(f"{name}:{number}", f"its body cannot be decoded ({exc})".encode(), "unreadable",
                              -1, None, (("url", str(record.headers.get("WARC-Target-URI", "")).strip("<>")),))
                continue
            if plain_size is not None and _SWALLOWED.search(body):
                # Its Content-Length runs over the next record, which the reader took for part
                # of this body: a dead letter, and the archive is read on from that record.
                found, _ = _resume(stream, last, ArchiveIterator)
                url = str(record.headers.get("WARC-Target-URI", "")).strip("<>")
                yield RawItem(f"{name}:{number}", b"its Content-Length runs over the next record's header "
                              b"(the length is wrong); read on from the next record", "unreadable", -1, None,
                              (("url", url),))
                if found is None:
                    return
                last, records = found
                continue
            cut = _truncated(record, body, ends_inside)
            if cut is not None:
                reason = f"warc: record truncated ({cut})"
            elif len(body) > MAX_HTML_BYTES:
                reason = f"warc: page over {MAX_HTML_BYTES // 1_000_000} MB"
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
        # Where the crawler fetched it, as for a page fetched by its URL: the page's own canonical
        # link on its site comes first (an AMP page is its article's page, one article).
        fields = [("fetched_from", str(record.headers.get("WARC-Target-URI", "")).strip("<>"))]
        date = record.record_date
        if date is not None:
            stamp = date if date.tzinfo else date.replace(tzinfo=timezone.utc)
            fields.append(("fetched_at", stamp.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")))
        if record.record_id:
            fields.append(("warc_record_id", str(record.record_id).strip("<>")))
        yield RawItem(f"{name}:{number}", html.encode("utf-8", "surrogatepass"), "html", -1,
                      None, tuple((k, v) for k, v in fields if v))


#: A record's header inside a body, framed as records are ("\r\n\r\n" ends the block before
#: it): the body's Content-Length runs over the next record.
_SWALLOWED = re.compile(rb"\r\n\r\nWARC/1\.[01]\r\nWARC-[A-Za-z-]+: ")


def _plain_size(stream: BinaryIO, start: int | None) -> int | None:
    """The size of an uncompressed archive (a ``.warc.gz`` is one gzip member per record: no
    record's length can run over another's), ``None`` for a compressed one or a pipe."""
    if start is None:
        return None
    try:
        head = stream.read(2)
        stream.seek(start)
        return None if head == b"\x1f\x8b" else os.fstat(stream.fileno()).st_size
    except (OSError, ValueError, AttributeError):
        return None


def _runs_past(record: Any, size: int) -> bool:
    """The record's WARC Content-Length runs past the end of an archive of ``size`` bytes."""
    declared = str(record.headers.get("Content-Length") or "").strip()
    return record.stream_pos is not None and declared.isdigit() and record.stream_pos + int(declared) > size
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
        records = iter(iterator(stream, parse_http=True, auto_decode=_AUTO_DECODE))
        try:
            first = next(records)
        except (OSError, StopIteration):
            offset, tried = candidate + 1, tried + 1
            continue
        return (candidate, itertools.chain([first], records)), tried


def _ended_early(stream: BinaryIO, last: int | None, iterator: Any) -> bool:
    """True when bytes follow the last record read although the reader said the archive ended:
    FastWARC can stop without an error (see the module docstring), and records lost that way
    leave no trace. The last record is read again from its start, without its HTTP part, and
    whatever comes after it is looked at; a stream that cannot seek is not checked."""
    if last is None or _position(stream) is None:
        return False
    stream.seek(last)
    probe = iter(iterator(stream, parse_http=False, auto_decode="none"))
    try:
        next(probe)
        next(probe)
    except StopIteration:
        return False
    except OSError:  # bytes that do not read as a record: the reader should have said so
        return True
    return True


#: A chunk-size line of a chunked HTTP body: hex size, optional chunk extensions (``;name=value``).
_CHUNK_LINE = re.compile(rb"[ \t]*([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\n]*)?\r?\n")
#: Largest decoded body read: one byte over the limit says the page is over it, and a
#: compression bomb is not unpacked in full to find out.
_MAX_DECODED = MAX_HTML_BYTES + 1


def _codings(value: str | None) -> list[str]:
    """The codings of an encoding header, in the order the server applied them (``identity``,
    which changes nothing, left out)."""
    parts = (part.strip().lower() for part in (value or "").split(","))
    return [part for part in parts if part and part != "identity"]


def _decoded_body(raw: bytes, headers: Any) -> bytes:
    """The page of an HTTP body as archived (a WARC keeps the bytes as they were sent): the
    transfer codings undone, then the content codings, each list in the reverse of the order
    applied (``chunked`` framing is applied last, so it goes first).

    Raises:
        OSError: a coding that is not undone here (``zstd``, ``compress``), or a body its header
            misdescribes (``gzip`` that is not, a chunked body whose framing breaks off).
    """
    if headers is None:
        return raw
    body = raw
    for coding in reversed(_codings(headers.get("Content-Encoding")) + _codings(headers.get("Transfer-Encoding"))):
        body = _undo(coding, body)
    return body


def _undo(coding: str, body: bytes) -> bytes:
    """``body`` with one HTTP coding undone."""
    if coding == "chunked":
        return _dechunk(body)
    if coding in ("gzip", "x-gzip"):
        return _inflate(body, 32 + zlib.MAX_WBITS, coding)  # 32: a gzip or a zlib header
    if coding == "deflate":
        # HTTP's deflate is zlib-wrapped; some servers send the raw stream without the wrapper.
        wrapped = len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] << 8 | body[1]) % 31 == 0
        return _inflate(body, zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS, coding)
    if coding == "br":
        return _unbrotli(body)
    raise OSError(f"unsupported HTTP encoding {coding[:40]!r}")


def _dechunk(body: bytes) -> bytes:
    """The data of a chunked body, its chunk extensions and trailers dropped. A body cut inside
    its framing (a crawler's size limit) keeps what it holds; one that does not begin with a
    chunk-size line is taken as already de-chunked (some crawlers store it so and keep the
    header)."""
    if _CHUNK_LINE.match(body) is None:
        return body
    parts: list[bytes] = []
    pos = 0
    while pos < len(body):
        line = _CHUNK_LINE.match(body, pos)
        if line is None:
            if b"\n" not in body[pos:pos + 256]:  # cut inside a size line
                break
            raise OSError(f"chunked framing breaks off at byte {pos} of the body")
        size = int(line.group(1), 16)
        if size == 0:  # the last chunk; trailer fields may follow
            break
        start = line.end()
        parts.append(body[start:start + size])
        pos = start + size
        pos += 2 if body.startswith(b"\r\n", pos) else 1 if body.startswith(b"\n", pos) else 0
    return b"".join(parts)


def _inflate(data: bytes, wbits: int, coding: str) -> bytes:
    """``data`` inflated by zlib, at most :data:`_MAX_DECODED` bytes, gzip members one after
    another included. A stream cut short gives what it holds, as a page cut at the crawler's
    size limit keeps its start."""
    out: list[bytes] = []
    size = 0
    while data and size < _MAX_DECODED:
        inflater = zlib.decompressobj(wbits)
        try:
            piece = inflater.decompress(data, _MAX_DECODED - size)
        except zlib.error as exc:
            raise OSError(f"{coding} body does not decompress ({exc})") from None
        out.append(piece)
        size += len(piece)
        data = inflater.unused_data
        if not inflater.eof or not data.startswith(b"\x1f\x8b"):  # no further gzip member
            break
    return b"".join(out)


def _unbrotli(data: bytes) -> bytes:
    """``data`` decompressed by Brotli (installed with FastWARC)."""
    try:
        import brotli
    except ImportError:
        raise OSError("br body: the brotli package is not installed") from None
    try:  # within the size limit, as gzip is: a small bomb does not fill the memory (the
        # buffer stops growing at the limit, having doubled up to it at most)
        return bytes(brotli.Decompressor().process(data, output_buffer_limit=_MAX_DECODED)[:_MAX_DECODED])
    except brotli.error as exc:
        raise OSError(f"br body does not decompress ({exc})") from None


def iter_warc(path: Path, on_skip: Skip | None = None) -> Iterator[RawItem]:
    """HTML pages of one WARC file; see :func:`warc_items`."""
    with path.open("rb") as fh:
        yield from warc_items(fh, str(path), on_skip)
