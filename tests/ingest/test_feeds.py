"""ingest.feeds: RSS and Atom entries become articles; link-only entries are fetched only when asked.

The URL tests serve pages from a local ``http.server`` on 127.0.0.1 that the test starts and stops.
"""

from __future__ import annotations

import gzip
import html
import json
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest.clock import FakeClock
from ingest.feeds import feed_items, fetch_url, is_feed
from ingest.parse import parse_item
from tests.ingest.pages import ARTICLE, TITLE, herald_page
from tracker.cli import run_ingest
from tracker.config import TrackerConfig
from tracker.model import Article, Rejected
from tracker.store import Store

LINKED = "/news/port-verrin-terminal"
REPRINT = "/reprint"


def rss(base: str) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in ARTICLE)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Coastal Digest</title><link>https://coastaldigest.example/</link><description>News</description>
<item><title>{TITLE}</title><link>https://coastaldigest.example/2025/02/11/port-verrin</link>
<guid isPermaLink="false">cd-1001</guid><pubDate>Tue, 11 Feb 2025 16:00:00 +0100</pubDate>
<dc:creator>Coastal Digest staff</dc:creator><description>The northern terminal closes for repairs.</description>
<content:encoded><![CDATA[{body}<p>This story first appeared in the Harbour Herald.</p>]]></content:encoded></item>
<item><title>Port Verrin (original report)</title><link>{base}{LINKED}</link>
<pubDate>Tue, 11 Feb 2025 08:30:00 +0000</pubDate><description>Storm damage closes the terminal.</description></item>
<item><title>Gone</title><link>{base}/news/removed</link><description>Teaser only.</description></item>
</channel></rss>""".encode()


ATOM = (
    """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><link href="https://wire.example/"/>
