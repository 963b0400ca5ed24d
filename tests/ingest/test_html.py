"""ingest.html: main text and metadata out of real-looking pages; a copy in other chrome is a copy."""

from __future__ import annotations

import html as html_lib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ingest.html import decode_html, extract_html, foreign_canonical, html_hash
from ingest.parse import RawItem, parse_item
from tests.ingest.pages import ARTICLE, CHROME_PHRASES, TITLE, digest_page, herald_page
from tracker.cli import run_ingest
from tracker.config import TrackerConfig
from tracker.errors import InvalidArticle
from tracker.model import Article
from tracker.normalize import body_paragraphs
from tracker.store import Store

PAGES = {"herald": herald_page(), "digest": digest_page()}


# --- extraction ----------------------------------------------------------------------------


@pytest.mark.parametrize("chrome", sorted(PAGES))
def test_extracted_text_is_the_article_and_nothing_else(chrome: str) -> None:
    page = extract_html(PAGES[chrome])
    body = body_paragraphs(page.text)
    assert [p for p in body if p != TITLE and not p.startswith("This story first appeared")] == ARTICLE
    for phrase in CHROME_PHRASES:
        assert phrase not in page.text, f"page chrome leaked into the text: {phrase!r}"


def test_metadata_of_a_newspaper_page() -> None:
    page = extract_html(PAGES["herald"])
    assert page.fields == {
        "title": TITLE,
        "url": "https://harbourherald.example/news/port-verrin-terminal",
        "source": "harbourherald.example",
        "published_at": "2025-02-11T09:30:00+01:00",
    }
    assert page.meta["author"] == "Anna Lind"
    assert page.meta["sitename"] == "Harbour Herald"
    assert page.meta["declared_lang"] == "en"
    assert page.meta["html_hash"] == html_hash(PAGES["herald"])
    # The byline trafilatura moves out of the body comes back as the text's first line.
    assert page.text.startswith("By Anna Lind\n\n")


def test_metadata_time_beats_the_day_in_the_url() -> None:
    # The URL says 2025/02/11; the page's metadata says 15:00 UTC that day: the time wins.
    assert extract_html(PAGES["digest"]).fields["published_at"] == "2025-02-11T15:00:00+00:00"
    # With no metadata the URL's day is used, as a date.
    assert extract_html(digest_page(published=None)).fields["published_at"] == "2025-02-11"


def test_the_hour_of_a_time_element_is_kept() -> None:
    # htmldate reads <time datetime="..."> as a day alone; the page states the hour, and a day
    # alone would put this 11:00 copy before an original filed at 08:30 that day.
    stamp = '<div class="meta"><time datetime="2025-02-11T11:00:00Z">2025-02-11</time></div>'
    stamped = herald_page(published=None).replace('<article class="story">', f'<article class="story">{stamp}', 1)
    assert extract_html(stamped).fields["published_at"] == "2025-02-11T11:00:00+00:00"
    zoned = stamped.replace("11:00:00Z", "11:00:00+0100")
    assert extract_html(zoned).fields["published_at"] == "2025-02-11T11:00:00+01:00"
    # A time outside the story (a "most read" card's, another story's) lends no hour.
    sidebar = herald_page(published=None).replace("<body>", f"<body><aside>{stamp}</aside>", 1)
    assert extract_html(sidebar).fields["published_at"] == "2025-02-11"


#: A second story for a roundup page (invented).
RAIL = [
    "The regional rail operator of the Verrin valley said on Wednesday it had ordered 14 battery "
    "trains from a Swedish maker for 210 million euros, to replace the diesel units that have run "
    "on the coastal line since 1994.",
    "The first trains are due in 2028. Each can run 90 kilometres on a charge and will recharge "
    "under the short electrified stretch between Port Verrin and Holm, the operator said.",
    "Passenger groups welcomed the order but said the timetable also needed more trains in the "
    "morning peak, when the current units are often full before they reach the university stop.",
    "The operator said the new fleet would add 600 seats at peak hours and cut the line's carbon "
    "emissions by about 9,000 tonnes a year. Maintenance will move to a new depot at Holm, where "
    "40 technicians are to be trained over the next two years.",
    "Regional transport councillor Mira Hollund said the contract included an option for six more "
    "trains, which the region would take up if a planned extension to the airport is approved.",
]


