"""RSS and Atom feeds (files or URLs) -> raw HTML items, with feedparser.

An entry that carries the article (``content:encoded``, Atom ``content``, or a description of
at least :data:`FULL_TEXT_WORDS` words) becomes an ``html`` item at once. An entry that only
links to the article is fetched when ``follow_links`` is set, and otherwise skipped with the
counted reason ``feed: entry has only a link``. The entry's link, title, publication time,
author, source and id travel in :attr:`RawItem.fields`, so the article keeps them even when
its page says nothing.

:func:`feed_items` is the interface the daemon calls; :func:`iter_feed` and :func:`iter_url`
serve ``tracker ingest FEED.xml`` and ``tracker ingest https://...``. Network access happens
only in :func:`fetch_page` (or the ``fetch`` the caller passes), and only for a URL the user
gave or, with ``follow_links``, for entry links. A fetched body is handed on as a reader needs
it: decompressed (``Content-Encoding``), and in UTF-8 when its Content-Type names another
charset, which the bytes alone no longer say.
"""

from __future__ import annotations

import calendar
import codecs
import email.message
import gzip
import html as html_lib
import http.client
import io
import logging
import re
import time
import urllib.error
import urllib.request
import xml.sax
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ingest.parse import MAX_HTML_BYTES, RawItem, page_kind

FEED_SUFFIXES = (".rss", ".atom", ".xml")
#: A description this long is the article itself, not a teaser (teasers run 20-60 words).
FULL_TEXT_WORDS = 150
#: The largest feed file read (a feed is parsed whole; a news feed is a few megabytes).
MAX_FEED_BYTES = 64_000_000
#: Seconds to wait for a server when fetching.
FETCH_TIMEOUT = 20.0
USER_AGENT = "news-tracker/0.1 (+https://pypi.org/project/news-tracker/)"
_LOG = logging.getLogger(__name__)
_TAG = re.compile(r"<[^>]+>")

Skip = Callable[[str], None]
Fetch = Callable[[str], "bytes | Fetched"]
#: What a failed fetch raises: urllib's errors are OSErrors; a cut connection is an HTTPException.
FETCH_ERRORS = (OSError, ValueError, http.client.HTTPException)


def is_feed(name: str) -> bool:
    """True for a file name with a feed suffix (``.rss``, ``.atom``, ``.xml``)."""
    return name.lower().endswith(FEED_SUFFIXES)


def _log_skip(reason: str) -> None:
    _LOG.info("skipped %s", reason)


@dataclass(frozen=True)
class Fetched:
    """A page as fetched: what a reader of it needs from the HTTP answer.

    Attributes:
        body: the body, its content encoding undone (gzip, deflate, br) and, for a text page
            whose Content-Type names its charset, decoded from it and written in UTF-8.
        url: where the body came from, after redirects.
    """

    body: bytes
    url: str


#: Media types whose ``charset`` parameter governs the body (WHATWG: the HTTP header comes
#: after a byte-order mark and before the page's own ``<meta>``). An XML document (a feed) names
#: its encoding in its own declaration, which feedparser reads: it is left as served.
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _accepted_encodings() -> str:
    """The content encodings :func:`_decompressed` undoes (``br`` when brotli is installed)."""
    try:
        import brotli  # noqa: F401 (installed with fastwarc, not required)
    except ImportError:
        return "gzip, deflate"
    return "gzip, deflate, br"


class UnreadEncoding(ValueError):
    """A content coding that is not read here (``zstd``, ``compress``)."""


