"""Web pages for the intake tests: one fictional article, and realistic page chrome to wrap it.

Everything here is written for this project. The article (a port closing a terminal for
repairs) is invented; the chrome imitates what news sites put around an article: navigation,
a cookie banner, a comment list and related-article teasers on the same topic (the hardest
chrome for a near-duplicate tracker, because it shares the article's vocabulary).
"""

from __future__ import annotations

import html

TITLE = "Port Verrin to close northern terminal for six weeks of repairs"

ARTICLE = [
    "The harbour authority of Port Verrin said on Tuesday it would close the northern container "
    "terminal for six weeks from March 3 to repair storm damage to the quay wall, diverting about "
    "1,200 ships to the southern berths.",
    "Harbour master Elena Sorvik told reporters the January storms had undermined 340 metres of the "
    'wall and that divers had found cracks up to two metres deep. "We cannot risk a crane collapsing '
    'onto a loaded vessel," she said.',
    "Shipping lines using the terminal, including Nordvik Line and Baltic Crest, were informed last "
    "week. Nordvik said in a statement that it expected delays of one to two days on its weekly "
    "service to Gdansk.",
    "The repairs will cost an estimated 18.5 million euros, of which the regional government has "
    "agreed to pay 11 million, according to budget documents. The rest will come from port fees.",
    "Local businesses fear the closure will hit trade during the spring fishing season. The chamber "
    "of commerce said 40 firms depend directly on the northern terminal and asked for compensation.",
    "The southern berths were deepened in 2021 and can take vessels with a draught of up to 14 "
    "metres, the authority said, but they have only four cranes, against nine at the northern "
    "terminal.",
]

#: Same-topic teasers and comments: page chrome that must not reach the article text.
TEASERS = [
    (
        "Container volumes at Port Verrin hit a record as Baltic trade recovers",
        "Container traffic through the port rose 12 percent last year, the authority said in its "
        "annual report on Monday.",
    ),
    (
        "Storm damage along the coast costs fishing fleets millions",
        "Fishermen say the January storms destroyed nets and damaged dozens of boats in small "
        "harbours up and down the coast.",
    ),
    (
        "Nordvik Line orders three new feeder ships for Baltic routes",
        "The shipping company said the vessels would be delivered in 2027 and serve ports between "
        "Gdansk and Tallinn.",
    ),
]
COMMENTS = [
    ("Marta K.", "About time they fixed that wall, it has been crumbling for years and nobody cared."),
    ("J. Olsen", "Who pays for the delays? The shipping lines will pass the cost on to us as usual."),
    ("harbourfan", "The southern cranes are far too slow, this will be a mess all spring long."),
]
#: Phrases of the chrome: none may appear in an extracted article.
CHROME_PHRASES = [
    "cookies",
    "Accept all",
    "Subscribe",
    "Container volumes",
    "record as Baltic trade",
    "fishing fleets",
    "feeder ships",
    "crumbling for years",
    "pass the cost",
    "cranes are far too slow",
    "All rights reserved",
    "Most read",
    "newsletter",
]


def _paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def herald_page(
    paragraphs: list[str] = ARTICLE,
    title: str = TITLE,
    *,
    url: str = "https://harbourherald.example/news/port-verrin-terminal",
    published: str | None = "2025-02-11T09:30:00+01:00",
    author: str | None = "Anna Lind",
    lang: str = "en",
    site: str = "Harbour Herald",
) -> str:
    """A newspaper's own article page: top navigation, cookie banner, comments, teasers."""
    meta = []
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    teasers = "\n".join(
        f'<li class="teaser"><a href="/news/t{i}"><h3>{html.escape(t)}</h3></a><p>{html.escape(s)}</p></li>'
        for i, (t, s) in enumerate(TEASERS)
    )
    comments = "\n".join(
        f'<li class="comment"><span class="comment-author">{html.escape(a)}</span>'
        f'<p class="comment-body">{html.escape(c)}</p><a href="#">Reply</a></li>'
        for a, c in COMMENTS
    )
    byline = (
        f'<p class="byline">By <a href="/authors/x" rel="author">{html.escape(author)}</a></p>'
        if author
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)} | {site}</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{html.escape(title)}">
{"".join(meta)}
<link rel="stylesheet" href="/static/site.css"><script src="/static/analytics.js"></script>
</head><body>
<div id="cookie-consent" class="banner"><p>We use cookies to personalise content and ads and to
analyse our traffic. You can change your choice at any time in the privacy settings.</p>
<button>Accept all</button><button>Manage choices</button></div>
<header class="site-header"><a class="logo" href="/">{site}</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/business">Business</a></li>
<li><a href="/shipping">Shipping</a></li><li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
</header>
<main><article class="story">
<h1>{html.escape(title)}</h1>
{byline}
{_paragraphs(paragraphs)}
</article>
<section class="comments" id="comments"><h2>Comments (3)</h2><ul>{comments}</ul>
<form><textarea placeholder="Leave a comment"></textarea><button>Post</button></form></section>
<aside class="related"><h2>Related articles</h2><ul>{teasers}</ul></aside>
</main>
<footer><p>&copy; 2025 {site}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"""


def digest_page(
    paragraphs: list[str] = ARTICLE,
    title: str = TITLE,
    *,
    url: str = "https://coastaldigest.example/2025/02/11/port-verrin",
    published: str | None = "2025-02-11T15:00:00Z",
    credit: str | None = "This story first appeared in the Harbour Herald.",
    lang: str = "en",
) -> str:
    """An aggregator's page: different markup, a sidebar, a newsletter box, a comment thread."""
    teasers = "".join(
        f'<div class="card"><a href="/c/{i}">{html.escape(t)}</a><span>{html.escape(s)}</span></div>'
        for i, (t, s) in enumerate(reversed(TEASERS))
    )
    comments = "".join(
        f'<div class="cmt"><b>{html.escape(a)}</b> wrote:<div>{html.escape(c)}</div></div>'
        for a, c in COMMENTS
    )
    stamp = f'<meta itemprop="datePublished" content="{published}">' if published else ""
    tail = f"<p><em>{html.escape(credit)}</em></p>" if credit else ""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(title)} - Coastal Digest</title>
<link rel="canonical" href="{url}">{stamp}
<meta property="og:site_name" content="Coastal Digest">
</head><body>
<div class="gdpr-overlay">This site uses cookies. By continuing you accept our cookie policy. <a href="#">OK</a></div>
<div class="topbar"><a href="/">Coastal Digest</a> | <a href="/latest">Latest</a> | <a href="/regions">Regions</a> | <a href="/login">Log in</a></div>
<div class="layout"><div class="content" itemprop="articleBody">
<h1 class="headline">{html.escape(title)}</h1>
<div class="meta">Coastal Digest staff &middot; 3 min read</div>
{_paragraphs(paragraphs)}
{tail}
<div class="share"><a href="#">Share on X</a> <a href="#">Share by email</a></div>
<div class="thread"><h3>Discussion</h3>{comments}</div>
</div>
<div class="sidebar"><h4>Most read</h4>{teasers}
<div class="newsletter"><h4>Get our newsletter</h4><input placeholder="you@example.com"><button>Subscribe</button></div>
</div></div>
<div class="foot">Coastal Digest &copy; 2025. All rights reserved.</div>
</body></html>"""


def wrap_text(text: str, title: str, url: str, chrome: str = "digest") -> str:
    """Any text wrapped in one of the two chromes, one ``<p>`` per non-blank line, no date."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if chrome == "herald":
        return herald_page(paragraphs, title, url=url, published=None, author=None)
    return digest_page(paragraphs, title, url=url, published=None, credit=None)
