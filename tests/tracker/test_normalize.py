"""tracker.normalize: Unicode cleaning, wrapped paragraphs, page chrome, the page's tail."""

from __future__ import annotations

import textwrap

import pytest

from tracker.normalize import (
    body_paragraphs,
    body_text,
    clean,
    declares_translation,
    dominant_script,
    is_chrome_line,
    is_hard_wrapped,
    paragraphs,
)

# A short fictional story, written for these tests.
STORY = [
    "Firefighters in the hill town of Varrow contained a wildfire on Sunday that had burned "
    "through 1,200 hectares of pine forest and forced the evacuation of two villages.",
    "The fire service said 140 firefighters and four water-bombing aircraft had worked through "
    "the night to stop the flames from reaching the main road into the town.",
    '"We were lucky with the wind, which dropped just after midnight," said district fire chief '
    "Anton Brisk, adding that crews would stay on site for at least three more days.",
    "Residents of Upper Varrow and Kessel were allowed to return home on Sunday afternoon, "
    "though officials warned that some roads would remain closed until Tuesday.",
    "Investigators have not yet determined what started the fire, which broke out on Friday "
    "near a popular hiking trail north of the town.",
]
STORY_TEXT = "\n\n".join(STORY)


def wrap(paragraph: str, width: int) -> str:
    """Wrap at a fixed width as wire copy does (no breaks at hyphens)."""
    return textwrap.fill(paragraph, width, break_on_hyphens=False)