def _undone(body: bytes, coding: str, limit: int) -> bytes:
    """``body`` with one content coding undone, at most ``limit`` bytes of it.

    Raises:
        UnreadEncoding: a coding not read here.
        OSError, EOFError, zlib.error, brotli.error: the body is not in that coding.
    """
    if coding in ("gzip", "x-gzip"):
        return gzip.GzipFile(fileobj=io.BytesIO(body)).read(limit)
    if coding == "deflate":  # zlib-wrapped as RFC 9110 says, or raw as some servers send it
        wbits = zlib.MAX_WBITS if body[:1] == b"\x78" else -zlib.MAX_WBITS
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(body, limit)
        if len(out) < limit and not inflater.eof:
            raise EOFError("the deflate stream ends before its end")  # a cut body is no article
        return out
    if coding == "br" and "br" in _accepted_encodings():
        import brotli

        decoder = brotli.Decompressor()
        data: bytes = decoder.process(body, output_buffer_limit=limit)
        if len(data) < limit and not decoder.is_finished():
            raise EOFError("the brotli stream ends before its end")
        return data[:limit]
    raise UnreadEncoding(f"content encoding {coding!r} is not read here")


def decompressed(body: bytes, encoding: str, limit: int) -> bytes:
    """``body`` with its ``Content-Encoding`` undone (each coding, from the last), at most
    ``limit`` bytes of it: a small bomb does not fill the memory.

    Raises:
        UnreadEncoding: an encoding not read here.
        ValueError: a body that is not in its encoding.
    """
    codings = [c.strip().lower() for c in encoding.split(",")]
    for coding in reversed([c for c in codings if c not in ("", "identity")]):
        try:
            body = _undone(body, coding, limit)
        except UnreadEncoding:
            raise
        except Exception as exc:  # noqa: BLE001 (gzip, zlib and brotli each raise their own error)
            raise ValueError(f"is not in the {coding} content encoding it declares "
                             f"({type(exc).__name__}: {exc})") from exc
    return body


def _decompressed(body: bytes, encoding: str, url: str) -> bytes:
    """A fetched body with its ``Content-Encoding`` undone (servers and CDNs compress even
    unasked), at most :data:`MAX_HTML_BYTES` + 1 bytes of it.

    Raises:
        ValueError: an encoding not read here, or a body that is not in its encoding.
    """
    try:
        return decompressed(body, encoding, MAX_HTML_BYTES + 1)
    except UnreadEncoding as exc:
        raise ValueError(f"{url}: {exc}") from exc
    except ValueError as exc:
        raise ValueError(f"{url} {exc}") from exc


def _in_utf8(body: bytes, content_type: str) -> bytes:
    """A text page's body in UTF-8, decoded from the charset its Content-Type names, as a
    browser reads it (:func:`ingest.html.codec_of`: iso-8859-1 is windows-1252). The body is
    left as served when it starts with a byte-order mark (which wins), names no charset or
    UTF-8, is not a text type, or is not valid in the charset named (the page's own ``<meta>``
    and detection then decide)."""
    message = email.message.Message()
    message["Content-Type"] = content_type
    charset = message.get_param("charset")
    if (not isinstance(charset, str) or message.get_content_type() not in _TEXT_TYPES
            or body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))):
        return body
    from ingest.html import codec_of, decode_as, is_utf8_text

    try:
        codec = codec_of(charset)
        if codecs.lookup(codec).name == "utf-8" or is_utf8_text(body):  # UTF-8 under another label
            return body
        return decode_as(body, codec).encode("utf-8")
    except (LookupError, UnicodeError):
        return body


#: The longest one fetch may take, whole: a server that sends a byte every few seconds stays
#: inside every socket timeout and would hold a fetch (and its feed) forever.
FETCH_DEADLINE_S = 60.0