<id>urn:wire</id><updated>2025-02-11T09:00:00Z</updated>
<entry><title>Terminal closure</title><link href="https://wire.example/a/1"/><id>urn:wire:1</id>
<updated>2025-02-11T09:05:00Z</updated><published>2025-02-11T09:00:00Z</published>
<content type="text">"""
    + html.escape("\n\n".join(ARTICLE))
    + """</content></entry></feed>"""
).encode()


#: Characters windows-1252 has at 0x80-0x9F (ISO-8859-1 has control codes there).
CP1252_PARAGRAPH = "The harbour master called the “18.5 million €” repair the port’s – and the city’s – priority."
#: An image sent as text/html, as misconfigured servers do.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256)) * 8
PARTNER = herald_page(url="https://www.northwire.example/world/port-verrin", site="Yonder News")


def _served() -> dict[str, tuple[bytes, list[tuple[str, str]]]]:
    html_type = ("Content-Type", "text/html; charset=utf-8")
    page = herald_page().encode()
    cp1252 = herald_page([CP1252_PARAGRAPH, *ARTICLE]).replace('<meta charset="utf-8">', "")
    served = {
        "/cp1252": (cp1252.encode("cp1252"), [("Content-Type", "text/html; charset=windows-1252")]),
        "/latin1": (cp1252.encode("cp1252"), [("Content-Type", 'text/html; charset="ISO-8859-1"')]),
        "/gzip": (gzip.compress(page), [html_type, ("Content-Encoding", "gzip")]),
        "/deflate": (zlib.compress(page), [html_type, ("Content-Encoding", "deflate")]),
        "/binary": (PNG, [("Content-Type", "text/html")]),
        "/partner": (PARTNER.encode(), [html_type]),
    }
    try:
        import brotli
    except ImportError:
        return served
    served["/br"] = (brotli.compress(page), [html_type, ("Content-Encoding", "br")])
    return served


SERVED = _served()


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        pages = {
            LINKED: herald_page().encode(),
            "/feed.xml": rss(f"http://127.0.0.1:{self.server.server_port}"),
            # The newspaper's article without its last paragraph on another site, a day later.
            REPRINT: herald_page(ARTICLE[:-1], url="https://reprints.example/port-verrin", site="Reprints",
                                 published="2025-02-12T09:30:00+01:00").encode(),
            "/plain.txt": "\n\n".join(ARTICLE).encode(),
        }
        served = SERVED.get(self.path)
        if served is not None:  # a page sent as servers send it: compressed, in a charset its header names
            body, headers = served
            self.send_response(200)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/trickle.xml":  # a byte every 0.2 s: inside every socket timeout
            self.send_response(200)
            self.send_header("Content-Length", "40")
            self.end_headers()
            for _ in range(40):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
            return
        if self.path.startswith("/loop/"):  # two addresses redirecting to each other
            self.send_response(302)
            self.send_header("Location", "/loop/b" if self.path == "/loop/a" else "/loop/a")
            self.end_headers()
            return
        body = pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/rss+xml" if self.path.endswith(".xml") else "text/html")
        self.end_headers()
        self.wfile.write(body or b"not found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_is_feed() -> None:
    assert is_feed("world.rss") and is_feed("feed.XML") and is_feed("x.atom") and not is_feed("x.html")


def test_full_content_entry_is_an_article_and_link_only_is_skipped() -> None:
    reasons: list[str] = []
    items = feed_items(rss("https://harbourherald.example"), "feed.xml", on_skip=reasons.append)
    assert len(items) == 1
    assert reasons == ["feed: entry has only a link and a summary shorter than a whole article "
                       "(use --follow-links to fetch it)"] * 2
    article = parse_item(items[0])
    assert isinstance(article, Article)
    assert article.url == "https://coastaldigest.example/2025/02/11/port-verrin"
    assert article.title == TITLE
    assert article.source == "coastaldigest.example"
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2025-02-11T15:00:00+00:00"
    )
    meta = dict(article.meta)
    assert (meta["guid"], meta["feed"], meta["author"]) == (
        "cd-1001",
        "Coastal Digest",
        "Coastal Digest staff",
    )
    for paragraph in ARTICLE:
        assert paragraph in article.text
    # An entry linking to the site's www. host is that site's article.
    www = feed_items(rss("https://harbourherald.example").replace(b"https://coastaldigest.example/",
                                                                  b"https://www.coastaldigest.example/"), "feed.xml")
    again = parse_item(www[0])
    assert isinstance(again, Article) and again.source == "coastaldigest.example"


def test_atom_plain_text_content() -> None:
    items = feed_items(ATOM, "wire.atom")
    article = parse_item(items[0])
    assert isinstance(article, Article)
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2025-02-11T09:00:00+00:00"
    )
    assert [p for p in article.text.split("\n\n") if p in ARTICLE] == ARTICLE


def atom_entry(times: str) -> bytes:
    """A one-entry Atom feed whose entry carries ``times`` (its <published>/<updated> elements)."""
    return ATOM.replace(b"<updated>2025-02-11T09:05:00Z</updated><published>2025-02-11T09:00:00Z</published>",
                        times.encode())


def test_an_update_time_is_kept_as_a_bound_not_as_the_publication_time() -> None:
    # Atom requires <updated> and makes <published> optional: an entry updated three days
    # after it was published says nothing more of when it was published.
    article = parse_item(feed_items(atom_entry("<updated>2025-02-14T12:00:00Z</updated>"), "wire.atom")[0])
    assert isinstance(article, Article)
    assert article.published_at is not None and article.published_at.isoformat() == "2025-02-14T12:00:00+00:00"
    assert dict(article.meta)["published_from"] == "updated" and article.stated_time is None
    stated = parse_item(feed_items(ATOM, "wire.atom")[0])
    assert isinstance(stated, Article)
    assert "published_from" not in dict(stated.meta) and stated.stated_time == stated.published_at


def test_an_entry_dated_beyond_year_9999_in_utc_is_rejected_alone() -> None:
    # 9999-12-31T23:59:59-12:00 is in the year 10000 in UTC: it had stopped the whole feed.
    items = feed_items(atom_entry("<updated>9999-12-31T23:59:59-12:00</updated>"), "wire.atom")
    rejected = parse_item(items[0])
    assert isinstance(rejected, Rejected) and rejected.field == "published_at", rejected
    assert "9999-12-31T23:59:59-12:00" in rejected.reason and "out of range" in rejected.reason


RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://wire.example/"><title>Wire</title><link>https://wire.example/</link>
<description>News</description></channel>
<item rdf:about="https://wire.example/a/1"><title>Terminal closure</title><link>https://wire.example/a/1</link>
<dc:date>2025-02-11T09:00:00Z</dc:date><content:encoded>BODY</content:encoded></item>
</rdf:RDF>"""


def test_an_rss_item_dc_date_is_its_publication_time() -> None:
    # feedparser files dc:date as "updated"; in RSS it is the item's date, not an update time.
    body = "".join(f"<p>{html.escape(p)}</p>" for p in ARTICLE)
    rdf = RDF.replace(b"BODY", html.escape(body).encode())
    rss2 = rss("https://harbourherald.example").replace(
        b"<pubDate>Tue, 11 Feb 2025 16:00:00 +0100</pubDate>", b"<dc:date>2025-02-11T15:00:00Z</dc:date>")
    for feed, when in ((rdf, "2025-02-11T09:00:00+00:00"), (rss2, "2025-02-11T15:00:00+00:00")):
        article = parse_item(feed_items(feed, "feed.xml", on_skip=lambda reason: None)[0])
        assert isinstance(article, Article)
        assert article.published_at is not None and article.published_at.isoformat() == when
        assert "published_from" not in dict(article.meta) and article.stated_time == article.published_at


