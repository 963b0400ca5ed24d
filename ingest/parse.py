"""Raw intake item -> :class:`Article`, or :class:`Rejected` with a reason naming the field.

The intake record (DESIGN.md): one JSON object with ``text`` or ``html`` required and ``id``,
``url``, ``source``, ``published_at``, ``title``, ``lang`` optional. Plain-text files and HTML
files become the same record. A missing id is derived from the content hash, so re-ingesting
the same content is a no-op. Timestamps without a zone are taken as UTC.
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit
from typing import Any

from tracker.errors import InvalidArticle
from tracker.hashing import content_hash
from tracker.language import identify, language_of
from tracker.model import BOUND_TIMES, DAY_PRECISION, Article, Rejected
from tracker.normalize import article_hash
from tracker.text import content_terms, stem, tokens

#: Largest accepted article text. A news article is rarely over 100 kB; 2 MB leaves room for
#: long-form pieces and refuses dumps (a 50 MB "article" is a data file, not a story).
MAX_TEXT_BYTES = 2_000_000
#: Largest raw HTML page accepted before extraction.
MAX_HTML_BYTES = 10_000_000
#: Dead-letter rows keep at most this much of the payload.
PAYLOAD_LIMIT = 65_536
_OPTIONAL = ("url", "source", "title", "lang")


@dataclass(frozen=True, slots=True)
class RawItem:
    """One item as read from a source, before parsing.

    Attributes:
        origin: where it came from (``file.jsonl:12``, ``stdin:3``, ``http``...).
        payload: the raw bytes.
        kind: ``json`` (an intake record), ``text`` (a plain-text article) or ``html`` (a page);
            ``oversized`` (a file or line too large to read, ``offset`` is its size),
            ``unsupported`` (a file of a type intake does not read, ``origin`` is its path),
            ``empty``, ``unreadable`` (a file that could not be read, the reason as payload)
            ``unfetched`` (a URL that could not be fetched, likewise) and ``refused`` (a file
            that is not what its name says, the reason as payload) are always rejected.
        offset: the source's position after this item (for checkpoints); -1 if none.
        hint_id: an id to use when the payload has none (e.g. a file name); optional.
        fields: what the container said about the item (a WARC record's URI and date, a feed
            entry's link, title and time): intake fields the record lacks are taken from
            here; ``fetched_at`` is the last resort for ``published_at``, ``fetched_from`` (a
            followed link) for ``url`` and ``source``, after the page's own; others go to meta.
    """

    origin: str
    payload: bytes
    kind: str = "json"
    offset: int = -1
    hint_id: str | None = None
    fields: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 reaches Python with surrogates in it, which no UTF-8
        # store or log can hold: it is kept with its bytes written \xNN.
        if not self.origin.isascii():
            object.__setattr__(self, "origin", printable(self.origin))


def printable(text: str) -> str:
    """``text`` with surrogates (an undecodable file name's bytes, a lone JSON escape) written
    ``\\xNN`` or ``\\udNNN``, so that any UTF-8 store, log or HTTP answer can hold it."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """:func:`printable`, with control characters (a newline, an escape sequence in a file
    name) written ``\\xNN``: what a terminal shows as one line and no more."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", printable(text))


def decode(payload: bytes, what: str = "text") -> str:
    """Decode UTF-8 (a BOM is dropped), naming the byte offset of the first invalid sequence.

    Raises:
        InvalidArticle: the bytes are not UTF-8.
    """
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = payload[:2] in (b"\xff\xfe", b"\xfe\xff")
        utf16 = " (it starts with a UTF-16 byte-order mark)" if bom else ""
        raise InvalidArticle(
            what, f"is not valid UTF-8 (byte 0x{payload[exc.start]:02x} at offset {exc.start}){utf16}; "
            "convert the file to UTF-8"
        ) from exc


#: The reason a text of control bytes is refused for.
BINARY_TEXT = "looks like binary data, not text (control bytes found)"


#: Tags and character references: a text of nothing else holds no words ("<p></p>", "&nbsp;").
_MARKUP = re.compile(r"<[^<>]*>|&#?\w+;")


def check_text(text: str, field: str = "text") -> str:
    """Refuse empty, binary-looking or oversized text.

    Raises:
        InvalidArticle: naming the field and the problem.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise InvalidArticle(
            field, f"is {size / 1e6:.1f} MB, over the {MAX_TEXT_BYTES / 1e6:.0f} MB limit for one article"
        )
    if not text.strip():
        raise InvalidArticle(field, "is empty")
    if not any(ch.isalnum() for ch in _MARKUP.sub(" ", text[:MAX_TEXT_BYTES])):
        raise InvalidArticle(field, "holds no words, only markup, entities or symbols (a page goes in "
                                    "\"html\", not \"text\")")
    _check_unicode(text, field)
    sample = text[:20000]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    if "\x00" in text:
        at = text.index("\x00")
        raise InvalidArticle(field, f"holds a NUL byte (at character {at}): binary data, not text")
    if controls / len(sample) > 0.01:
        raise InvalidArticle(field, BINARY_TEXT)
    return text


#: How far after the moment of intake a stated time may lie: an embargoed item, or a local time
#: written as UTC (up to 14 hours), is ahead by less. A time further ahead is a wrong field (a
#: year typed 2126, milliseconds given as seconds), and would put the article after every later
#: one in its family's order.
FUTURE_SLACK = timedelta(days=2)


def _page_time(meta: dict[str, str], bound: str | None) -> None:
    """The page's own date is now the article's: marked as the page marks it (a live blog's
    last update is a time it existed by), else as a stated time."""
    meta.pop("published_from", None)
    if bound:
        meta["published_from"] = bound


#: A language subtag, and the codes that name no one language (undetermined, several, none,
#: unlisted); langcodes' codes that the detector writes otherwise (Filipino is ISO 639-1 "tl",
#: Norwegian Bokmål "no", a macrolanguage's member its macrolanguage: Mandarin "zh").
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
_AS_DETECTED = {"fil": "tl", "nb": "no", "cmn": "zh", "arb": "ar", "zsm": "ms", "pes": "fa", "swh": "sw", "ekk": "et",
                "lvs": "lv", "uzn": "uz", "azj": "az", "khk": "mn", "plt": "mg", "ydd": "yi"}


def _language_code(given: str | None, meta: dict[str, str]) -> str | None:
    """The record's ``lang`` as a bare ISO 639 code, two letters where one exists ("en-GB",
    "eng" and "EN" -> "en"; "ger" -> "de"), read by ``langcodes``. A value that is no valid
    language tag ("english", "xx", "und") is kept in ``meta`` as ``given_lang`` and the
    language is detected: two articles in different languages are compared by their names and
    figures, so a wrong or unknown code must not make two English texts look like a
    translation pair."""
    if not given or not given.strip():
        return None
    import langcodes  # 30 ms to import: only for records that give a language

    try:
        tag = langcodes.standardize_tag(given.strip())
        language = langcodes.Language.get(tag).language if langcodes.tag_is_valid(tag) else None
    except (ValueError, LookupError):
        language = None
    if language is None or not _LANGUAGE.fullmatch(language) or language in _NO_LANGUAGE \
            or "qaa" <= language <= "qtz":  # none, several, or private use: detected instead
        meta["given_lang"] = given[:40]
        return None
    return _AS_DETECTED.get(language, language)


#: A publication time given as a day alone: "some time that day", not midnight.
_DAY_ONLY = re.compile(r"\s*\d{4}-?\d{2}-?\d{2}\s*|\s*\d{4}-?W\d{2}-?\d\s*")
#: A week without its day ("2025-W22", "2025-W22Z", "2025-W22T10:00"), which ``fromisoformat``
#: reads as its Monday.
_WEEK = re.compile(r"\s*\d{4}-?W\d{2}(?!-?\d)")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_unicode(text: str, field: str) -> None:
    """Refuse an unpaired surrogate (a JSON "\\ud800" escape): it is no character, and no
    UTF-8 text, database or language model can hold it."""
    bad = None if text.isascii() else _SURROGATE.search(text)
    if bad is None:
        return
    code = ord(bad.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, carried as an escape
        raise InvalidArticle(field, f"is not valid UTF-8 (byte 0x{code - 0xDC00:02x} at character "
                                    f"{bad.start()}); convert it to UTF-8")
    raise InvalidArticle(field, f"holds an unpaired surrogate (\\u{code:04x} at character {bad.start()}), "
                                "which is not a character")


#: The earliest publication time taken: a year before any newspaper was printed is a default
#: or a wrong field ("0001-01-01"), and would make the article the oldest of every family.
EARLIEST = datetime(1600, 1, 1, tzinfo=timezone.utc)
#: The largest UTC offset of any time zone (Kiribati's +14:00).
MAX_UTC_OFFSET = timedelta(hours=14)
#: Time zero of Unix clocks, to the second: what a missing date becomes in many systems.
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_time(value: Any, now: datetime | None = None) -> datetime | None:
    """ISO 8601 (``Z`` allowed) or epoch seconds -> aware UTC datetime; ``None`` stays ``None``.

    ``now`` (default: the wall clock) bounds the time: more than :data:`FUTURE_SLACK` after it
    is an error.

    Raises:
        InvalidArticle: the value is not a timestamp, or lies in the future.
    """
    parsed = _parse_time(value)
    if parsed is None:
        return None
    now = now or datetime.now(timezone.utc)
    if parsed < EARLIEST:
        raise InvalidArticle("published_at", f"{parsed.isoformat()} is before {EARLIEST.year}: no news "
                             "article is that old (a default date?)")
    if abs(parsed - UNIX_EPOCH) <= timedelta(days=1):  # -1, 0.5, 1969-12-31: a missing date somewhere
        raise InvalidArticle("published_at", f"{parsed.isoformat()} is the Unix epoch (within a day of it), "
                             "a default for a missing date, not a publication time")
    if parsed > now + FUTURE_SLACK:
        raise InvalidArticle(
            "published_at", f"{parsed.isoformat()} is in the future (after {now:%Y-%m-%d %H:%M} UTC"
            f" by more than {FUTURE_SLACK.days} days)",
        )
    return parsed


#: An e-mail style date, as RSS writes ``pubDate``: "Wed, 04 Mar 2026 09:15:00 GMT".
_RFC2822 = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def _rfc2822(value: str) -> datetime | None:
    """A date written as RSS and e-mail write it, or ``None`` for any other form."""
    if not _RFC2822.match(value):
        return None
    parsed = email.utils.parsedate_to_datetime(value.strip())
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _parse_time(value: Any) -> datetime | None:
    if value is None or isinstance(value, str) and not value.strip():
        return None  # "" or "  ": a feed's empty date field, no date at all
    if isinstance(value, bool):
        raise InvalidArticle("published_at", f"{value!r} is not a timestamp")
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        except (OverflowError, OSError, ValueError) as exc:
            hint = " (milliseconds? epoch times are read as seconds)" if abs(value) > 1e11 else ""
            raise InvalidArticle("published_at", f"{value!r} is out of range{hint}") from exc
    if not isinstance(value, str):
        raise InvalidArticle("published_at", f"must be an ISO 8601 string, got {type(value).__name__}")
    if _WEEK.match(value):
        raise InvalidArticle("published_at", f"{value.strip()[:60]!r} names a week, not a day: give the day "
                             "(e.g. 2025-W22-3, or 2025-05-28)")
    try:
        parsed = _rfc2822(value) or datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        # "day is out of range for month" (2026-02-30) says more than "not ISO 8601".
        why = f" ({exc})" if "range" in str(exc) else ""
        raise InvalidArticle(
            "published_at", f"{value[:60]!r} is not an ISO 8601 timestamp{why} (e.g. 2025-05-28T10:00:00Z)"
        ) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    if parsed.replace(tzinfo=None) == datetime(1970, 1, 1):  # the epoch written in a local zone
        raise InvalidArticle("published_at", f"{value[:60]!r} is the Unix epoch, a default for a missing "
                             "date, not a publication time")
    offset = parsed.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        raise InvalidArticle("published_at", f"{value[:60]!r} is {sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d} "
                             "from UTC: no time zone is more than 14 hours from UTC")
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError as exc:  # 0001-01-01T00:00:00+01:00 has no UTC time
        raise InvalidArticle("published_at", f"{value[:60]!r} is out of range in UTC") from exc


def _string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidArticle(key, f"must be a string, got {type(value).__name__}")
    text = str(value).strip()
    _check_unicode(text, key)
    if key in ("url", "source") and (bad := _CONTROLS.search(text)):
        raise InvalidArticle(key, f"holds a control character (U+{ord(bad.group()):04X} at character "
                             f"{bad.start() + 1})")
    if key == "title":
        text = " ".join(_CONTROLS.sub(" ", text).split())  # a NUL, a line break: spaces
    return text[:2000] or None


#: The longest id taken whole (ids are not cut: two long URLs alike in their first characters
#: would become one id).
MAX_ID_CHARS = 2000


class _NotJson(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity`` in a record: Python's JSON reader takes them,
    JSON has none of them."""