def read_within(response: Any, limit: int, url: str, deadline_s: float = FETCH_DEADLINE_S) -> bytes:
    """Up to ``limit`` bytes of an open HTTP ``response``, read as they come (``read1``), in at
    most ``deadline_s`` seconds from now.

    Raises:
        OSError: the body is still coming when the deadline passes.
    """
    stop = time.monotonic() + deadline_s
    parts: list[bytes] = []
    got = 0
    while got < limit:
        chunk = response.read1(min(65_536, limit - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
        if time.monotonic() > stop:
            raise OSError(f"{url}: still sending after {deadline_s:g} s (a fetch may take that long at most)")
    return b"".join(parts)


def fetch_page(url: str) -> Fetched:
    """GET ``url`` (http or https only): the body as a reader needs it (:class:`Fetched`).

    Raises:
        ValueError: not an http(s) URL, a body over :data:`ingest.parse.MAX_HTML_BYTES`
            (once decompressed), or one not in the content encoding it declares.
        OSError: the server could not be reached or answered with an error status
            (``urllib.error.HTTPError`` is one).
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"only http and https URLs can be fetched, not {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept-Encoding": _accepted_encodings()})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (scheme checked)
            body = read_within(response, MAX_HTML_BYTES + 1, url)
            encoding = response.headers.get("Content-Encoding", "")
            content_type = response.headers.get("Content-Type", "")
            final = response.geturl() or url
    except urllib.error.HTTPError as exc:
        exc.close()  # an error answer holds its connection until closed
        raise
    if encoding:
        body = _decompressed(body, encoding, url)
    if len(body) > MAX_HTML_BYTES:
        raise ValueError(f"{url} is over {MAX_HTML_BYTES // 1_000_000} MB")
    return Fetched(_in_utf8(body, content_type), final)


def fetch_url(url: str) -> bytes:
    """The body of :func:`fetch_page` alone, for callers that need no more (``find-origin URL``).

    Raises:
        ValueError, OSError: as :func:`fetch_page`.
    """
    return fetch_page(url).body


def _fetched(url: str, fetch: Fetch | None) -> Fetched:
    """``url`` fetched by the caller's ``fetch`` (which gives the body alone, or a
    :class:`Fetched`), else by :func:`fetch_page` (which knows where redirects led)."""
    if fetch is None:
        return fetch_page(url)
    got = fetch(url)
    return got if isinstance(got, Fetched) else Fetched(got, url)


def fetch_problem(exc: BaseException) -> str:
    """Why a fetch failed, in a few words: "HTTP 404", "URLError: timed out"."""
    code = getattr(exc, "code", None)
    if isinstance(code, int):
        if 300 <= code < 400 and "loop" in str(getattr(exc, "msg", "") or exc).lower():
            return f"HTTP {code}: the redirects loop, or go on past 10"  # urllib's "infinite loop"
        return f"HTTP {code}"
    reason = getattr(exc, "reason", None) or exc
    return f"{type(exc).__name__}: {' '.join(str(reason).split())[:80]}"


def _iso(parsed: Any, written: Any = None) -> str | None:
    """feedparser's UTC ``struct_time`` -> ISO 8601 with ``Z``; the date as the feed wrote it
    (``written``) when it is out of Python's range once in UTC (year 10000): the entry's
    record is then rejected for its date, and the feed's other entries read."""
    if not parsed:
        return None
    try:
        stamp = datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return str(written or "a date out of range")
    return stamp.isoformat().replace("+00:00", "Z")


def _host(url: str | None) -> str | None:
    """A link's host as a page's source is stored: without www. (as a page fetched from it is)."""
    from ingest.html import without_www

    return without_www(urlsplit(url).hostname if url else None)


def _as_page(title: str | None, body: str, content_type: str) -> bytes:
    """An entry's content as a small HTML page (plain text becomes escaped paragraphs)."""
    if "html" not in content_type:
        paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        body = "\n".join(f"<p>{html_lib.escape(p)}</p>" for p in paras)
    head = f"<title>{html_lib.escape(title)}</title>" if title else ""
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>".encode()


def _parse(payload: bytes) -> Any:
    """feedparser on bytes. Always a stream: given bytes, feedparser would first try them as
    a file name (and a ``str`` as a URL to fetch)."""
    import feedparser

    return feedparser.parse(io.BytesIO(payload))


def _is_feed(parsed: Any) -> bool:
    return bool(parsed.get("version") or parsed.entries)


def is_feed_payload(payload: bytes) -> bool:
    """True for the bytes of an RSS or Atom document (as feedparser reads them)."""
    return _is_feed(_parse(payload))


def _content(entry: Any) -> tuple[str, str] | None:
    """The entry's full article (body, content type), or ``None`` for a teaser or nothing."""
    for part in entry.get("content") or ():
        value = part.get("value") or ""
        if value.strip():
            return value, part.get("type") or "text/html"
    summary = entry.get("summary") or ""
    if len(_TAG.sub(" ", summary).split()) >= FULL_TEXT_WORDS:
        detail = entry.get("summary_detail") or {}
        return summary, detail.get("type") or "text/html"
    return None


def _fields(entry: Any, feed: Any, atom: bool) -> tuple[tuple[str, str], ...]:
    link = entry.get("link")
    source = entry.get("source") or {}
    published = _iso(entry.get("published_parsed"), entry.get("published"))
    # Atom's <updated> is when the entry last changed. feedparser also files an RSS item's
    # dc:date (its publication date in RSS 1.0 and in many RSS 2.0 feeds) as "updated". Read
    # as a plain dict: feedparser's own lookup of a missing "updated_parsed" falls back to
    # "published_parsed", with a deprecation warning.
    updated_parsed = dict.get(entry, "updated_parsed")
    if not published and not atom:
        published = _iso(updated_parsed, dict.get(entry, "updated"))
    updated = None if published else _iso(updated_parsed, dict.get(entry, "updated"))
    pairs = [
        ("url", link),
        ("title", entry.get("title")),
        ("published_at", published or updated),
        # An update time only says the entry existed by then (tracker.model.BOUND_TIMES).
        ("published_from", "updated" if updated else None),
        ("source", source.get("href") or source.get("title") or _host(link) or _host(feed.get("link"))),
        ("author", entry.get("author")),
        ("guid", entry.get("id")),
        ("feed", feed.get("title")),
        # A date feedparser cannot read ("Someday soon"): the entry is kept without a time
        # (the feed's fault, not the article's), and what the feed said is kept beside it.
        ("date_unread", None if published or updated else entry.get("published")),
    ]
    return tuple((k, str(v).strip()[:2000]) for k, v in pairs if v and str(v).strip())


def feed_items(
    payload: bytes, origin: str, follow_links: bool = False, fetch: Fetch | None = None,
    *, on_skip: Skip | None = None,
) -> list[RawItem]:
    """The articles of one RSS or Atom document.

    Args:
        payload: the feed's bytes.
        origin: where the feed came from (a path or URL); items are ``origin:<entry number>``.
        follow_links: fetch the page of an entry that only links to its article.
        fetch: how to fetch a link (default :func:`fetch_url`).
        on_skip: called with the reason of every entry, or feed, that gives no item.

    Returns:
        ``html`` items in feed order, carrying the entry's fields.
    """
    return _entries(_parse(payload), origin, follow_links, fetch, on_skip or _log_skip)


def _entries(parsed: Any, origin: str, follow_links: bool, fetch: Fetch | None, skip: Skip) -> list[RawItem]:
    if not _is_feed(parsed):
        problem = parsed.get("bozo_exception")
        skip(f"feed: not an RSS or Atom feed ({origin}{': ' + str(problem)[:80] if problem else ''})")
        return []
    feed = parsed.get("feed") or {}
    problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXException):
        # Not well-formed (a feed cut short, an unescaped "&"): read leniently, and what lies
        # past the break may be lost; said, not read silently.
        what = " ".join(str(problem).split())[:120]
        cut = "no element found" in what or "unclosed" in what
        skip(f"feed: not well-formed XML ({what}); {len(parsed.entries)} entries read"
             + (", any after the break are lost" if cut else " leniently, and some may be missing"))
    items: list[RawItem] = []
    for number, entry in enumerate(parsed.entries, start=1):
        fields = _fields(entry, feed, str(parsed.get("version") or "").startswith("atom"))
        name = f"{origin}:{number}"
        content = _content(entry)
        if content is not None:
            items.append(RawItem(name, _as_page(entry.get("title"), *content), "html", -1, None, fields))
            continue
        link = entry.get("link")
        if not link:
            skip("feed: entry has neither content nor a link")
            continue
        if not follow_links:
            summary = (entry.get("summary") or "").strip()
            teaser = " and a summary shorter than a whole article" if summary else ""
            skip(f"feed: entry has only a link{teaser} (use --follow-links to fetch it)")
            continue
        try:
            fetched = _fetched(link, fetch)
        except FETCH_ERRORS as exc:
            # Asked for (--follow-links), and lost: a rejected item naming the link, not a skip.
            items.append(RawItem(name, f"{link} could not be fetched ({fetch_problem(exc)})".encode(),
                                 "unfetched", -1))
            continue
        # The page names its own canonical URL and host better than the link that led to it
        # (a feed proxy's, or one with tracking parameters): the link is only the fallback.
        guessed = {("url", link), ("source", _host(link))}
        followed = tuple(pair for pair in fields if pair not in guessed) + _fetch_fields(link, fetched)
        items.append(RawItem(name, fetched.body, "html", -1, None, followed))
    return items