def _roundup(stories: list[tuple[str, list[str]]], kind: str = "") -> str:
    body = "".join(
        f'<article{kind}><h2>{html_lib.escape(t)}</h2>' + "".join(f"<p>{html_lib.escape(p)}</p>" for p in ps)
        + "</article>" for t, ps in stories)
    return (f"<!DOCTYPE html><html><head><title>Today's roundup | Hub</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><main>{body}</main><footer>(c) Hub</footer></body></html>")


def test_a_page_carrying_several_stories_gives_all_of_them() -> None:
    # An aggregator's roundup: trafilatura alone keeps the first story; the second copies
    # another wire story, whose republication would be lost.
    text = extract_html(_roundup([(TITLE, ARTICLE), ("Verrin valley orders battery trains", RAIL)])).text
    assert ARTICLE[0] in text and RAIL[0] in text and RAIL[-1] in text
    assert text.index(ARTICLE[-1]) < text.index("Verrin valley orders battery trains") < text.index(RAIL[0])


def test_a_roundup_in_common_wrappers_gives_all_its_stories() -> None:
    page = _roundup([(TITLE, ARTICLE), ("Verrin valley orders battery trains", RAIL)])
    for wrapped in (page.replace("<main>", '<main><div class="container-responsive">').replace("</main>", "</div></main>"),
                    page.replace("<body>", '<body class="has-comments">')):
        text = extract_html(wrapped).text
        assert ARTICLE[0] in text and RAIL[0] in text


def test_stories_of_a_more_stories_block_are_not_the_pages_own() -> None:
    # The page's story, then other stories in full under "More stories": the page is its story.
    more = "".join(f'<article><h2>Rail {i}</h2>' + "".join(f"<p>{html_lib.escape(p)}</p>" for p in RAIL)
                   + "</article>" for i in range(2))
    page = _roundup([(TITLE, ARTICLE)]).replace("</main>", f'<section class="more-stories">{more}</section></main>')
    text = extract_html(page).text
    assert ARTICLE[0] in text and RAIL[0] not in text


def test_comments_and_teaser_cards_in_article_elements_are_not_stories() -> None:
    # Long comments in <article class="comment"> elements, and short teaser cards with headlines.
    comments = _roundup([(TITLE, ARTICLE)]).replace("</main>", "".join(
        f'<article class="comment"><h3>Reader {i}</h3><p>{html_lib.escape(" ".join(RAIL))}</p></article>'
        for i in range(2)) + "</main>")
    assert RAIL[0] not in extract_html(comments).text
    cards = _roundup([(TITLE, ARTICLE)] + [(f"Teaser {i}", RAIL[:1]) for i in range(3)])
    assert RAIL[0] not in extract_html(cards).text


def test_an_archived_page_keeps_its_date_before_1995() -> None:
    # htmldate's own floor is 1995; news archives are older.
    old = herald_page(published="1987-02-26T15:01:01+00:00")
    assert extract_html(old).fields["published_at"] == "1987-02-26T15:01:01+00:00"


def test_no_date_is_guessed_from_the_text() -> None:
    # "(c) 2025" in the footer is not a publication date.
    page = herald_page(published=None, url="https://harbourherald.example/news/port")
    assert "published_at" not in extract_html(page).fields


def test_canonical_url_is_kept_when_the_fetch_url_differs() -> None:
    page = extract_html(PAGES["herald"], url="https://harbourherald.example/amp/port?utm=x")
    assert page.meta["canonical_url"] == "https://harbourherald.example/news/port-verrin-terminal"