# --- clean ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u201cReady,\u201d she said", '"Ready," she said'),
        ("\u201eQuote\u201c and \u00abguillemets\u00bb", '"Quote" and "guillemets"'),
        ("it\u2019s the \u2018best\u2019", "it's the 'best'"),
        ("2019\u20132021 \u2014 a decade", "2019-2021 - a decade"),
        ("minus \u2212 hyphen\u2011ated", "minus - hyphen-ated"),
    ],
)
def test_clean_unifies_quotes_and_dashes(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\uff11\uff12\uff13 \uff21\uff22", "123 AB"),  # full-width digits and letters
        ("\ufb01nal o\ufb03ce", "final office"),  # ligatures
        ("x\u00b2", "x2"),  # superscript
        ("Cafe\u0301", "Caf\u00e9"),  # combining accent composes
    ],
)
def test_clean_applies_nfkc(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_spaces_controls_and_invisible_characters() -> None:
    raw = "a\u00a0b\u2009c\u202fd\u200be\u00adf\ufeffg\th\x07i"
    assert clean(raw) == "a b c defg h i"


def test_clean_collapses_spaces_but_keeps_lines() -> None:
    assert clean("  two   spaces  \r\n\n  next line ") == "two spaces\n\nnext line"


def test_clean_is_idempotent() -> None:
    raw = "\u201cA\u201d \u2014 \ufb01ne\u00a0 \u00a0text\n\n\tmore"
    assert clean(clean(raw)) == clean(raw)


# --- paragraphs ----------------------------------------------------------------------------


def test_hard_wrapped_text_is_rejoined_into_paragraphs() -> None:
    wrapped = "\n\n".join(wrap(p, 65) for p in STORY)
    lines = wrapped.split("\n")
    assert max(len(ln) for ln in lines) <= 65
    assert sum(1 for ln in lines if ln and not ln.endswith(".")) > len(STORY)  # lines end mid-sentence
    assert is_hard_wrapped([ln for ln in lines if ln])
    assert paragraphs(clean(wrapped)) == STORY


def test_a_wire_editors_note_over_the_story_is_a_paragraph_of_its_own() -> None:
    # A correction note wrapped over two lines, with no full stop, then the indented lead.
    text = clean("(Corrects harbour dues in fourth paragraph to 4.15 dlrs\n"
                 "a tonne from 4.51 dlrs)\n"
                 "    Harbour Rope Works Inc said it will raise capital spending\n"
                 "to 120 mln dlrs in 1987, eight pct more than it spent in 1986,\n"
                 "and open a second plant in Ostend (Belgium) next year.\n")
    found = paragraphs(text)
    assert found[0] == "(Corrects harbour dues in fourth paragraph to 4.15 dlrs a tonne from 4.51 dlrs)"
    assert len(found) == 2 and found[1].startswith("Harbour Rope Works Inc said")
    # A parenthesis inside a sentence ends nothing.
    assert "Ostend (Belgium) next year" in found[1]
    # A lead that opens with the company's name in brackets goes on in lower case: one sentence.
    lead = clean("(Harbour Rope Works Inc)\n"
                 "said its board approved a second plant in Ostend, which will cost 40 mln dlrs\n"
                 "and open in the spring of next year, the company said in a statement.\n")
    assert paragraphs(lead)[0].startswith("(Harbour Rope Works Inc) said its board approved")
    # ...but an editor's note stands alone over a lead that opens with a lower-case brand.
    noted = clean("(Corrects third-quarter profit in second paragraph to 41 mln dlrs\n"
                  "from 14 mln dlrs)\n"
                  "eHarbour Inc said its board approved a second plant in Ostend, which will cost\n"
                  "40 mln dlrs and open in the spring of next year, the company said.\n")
    assert paragraphs(noted)[0].endswith("from 14 mln dlrs)")


def test_hard_wrapped_text_with_crlf_line_ends() -> None:
    wrapped = "\r\n\r\n".join(wrap(p, 60).replace("\n", "\r\n") for p in STORY)
    assert paragraphs(clean(wrapped)) == STORY


def test_unwrapped_text_keeps_one_paragraph_per_line() -> None:
    lines = list(STORY)
    assert not is_hard_wrapped(lines)
    assert paragraphs(clean("\n".join(STORY))) == STORY
    assert paragraphs(clean(STORY_TEXT)) == STORY


def test_is_hard_wrapped_needs_three_long_lines() -> None:
    assert not is_hard_wrapped(
        ["A line that is long enough but ends mid", "another one that is also long and open"]
    )
    assert not is_hard_wrapped(["short", "lines", "only"])


def test_paragraphs_of_empty_text() -> None:
    assert paragraphs("") == []


# --- chrome lines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "1496",  # view counter
        "12:45",  # time stamp
        "• • •",  # bullets
        "Home",
        "World News",
        "Share on Facebook",
        "Sign in",
        # Menus and buttons written out as text, and cookie notices.
        "Home | News | World | Sport | Weather | Sign in",
        "Share on Facebook | Share on X",
        "Politics » Europe » Elections",
        "We use cookies to improve your experience.",
        "This website uses cookies. By continuing you agree to our Cookie Policy.",
        # A paywall's or meter's notice.
        "Subscribe to keep reading.",
        "You have reached your limit of free articles this month.",
        "Subscribe now. Already a subscriber? Sign in.",
        "To continue reading, subscribe or sign in.",
        "This article is for subscribers only.",
        # An outlet's promotion of itself.
        "Sign up for the Times Herald morning briefing.",
        "Follow Trader's Daily on LinkedIn for the latest market news.",
        "Read more stories like this in our weekly newsletter.",
        "Follow us on Instagram",
        "Download our free app.",
        # Wire credit lines name the desk, not the story; unrelated stories share them verbatim.
        "(Reporting by Marta Leone; Editing by Tomas Reyes and Sam Ortiz)",
        "Additional reporting by Helen Marwick in Ashford.",
        # Republication notes: a line that ends with the outlet it names (the credit is read
        # from the raw text).
        "Reprinted from the Harbour Times.",
        "This story first appeared in The Moscow Times",
        "This article was reprinted with permission from the Harbour Times.",
        "(Translated from Die Welt)",
        "Courtesy of the Capital Observer.",
        # A whole sentence, but in another script than the page: a menu or login link.
        "Подпишитесь на нашу рассылку, чтобы получать новости каждый день.",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(clean(line), "LATIN")


@pytest.mark.parametrize("line", STORY + ["He declined to comment.", "Talks resume on Monday.",
                                          "The vote was 52 | 48 in favour, officials said.",
                                          "The bakery said it uses cookies and cakes from local farms.",
                                          "We use cookies from local farms, the bakery owner said.",
                                          "The regulator said the retailer's cookie settings broke EU law.",
                                          "The union said it would subscribe to the new terms if pay rose.",
                                          "The minister said he had reached his limit with the protesters.",
                                          "Subscribers to the fund will be repaid in full, the trustee said.",
                                          "The final will be shown on a channel available to subscribers only, "
                                          "the club said.",
                                          "Fans who subscribe now will pay 8 euros a month for the first season, "
                                          "the league said.",
                                          "Smith 52.1 percent | Jones 47.9 percent | turnout 61 percent",
                                          "First published in 1851, the paper has been owned by the family since.",
                                          "The report was published by Amnesty International on Monday.",
                                          "The report was provided by the ministry to lawmakers on Monday.",
                                          "The study was published in Nature.",
                                          "Sign up for the vaccine at local clinics, officials urged on Monday.",
                                          "Follow the money on Twitter.",
                                          "Residents can sign up for flood alerts, the council said on Monday.",
                                          "The minister urged people to follow the guidance on Facebook.",
                                          "Like Musk on X, the senator posts dozens of times a day.",
                                          "Download the NHS app to book a vaccine, officials urged.",
                                          "Sign up for emergency alerts at the town hall, the mayor said.",
                                          "Read more about the new rules in the government's briefing.",
                                          "Join Navalny's team on Telegram, his widow urged supporters."])
def test_article_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line, "LATIN")