def test_a_linked_page_states_its_date_over_the_entry_update_time() -> None:
    feed = atom_entry("<updated>2025-02-14T12:00:00Z</updated>").replace(
        b'<content type="text">', b'<summary>Teaser.</summary><content type="text">').split(b'<content')[0]
    feed += b"</entry></feed>"
    items = feed_items(feed, "wire.atom", True, lambda url: herald_page().encode())
    page = parse_item(items[0])
    assert isinstance(page, Article)
    # herald_page states article:published_time 2025-02-11T09:30:00+01:00.
    assert page.published_at is not None and page.published_at.isoformat() == "2025-02-11T08:30:00+00:00"
    assert "published_from" not in dict(page.meta) and page.stated_time == page.published_at


def test_follow_links_uses_the_given_fetch() -> None:
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        if url.endswith("removed"):
            raise OSError("HTTP 404")
        return herald_page().encode()

    reasons: list[str] = []
    items = feed_items(rss("https://harbourherald.example"), "feed.xml", True, fetch, on_skip=reasons.append)
    assert fetched == ["https://harbourherald.example" + LINKED, "https://harbourherald.example/news/removed"]
    assert len(items) == 3 and reasons == []
    # A link asked for and lost is a rejected item naming it.
    lost = parse_item(items[2])
    assert isinstance(lost, Rejected) and (lost.field, lost.reason) == (
        "url", "https://harbourherald.example/news/removed could not be fetched (OSError: HTTP 404)")
    linked = parse_item(items[1])
    assert isinstance(linked, Article)
    # The page's own headline is the article's (an explanation would otherwise report a
    # headline change the page never made); the feed's title is kept in meta.
    assert (linked.url, linked.title) == ("https://harbourherald.example" + LINKED, TITLE)
    assert dict(linked.meta)["feed_title"] == "Port Verrin (original report)"
    assert dict(linked.meta)["author"] == "Anna Lind"


def test_not_a_feed_is_a_reason() -> None:
    reasons: list[str] = []
    assert feed_items(b"<html><body>hello</body></html>", "page.xml", on_skip=reasons.append) == []
    assert reasons[0].startswith("feed: not an RSS or Atom feed (page.xml")


def test_payload_is_never_taken_for_a_file_name(tmp_path: Path) -> None:
    # feedparser, given bytes, first tries them as a path: feed_items must not read that file.
    path = tmp_path / "real.rss"
    path.write_bytes(ATOM)
    assert feed_items(str(path).encode(), "x.xml", on_skip=lambda r: None) == []


def test_fetch_url_refuses_other_schemes() -> None:
    with pytest.raises(ValueError, match="only http and https"):
        fetch_url("file:///etc/passwd")


def test_fetch_url_from_local_server(site: str) -> None:
    assert fetch_url(site + LINKED) == herald_page().encode()
    with pytest.raises(OSError):
        fetch_url(site + "/nothing")


def test_ingest_feed_file(tmp_path: Path, config: TrackerConfig) -> None:
    path = tmp_path / "digest.rss"
    path.write_bytes(rss("https://harbourherald.example"))
    summary = run_ingest(config, [str(path)], 8, True)
    assert (summary["ingested"], summary["skipped"]) == (1, 2)


def test_ingest_feed_url_follows_links_only_when_asked(site: str, config: TrackerConfig) -> None:
    plain = run_ingest(config, [site + "/feed.xml"], 8, True)
    assert (plain["ingested"], plain["skipped"]) == (1, 2)
    followed = run_ingest(config, [site + "/feed.xml"], 8, True, follow_links=True)
    assert (followed["ingested"], followed["duplicates"], followed["skipped"], followed["rejected"]) == (1, 1, 0, 1)
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql(
            "SELECT a.url, l.relation, p.url FROM articles a JOIN lineage l USING (article_id) "
            "LEFT JOIN articles p ON p.article_id = l.parent_id ORDER BY a.url"
        )
    # The aggregator's full-content entry is a copy of the newspaper page its link-only entry led
    # to, which is stored under the canonical URL the page names.
    herald = "https://harbourherald.example" + LINKED
    assert rows == [
        ("https://coastaldigest.example/2025/02/11/port-verrin", "copy", herald),
        (herald, "original", None),
    ]