def test_page_without_an_article_is_refused() -> None:
    chrome_only = (
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>"
        "<div id='cookie'>We use cookies.</div></body></html>"
    )
    with pytest.raises(InvalidArticle) as info:
        extract_html(chrome_only)
    assert info.value.field == "html"


@pytest.mark.parametrize(
    ("payload", "charset", "expected"),
    [
        ("<p>Привет, мир</p>".encode("cp1251"), "windows-1251", "<p>Привет, мир</p>"),
        (
            b'<meta charset="windows-1251"><p>' + "Привет, мир".encode("cp1251") + b"</p>",
            None,
            '<meta charset="windows-1251"><p>Привет, мир</p>',
        ),
        ("<p>Café</p>".encode(), None, "<p>Café</p>"),
        (b"\xef\xbb\xbf<p>x</p>", None, "<p>x</p>"),
    ],
)
def test_decode_html(payload: bytes, charset: str | None, expected: str) -> None:
    assert decode_html(payload, charset) == expected


# --- parsing: fields the record lacks, ids, language ------------------------------------------


def test_page_fields_fill_the_record() -> None:
    article = parse_item(RawItem("herald.html", PAGES["herald"].encode(), "html"))
    assert isinstance(article, Article)
    assert article.title == TITLE
    assert article.source == "harbourherald.example"
    assert article.url == "https://harbourherald.example/news/port-verrin-terminal"
    assert article.published_at == datetime(2025, 2, 11, 8, 30, tzinfo=timezone.utc)
    assert article.lang == "en"
    assert dict(article.meta)["author"] == "Anna Lind"
    assert article.article_id.startswith("p-")


def test_same_page_same_id_other_site_other_id() -> None:
    first = parse_item(RawItem("a.html", PAGES["herald"].encode(), "html"))
    again = parse_item(RawItem("b.html", PAGES["herald"].encode(), "html"))
    other = parse_item(RawItem("c.html", PAGES["digest"].encode(), "html"))
    assert isinstance(first, Article) and isinstance(again, Article) and isinstance(other, Article)
    assert first.article_id == again.article_id
    assert other.article_id != first.article_id


def test_record_fields_win_over_the_page() -> None:
    record = {
        "id": "x1",
        "source": "wire.example",
        "title": "Given",
        "published_at": "2025-01-01T00:00:00Z",
        "html": PAGES["herald"],
    }
    article = parse_item(RawItem("r.jsonl:1", json.dumps(record).encode(), "json"))
    assert isinstance(article, Article)
    assert (article.article_id, article.source, article.title) == ("x1", "wire.example", "Given")
    assert article.published_at == datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert article.url == "https://harbourherald.example/news/port-verrin-terminal"


RUSSIAN = [
    "Администрация порта Веррин во вторник объявила, что закроет северный контейнерный терминал на "
    "шесть недель для ремонта причальной стенки, поврежденной январскими штормами.",
    "По словам капитана порта Елены Сорвик, водолазы обнаружили трещины глубиной до двух метров. "
    "Около 1200 судов будут направлены к южным причалам.",
    "Ремонт обойдется примерно в 18,5 миллиона евро, из которых региональное правительство заплатит "
    "11 миллионов, а остальное покроют портовые сборы.",
]


def test_foreign_language_page_is_kept_and_marked() -> None:
    page = herald_page(
        RUSSIAN,
        "Порт Веррин закроет северный терминал",
        lang="ru",
        url="https://vesti-porta.example/news/1",
        author=None,
    )
    article = parse_item(
        RawItem(
            "ru.html", page.encode("cp1251").replace(b'charset="utf-8"', b'charset="windows-1251"'), "html"
        )
    )
    assert isinstance(article, Article)
    assert article.lang == "ru"
    assert "трещины" in article.text


# --- the whole chain -----------------------------------------------------------------------


