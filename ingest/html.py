"""HTML page -> main text and metadata, with trafilatura (a maintained extractor).

What a page gives, and where it goes (DESIGN.md "The intake record", issue 7):

* the main text, without navigation, cookie banners, comments or related-article teasers
  (trafilatura with ``favor_precision``; comments and tables off); a page that carries several
  whole stories in ``<article>`` elements (an aggregator's roundup) gives all of them;
* intake fields, used only when the record does not give them: ``title``, ``url`` (the
  canonical link when there is one and it is on the page's own site, else the address the page
  was fetched from: a partner points its canonical link at the wire story it reprints, see
  :func:`foreign_canonical`), ``source`` (that URL's host, else the site name) and
  ``published_at`` (the page's own publication metadata through htmldate, with its time when
  stated, in a ``<time datetime>`` too; else the day in the URL, which intake keeps as a day
  without its hour; never a date guessed from the page's text:
  ``extensive_search`` is off because it reads "(c) 2025" in a footer as a publication date);
* metadata kept with the article: ``author``, ``sitename``, ``description``, ``canonical_url``
  (when it differs from the record's URL), ``declared_lang`` (the page's ``<html lang>``,
  which describes the site, not the article: the article's language is detected from its
  text, see :mod:`tracker.language`), and ``html_hash``, the hash of the raw page, so
  re-ingesting the same page is recognised.

The byline is put back as the first line of the text ("By Reuters") when trafilatura moved it
out of the body: a byline is attribution evidence (:mod:`tracker.attribution`), and it is part
of the article as published. A short line like that is page chrome to the shingler, so it
never changes matching.

Bytes are decoded as browsers decode them (:func:`decode_html`, :func:`codec_of`): a page's
authors checked it in one, and a page declaring iso-8859-1 is windows-1252 there.

No network, no store: the page's bytes in, text and fields out.
"""

from __future__ import annotations

import codecs
import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from tracker.errors import InvalidArticle
from tracker.hashing import content_hash
from tracker.text import outlet_key

#: htmldate settings: the page's own metadata only, full timestamps when the page has them.
#: ``deferred_url_extractor``: the day in the URL ("/2025/02/11/") only when the metadata
#: states nothing; first, it would place a copy published at 15:00 before its 09:30 original.
#: ``min_date``: htmldate drops dates before 1995 by default, and archived news is older (a
#: page of 1987 with its own ``article:published_time``); intake's own floor is 1600.
DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "min_date": "1600-01-01",
    "extensive_search": False,
    "deferred_url_extractor": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(
    r"""<html[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)""", re.IGNORECASE
)
_DATE_ONLY = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00$")
#: Where a page states its publication time, for the hour htmldate leaves out of a
#: ``<time datetime="2026-06-03T11:00:00Z">`` (it keeps the day alone): a publication meta
#: tag, JSON-LD's ``datePublished``, then the page's ``<time>`` elements in order.
_PUBLISHED_META = re.compile(r"<meta\b[^>]*(?:published|pubdate)[^>]*>", re.IGNORECASE)
_CONTENT = re.compile(r"""\bcontent\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME_TAG = re.compile(r"""<time\b[^>]*\bdatetime\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_STORY = re.compile(r"<article\b.*?</article>|<main\b.*?</main>", re.IGNORECASE | re.DOTALL)
#: A timestamp with its hour and its zone (a time without a zone is the site's local time,
#: which is not known: the day alone is safer).
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})")
_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")


@dataclass(frozen=True)
class Page:
    """What extraction found.

    Attributes:
        text: the main text, paragraphs separated by blank lines (byline first, if any).
        fields: intake fields found in the page (title, url, source, published_at).
        meta: extra metadata kept with the article (author, sitename, html_hash...).
    """

    text: str
    fields: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


def html_hash(html: str | bytes) -> str:
    """Hash of a raw page (xxh3-64, 16 hex digits): the same page always gives the same value."""
    data = html.decode("utf-8", "surrogateescape") if isinstance(html, bytes) else html
    return content_hash(data)


