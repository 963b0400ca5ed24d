"""Request bodies of the HTTP intake: what records a body holds, in which encoding.

Owns reading the Content-Type (its kind and its ``charset``), decoding a body to UTF-8,
splitting it into intake items (one article, a JSON array, or JSON lines), and the id the
pipeline will give an item. It must not queue, store or answer anything: it only reads bytes.
"""

from __future__ import annotations

import codecs
import re

from ingest.parse import RawItem, load_json, parse_item, record_bytes, sniff_kind, spelled_our_way
from ingest.sources import one_malformed_document
from tracker.errors import InvalidArticle
from tracker.model import Rejected


#: Largest request body (bytes), compressed or once decompressed. Over twice the largest
#: accepted article text (2 MB) and enough for a few hundred ordinary articles in one JSONL body.
MAX_BODY_BYTES = 5_000_000
#: The ``charset`` parameter of a Content-Type (``text/plain; charset="iso-8859-1"``).
_CHARSET = re.compile(r";\s*charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)


def _charset(content_type: str) -> str | None:
    found = _CHARSET.search(content_type)
    return found.group(1) if found else None


def _article_id(item: RawItem) -> str | None:
    """The id the pipeline will give the item, or ``None`` if it will reject it.

    A record that names its id is not parsed here (the pipeline parses it once, in the batch;
    text extraction and language detection are the costly part); one without an id is,
    since its id derives from its content.
    """
    if item.kind == "json":
        try:
            record = load_json(item.payload)
        except (ValueError, RecursionError):
            return None
        given = spelled_our_way(record).get("id") if isinstance(record, dict) else None
        if isinstance(given, str | int | float) and not isinstance(given, bool) and str(given).strip():
            return str(given).strip()[:2000]
    elif item.hint_id:
        return item.hint_id
    parsed = parse_item(item)
    return None if isinstance(parsed, Rejected) else parsed.article_id


#: Content types that say the body is JSON (one object, an array, or JSON lines).
JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines",
              "application/json-seq", "text/json")
#: Types that say the body is JSON lines: read line by line, whatever its first line.
JSON_LINES_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-seq")


def _kind_of(content_type: str, body: bytes) -> str:
    """``html``, ``text`` or ``json`` by the Content-Type; a body sent without a type that says
    what it is (none, or curl's default ``application/x-www-form-urlencoded``) by its first bytes."""
    mime = content_type.split(";")[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime in ("text/plain", "text/markdown"):
        return "text"
    if mime in JSON_TYPES:
        return "json"
    return sniff_kind(body)


def split_body(body: bytes, content_type: str, hint_id: str | None = None) -> list[RawItem]:
    """The records of an intake body.

    ``text/plain`` or ``text/html``: one article (``?id=`` names it). A JSON type: one
    object, an array of objects, or JSONL (one object per line; a malformed line becomes an
    item that the pipeline rejects, so it is reported and kept in the dead-letter table).
    No type, or one that says nothing (curl's default): by the body's first bytes.

    A ``charset`` that the Content-Type declares is honoured (:func:`as_utf8`).

    Raises:
        InvalidArticle: an empty body, or one that is not valid in the charset it declares.
    """
    if not body.strip():
        raise InvalidArticle("body", "is empty; send one JSON record or JSONL lines")
    body = as_utf8(body, content_type)
    kind = _kind_of(content_type, body)
    if kind != "json":
        return [RawItem("http", body, kind, -1, hint_id)]
    try:
        whole = load_json(body)
    except (ValueError, RecursionError):  # not one JSON value: JSON lines (each read alone)
        whole = None
    if isinstance(whole, list):
        return [RawItem("http", record_bytes(r), "json") for r in whole]
    if whole is not None:
        return [RawItem("http", body.strip(), "json")]  # the record as it was sent
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    said_lines = content_type.split(";")[0].strip().lower() in JSON_LINES_TYPES
    if not said_lines and one_malformed_document(body):
        # One document over many lines (a record pretty-printed: its first line "{" alone), or
        # bytes of which no line is a record: refused as one, where its reading failed, as
        # standard input reads it. JSON lines, bad ones among them, are read line by line.
        return [RawItem("http", body.strip(), "json")]
    return [RawItem("http", line, "json") for line in lines]


def as_utf8(body: bytes, content_type: str) -> bytes:
    """The body in UTF-8, decoded from the ``charset`` its Content-Type declares.

    A body that declares UTF-8 or no charset is returned as it is: the pipeline reads it as
    UTF-8 and names the first byte that is not. A name Python does not know as a text encoding
    is accepted for a body that is UTF-8, and named otherwise.

    Raises:
        InvalidArticle: the body is not valid in the charset it declares.
    """
    name = _charset(content_type)
    if name is None:
        return body
    from ingest.html import codec_of, decode_as

    try:
        # As browsers read a declared charset (iso-8859-1 is windows-1252: curly quotes and the
        # euro sign are 0x80-0x9F there), as pages and files are read.
        codec = codec_of(name)
        if codecs.lookup(codec).name == "utf-8":
            return body
        return decode_as(body, codec).encode("utf-8")
    except LookupError:  # unknown, or not a text encoding (base64, zlib...)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidArticle(
                "body", f"declares charset {name[:40]!r}, which is not a text encoding known here, and is "
                f"not UTF-8 either (byte 0x{body[exc.start]:02x} at offset {exc.start}); declare its "
                "real charset, e.g. text/plain; charset=iso-8859-1") from exc
        return body
    except UnicodeDecodeError as exc:
        raise InvalidArticle(
            "body", f"is not valid {name}, the charset its Content-Type declares "
            f"(byte 0x{body[exc.start]:02x} at offset {exc.start})"
        ) from exc
    except (UnicodeError, ValueError) as exc:  # punycode, idna...: not for a body of text
        raise InvalidArticle("body", f"cannot be decoded as {name}, the charset its Content-Type "
                                     f"declares ({' '.join(str(exc).split())[:120]})") from exc