def test_ingest_page_url(site: str, config: TrackerConfig) -> None:
    summary = run_ingest(config, [site + LINKED], 8, True)
    assert summary["ingested"] == 1
    # A text/plain article is read as text, as find-origin reads it: here, the page's story.
    plain = run_ingest(config, [site + "/plain.txt"], 8, True)
    assert (plain["ingested"], plain["rejected"]) == (1, 0)
    missing = run_ingest(config, [site + "/nothing"], 8, True)
    assert (missing["ingested"], missing["rejected"], missing["skipped"]) == (0, 1, 0)
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql("SELECT origin, field, reason FROM rejects")
    assert rows == [(site + "/nothing", "url", "could not be fetched (HTTP 404)")]


def test_a_followed_link_gives_way_to_the_page_canonical_url_and_host() -> None:
    proxy = "https://feeds.proxy.example/~r/herald/~3/xyz?utm_source=rss"
    feed = rss("https://unused.example").replace(
        ("https://unused.example" + LINKED).encode(), html.escape(proxy).encode())
    items = feed_items(feed, "feed.xml", True, lambda url: herald_page().encode())
    linked = parse_item(items[1])
    assert isinstance(linked, Article)
    assert (linked.url, linked.source) == (
        "https://harbourherald.example/news/port-verrin-terminal", "harbourherald.example")
    assert dict(linked.meta)["fetched_from"] == proxy
    # A page that names no canonical URL keeps the link it was fetched from.
    bare = herald_page().replace('<link rel="canonical" href="https://harbourherald.example/news/'
                                 'port-verrin-terminal">', "")
    unnamed = parse_item(feed_items(feed, "feed.xml", True, lambda url: bare.encode())[1])
    assert isinstance(unnamed, Article) and unnamed.url == proxy