@pytest.mark.parametrize("byline", ["By Marta Leone", "By Marta Leone, Reuters"])
def test_short_bylines_are_chrome(byline: str) -> None:
    assert is_chrome_line(byline, "LATIN")


@pytest.mark.parametrize(
    "byline", ["By Marta Leone, Tidewater Press", "By Marta Leone and Tomas Reyes, Reuters"]
)
def test_longer_bylines_are_chrome(byline: str) -> None:
    assert is_chrome_line(byline, "LATIN")


def test_latin_line_is_chrome_on_a_cyrillic_page() -> None:
    assert is_chrome_line("Subscribe to our newsletter for the latest news today.", "CYRILLIC")
    assert not is_chrome_line("Пожарные потушили лесной пожар в воскресенье утром.", "CYRILLIC")


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Fire crews contained the blaze.", "LATIN"),
        ("Пожарные потушили пожар.", "CYRILLIC"),
        ("Πυροσβέστες έσβησαν τη φωτιά.", "GREEK"),
        ("12345 --- 678", "LATIN"),
        ("", "LATIN"),
    ],
)
def test_dominant_script(text: str, script: str) -> None:
    assert dominant_script(text) == script


def test_english_page_with_a_line_of_cyrillic() -> None:
    page = "\n".join([STORY[0], "Войти в личный кабинет и подписаться на новости сайта.", *STORY[1:]])
    assert dominant_script(page) == "LATIN"
    assert body_paragraphs(page) == STORY


# --- body paragraphs -----------------------------------------------------------------------

HEADER = ["Home", "World", "Business", "Sport", "Weather", "1496", "12:45", "Share", "Tweet"]
TEASERS = [
    "Council approves new budget for road repairs after months of debate.",
    "Local bakery wins national award for its rye bread for the third time.",
    "Storm warning issued for the coast as heavy rain is expected this week.",
]


def test_chrome_lines_around_the_story_are_dropped() -> None:
    page = "\n".join(HEADER + STORY + ["© 2025 Varrow Herald", "Privacy policy", "Contact us"])
    assert body_paragraphs(page) == STORY


@pytest.mark.parametrize(
    "marker",
    [
        "Related Articles",
        "Related",
        "Comments",
        "Comments (14)",
        "Read more",
        "More from World",
        "You may also like",
        "Leave a comment",
        "Do you want to leave a comment?",
        "Don't miss",
        "Tags:",
        # A paywall's heading: its offer follows ("You have reached your limit of free articles
        # this month. Subscribe to the Ledger from just 1 euro and get unlimited access...").
        "Subscribe to keep reading",
        "To continue reading, subscribe now.",
        "This article is for subscribers only.",
    ],
)
def test_tail_is_cut_at_a_marker_past_40_percent(marker: str) -> None:
    page = "\n".join(STORY + [marker] + TEASERS)
    assert body_paragraphs(page) == STORY


def test_tail_is_not_cut_when_the_marker_is_near_the_top() -> None:
    # Navigation that opens with "Related Articles" before the story must not swallow it.
    page = "\n".join(["Related Articles", *STORY, "Comments", *TEASERS])
    assert body_paragraphs(page) == STORY


def test_marker_in_the_first_40_percent_keeps_what_follows() -> None:
    page = "\n".join([STORY[0], "Comments", *STORY[1:]])
    assert body_paragraphs(page) == STORY


TEASER_LIST = [
    "Flash flood kills 12 in Varrow as the river bursts its banks",
    "Floodwater swept through the lakeside town on Monday, killing at least 12 people.",
    "Central bank holds rates",
    "The central bank left its main interest rate unchanged at 3.25 percent on Tuesday.",
    "Harbour reopens after storm",
    "The port authority reopened the harbour to shipping on Wednesday after three days of closure, "
    "saying the breakwater had held and the channel was clear, though pilots would guide larger "
    "vessels in for the rest of the week while divers finished checking the moorings and buoys.",
]