def _not_json(name: str) -> Any:
    raise _NotJson(name)


def _finite(text: str) -> float | str:
    """A JSON number as a float, or as it was written when no float holds it ("1e400"): an
    id so written is kept as sent, and a record re-written from an array reads the same."""
    value = float(text)
    return value if math.isfinite(value) else text


def load_json(data: str | bytes) -> Any:
    """``json.loads`` as JSON is written: ``NaN`` and ``Infinity`` are no JSON values (raises
    a ``ValueError`` naming them), and a number too large for a float keeps its text."""
    return json.loads(data, parse_constant=_not_json, parse_float=_finite)


def _id(record: dict[str, Any]) -> str | None:
    """The record's own id: a string (or number) without control characters, at most
    :data:`MAX_ID_CHARS` long, blanks around it dropped."""
    value = record.get("id")
    if isinstance(value, float) and not math.isfinite(value):  # 1e400 reads as infinity
        raise InvalidArticle("id", f"is a number too large to be one ({value}); send the id as a string")
    if isinstance(value, str) and len(value.strip()) > MAX_ID_CHARS:
        raise InvalidArticle("id", f"is {len(value.strip())} characters long, over the {MAX_ID_CHARS} taken "
                             "(use a shorter key, e.g. a hash of the URL)")
    text = _string(record, "id")
    if text is not None and (bad := _CONTROLS.search(text)):
        raise InvalidArticle("id", f"holds a control character (U+{ord(bad.group()):04X} at character "
                             f"{bad.start()}): an id must be printable")
    return text