def test_find_origin_and_explain_take_a_page_url(site: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    db = ["--db", str(tmp_path / "t.duckdb")]
    runner = CliRunner()
    assert runner.invoke(main, [*db, "ingest", "-q", site + LINKED]).exit_code == 0
    found = runner.invoke(main, [*db, "find-origin", "--json", site + REPRINT])
    assert found.exit_code == 0, found.output
    data = json.loads(found.output)
    # The page is read as `tracker ingest URL` reads it: the canonical URL it names is its url,
    # as for a page followed from a feed (the URL asked for may be a proxy's or carry tracking).
    assert data["article"]["stored"] is False and data["article"]["url"] == "https://reprints.example/port-verrin"
    assert data["relation"] == "copy"
    assert data["origin"]["url"] == "https://harbourherald.example/news/port-verrin-terminal"
    explained = runner.invoke(main, [*db, "explain", site + REPRINT])
    assert explained.exit_code == 0 and "(parent and origin)" in explained.output
    # A page that cannot be fetched, and a feed, are named as such.
    missing = runner.invoke(main, [*db, "find-origin", site + "/nothing"])
    assert missing.exit_code == 2 and f"cannot fetch {site}/nothing" in missing.output
    feed = runner.invoke(main, [*db, "find-origin", site + "/feed.xml"])
    assert feed.exit_code == 2 and "is a feed, not an article page" in feed.output


def test_an_entry_date_the_feed_gets_wrong_is_kept_beside_the_article() -> None:
    feed = rss("https://unused.example").replace(b"<pubDate>Tue, 11 Feb 2025 16:00:00 +0100</pubDate>",
                                                 b"<pubDate>Someday soon</pubDate>")
    article = parse_item(feed_items(feed, "feed.xml", on_skip=lambda r: None)[0])
    assert isinstance(article, Article)
    assert dict(article.meta)["date_unread"] == "Someday soon"


def test_a_feed_file_that_is_not_a_feed_is_a_rejected_item(tmp_path: Path) -> None:
    from ingest.feeds import iter_feed
    from tracker.model import Rejected

    page = tmp_path / "page.xml"
    page.write_bytes(b"<html><body><p>Our feed moved.</p></body></html>")
    reasons: list[str] = []
    (item,) = iter_feed(page, reasons.append)
    refused = parse_item(item)
    assert isinstance(refused, Rejected) and refused.field == "file" and not reasons
    assert refused.reason.startswith("not an RSS or Atom feed")


# --- what servers send: charsets in the header, compressed bodies, binary bodies -------------


@pytest.mark.parametrize("path", ["/cp1252", "/latin1"])
def test_a_page_keeps_the_charset_of_its_http_header(site: str, config: TrackerConfig, path: str) -> None:
    # No <meta charset>: only the Content-Type says how the bytes are written.
    assert CP1252_PARAGRAPH in fetch_url(site + path).decode("utf-8")
    assert run_ingest(config, [site + path], 8, True)["ingested"] == 1
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql("SELECT text FROM articles")
    assert CP1252_PARAGRAPH in rows[0][0]


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/br"])
def test_a_compressed_page_is_decompressed(site: str, config: TrackerConfig, path: str) -> None:
    if path not in SERVED:
        pytest.skip("brotli is not installed")
    assert fetch_url(site + path) == herald_page().encode()
    summary = run_ingest(config, [site + path], 8, True)
    assert (summary["ingested"], summary["rejected"]) == (1, 0)


def test_a_binary_body_is_refused_as_the_same_bytes_in_a_file_are(site: str, config: TrackerConfig,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "image.html").write_bytes(PNG)
    run_ingest(config, [site + "/binary", str(tmp_path / "image.html")], 8, True)
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql("SELECT field, reason FROM rejects")
    assert rows == [("file", "is a PNG image, not article text or HTML")] * 2


def test_a_partner_page_fetched_by_url_keeps_its_address(site: str, config: TrackerConfig) -> None:
    # Its canonical link names the wire's story (as partners are asked to do) and its site name
    # another outlet: the page is the partner's, at the address it was fetched from.
    run_ingest(config, [site + "/partner", site + LINKED], 8, True)
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql("SELECT url, source, meta->>'canonical_url' FROM articles ORDER BY url")
    assert rows == [
        ("http://127.0.0.1:" + site.rsplit(":", 1)[1] + "/partner", "127.0.0.1",
         "https://www.northwire.example/world/port-verrin"),
        # The newspaper's own page, served here, names itself by its site name: its canonical URL.
        ("https://harbourherald.example" + LINKED, "harbourherald.example", "https://harbourherald.example" + LINKED),
    ]


def test_a_redirect_loop_is_named_as_one(site: str) -> None:
    from ingest.feeds import iter_url

    (item,) = iter_url(f"{site}/loop/a")
    refused = parse_item(item)
    assert isinstance(refused, Rejected) and refused.reason == "could not be fetched (HTTP 302: the redirects loop, or go on past 10)"


def test_a_feed_file_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.feeds import iter_feed

    monkeypatch.setattr("ingest.feeds.MAX_FEED_BYTES", 100)
    path = tmp_path / "huge.atom"
    path.write_bytes(ATOM)
    (item,) = list(iter_feed(path))
    refused = parse_item(item)
    assert isinstance(refused, Rejected) and refused.reason.startswith("feed file of 0 MB, over the 0 MB read")


def test_a_server_that_trickles_its_answer_is_given_up_at_the_deadline(site: str) -> None:
    # One byte every 0.2 s keeps every socket timeout from firing; the whole fetch has a
    # deadline (60 s in use, 1 s here), after which it fails as a network error does.
    from ingest.feed_source import FeedSource
    from ingest.feeds import read_within

    started = time.monotonic()
    with urllib.request.urlopen(f"{site}/trickle.xml", timeout=5) as answer, \
            pytest.raises(OSError, match="still sending after 1 s"):
        read_within(answer, 10_000, f"{site}/trickle.xml", deadline_s=1.0)
    assert time.monotonic() - started < 5
    # A feed that fails says so where an operator looks: the source's error (GET /health
    # "degraded", tracker_sources_failing), until a poll succeeds.
    feed = FeedSource(f"{site}/missing.xml", FakeClock(), interval_s=60)
    assert feed.error() is None
    feed.poll(10)
    feed.wait_fetch(10)
    assert "HTTP 404" in (feed.error() or "")


def test_a_feed_that_answers_again_is_no_longer_failing_even_unchanged() -> None:
    # A timeout once, then "304 Not Modified": the feed answers, so it is not failing.
    from ingest.feed_source import FeedSource, Response

    answers: list[Response | Exception] = [OSError("timed out"), Response(304)]

    def fetch(url: str, headers: dict[str, str]) -> Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    clock = FakeClock()
    feed = FeedSource("http://127.0.0.1:1/feed.xml", clock, interval_s=60, fetch=fetch)
    for expected in ("OSError: timed out", None):
        feed.poll(10)
        feed.wait_fetch(10)
        assert feed.error() == expected
        clock.advance(61)