def _lineage(config: TrackerConfig) -> dict[str, tuple[str, str | None, str, list[str]]]:
    """url -> (origin url, parent url, relation, credits) of every stored article."""
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql(
            "SELECT a.url, o.url, p.url, l.relation, a.credits FROM articles a JOIN lineage l USING (article_id) "
            "JOIN articles o ON o.article_id = l.origin_id LEFT JOIN articles p ON p.article_id = l.parent_id"
        )
    return {r[0]: (r[1], r[2], r[3], list(r[4] or [])) for r in rows}


def test_copy_in_other_chrome_is_a_copy(tmp_path: Path, config: TrackerConfig) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "aggregator.html").write_text(PAGES["digest"], encoding="utf-8")
    (folder / "newspaper.html").write_text(PAGES["herald"], encoding="utf-8")
    summary = run_ingest(config, [str(folder)], 16, True)
    assert (summary["ingested"], summary["rejected"], summary["linked"]) == (2, 0, 1)
    herald = "https://harbourherald.example/news/port-verrin-terminal"
    digest = "https://coastaldigest.example/2025/02/11/port-verrin"
    rows = _lineage(config)
    assert rows[herald][:3] == (herald, None, "original")
    assert rows[digest][:3] == (herald, herald, "copy")
    # The aggregator's credit line names the newspaper, in the newspaper's outlet key.
    assert rows[digest][3] == ["harbourherald"]
    # Re-ingesting the same pages is a no-op.
    again = run_ingest(config, [str(folder)], 16, True)
    assert (again["ingested"], again["duplicates"]) == (0, 2)


def test_same_topic_article_is_not_linked(tmp_path: Path, config: TrackerConfig) -> None:
    other = [
        "Fishermen in the Port Verrin region say the January storms destroyed nets and damaged dozens "
        "of boats, and that repairs will not be finished before the spring season.",
        "The regional fishing association said on Monday that at least 60 boats were hit and asked the "
        "government for emergency loans of 3 million euros.",
        "Insurers have received more than 200 claims, a spokesman for the association said, and expect "
        "more as owners return to harbours that were closed during the storms.",
    ]
    (tmp_path / "a.html").write_text(PAGES["herald"], encoding="utf-8")
    (tmp_path / "b.html").write_text(
        herald_page(
            other,
            "Storms leave fishing fleets with heavy losses",
            url="https://harbourherald.example/news/fleets",
        ),
        encoding="utf-8",
    )
    summary = run_ingest(config, [str(tmp_path / "a.html"), str(tmp_path / "b.html")], 16, True)
    assert (summary["ingested"], summary["linked"]) == (2, 0)


# --- charsets as browsers read them ----------------------------------------------------------

#: Characters that windows-1252 has at 0x80-0x9F and ISO-8859-1 has not: what a page declaring
#: iso-8859-1 means by those bytes (every browser reads it as windows-1252).
CP1252_ONLY = "Harbour master Elena Sorvik said the “18.5 million €” repair is the port’s – and the city’s – priority."


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO_8859-1", "latin1", "us-ascii", "windows-1252"])
def test_a_declared_latin1_page_is_read_as_windows_1252(label: str) -> None:
    page = herald_page([CP1252_ONLY, *ARTICLE]).replace('<meta charset="utf-8">', f'<meta charset="{label}">')
    payload = page.encode("cp1252")
    assert decode_html(payload) == page
    # The charset of an HTTP header (a WARC record's, a fetched page's) is read the same way.
    assert decode_html(payload.replace(f'<meta charset="{label}">'.encode(), b""), label) == page.replace(
        f'<meta charset="{label}">', "")
    article = parse_item(RawItem("page.html", payload, "html"))
    assert isinstance(article, Article) and CP1252_ONLY in article.text


# --- a canonical link to another outlet ------------------------------------------------------

WIRE = "https://www.northwire.example/world/2025/02/11/port-verrin"