def text_id(digest: str, url: str | None, html_hash: str | None = None) -> str:
    """The id of an article that names none: from its text's hash and its address (one text at
    two addresses is two articles, a republication), ``p-`` for a page read from HTML."""
    if html_hash:
        return f"p-{content_hash((url or html_hash) + digest)}"
    return f"h-{content_hash(url + digest) if url else digest}"


def parse_record(record: Any, hint_id: str | None = None, given: tuple[tuple[str, str], ...] = ()) -> Article:
    """Validate an intake record (a decoded JSON value) into an Article.

    ``given`` are container fields (:attr:`RawItem.fields`): they fill what the record lacks.
    A page without an id gets ``p-`` + hash(URL or raw-page hash, content hash): the same page
    is the same article, the same story on another site is another article (a copy of it).

    Raises:
        InvalidArticle: the record is unusable; the message names the field.
    """
    if not isinstance(record, dict):
        raise InvalidArticle("record", f"must be a JSON object, got {_json_type(record)}")
    record = {**{k: v for k, v in given if k in _OPTIONAL + ("published_at",)}, **spelled_our_way(record)}
    text = record.get("text")
    html = record.get("html")
    meta: dict[str, str] = {k: v for k, v in given if k not in _OPTIONAL + ("published_at",)}
    if "_fields_read_as" in record:
        meta["fields_read_as"] = str(record.pop("_fields_read_as"))
    if record.get(TITLE_FROM_KEY) == TITLE_FROM_FIRST_LINE and isinstance(record.get("title"), str):
        # A text whose headline line was read as its title before the record was written (a
        # spilled HTTP request): read as that text is read directly.
        meta["title_from"] = TITLE_FROM_FIRST_LINE
    record.pop(TITLE_FROM_KEY, None)
    if text is None and html is None:
        if "text" in record or "html" in record:
            field = "text" if "text" in record else "html"
            raise InvalidArticle(field, f"is null (give the article's {'text' if field == 'text' else 'page'} as a string)")
        keys = ", ".join(str(k)[:40] for k in list(record)[:8]) + (", ..." if len(record) > 8 else "")
        raise InvalidArticle("text", f"is missing (give \"text\" or \"html\"; the object has {keys or 'no key'})")
    if text is not None and not isinstance(text, str):
        raise InvalidArticle("text", f"must be a string, got {type(text).__name__}")
    if text is not None and not text.strip() and isinstance(html, str) and html.strip():
        text = None  # an empty "text" beside the page: the page is the article
    fields = {k: _string(record, k) for k in _OPTIONAL}
    if text is None:
        if not isinstance(html, str):
            raise InvalidArticle("html", f"must be a string, got {type(html).__name__}")
        from ingest.html import extract_html

        page = extract_html(html, fields["url"] or meta.get("redirected_to") or meta.get("fetched_from"))
        text = page.text
        # The page may date itself by an update (a live blog): that marks its own date only.
        page_bound = page.meta.get("published_from")
        meta.update({k: v for k, v in page.meta.items() if k != "published_from"})
        for key in _OPTIONAL:
            if not fields[key] and page.fields.get(key):
                fields[key] = page.fields[key]
        if meta.get("fetched_from"):
            # A page fetched from a feed entry's link: the page's own headline and its stated
            # time (with its hour) are the article's; a feed titles and dates its entries its
            # own way (the feed's title is kept in meta).
            own_title, own_time = page.fields.get("title"), page.fields.get("published_at")
            if own_title and fields["title"] and own_title != fields["title"]:
                meta["feed_title"] = fields["title"][:500]
                fields["title"] = own_title
            if own_time and len(own_time) > 10 and record.get("published_at") is not None:
                meta["feed_published_at"] = str(record["published_at"])[:60]
                record = {**record, "published_at": own_time}
                _page_time(meta, page_bound)
        stated = record.get("published_at") is not None and meta.get("published_from") not in BOUND_TIMES
        if not stated and page.fields.get("published_at"):
            # The page's own date beats a feed entry's update time.
            record = {**record, "published_at": page.fields["published_at"]}
            _page_time(meta, page_bound)
    check_text(text)
    if meta.get("fetched_from"):
        # A followed link may be a feed proxy's or carry tracking parameters: the page's canonical
        # URL and host, when it names them, come first.
        fields["url"] = fields["url"] or meta["fetched_from"][:2000]
        fields["source"] = fields["source"] or urlsplit(meta["fetched_from"]).hostname or None
    if record.get("published_at") is None and meta.get("fetched_at"):
        # Marked, so that rules trusting a publication time can tell it from a crawl time
        # (see Article.stated_time).
        record = {**record, "published_at": meta["fetched_at"]}
        meta["published_from"] = "fetched_at"
    published = parse_time(record.get("published_at"))
    if isinstance(record.get("published_at"), str) and _DAY_ONLY.fullmatch(record["published_at"]):
        meta["published_precision"] = DAY_PRECISION
    # A pasted text's headline line is left out, so that it is the record it was saved from.
    digest = article_hash(text, fields["title"] if meta.get("title_from") == TITLE_FROM_FIRST_LINE else None)
    # An id the source gave beside the body (``POST /articles?id=``) is held to the record's
    # rules: a spilled request writes it into its record, where they apply.
    given_id = _id(record) or (_id({"id": hint_id}) if hint_id else None)
    derived_id = text_id(digest, fields["url"], meta.get("html_hash"))
    return Article(
        article_id=given_id or derived_id, text=text, content_hash=digest, url=fields["url"],
        source=fields["source"], title=fields["title"], published_at=published,
        lang=_language(fields["lang"], text, meta), meta=tuple(sorted(meta.items())),
        id_given=bool(given_id),
    )