#: Charset labels that browsers read as another encoding than Python's codec of that name
#: (WHATWG Encoding Standard, "Encodings" table): a page declaring iso-8859-1 or us-ascii is
#: windows-1252 in every browser, and its authors wrote it so (curly quotes and the euro sign
#: are 0x80-0x9F there); likewise Latin-5, TIS-620, GB2312, EUC-KR, Shift_JIS and Big5 pages.
_WHATWG_LABELS: dict[str, tuple[str, ...]] = {
    "cp1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
               "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
               "us-ascii", "windows-1252", "x-cp1252"),
    "cp1254": ("cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
               "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"),
    "cp874": ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"),
    "gb18030": ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                "iso-ir-58", "x-gbk", "gb18030"),
    "cp949": ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
              "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"),
    "cp932": ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"),
    "big5hkscs": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "iso-8859-8": ("csiso88598i", "iso-8859-8-i", "logical"),
    "mac-cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
}
_CODEC_OF_LABEL = {label: codec for codec, labels in _WHATWG_LABELS.items() for label in labels}
#: Byte-order marks, which settle a page's encoding before any declaration (WHATWG "decode").
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _c1_controls(error: UnicodeError) -> tuple[str, int]:
    """windows-1252's five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) as the C1 controls
    the WHATWG table maps them to: a page declaring iso-8859-1 that holds one is still read."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(chr(b) for b in error.object[error.start:error.end]), error.end


codecs.register_error("tracker-c1", _c1_controls)


def decode_as(data: bytes, codec: str) -> str:
    """``data`` in ``codec`` (see :func:`codec_of`), windows-1252 as browsers read it.

    Raises:
        UnicodeDecodeError: the bytes are not valid in that codec.
        LookupError: no such codec.
    """
    return data.decode(codec, "tracker-c1" if codecs.lookup(codec).name == "cp1252" else "strict")


def is_utf8_text(data: bytes) -> bool:
    """Valid UTF-8 with characters beyond ASCII: text in a single-byte charset (windows-1252's
    "é" is one byte, never followed by the continuation bytes UTF-8 needs) almost never is."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _single_byte(codec: str) -> bool:
    """A charset of one byte per character (windows-125x, ISO 8859, KOI8...)."""
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return False
    return name.startswith(("cp125", "iso8859", "latin", "koi8", "mac-", "cp874", "cp437", "cp85"))


def codec_of(label: str) -> str:
    """The Python codec that decodes a declared charset as a browser does: ``iso-8859-1``,
    ``latin1`` and ``us-ascii`` give ``cp1252`` (WHATWG labels, case and blanks ignored); a
    label browsers read as Python does is returned as given."""
    name = label.strip().strip("\"'").lower()
    return _CODEC_OF_LABEL.get(name, name)