@pytest.mark.parametrize(("fetched", "og_url", "site", "foreign"), [
    ("https://yonder.example/news/port-verrin", None, "Yonder News", True),  # a partner's reprint
    ("https://yonder.example/news/port-verrin", None, None, True),
    (None, "https://yonder.example/news/port-verrin", None, True),  # a file stating its own og:url
    (None, None, "yonder.example", True),  # a file whose site name is its host
    (None, None, "Yonder News", False),  # a file that names no host of its own: the link is taken
    ("http://northwire.example/world/2025/02/11/port-verrin", None, None, False),  # http, no www.
    ("https://amp.northwire.example/port-verrin?utm_source=x", None, None, False),
    ("https://m.northwire.example/port-verrin", None, None, False),
    ("http://127.0.0.1:8080/copy.html", None, "Northwire", False),  # the outlet's page on a mirror
])
def test_a_canonical_link_to_another_outlet_is_told_from_the_page_own_address(
        fetched: str | None, og_url: str | None, site: str | None, foreign: bool) -> None:
    assert foreign_canonical(WIRE, fetched, og_url, site) is foreign


def test_a_partner_page_keeps_its_own_address_and_the_wire_link_in_meta() -> None:
    page = herald_page(url=WIRE, site="Yonder News")
    fetched = "https://yonder.example/news/port-verrin"
    partner = parse_item(RawItem(fetched, page.encode(), "html", fields=(("fetched_from", fetched),)))
    assert isinstance(partner, Article)
    assert (partner.url, partner.source) == (fetched, "yonder.example")
    assert dict(partner.meta)["canonical_url"] == WIRE
    # Fetched from its www. host, it is the same outlet's page as any other of that site.
    www = "https://www.yonder.example/news/port-verrin"
    again = parse_item(RawItem(www, page.encode(), "html", fields=(("fetched_from", www),)))
    assert isinstance(again, Article) and again.source == "yonder.example"
    # The wire's own page, reached by its AMP address, is still stored under its canonical URL.
    amp = "https://amp.northwire.example/port-verrin"
    own = parse_item(RawItem(amp, herald_page(url=WIRE, site="Northwire").encode(), "html",
                             fields=(("fetched_from", amp),)))
    assert isinstance(own, Article) and (own.url, own.source) == (WIRE, "northwire.example")
    # A file stating its own og:url keeps it.
    og = page.replace("<head>", '<head><meta property="og:url" content="https://yonder.example/p/1">')
    filed = parse_item(RawItem("yonder.html", og.encode(), "html"))
    assert isinstance(filed, Article) and (filed.url, filed.source) == ("https://yonder.example/p/1", "yonder.example")
    assert dict(filed.meta)["canonical_url"] == WIRE


def test_an_empty_page_file_is_named_empty(tmp_path: Path, config: TrackerConfig) -> None:
    for name, body in (("empty.html", b""), ("blank.html", b"\xef\xbb\xbf \n\n"), ("empty.txt", b"")):
        (tmp_path / name).write_bytes(body)
    run_ingest(config, [str(tmp_path / n) for n in ("empty.html", "blank.html", "empty.txt")], 8, True)
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql("SELECT origin, field, reason FROM rejects ORDER BY origin")
    assert rows == [(str(tmp_path / "blank.html"), "html", "is empty"), (str(tmp_path / "empty.html"), "html", "is empty"),
                    (str(tmp_path / "empty.txt"), "text", "is empty")]


# --- live blogs --------------------------------------------------------------------------------