def iter_feed(path: Path, on_skip: Skip | None = None, follow_links: bool = False,
              fetch: Fetch | None = None) -> Iterator[RawItem]:
    """Articles of one feed file; see :func:`feed_items`. A file that is not a feed (a page
    saved as ``.xml``, random bytes) is one rejected item with the reason: bad input, kept in
    the dead-letter table, where a feed entry that is not an article is only skipped."""
    size = path.stat().st_size
    if size > MAX_FEED_BYTES:
        yield RawItem(str(path), f"feed file of {size / 1e6:.0f} MB, over the {MAX_FEED_BYTES // 1_000_000} MB "
                      "read: split it".encode(), "refused", -1)
        return
    payload = path.read_bytes()
    parsed = _parse(payload)
    if not _is_feed(parsed):
        problem = parsed.get("bozo_exception")
        reason = f"not an RSS or Atom feed{': ' + ' '.join(str(problem).split())[:80] if problem else ''}"
        yield RawItem(str(path), reason.encode(), "refused", -1)
        return
    yield from _entries(parsed, str(path), follow_links, fetch, on_skip or _log_skip)


def iter_url(url: str, on_skip: Skip | None = None, follow_links: bool = False,
             fetch: Fetch | None = None) -> Iterator[RawItem]:
    """Articles behind a URL the user gave: a feed's entries, or the page itself.

    A body that feedparser does not recognise as RSS or Atom is taken as one article page.
    """
    skip = on_skip or _log_skip
    try:
        fetched = _fetched(url, fetch)
    except FETCH_ERRORS as exc:
        # The user named it: an input that could not be read, kept in the dead-letter table.
        yield RawItem(url, f"could not be fetched ({fetch_problem(exc)})".encode(), "unfetched", -1)
        return
    payload = fetched.body
    parsed = _parse(payload)
    if _is_feed(parsed):
        yield from _entries(parsed, url, follow_links, fetch, skip)
        return
    # As a followed link: the page's canonical URL and host, when it names them, are the
    # article's (the URL given may carry tracking parameters, or be an AMP or mobile copy).
    yield RawItem(url, payload, page_kind(payload), -1, None, _fetch_fields(url, fetched))


def _fetch_fields(asked: str, fetched: Fetched) -> tuple[tuple[str, str], ...]:
    """Where a page was fetched from: the URL asked for (``fetched_from``), and the one that
    answered when redirects led elsewhere (``redirected_to``, a feed proxy's target): the host
    that served the page is the one its canonical link is compared with."""
    moved = (("redirected_to", fetched.url[:2000]),) if fetched.url != asked else ()
    return (("fetched_from", asked),) + moved