def test_a_list_of_teasers_under_an_early_marker_is_cut() -> None:
    # A short story: the marker stands before 40 % of the page, and all that follows it is
    # headlines, each with a one-sentence blurb.
    page = "\n\n".join([*STORY[:2], "Related Articles", *TEASER_LIST])
    assert body_paragraphs(page) == STORY[:2]
    # Headlines alone are teasers too, and so is a list under "Read more".
    assert body_paragraphs("\n\n".join([STORY[0], "Read more", TEASER_LIST[0], TEASER_LIST[2]])) == STORY[:1]


def test_an_early_marker_followed_by_the_story_cuts_nothing() -> None:
    # Under the marker, two paragraphs in a row (a subheading's section) are the story's own.
    page = "\n\n".join([STORY[0], "Related", "What happens to the villages next", *STORY[1:], TEASER_LIST[0]])
    assert body_paragraphs(page) == [STORY[0], "What happens to the villages next", *STORY[1:], TEASER_LIST[0]]


def test_a_sentence_starting_like_a_marker_is_not_a_marker() -> None:
    line = "Comments from the regional governor were not available on Sunday evening."
    page = "\n".join(STORY + [line])
    assert body_paragraphs(page) == STORY + [line]


def test_body_of_empty_or_chrome_only_text() -> None:
    assert body_paragraphs("") == []
    assert body_paragraphs("\n\n  \n") == []
    assert body_paragraphs("\n".join(HEADER)) == []


def test_body_text_joins_paragraphs_with_blank_lines() -> None:
    page = "\n".join(HEADER + STORY + ["Related Articles"] + TEASERS)
    assert body_text(page) == STORY_TEXT


def test_wrapped_story_with_chrome_in_separate_blocks() -> None:
    page = "\n\n".join(["Home", "1496", *(wrap(p, 65) for p in STORY), "Related Articles", *TEASERS])
    assert body_paragraphs(page) == STORY


def test_wrapped_story_under_a_block_of_menu_lines() -> None:
    page = "\n".join(HEADER) + "\n\n" + "\n\n".join(wrap(p, 65) for p in STORY)
    assert body_paragraphs(page) == STORY


def test_wrapped_story_with_teasers_right_under_the_marker() -> None:
    page = "\n\n".join(wrap(p, 65) for p in STORY) + "\n\nRelated Articles\n" + "\n".join(TEASERS)
    assert body_paragraphs(page) == STORY


# --- a page's note that it is a translation ------------------------------------------------


@pytest.mark.parametrize("note", [
    "Eastern Review - English version (automatic translation)",
    "This article was machine-translated from Russian.",
    "This text has been automatically translated.",
    "Translated from the German by Anna Berg",
    "TRANSLATED FROM UKRAINIAN",
    "Translation from Russian: Tidewater desk",
    "Translated by Google",
    "Traduction automatique",
    "Automatische Übersetzung",
    "Übersetzt aus dem Russischen",
    "(Translated by Eurasia Echo)",
    "Original article in Russian",
    "This article was translated from the Japanese edition of Nikkei.",
    "This article is a translation of the original French version.",
    "Originally published in Spanish.",
    "This story first appeared in German in Der Tagesblick.",
])
def test_a_short_line_saying_the_page_is_a_translation(note: str) -> None:
    assert declares_translation(f"Menu\n{note}\n\nThe strike began on Monday at dawn, the union said.")


@pytest.mark.parametrize("note", [
    "This story was first published in The Guardian.",
    "Originally published in El Pais.",
    "Originally published in English.",  # the page's own language
    # Prose that names a language where a note would: a line that is no note.
    "The letter, originally written in Arabic, was read aloud on state television.",
    "The video, first published in Russian media on Tuesday, shows the strike.",
    "The novel was first published in French in 1942.",
    "Her debut novel is a translation of a Russian folk tale.",
])
def test_a_note_of_where_or_in_the_pages_own_language_it_was_first_published_is_none(note: str) -> None:
    assert not declares_translation(f"Menu\n{note}\n\nThe strike began on Monday at dawn, the union said.", "en")