def decode_html(payload: bytes, charset: str | None = None) -> str:
    """Decode a page's bytes: a BOM, then the given charset (an HTTP header's), then UTF-8,
    then the page's ``<meta charset>``, then trafilatura's detection. Declared charsets are
    read as browsers read them (:func:`codec_of`): a page's authors checked it in one. But
    bytes that are UTF-8 (beyond ASCII) under a single-byte label are UTF-8: a server's
    default header on a UTF-8 page is the common mislabelling, and the other way round the
    bytes are almost never valid UTF-8.

    Raises:
        InvalidArticle: the bytes are not text in any encoding tried.
    """
    for bom, encoding in _BOMS:
        if payload.startswith(bom):
            return payload[len(bom):].decode(encoding, "replace")
    tried = [codec_of(charset)] if charset else []
    tried.append("utf-8")
    found = _META_CHARSET.search(payload[:4096])
    if found:
        tried.append(codec_of(found.group(1).decode("ascii", "replace")))
    if tried[0] != "utf-8" and is_utf8_text(payload) and _single_byte(tried[0]):
        return payload.decode("utf-8")  # UTF-8 under a single-byte label: a mislabelled page
    for encoding in tried:
        try:
            return decode_as(payload, encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from trafilatura.utils import decode_file

    text = decode_file(payload)
    if "\x00" in text[:2000]:
        raise InvalidArticle("html", "is binary data, not an HTML page")
    return text


def _published(value: str | None) -> str | None:
    """htmldate's output as an ISO 8601 string: a date alone stays a date (midnight UTC
    downstream); a time keeps its offset written ``+01:00``."""
    if not value:
        return None
    date_only = _DATE_ONLY.match(value)
    if date_only:
        return date_only.group(1)
    return _OFFSET.sub(r"\1:\2", value)


def _later_claim(html: str, published: str) -> str | None:
    """A publication time the page states in a publication meta tag or in its (first) JSON-LD
    ``datePublished``, with its hour and zone, a day or more later than ``published``; the
    latest of them."""
    found = _instant(published if len(published) > 10 else f"{published}T00:00:00+00:00")
    if found is None:
        return None
    values = [c.group(1) for m in _PUBLISHED_META.finditer(html) if (c := _CONTENT.search(m.group(0)))]
    values += _JSONLD_PUBLISHED.findall(html)[:1]
    claims = [claim for value in values if _STAMP.fullmatch(value.strip()) and (claim := _instant(value))]
    later = [claim for claim in claims if (claim[0] - found[0]).total_seconds() >= 86400]
    return _published(max(later)[1]) if later else None


def _with_hour(html: str, day: str) -> str | None:
    """The page's own publication timestamp on ``day``, with its hour and zone, if it states one:
    in a publication meta tag or JSON-LD's ``datePublished``, else in the first ``<time>`` of the
    story (the page's first ``<article>``, else its ``<main>``). A teaser card's or a comment's
    time elsewhere on the page is another story's, or a reader's."""
    values = [c.group(1) for m in _PUBLISHED_META.finditer(html) if (c := _CONTENT.search(m.group(0)))]
    values += _JSONLD_PUBLISHED.findall(html)
    story = _STORY.search(html)
    if story is not None:
        values += _TIME_TAG.findall(story.group(0))[:1]
    for value in values:
        stamp = _STAMP.fullmatch(value.strip())
        if stamp and stamp.group(1) == day:
            zone = "+00:00" if stamp.group(3) == "Z" else _OFFSET.sub(r"\1:\2", stamp.group(3))
            return f"{day}T{stamp.group(2)}{zone}"
    return None


#: A story of an aggregator's page that carries several (sibling ``<article>`` elements, each
#: with its own headline) is read when it has at least this many words: trafilatura keeps only
#: the first story, and a teaser card or a comment is shorter.
STORY_MIN_WORDS = 150
_ARTICLE_TAG = re.compile(r"<article\b", re.IGNORECASE)
#: A class or id naming a comment thread ("comment-list", "replies") or a block of other
#: stories ("related", "more-stories", "most-read", "recommended"), as a whole word; such
#: blocks, and <aside>, <nav> and <footer>, hold no story of the page.
_COMMENTISH = re.compile(
    r"(?<![a-z])(?:comments?|repl(?:y|ies)|responses?|discussion|related|more|recommended|recommendations|"
    r"teasers?|promo|sidebar|trending|popular|most|read-?next|next|also)(?![a-z])", re.IGNORECASE)
_ASIDE_TAGS = frozenset({"aside", "nav", "footer"})


def _stories(html: str, extracted: str) -> str | None:
    """The text of every whole story of a page that carries several in ``<article>`` elements,
    when the main extraction kept fewer of them and is itself one of them (a page's own story
    is never traded for the stories of a "more stories" section); ``None`` otherwise."""
    if len(_ARTICLE_TAG.findall(html)) < 2:
        return None
    import lxml.html
    import trafilatura

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    texts = []
    for element in root.iter("article"):
        around = [element, *(a for a in element.iterancestors() if a.tag not in ("body", "html"))]
        if any(a.tag == "article" for a in around[1:]) or any(a.tag in _ASIDE_TAGS for a in around) or any(
                _COMMENTISH.search(f"{a.get('class', '')} {a.get('id', '')}") for a in around):
            continue
        if not any(True for _ in element.iter("h1", "h2", "h3")):
            continue
        if len(element.text_content().split()) < STORY_MIN_WORDS:
            continue  # a teaser card: not worth an extraction
        fragment = f"<html><body>{lxml.html.tostring(element, encoding='unicode')}</body></html>"
        text = trafilatura.extract(fragment, include_comments=False, include_tables=False, favor_precision=True)
        if text and len(text.split()) >= STORY_MIN_WORDS:
            texts.append(text.strip())
    if len(texts) < 2 or sum(len(t.split()) for t in texts) <= 1.2 * len(extracted.split()):
        return None
    opening = next((line for line in extracted.splitlines() if len(line.split()) >= 8), extracted)[:200]
    if not any(opening in t for t in texts):
        return None
    return "\n".join(texts)


_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?\s*canonical\b""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_OG_URL = re.compile(r"""<meta\b[^>]*\bproperty\s*=\s*["']?og:url\b[^>]*>""", re.IGNORECASE)
#: A site name that is a web host ("Lenta.ru", "kestrelcourier.example"), not an outlet's name.
_HOST_NAME = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)