def _live_blog(started: str, updated: str | None, entries: list[tuple[str, str]]) -> str:
    """A live blog page: JSON-LD LiveBlogPosting, one <article> entry per (time, paragraph)."""
    ld: dict[str, object] = {
        "@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Live: Port Verrin repairs",
        "datePublished": started, "coverageStartTime": started,
        "liveBlogUpdate": [{"@type": "BlogPosting", "datePublished": t, "articleBody": p} for t, p in entries]}
    if updated:
        ld["dateModified"] = updated
    posts = "".join(f'<div class="entry"><time datetime="{t}">{t[11:16]}</time><p>{html_lib.escape(p)}</p></div>'
                    for t, p in reversed(entries))
    return (f'<html><head><title>Live: Port Verrin repairs</title>'
            f'<meta property="article:published_time" content="{started}">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
            f'<body><main><h1>Live: Port Verrin repairs</h1>{posts}</main></body></html>')


def test_a_live_blog_is_dated_by_its_last_update_as_a_time_it_existed_by(tmp_path: Path,
                                                                         config: TrackerConfig) -> None:
    # Coverage began the evening before the wire story; the entries that paste its paragraphs
    # came after it. The live blog is no source of the wire story.
    entries = [(f"2025-02-11T0{8 + n // 3}:{10 + 10 * (n % 3):02d}:00Z", text) for n, text in enumerate(ARTICLE)]
    page = _live_blog("2025-02-10T20:00:00Z", "2025-02-11T12:45:00Z", entries)
    parsed = parse_item(RawItem("live.html", page.encode(), "html"))
    assert isinstance(parsed, Article)
    meta = dict(parsed.meta)
    assert parsed.published_at == datetime(2025, 2, 11, 12, 45, tzinfo=timezone.utc)
    assert meta["published_from"] == "updated" and meta["live_blog_started"] == "2025-02-10T20:00:00Z"
    assert parsed.stated_time is None, "an update time only bounds when its text was posted"
    # Without dateModified: the latest entry's time.
    latest = parse_item(RawItem("live2.html", _live_blog("2025-02-10T20:00:00Z", None, entries).encode(), "html"))
    last_entry = datetime.fromisoformat(max(t for t, _ in entries))
    assert isinstance(latest, Article) and latest.published_at == last_entry
    (tmp_path / "live.html").write_text(page, encoding="utf-8")
    (tmp_path / "wire.html").write_text(PAGES["herald"], encoding="utf-8")
    run_ingest(config, [str(tmp_path / "live.html"), str(tmp_path / "wire.html")], 16, True)
    with Store(config.store.path, read_only=True) as store:
        _, rows = store.run_sql("SELECT a.url, l.relation, l.parent_id IS NULL FROM lineage l "
                                "JOIN articles a USING (article_id) ORDER BY l.parent_id IS NULL DESC")
    assert rows[0][1:] == ("original", True) and "harbourherald" in rows[0][0], rows
    assert rows[1][2] is False, "the live blog derives from the story"


@pytest.mark.parametrize("title", ["Page not found", "404 - Harbour Herald", "Sorry, we couldn't find that page",
                                   "Error 404: Page Not Found", "Harbour Herald: Page not found", "Page not found (404)",
                                   "Error 404 (Not Found)!!1", "404 error page", "Not Found"])
def test_a_page_not_found_served_as_a_page_is_refused(title: str) -> None:
    page = herald_page(["Sorry, the page you asked for is not here. It may have moved, or the link may be wrong.",
                        "Try the search box, or go back to the front page for today's news."],
                       title, url="https://harbourherald.example/news/gone")
    with pytest.raises(InvalidArticle, match="page not found"):
        extract_html(page)
    # An article about a missing page is an article.
    story = herald_page(ARTICLE * 3, "Council website's planning page not found for a week, residents say",
                        url="https://harbourherald.example/news/site")
    assert extract_html(story).text
    for headline in ("Flight 404 lands safely after bird strike", "404 migrants rescued off Lampedusa",
                     "Search for missing climber: nothing found after third day",
                     "Police could not find the page of the diary", "Not found: the missing painting"):
        brief = herald_page(["Rescuers said on Tuesday that the search would go on, the coastguard said in a statement."],
                            headline, url="https://harbourherald.example/news/brief")
        assert extract_html(brief).text, headline


