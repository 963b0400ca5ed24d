"""HTML page -> main text and metadata, with trafilatura (a maintained extractor)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.errors import InvalidArticle


@dataclass(frozen=True)
class Page:
    """What extraction found.

    Attributes:
        text: the main text, paragraphs separated by blank lines.
        fields: intake fields found in the page (title, url, source, published_at, lang).
        meta: extra metadata kept with the article (author, sitename).
    """

    text: str
    fields: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


def extract_html(html: str) -> Page:
    """Extract the article from an HTML page.

    Raises:
        InvalidArticle: no article text could be found in the page.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, favor_precision=True,
        with_metadata=True,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InvalidArticle("html", "no article text found in the page")
    fields: dict[str, str] = {}
    meta: dict[str, str] = {}
    for key, attr in (("title", "title"), ("url", "url"), ("source", "hostname"),
                      ("published_at", "date"), ("lang", "language")):
        value = getattr(doc, attr, None)
        if value:
            fields[key] = str(value)
    for attr in ("author", "sitename", "description"):
        value = getattr(doc, attr, None)
        if value:
            meta[attr] = str(value)[:500]
    return Page(text=text.replace("\n", "\n\n"), fields=fields, meta=meta)