def _canonical_link(html: str, base: str | None) -> str | None:
    """The href of the page's ``<link rel="canonical">``, absolute (resolved against ``base``)."""
    for tag in _LINK_TAG.finditer(html):
        if _REL_CANONICAL.search(tag.group(0)) and (href := _HREF.search(tag.group(0))):
            value = urljoin(base or "", html_lib.unescape(next(g for g in href.groups() if g is not None)).strip())
            return value if urlsplit(value).hostname else None
    return None


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def without_www(host: str | None) -> str | None:
    """A host as a site is named: without ``www.`` (or ``w3.``), as trafilatura names a site."""
    return re.sub(r"^(?:www|w[0-9]+)\.", "", host) or None if host else None


def _site(url: str | None) -> str | None:
    """A page's host as its source is stored (:func:`without_www`)."""
    return without_www(_host(url))


def _same_name(name_key: str, host_key: str) -> bool:
    """Whether an outlet's name and a host's outlet key are the same outlet's, leniently: one is
    the other's letters in order ("Harbour Daily Gazette" and harbourgazette.example)."""
    short, long = sorted((name_key, host_key), key=len)
    letters = iter(long)
    return len(short) >= 3 and all(letter in letters for letter in short)


def _named_by(url: str | None) -> str | None:
    """The site name trafilatura makes of a URL when the page states none (its host, without
    www.): not the page's own claim, so never evidence against that URL."""
    return without_www(urlsplit(url).netloc.lower() if url else None)


def foreign_canonical(canonical: str, fetched: str | None, og_url: str | None, sitename: str | None) -> bool:
    """Whether a page's canonical link names another outlet's page: a syndication partner points
    it at the wire story it reprints, as partners are asked to. It does when the host the page
    was fetched from (else the host of its own ``og:url``, or a site name that is a host) is
    another outlet's (:func:`tracker.text.outlet_key`: www., m. and amp. hosts and http or https
    are the same site), and the site name does not name the canonical host's outlet either (a
    page served by a mirror or a test server at 127.0.0.1 is still the outlet's own). Without
    any of these, the canonical link is taken for the page's own address."""
    target = outlet_key(_host(canonical))
    own = [h for h in (_host(fetched), _host(og_url), sitename if sitename and _HOST_NAME.fullmatch(sitename)
                                                        else None) if h]
    if not target or not own or any(outlet_key(h) == target for h in own):
        return False
    name_key = outlet_key(sitename) if sitename else None
    return not (name_key and _same_name(name_key, target))


#: What an extracted author field drags along from a byline line: a label before the name
#: ("Reporter: Colm Ferriter"), a date word after it ("Northbridge Wire; Published").
_AUTHOR_LABEL = re.compile(r"^(?:(?i:by|reporter|author|written by)\s*:?\s+|(?i:text|von|por|par)\s*:\s*)")
_NOT_AUTHOR = re.compile(r"^(?:published|updated|posted|modified|last updated|date)\b", re.IGNORECASE)