@pytest.mark.parametrize("text", [
    # Prose about a translated book or a translation service, in a paragraph of its own.
    "The novel, translated from the Russian by a team of four, sold two million copies last "
    "year and topped the bestseller lists in four countries.",
    "Google Translate now supports 110 more languages.",
    "He translated the letter for reporters.",
    "The report was translated from english.",
    # A results table converted from another currency.
    "Net 8,862,000 vs 4,391,000\n    NOTE: Translated from Italian lire in U.S. dollar\nequivalents",
    "Translated from Philippine pesos at 20.3 pesos to the dollar",
    "He said the original plan in April was dropped.",
    "The book was translated by a small team over two years.",
])
def test_other_mentions_of_translation_are_not_a_note(text: str) -> None:
    assert not declares_translation(text)


def test_chinese_paragraphs_are_not_taken_for_fragments() -> None:
    # Written without spaces, a paragraph of Chinese is one or two space-separated "words";
    # counted by its letters, it is a paragraph, and its full stop closes it.
    story = ["港口管理局周二表示,由于暴风雨损坏了码头,北码头将关闭六周。",
             "修复工程预计耗资1850万欧元,官员说。", "短讯"]
    assert body_paragraphs("\n\n".join(story)) == story[:2]


def test_japanese_lines_of_katakana_are_not_a_foreign_script() -> None:
    # Japanese writes kanji, hiragana and katakana in one sentence: a line heavy in katakana
    # (loanwords) is as Japanese as the rest.
    story = ["東京では月曜日に記録的な大雨が降り、少なくとも12人が死亡した。",
             "救助隊はボートとヘリコプターを使い、214人を救出した。",
             "政府は緊急支援を行うと発表した。"]
    assert body_paragraphs("\n\n".join(story)) == story


def test_a_notice_of_short_lines_with_figures_is_its_own_body() -> None:
    # Short lines without sentence punctuation are chrome around an article; a text made of
    # nothing else, stating figures, is the article (a dividend notice).
    notice = "Qtly div 21 cts\n    Payable April 15\n    Record March 31\n Reuter"
    assert body_paragraphs(notice) == ["Qtly div 21 cts", "Payable April 15", "Record March 31"]
    assert body_paragraphs("Home\n\nNews\n\nSign in") == []
    assert body_paragraphs("Home\n\nPage 2\n\nSign in") == []
    assert body_paragraphs("Home\nLogin\nSubscribe now\nPage 2 of 5\n12 comments\nUpdated 09:14 GMT") == []
    assert body_paragraphs("Weather\nLondon 12°C\nParis 15°C") == []
    # Beside a body, such lines stay chrome.
    story = "The harbour reopened on Monday after a week of repairs, the port authority said.\n\nUpdated 10:45"
    assert body_paragraphs(story) == ["The harbour reopened on Monday after a week of repairs, the port authority said."]


def test_a_labelled_link_to_another_story_and_an_embedded_post_are_chrome() -> None:
    # A page's text as HTML extraction gives it: "READ MORE" and "Related" links set between
    # paragraphs, and an embedded post with its signature line.
    post = "Crews are working through the night to restore power. Stay away from downed lines. pic.twitter.com/ab1"
    page = "\n\n".join([
        STORY[0], "READ MORE: Harbour authority warns of weeks of delays", STORY[1],
        post, "\u2014 Coastal Power (@CoastalPower) March 3, 2025",
        "Related: What the new flood defences will cost", *STORY[2:], "WATCH - Crews clear the coast road",
    ])
    assert body_paragraphs(page) == STORY
    # Sentences of the story that open with such a word stay: no label, or a longer line.
    for line in ("More than 40 people were rescued from flooded homes in the town, officials said.",
                 "More - not fewer - officers will patrol the town centre this summer, the police chief said.",
                 "Related: the council also approved a 3 per cent rise in parking fees.",
                 "Watch the river levels closely over the next two days, the weather service said.",
                 "Related costs: the governor said repairs to the harbour wall, the ferry terminal, the coast road "
                 "and two bridges would be counted separately from the damage to homes."):
        assert body_paragraphs("\n\n".join([*STORY, line])) == [*STORY, line]
    # A columnist's sign-off has no date; a list of accounts to follow is no post; a post
    # quoted as the news, with no link, hashtag or handle, stays with the story.
    closing = "That is why the council must find the money, and keep both branches open."
    assert body_paragraphs("\n\n".join([*STORY, closing, "\u2014 Dana Whitfield (@dwhitfield)"]))[-1] == closing
    quoted = "I have today resigned as mayor. Serving this town has been the honour of my life."
    assert quoted in body_paragraphs("\n\n".join([*STORY, quoted, "\u2014 Ruth Okafor (@MayorOkafor) March 3, 2025"]))