@pytest.mark.parametrize(("author", "byline"), [("Northbridge Wire; Published", "By Northbridge Wire"),
                                                ("Reporter: Colm Ferriter", "By Colm Ferriter"),
                                                ("Anna Lind; Tom Reyes", "By Anna Lind, Tom Reyes"),
                                                ("Published 11 March 2026, 10:40", None),
                                                ("Le Thi Hong", "By Le Thi Hong"), ("On Yee Lam", "By On Yee Lam"),
                                                ("Von Miller", "By Von Miller"), ("Le Monde", "By Le Monde"),
                                                ("El-Sayed Ahmed", "By El-Sayed Ahmed")])
def test_a_byline_keeps_names_not_labels_or_dates(author: str, byline: str | None) -> None:
    from ingest.html import _byline

    assert _byline(author, "The council voted on Tuesday.") == byline


def test_windows_1252_undefined_bytes_are_read_as_browsers_read_them() -> None:
    # Five bytes windows-1252 leaves undefined are C1 controls in the WHATWG table: a page
    # declaring iso-8859-1 that holds one is read in its charset, not guessed into mojibake.
    page = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 cr\xe8me \x81 br\xfbl\xe9e</p></body></html>"
    assert "Caf\xe9 cr\xe8me \x81 br\xfbl\xe9e" in decode_html(page.encode("latin-1"))
    assert decode_html(page.encode("latin-1"), "iso-8859-1") == decode_html(page.encode("latin-1"))


def test_a_live_blogs_entries_are_ordered_by_their_instants_across_zones() -> None:
    from ingest.html import live_blog_times

    page = _live_blog("2025-02-10T20:00:00Z", None, [("2025-02-11T09:30:00Z", ARTICLE[0]),
                                                     ("2025-02-11T10:00:00+02:00", ARTICLE[1])])
    assert live_blog_times(page) == ("2025-02-10T20:00:00Z", "2025-02-11T09:30:00Z")


def test_utf8_bytes_under_a_single_byte_label_are_utf8() -> None:
    # A server's default "charset=iso-8859-1" header on a UTF-8 page: the bytes say UTF-8.
    page = "<html><body><p>\u00c1lvaro Pe\u00f1a, caf\u00e9 owner, said \u201cno\u201d.</p></body></html>"
    assert "\u00c1lvaro Pe\u00f1a" in decode_html(page.encode("utf-8"), "iso-8859-1")
    # A real windows-1252 page under that label is still read as one.
    assert "\u00c1lvaro Pe\u00f1a" in decode_html(page.encode("cp1252"), "iso-8859-1")


def test_a_page_whose_own_publication_claims_disagree_is_dated_by_the_latest() -> None:
    # A reprint's stale article:published_time (two days before the story) against its JSON-LD
    # datePublished: the page existed by the later claim, and is dated by it.
    stale = herald_page(published="2025-02-09T22:00:00Z")
    page = stale.replace("</head>", '<script type="application/ld+json">{"@type": "NewsArticle", '
                         '"datePublished": "2025-02-11T09:45:00Z"}</script></head>')
    article = parse_item(RawItem("reprint.html", page.encode(), "html"))
    assert isinstance(article, Article) and article.published_at is not None
    assert article.published_at.isoformat() == "2025-02-11T09:45:00+00:00"
    assert dict(article.meta)["published_from"] == "latest of disagreeing claims"
    # Claims that agree (to the day) leave the time alone.
    agreeing = stale.replace("</head>", '<script type="application/ld+json">{"datePublished": '
                             '"2025-02-10T08:00:00Z"}</script></head>')
    same = parse_item(RawItem("same.html", agreeing.encode(), "html"))
    assert isinstance(same, Article) and same.published_at is not None
    assert same.published_at.isoformat() == "2025-02-09T22:00:00+00:00"