def _byline(author: str, text: str) -> str | None:
    """``By <author>`` unless the first lines of the text already name the author."""
    head = "\n".join(text.splitlines()[:6]).casefold()
    names = [_AUTHOR_LABEL.sub("", a.strip()) for a in author.split(";")]
    names = [n for n in names if n and not _NOT_AUTHOR.match(n) and not any(ch.isdigit() for ch in n)]
    if not names or any(name.casefold() in head for name in names):
        return None
    return "By " + ", ".join(names)


_LD_JSON = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[^>]*>(.*?)</script>",
                      re.IGNORECASE | re.DOTALL)


def _ld_objects(value: Any) -> Any:
    """Every JSON object in a JSON-LD value (``@graph`` lists and nested values included)."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _ld_objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _ld_objects(inner)


def _instant(value: Any) -> tuple[datetime, str] | None:
    """A JSON-LD time as ``(UTC instant, as written)``, for ordering times of several zones."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc), value.strip()


def live_blog_times(html: str) -> tuple[str | None, str | None] | None:
    """``(coverage began, last update)`` of a page whose JSON-LD says it is a live blog
    (``LiveBlogPosting``), else ``None``. The last update is its ``dateModified``, else its
    ``coverageEndTime``, else the latest ``datePublished`` of its ``liveBlogUpdate`` entries."""
    import json

    for block in _LD_JSON.findall(html):
        try:
            data = json.loads(html_lib.unescape(block.strip()))
        except (ValueError, RecursionError):
            continue
        for obj in _ld_objects(data):
            kinds = obj.get("@type")
            if "LiveBlogPosting" not in (kinds if isinstance(kinds, list) else [kinds]):
                continue
            entries = obj.get("liveBlogUpdate")
            entries = entries if isinstance(entries, list) else [entries] if isinstance(entries, dict) else []
            instants = sorted((t for t in (_instant(e.get("datePublished")) for e in entries if isinstance(e, dict))
                               if t is not None), key=lambda t: t[0])
            posted = [raw for _, raw in instants]
            updated = next((str(obj[k]) for k in ("dateModified", "coverageEndTime")
                            if isinstance(obj.get(k), str)), posted[-1] if posted else None)
            started = next((str(obj[k]) for k in ("coverageStartTime", "datePublished")
                            if isinstance(obj.get(k), str)), None)
            return started, updated
    return None


#: A headline that says the page is missing, as the whole headline or one part of it
#: ("Page not found | Harbour Herald", "404", "Sorry, we couldn't find that page"): an error
#: page a server answered with 200 (a soft 404). Not a headline about something not found
#: ("404 migrants rescued", "Search for missing climber: nothing found after third day").
_NOT_FOUND = re.compile(
    r"(?:error\s*)?404(?:\s*(?:error|not found|page not found|page|error page))?(?:\s*page)?"
    r"|page\s+not\s+found(?:\s*404)?|(?:oops[!.]?\s*)?(?:the\s+)?"
    r"(?:page|article|story|content)\s+(?:was\s+|could\s*n[o']t\s+be\s+|cannot\s+be\s+)?not\s+found"
    r"|(?:sorry,?\s+)?(?:we|you)\s+(?:can(?:no|')t|could\s*n[o']?t|couldn't)\s+find"
    r"\s+(?:that|this|the|your)\s+page|(?:sorry,?\s+)?(?:the\s+|this\s+)?page\s+(?:you\s+(?:requested|were\s+"
    r"looking\s+for)\s+)?(?:does\s*n[o']t|doesn't|no\s+longer)\s+exists?",
    re.IGNORECASE)
#: Where a headline's parts meet: "Page not found | Herald", "Error 404: Page Not Found",
#: "Page not found (404)".
_TITLE_PARTS = re.compile(r"\s*[:|\u2013\u2014(\[]+\s*|\s+-+\s+|\s*::\s*|[)\]]")


