"""Reading the article a command names: a file, standard input, a page URL or a stored id.

Owns telling an input from a stored id, reading a file or ``-`` as one intake item (a JSON
input cut to its first record), fetching a page (a feed or an unreachable page is a usage
error) and turning a stored article back into an item. It registers no command and opens no
store; ``ingest`` is imported lazily, inside the functions that need it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ingest.parse import RawItem
    from tracker.model import Article


def _input_kind(source: str, payload: bytes) -> str:
    """``json``, ``html`` or ``text``: by the file's extension, or by the first bytes (standard
    input, a pipe such as ``/dev/fd/63``, a file without a known extension)."""
    if source.endswith((".json", ".jsonl")):
        return "json"
    if source.endswith((".html", ".htm")):
        return "html"
    if source.endswith((".txt", ".text", ".md")):
        return "text"
    from ingest.parse import sniff_kind

    return sniff_kind(payload)


def _is_input(source: str) -> bool:
    """Whether ``source`` names an article to read rather than a stored id: ``-``, a file, or
    an ``http(s)://`` page."""
    from ingest.sources import is_url

    return source == "-" or is_url(source) or _readable_file(Path(source))


def _readable_file(path: Path) -> bool:
    """A file, or something read like one: a named pipe, ``<(command)`` (``/dev/fd/63``)."""
    return path.exists() and not path.is_dir()


def _read_input(source: str, hint: str = "FILE") -> RawItem:
    """The item of a file, of standard input for ``-``, or of an ``http(s)://`` page (fetched;
    the URL is the article's ``url``); a JSON input is cut to its first record."""
    from ingest.parse import RawItem, page_kind
    from ingest.sources import is_url

    if is_url(source):
        page = _fetch_page(source, hint)
        return RawItem(source, page, page_kind(page), fields=(("fetched_from", source),))
    if source == "-":
        if sys.stdin is not None and sys.stdin.isatty():
            click.echo("reading one article from standard input: paste it, then press Ctrl-D on a line of its own",
                       err=True)
        payload, origin = sys.stdin.buffer.read(), "stdin"
        if not payload.strip():
            raise click.ClickException("standard input is empty: it holds no article")
    else:
        from ingest.feeds import FEED_SUFFIXES
        from ingest.warc import WARC_SUFFIXES

        path = Path(source)
        if not _readable_file(path):
            raise click.BadParameter(f"no such file: {source}", param_hint=hint)
        if path.name.lower().endswith(FEED_SUFFIXES + WARC_SUFFIXES):
            raise click.BadParameter(f"{source} is a feed or an archive of many articles, not one article: "
                                     f"ingest it with `tracker ingest {source}`, then ask about a stored id",
                                     param_hint=hint)
        payload, origin = path.read_bytes(), str(path)
    kind = _input_kind(source, payload)
    if kind == "json":
        from ingest.sources import parse_document

        records = parse_document(payload)  # one record, pretty-printed or not, or an array
        lines = [line for line in payload.splitlines() if line.strip()]
        held = len(records) if records else sum(1 for line in lines if _is_json(line))
        if records:
            payload = records[0]
        else:  # JSON lines (or malformed: the first line's problem is reported)
            payload = lines[0] if lines else b""
        if held > 1:
            click.echo(f"{origin} holds {held} records: this is the answer for the first one (ingest them all "
                       "with `tracker ingest`, then ask about each stored id)", err=True)
    return RawItem(origin, payload, kind)


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _fetch_page(url: str, hint: str) -> bytes:
    """The body of an article page; a page that cannot be fetched, or a feed, is an error."""
    from ingest.feeds import FETCH_ERRORS, fetch_url, is_feed_payload

    try:
        payload = fetch_url(url)
    except FETCH_ERRORS as exc:
        raise click.BadParameter(f"cannot fetch {url}: {exc}", param_hint=hint) from exc
    if is_feed_payload(payload):
        raise click.BadParameter(f"{url} is a feed, not an article page: ingest its entries with "
                                 f"`tracker ingest {url}`", param_hint=hint)
    return payload


def _stored_item(article: Article) -> RawItem:
    """An intake item that is the stored article again (its id, text and fields)."""
    from ingest.parse import RawItem

    record = {"id": article.article_id, "text": article.text, "title": article.title, "url": article.url,
              "source": article.source,
              "published_at": article.published_at.isoformat() if article.published_at else None}
    return RawItem(f"article {article.article_id}", json.dumps(record).encode(), "json")