#: A given language is overruled by the text's when the detector is this sure of another one...
OVERRULE_SCORE = 0.9
#: ...on a body of at least this many characters.
OVERRULE_CHARS = 200
#: Languages the detector tells apart less surely than their writers do: between two of one
#: group, the given one stands.
_CLOSE_LANGUAGES = (frozenset({"no", "nb", "nn", "da"}), frozenset({"sr", "hr", "bs"}),
                    frozenset({"ms", "id"}))


def _language(given: str | None, text: str, meta: dict[str, str]) -> str | None:
    """The article's language: the record's ``lang`` (see :func:`_language_code`), unless the
    text is surely in another one (a CMS or a feed that labels every page ``en``: a German
    translation so labelled was compared with its English source word by word, and not
    linked); the given value is then kept in ``meta`` as ``given_lang``. Without a given
    language, the detected one."""
    code = _language_code(given, meta)
    if code is None:
        return language_of(text)
    if len(text) < OVERRULE_CHARS:
        return code
    guess = identify(text)
    if guess is None or guess.code == code or guess.score < OVERRULE_SCORE \
            or any(code in group and guess.code in group for group in _CLOSE_LANGUAGES):
        return code
    # Its second half too: a bilingual release labelled by its second language stands.
    later = identify(text[len(text) // 2:])
    if later is None or later.code != guess.code:
        return code
    meta["given_lang"] = str(given)[:40]
    return guess.code


#: What may come before the first character of a payload: a byte-order mark and white space.
LEADING_BLANK = b"\xef\xbb\xbf \t\r\n"


_JSON_SCALAR = re.compile(rb"null|true|false|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def sniff_kind(payload: bytes) -> str:
    """``json``, ``html`` or ``text``, from the first bytes of a payload whose type nobody stated
    (standard input, an HTTP body sent without a meaningful Content-Type)."""
    head = payload.lstrip(LEADING_BLANK)[:512].lower()
    # An array of records, not a line of text that starts with a bracket ("[Updated] ...",
    # "[[Photo]] ..."); a bare JSON value ("42", "null") is a record of the wrong type, named so.
    if head.startswith(b"{") or head.startswith(b"[") and head[1:].lstrip()[:1] in (b"", b"{", b"]"):
        return "json"
    if head.startswith(b"["):  # an array of other values (["a", "b"], [[...]]) is JSON all the same
        try:
            load_json(payload)
            return "json"
        except RecursionError:
            return "json"  # nested too deeply, as parse_item says
        except ValueError:
            pass
    bare = payload.strip(LEADING_BLANK)
    if len(bare) < 64 and _JSON_SCALAR.fullmatch(bare):
        return "json"
    if head.startswith(b"<") and any(tag in head for tag in (b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    return "text"


#: The field of a ``refused_body`` item that says why its payload, a request's body, was
#: refused whole (without it, the payload is the reason: a body that was never read).
REFUSAL = "refusal"
#: Items whose payload is why they could not be read: kind -> (field at fault, reason's opening).
_REASON_KINDS = {"unreadable": ("file", "cannot be read: "), "unfetched": ("url", ""), "refused": ("file", ""),
                 "refused_body": ("body", "")}


def record_bytes(record: Any) -> bytes:
    """One record of a JSON document (an element of an array) as a JSON line of its own; a
    string with an unpaired surrogate (a "\\ud800" escape, which UTF-8 cannot hold) stays
    escaped, for :func:`parse_item` to reject with its reason."""
    try:
        return json.dumps(record, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(record).encode()


#: The fields a record is read by.
_FIELDS = ("id", "text", "html", "published_at") + _OPTIONAL


def _squashed(key: str) -> str:
    return re.sub(r"[\s_-]", "", key).casefold()


_FIELD_BY_SQUASHED = {_squashed(name): name for name in _FIELDS}
#: Other names that feeds, scrapers and news APIs give the fields: read as the fields (a record
#: dated "published" had been stored with the time of intake, without a word).
#: Names of a publication time, the most specific first: read only when their value is a
#: written time ("published": 1 is a flag, "date": 20240301 no epoch), and the first such wins.
_TIME_NAMES = ("datepublished", "publicationdate", "publisheddate", "publishdate", "publishedon", "published",
               "pubdate", "date")
_SYNONYMS = {"headline": "title", "link": "url", "outlet": "source", "publisher": "source"}


def spelled_our_way(record: dict[str, Any]) -> dict[str, Any]:
    """The record with a field written in another case or style ("publishedAt", "Title",
    "URL", "published-at") under its own name, unless the record also has that name; the
    names so read are kept in ``meta`` as ``fields_read_as`` (a feed of camelCase records had
    been stored undated and untitled without a word)."""
    renamed: dict[str, str] = {}
    if "published_at" not in record and not any(_FIELD_BY_SQUASHED.get(_squashed(k)) == "published_at"
                                                 for k in record if isinstance(k, str)):
        times = {_squashed(k): k for k, v in record.items() if isinstance(k, str) and _written_time(v)}
        chosen = next((times[name] for name in _TIME_NAMES if name in times), None)
        if chosen is not None:
            renamed[chosen] = "published_at"
    for key, value in record.items():
        name = _FIELD_BY_SQUASHED.get(_squashed(key)) if isinstance(key, str) and key not in _FIELDS else None
        if name is None and isinstance(key, str) and key not in _FIELDS:
            name = _SYNONYMS.get(_squashed(key))
        # Of another type than the field's, it is some other field ("Source": {"name": ...}):
        # left alone, as any field the record has for itself.
        fits = isinstance(value, str) or isinstance(value, int | float) and not isinstance(value, bool) \
            and name not in ("text", "html")
        if name is not None and fits and name not in record and name not in renamed.values():
            renamed[key] = name
    if not renamed:
        return record
    out = {renamed.get(k, k): v for k, v in record.items()}
    out["_fields_read_as"] = ", ".join(f"{k} as {v}" for k, v in renamed.items())
    return out


def _written_time(value: Any) -> bool:
    """A string that reads as a timestamp (see :func:`parse_time`)."""
    if not isinstance(value, str) or not any(c.isdigit() for c in value):
        return False
    try:
        return parse_time(value) is not None
    except InvalidArticle:
        return False


def _json_type(value: Any) -> str:
    """How JSON names the type of a parsed value: ``null``, ``array``, ``string``..."""
    names = {type(None): "null", list: "an array", str: "a string", bool: "a boolean", int: "a number",
             float: "a number"}
    return names.get(type(value), type(value).__name__)


#: Bytes that no text holds (WHATWG MIME Sniffing, "binary data byte"): an image, an archive.
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def page_kind(payload: bytes) -> str:
    """The kind of a page fetched by URL: ``html`` for markup (any tag first) and for a body that
    is not text at all (binary data bytes in its first 512 bytes, see :func:`_mostly_binary`,
    without a UTF-16 mark), which
    is refused as a ``.html`` file of the same bytes is ("is binary data, not an HTML page"),
    not for its first byte that is not UTF-8; else as :func:`sniff_kind` reads it (a
    ``text/plain`` article, a JSON record)."""
    head = payload.lstrip(LEADING_BLANK)[:512]
    binary = _mostly_binary(head) and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    return "html" if head[:1] == b"<" or binary else sniff_kind(payload)


#: The first bytes of document formats that are not article text, whatever the file is named.
_DOCUMENT_MAGIC = {b"%PDF-": ("a PDF document", "extract its text first"),
                   b"PK\x03\x04": ("a zip archive (an office document?)", "extract its text first"),
                   b"{\\rtf": ("an RTF document", "extract its text first"),
                   b"\x1f\x8b": ("a gzip archive", "decompress it first"),
                   b"\x89PNG": ("a PNG image", ""), b"\xff\xd8\xff": ("a JPEG image", ""),
                   b"GIF8": ("a GIF image", ""), b"\x7fELF": ("a program (ELF executable)", "")}


def binary_file(head: bytes) -> bool:
    """The first bytes of a records file (``.jsonl``, ``.json``) say that it is no text at all:
    a document format's signature, or, before any record opens, more than
    :data:`BINARY_SHARE` binary data bytes in what is not JSON in UTF-16 or UTF-32. Such a file
    is one rejected item, not a reject per fragment of its bytes."""
    start = head.lstrip(LEADING_BLANK)
    if any(start.startswith(magic) for magic in _DOCUMENT_MAGIC):
        return True
    # JSON in UTF-16 or UTF-32 without a mark is NULs and text, which json reads by its first bytes.
    return start[:1] not in (b"{", b"[") and _mostly_binary(start) and json.detect_encoding(start[:4]) == "utf-8"


#: Share of binary data bytes in its first bytes from which a payload is binary data: a control
#: byte or two framing a wire copy (SOH, STX, a backspace in its headline) are not; random or
#: compressed bytes hold about 10 % (27 of 256 values), text in a legacy encoding none.
BINARY_SHARE = 0.05


def _utf16_unmarked(payload: bytes) -> bool:
    """UTF-16 without its byte-order mark (with it, :func:`decode` names it): a NUL byte for
    every other one of a Latin-script text ("{\\0"\\0i\\0d\\0"), which UTF-8 decodes (NUL is a
    character) and which reads as binary data."""
    head = payload[:4096]
    if len(head) <= 3 or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return head.count(0) * 3 > len(head) and (head[0::2].count(0) * 2 > len(head) // 2
                                              or head[1::2].count(0) * 2 > len(head) // 2)


def _mostly_binary(head: bytes) -> bool:
    sample = head[:512]
    return bool(sample) and len(_BINARY_BYTE.findall(sample)) > BINARY_SHARE * len(sample)


def parse_item(item: RawItem) -> Article | Rejected:
    """Parse one raw item; never raises for bad input."""
    try:
        if item.kind in ("json", "text") and _utf16_unmarked(item.payload):
            # "{\0"\0i\0d\0": UTF-8 decodes it (NUL is a character), JSON then fails at column 1,
            # and a text reads as binary data.
            raise InvalidArticle(item.kind, "looks like UTF-16 without a byte-order mark (every other byte is "
                                            "NUL); convert the file to UTF-8")
        if item.kind == "json":
            line = decode(item.payload, "json")
            if not line.strip():
                raise InvalidArticle("json", "empty line")
            try:
                record = load_json(line)
            except _NotJson as exc:
                raise InvalidArticle("json", f"malformed JSON: {exc} is no JSON value (JSON has no NaN or "
                                             "Infinity; send null or a string)") from exc
            except RecursionError as exc:
                raise InvalidArticle("json", "malformed JSON: nested too deeply") from exc
            except json.JSONDecodeError as exc:  # (before ValueError, its base)
                # json's own messages may end in "at" ("Unterminated string starting at").
                where = f"{exc.msg} column" if exc.msg.endswith(" at") else f"{exc.msg} at column"
                if exc.lineno > 1:  # a document over several lines: its line too
                    where = where.replace(" column", f" line {exc.lineno} column")
                raise InvalidArticle("json", f"malformed JSON: {where} {exc.colno}") from exc
            except ValueError as exc:  # a number of more digits than Python reads (4,300)
                digits = re.search(r"value has (\d+) digits", str(exc))
                size = f" of {digits.group(1)} digits" if digits else ""
                raise InvalidArticle("json", f"malformed JSON: a number{size}, longer than any field holds") from exc
            return parse_record(record, item.hint_id, item.fields)
        if item.kind == "unsupported":
            from ingest.sources import SUPPORTED  # ingest.sources imports this module

            suffix = os.path.splitext(item.origin)[1] or "(none)"
            raise InvalidArticle("file", f"unsupported file type {suffix}; use one of {', '.join(SUPPORTED)}")
        if item.kind == "refused_body" and (refusal := dict(item.fields).get(REFUSAL)):
            raise InvalidArticle("body", refusal)  # a request's body, kept as it came
        if item.kind in _REASON_KINDS:  # an input refused where it was read: its reason is the payload
            field, prefix = _REASON_KINDS[item.kind]
            raise InvalidArticle(field, prefix + item.payload.decode("utf-8", "replace"))
        if item.kind == "empty":
            if item.origin == "stdin":
                raise InvalidArticle("input", "standard input is empty: it holds no item")
            raise InvalidArticle("file", "empty file: it holds no item")
        if item.kind == "oversized":
            raise InvalidArticle("text", f"file is {item.offset / 1e6:.1f} MB, over the "
                                 f"{MAX_TEXT_BYTES / 1e6:.0f} MB limit for one article")
        head = item.payload[:64].lstrip(LEADING_BLANK) if item.kind in ("html", "text") else b""
        document = next((known for magic, known in _DOCUMENT_MAGIC.items() if head.startswith(magic)), None)
        if document:
            name, advice = document
            raise InvalidArticle("file", f"is {name}, not article text or HTML" + (f": {advice}" if advice else ""))
        if item.kind == "html":
            if len(item.payload) > MAX_HTML_BYTES:
                raise InvalidArticle("html", f"page is {len(item.payload) / 1e6:.1f} MB, over the limit")
            if not item.payload.strip(LEADING_BLANK):  # as an empty text file is, not "no article text"
                raise InvalidArticle("html", "is empty")
            from ingest.html import decode_html

            return parse_record({"html": decode_html(item.payload)}, item.hint_id, item.fields)
        start = item.payload.lstrip(LEADING_BLANK)[:512]
        if item.kind == "text" and _mostly_binary(start) and not start.startswith((b"\xff\xfe", b"\xfe\xff")):
            # Named before its first byte that is not UTF-8: binary data is no text in a wrong
            # encoding. (A control byte or two are check_text's to weigh.)
            raise InvalidArticle("text", BINARY_TEXT)
        text = decode(item.payload, "text")
        given = item.fields
        if not any(name == "title" for name, _ in given) and (headline := pasted_headline(text)):
            given = (*given, ("title", headline), ("title_from", TITLE_FROM_FIRST_LINE))
        return parse_record({"text": text}, item.hint_id, given)
    except InvalidArticle as exc:
        return dead_letter(item.origin, exc.field, exc.reason, item.payload, named_id(item))
    except Exception as exc:  # noqa: BLE001 (an item no rule foresaw must not stop a run)
        return dead_letter(item.origin, "item", f"could not be read ({type(exc).__name__}: "
                           f"{' '.join(str(exc).split())[:200]})", item.payload, named_id(item))


#: ``articles.meta.title_from`` of a text whose first line is its headline (:func:`pasted_headline`).
TITLE_FROM_FIRST_LINE = "first line"
#: The key of a written record (a spilled request) that says its title is its text's first line.
TITLE_FROM_KEY = "_title_from"
#: Words of a text's first line that may be its headline (see :func:`pasted_headline`).
HEADLINE_WORDS = (3, 25)
#: Share of a headline's content terms (two at least) that the text below it holds.
HEADLINE_IN_BODY = 0.4
_NOT_HEADLINE = re.compile(r"(?i)(?:by|updated|posted|published|reporting|written|share|home|last modified)\b")
_MENU = re.compile(r"\s[>|»/·•]\s")
#: Words of a date or a time, which a date line shares with any text: no headline's words.
DATE_WORDS = ("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
              "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec today "
              "yesterday gmt utc est edt bst cet am pm")
_DATE_TERMS = frozenset(stem(w) for w in DATE_WORDS.split())


def pasted_headline(text: str) -> str | None:
    """The headline of a plain text, as a pasted article or a ``.txt`` file writes it: its
    first line, when a blank line follows and more text after that, and it reads as a headline:
    3 to 25 words, no closing full stop, comma, colon or semicolon, not a byline, an update or
    share line or a menu, and two or more of its content words (:data:`HEADLINE_IN_BODY` of
    them, days, months and figures aside) in the text below.
    The text keeps the line, for the headline rules of verification read the title; the
    content hash leaves it out (:func:`tracker.normalize.article_hash`; ``articles.meta`` says
    ``"title_from": "first line"``), so a file saved with its headline on top and the record
    it was saved from are one article. (So are two such files that differ in their headlines
    alone: without an address, a text is known by its body.)"""
    lines = text.lstrip().split("\n", 2)
    if len(lines) < 3 or lines[1].strip() or not lines[2].strip():
        return None
    first = " ".join(lines[0].split())
    words = first.split()
    if not HEADLINE_WORDS[0] <= len(words) <= HEADLINE_WORDS[1] or first[-1] in ".,:;" \
            or _NOT_HEADLINE.match(first) or _MENU.search(first) or not any(c.isupper() for c in first):
        return None
    # A headline tells the story: its words are the text's. A date line, a byline ("Jane Smith,
    # Staff Writer"), an "Updated 14:05 GMT" or "Share this article" line are not.
    own = [t for t in content_terms(tokens(first)) if not t[0].isdigit() and t not in _DATE_TERMS]
    body = set(content_terms(tokens(lines[2])))
    found = sum(1 for t in own if t in body)
    return first if found >= 2 and found >= HEADLINE_IN_BODY * len(own) else None


def named_id(item: RawItem) -> str | None:
    """The id an unusable item names: its record's ``id`` (when the record is a JSON object),
    else the one its source gave; ``None`` when it names none."""
    if item.kind == "json":
        named = None
        # (A record in another encoding still names its id when the id itself is readable:
        # "Caf\xe9" in the text does not hide {"id": "l1-1"}.)
        for payload in (item.payload, item.payload.decode("utf-8", "replace")):
            try:
                record = load_json(payload)
                named = _string(spelled_our_way(record), "id") if isinstance(record, dict) else None
            except (ValueError, RecursionError, InvalidArticle):
                continue
            break
        if named and "\ufffd" not in named:
            return named
    return item.hint_id


def dead_letter(origin: str, field: str, reason: str, raw: bytes, article_id: str | None = None) -> Rejected:
    """The dead-letter record of a raw item: its first :data:`PAYLOAD_LIMIT` bytes as text, and
    as bytes too when the text cannot hold them exactly; ``article_id`` is the id it named.

    The text stays readable: bytes that are not UTF-8 are written ``\\xNN`` (``Caf\\xe9``, not
    U+FFFD) and NUL bytes ``\\0``; the original bytes are then kept in
    :attr:`Rejected.payload_bytes`.
    """
    origin, reason = one_line(origin), " ".join(printable(reason).split())
    head = _head(raw)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("utf-8", "backslashreplace")
    else:
        if "\x00" not in text:
            return Rejected(origin, field, reason, text, article_id=article_id)
    return Rejected(origin, field, reason, text.replace("\x00", "\\0"), head, article_id)


def _head(raw: bytes) -> bytes:
    """The first :data:`PAYLOAD_LIMIT` bytes, less a UTF-8 character that the cut splits (so
    that a long UTF-8 payload does not look undecodable at its end)."""
    if len(raw) <= PAYLOAD_LIMIT:
        return raw
    head = raw[:PAYLOAD_LIMIT]
    for back in range(1, 5):
        lead = head[-back]
        if lead & 0xC0 != 0x80:  # not a continuation byte: the last character starts here
            size = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            return head[:-back] if size > back else head
    return head