def _not_found_title(title: str | None) -> bool:
    """The headline, or one part of it, is an error page's (see :data:`_NOT_FOUND`)."""
    parts = [part.strip(" .!?'\"1") for part in _TITLE_PARTS.split(title or "")]
    whole = (title or "").strip(" .!?'\"")
    return bool(title) and (any(part and _NOT_FOUND.fullmatch(part) for part in parts)
                            or re.fullmatch(r"(?i:not\s+found)", whole) is not None)


#: ...whose text is this short: an article may well be about a page that was not found.
NOT_FOUND_WORDS = 80


def extract_html(html: str, url: str | None = None) -> Page:
    """Extract the article and its metadata from an HTML page.

    Args:
        html: the page, decoded.
        url: where the page was fetched from, if known; relative canonical links resolve
            against it, and it is the ``url`` field when the page has no canonical link.

    Returns:
        The page's text, intake fields and metadata.

    Raises:
        InvalidArticle: no article text could be found in the page.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True,
        with_metadata=True, date_extraction_params=dict(DATE_PARAMS),
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InvalidArticle("html", "no article text found in the page")
    title = getattr(doc, "title", None)
    if _not_found_title(title) and len(text.split()) <= NOT_FOUND_WORDS:
        raise InvalidArticle("html", f"is a \"page not found\" page served as a page (its title: "
                                     f"{str(title)[:80]!r}), not an article")
    text = (_stories(html, text) or text).replace("\n", "\n\n")
    fields: dict[str, str] = {}
    meta: dict[str, str] = {"html_hash": html_hash(html)}
    canonical = getattr(doc, "url", None)
    host = getattr(doc, "hostname", None)
    sitename = getattr(doc, "sitename", None)
    published = _published(getattr(doc, "date", None))
    if published and len(published) == 10:
        published = _with_hour(html, published) or published
    if published and (later := _later_claim(html, published)):
        # The page's own claims disagree by a day or more (a stale article:published_time
        # against its JSON-LD): it existed by the latest of them, as a crawl time says; an
        # earlier claim could make a reprint the origin of the story it reprints.
        published = later
        meta["published_from"] = "latest of disagreeing claims"
    live = live_blog_times(html)
    if live is not None:
        # A live blog's datePublished is when its coverage began, not when the entries that
        # may quote a story were posted: the page is dated by its last update, a time it
        # existed by (as a crawl time is), which never makes it the source of a story it quotes.
        started, updated = live
        if started:
            meta["live_blog_started"] = started[:60]
        published = _published(updated) if updated else None
        if published:
            meta["published_from"] = "updated"
    link = _canonical_link(html, url)
    og_tag = _OG_URL.search(html)
    og_content = _CONTENT.search(og_tag.group(0)) if og_tag else None
    og_url = html_lib.unescape(og_content.group(1)).strip() if og_content else None
    own_name = None if sitename and _named_by(canonical) == sitename.lower() else sitename
    if link and foreign_canonical(link, url, og_url, own_name):
        # Another outlet's page (the wire story a partner reprints): the page keeps the address
        # it was fetched from (or its own og:url) and its own host; the link is kept in meta.
        canonical = url or (og_url if _host(og_url) else None)
        host = _site(canonical) or own_name
        sitename = own_name
        meta["canonical_url"] = link[:2000]
    for key, value in (("title", title), ("url", canonical), ("source", host or sitename),
                       ("published_at", published)):
        if value:
            fields[key] = str(value)[:2000]
    for key, value in (("author", getattr(doc, "author", None)), ("sitename", sitename),
                       ("description", getattr(doc, "description", None))):
        if value:
            meta[key] = str(value)[:500]
    if canonical and url and canonical != url and "canonical_url" not in meta:
        meta["canonical_url"] = str(canonical)[:2000]
    declared = _HTML_LANG.search(html[:4096])
    if declared:
        meta["declared_lang"] = declared.group(1).lower()
    author = meta.get("author")
    byline = _byline(author, text) if author else None
    if byline:
        text = f"{byline}\n\n{text}"
    return Page(text=text, fields=fields, meta=meta)
