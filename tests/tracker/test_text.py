"""tracker.text: sentences, tokens, stems, content terms, numbers, quotes, credits, outlets."""

from __future__ import annotations

import pytest

from tracker.text import (
    CHUNK_MAX_WORDS,
    CHUNK_MIN_WORDS,
    MAX_SENTENCE_WORDS,
    STOP_WORDS,
    content_terms,
    credits,
    headline,
    is_correction,
    numbers,
    outlet_key,
    quotes,
    split_long,
    update_number,
    split_sentences,
    stem,
    tokens,
)

# --- sentences -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Officials from the U.S. and the U.K. met on Monday. A deal followed.",
            ["Officials from the U.S. and the U.K. met on Monday.", "A deal followed."],
        ),
        (
            "Then-U.S. Secretary of State Ann Lowe met N.Y. Governor Paul Ives. Talks followed.",
            ["Then-U.S. Secretary of State Ann Lowe met N.Y. Governor Paul Ives.", "Talks followed."],
        ),
        (
            "Brightwater Finance S.A. Is issuing a bond, the company said. It is rated AA.",
            ["Brightwater Finance S.A. Is issuing a bond, the company said.", "It is rated AA."],
        ),
        (
            "Mr. Okafor and Mrs. Lind spoke to Dr. Patel. They agreed.",
            ["Mr. Okafor and Mrs. Lind spoke to Dr. Patel.", "They agreed."],
        ),
        (
            "The report was written by J. Burns and R. K. Lowe. It runs to 90 pages.",
            ["The report was written by J. Burns and R. K. Lowe.", "It runs to 90 pages."],
        ),
        (
            "It happened at 10 a.m. on Friday, police said.",
            ["It happened at 10 a.m. on Friday, police said."],
        ),
        (
            "Acme Inc. of Ohio cut 2,500 jobs. Its shares fell 3.5 percent.",
            ["Acme Inc. of Ohio cut 2,500 jobs.", "Its shares fell 3.5 percent."],
        ),
        ("Prices rose in 2024. 2025 looks worse.", ["Prices rose in 2024.", "2025 looks worse."]),
        ('He said: "We will win." Then he left.', ['He said: "We will win."', "Then he left."]),
        (
            "Is it over? The talks continue! Nobody knows.",
            ["Is it over?", "The talks continue!", "Nobody knows."],
        ),
        (
            "Der Rat berät den Antrag am 19. Juni. Die Stadt zahlt 4 Millionen Euro.",
            ["Der Rat berät den Antrag am 19. Juni.", "Die Stadt zahlt 4 Millionen Euro."],
        ),
        ("The count rose to 19. Officials said so.", ["The count rose to 19.", "Officials said so."]),
        ("The death toll rose to 12. April Ryan, a spokeswoman, said more may be found.",
         ["The death toll rose to 12.", "April Ryan, a spokeswoman, said more may be found."]),
        ("Die Sitzung ist am Montag, 3. März. Sie beginnt um 9 Uhr.",
         ["Die Sitzung ist am Montag, 3. März.", "Sie beginnt um 9 Uhr."]),
        (
            "Шахтёры вышли на работу. Забастовка закончилась.",
            ["Шахтёры вышли на работу.", "Забастовка закончилась."],
        ),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


def test_split_needs_a_capital_or_digit_after_the_stop() -> None:
    assert split_sentences("The ratio was 2.5 to one. and then some.") == [
        "The ratio was 2.5 to one. and then some."
    ]


def test_split_sentences_of_empty_and_unterminated_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("   ") == []
    assert split_sentences("No full stop at the end") == ["No full stop at the end"]


def test_split_keeps_every_character_of_the_sentences() -> None:
    paragraph = "The U.S. envoy met Mr. Lind. A deal was close. Prices rose 3.5 percent."
    assert " ".join(split_sentences(paragraph)) == paragraph


# --- tokens, stems, terms ------------------------------------------------------------------


def test_tokens_lower_case_and_strip_thousands_separators() -> None:
    assert tokens("Brightwater cut 1,250,000 jobs; shares fell 3.5 percent") == [
        "brightwater",
        "cut",
        "1250000",
        "jobs",
        "shares",
        "fell",
        "3.5",
        "percent",
    ]


def test_tokens_keep_apostrophes_inside_words_and_drop_punctuation() -> None:
    assert tokens("Don't stop -- it's the union's call!") == [
        "don't",
        "stop",
        "it's",
        "the",
        "union's",
        "call",
    ]


def test_tokens_same_number_written_two_ways() -> None:
    assert tokens("3,800 workers") == tokens("3800 workers") == ["3800", "workers"]


def test_tokens_non_latin() -> None:
    assert tokens("Москва, 2025") == ["москва", "2025"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("enlargement", "enlarging"),
        ("strike", "strikes"),
        ("negotiations", "negotiation"),
        ("union's", "unions"),
    ],
)
def test_stem_conflates_inflections(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_stem_leaves_numbers_alone() -> None:
    assert stem("2025") == "2025"
    assert stem("3.5") == "3.5"


def test_content_terms_drop_stop_words_and_single_letters() -> None:
    words = tokens("The ministers were discussing a new harbour expansion in 2025 with the U.S. and 5 others")
    terms = content_terms(words)
    assert terms == ["minist", "discuss", "new", "harbour", "expans", "2025", "5"]
    assert not set(terms) & STOP_WORDS


def test_content_terms_keep_order_and_duplicates() -> None:
    assert content_terms(["strike", "port", "strike"]) == ["strike", "port", "strike"]


def test_numbers() -> None:
    assert numbers(tokens("In 2024 some 3,800 workers took 4.5 percent")) == frozenset(
        {"2024", "3800", "4.5"}
    )
    assert numbers(["abc", "x1"]) == frozenset()


def test_number_words_become_figures_except_one() -> None:
    assert tokens("ten cts vs 10 cts") == ["10", "cts", "vs", "10", "cts"]
    assert numbers(tokens("four ships and forty crew")) == frozenset({"4", "40"})
    assert tokens("one senior source") == ["one", "senior", "source"]


def test_numbers_keep_fractions_and_ranges_whole() -> None:
    assert numbers(tokens("Shares rose 3/8 to 1-1/4 in 2019-2021")) == frozenset(
        {"3/8", "1-1/4", "2019-2021"}
    )


@pytest.mark.parametrize(("text", "grades"), [
    ("cut its senior debt to CCC-plus from B-minus", {"ccc+", "b-"}),
    ("affirmed the AAA rating and the AA-minus subordinated debt", {"aaa", "aa-"}),
    ("Moody's lowered it to Baa-3 from Baa-2", {"baa3", "baa2", "3", "2"}),
    ("a triple-A rating", set()),  # "A" alone is the article as often as a grade
    ("he wrote a plan B for the harbour", set()),
])
def test_credit_rating_grades_are_figures(text: str, grades: set[str]) -> None:
    assert numbers(tokens(text)) == frozenset(grades)


# --- quotes --------------------------------------------------------------------------------


def test_quotes_double_and_single() -> None:
    text = "He said \"we will build the new harbour by spring\" and called it 'a small but real step'."
    assert quotes(text) == ["we will build the new harbour by spring", "a small but real step"]


def test_quotes_ignore_short_quotes_and_apostrophes() -> None:
    assert quotes("She said \"no\" twice. It's the union's view that it's fine.") == []


# --- credits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plan, according to Reuters, was dropped.", ("reuters",)),
        ("Reuters reported on Monday that the plan was dropped.", ("reuters",)),
        ("LONDON (Reuters) - The plan was dropped on Monday.", ("reuters",)),
        ("The paper said, citing AFP, that the plan was dropped.", ("afp",)),
        ("This article is based on materials published by Reuters.", ("reuters",)),
        ("The plan was dropped, AP reported.", ("apnews",)),
        ("The plan, according to the Associated Press, was dropped.", ("apnews",)),
        ("By Reuters\n\nThe plan was dropped.", ("reuters",)),
        ("The plan was dropped, according to the Financial Times.", ("ft",)),
        ("CALDER BAY, March 14 (Tidewater Press) - Dockworkers walked off the job.", ("tidewaterpress",)),
    ],
)
def test_credits(text: str, expected: tuple[str, ...]) -> None:
    assert credits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The plan was dropped on Monday after a long debate.",
        "By Marta Leone\n\nThe plan was dropped.",
        "According to officials, the plan was dropped.",
        "The minister reported a loss. Sources reported nothing new.",
        "according to the president, nothing changed.",
    ],
)
def test_no_credit_for_people_and_pronouns(text: str) -> None:
    assert credits(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended on Monday. Reuters reported that the deal was off.",
        "Talks ended in London. Reuters reported that the deal was off.",
    ],
)
def test_credit_after_a_sentence_ending_in_a_capitalised_word(text: str) -> None:
    # The credited name must not run across the full stop ("Monday. Reuters" is not an outlet).
    assert credits(text) == ("reuters",)


def test_credits_are_sorted_and_unique() -> None:
    text = "Reuters reported it first. According to Reuters, and citing AFP, the deal is off."
    assert credits(text) == ("afp", "reuters")


# --- outlets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ("https://www.reuters.com/x", "reuters"),
        ("http://reuters.com/world/article-1", "reuters"),
        ("www.reuters.com", "reuters"),
        ("Reuters", "reuters"),
        ("REUTERS.COM", "reuters"),
        ("https://m.bbc.co.uk/news/1", "bbc"),
        ("https://edition.cnn.com/2025/01/01/x", "cnn"),
        ("apnews.com", "apnews"),
        ("Associated Press", "apnews"),
        ("The Guardian", "theguardian"),
        ("Harbour Herald", "harbourherald"),
        ("St. Louis Post-Dispatch", "stlouispostdispatch"),
        ("https://news.sky.com/story/1", "sky"),
        ("news.bbc.co.uk", "bbc"),
        ("news.com.au", "news"),
    ],
)
def test_outlet_key(source: str, key: str) -> None:
    assert outlet_key(source) == key


@pytest.mark.parametrize("source", [None, "", "  ", ".com", "https:///x"])
def test_outlet_key_of_nothing(source: str | None) -> None:
    assert outlet_key(source) is None


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://www.reuters.com/world/x", "LONDON (Reuters) - Talks failed."),
        ("https://apnews.com/article/x", "Talks failed, the Associated Press reported."),
        ("https://www.ft.com/content/x", "Talks failed, according to the Financial Times."),
    ],
)
def test_credit_matches_outlet_key(url: str, text: str) -> None:
    # The lineage rules compare a copy's credits with its source's outlet key.
    assert outlet_key(url) in credits(text)


# --------------------------------------------------------------------------- run-on sentences

_MENU = (
    "Daily soup pork and chive dumplings fresh black mushroom and cabbage dumplings spicy curried "
    "beets with black cumin creme fraiche and pappadum local chicken spring rolls with country ham "
    "oyster mushrooms and hot mustard sake and tea cured salmon bento box with house pickled ginger "
    "and red cabbage wasabi miso mayonnaise sticky rice and nori salt and pepper shrimp with crispy "
    "shells fried jalapenos coriander and sea salt pork terrine with pickled green tomatoes spicy "
    "sesame noodles with napa cabbage carrots cucumber and cilantro local pickle plate roasted "
    "cauliflower with chickpeas tamarind and mint"
)


def test_sentences_up_to_the_limit_are_kept_whole() -> None:
    sentence = " ".join(["word"] * MAX_SENTENCE_WORDS)
    assert split_long(sentence) == [sentence]
    assert split_long("A short one.") == ["A short one."]


def test_run_on_sentences_are_cut_into_bounded_pieces() -> None:
    pieces = split_long(_MENU)
    assert len(_MENU.split()) > MAX_SENTENCE_WORDS and len(pieces) > 2
    assert " ".join(pieces) == " ".join(_MENU.split())
    assert all(CHUNK_MIN_WORDS <= len(p.split()) for p in pieces)
    assert all(len(p.split()) <= CHUNK_MAX_WORDS for p in pieces[:-1])
    assert len(pieces[-1].split()) < CHUNK_MAX_WORDS + CHUNK_MIN_WORDS


def test_cuts_follow_the_words_so_an_embedded_copy_is_cut_alike() -> None:
    whole = split_long(_MENU)
    embedded = split_long("Our dinner menu this week changes daily and it reads as follows " + _MENU)
    # After the first cut the two texts are cut at the same words: their later pieces agree.
    assert whole[-3:] == embedded[-3:]
    assert len(set(whole) & set(embedded)) >= len(whole) - 2


# --- re-issued items ------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "expected"), [
    ("CORRECTED - HRW CORP 2ND QTR NET", "HRW CORP 2ND QTR NET"),
    ("(CORRECTED)-HRW CORP PAYOUT", "HRW CORP PAYOUT"),
    ("<CORRECTED> - HRW CORP PAYOUT", "HRW CORP PAYOUT"),
    ("RPT - HARBOUR TALKS RESUME", "HARBOUR TALKS RESUME"),
    ("UPDATE 2-Harbour talks resume", "Harbour talks resume"),
    ("HARBOUR TALKS RESUME (RPT)", "HARBOUR TALKS RESUME"),
    # Marks in a row, as Reuters writes a corrected or refiled update.
    ("CORRECTED-UPDATE 1-HARBOUR TALKS RESUME", "HARBOUR TALKS RESUME"),
    ("REFILE-UPDATE 2-Harbour talks resume", "Harbour talks resume"),
    # Not marks: a word of the headline itself.
    ("REPEAT OFFENDERS FACE LONGER TERMS", "REPEAT OFFENDERS FACE LONGER TERMS"),
    ("STOCKS SEEN DUE FOR A CORRECTION", "STOCKS SEEN DUE FOR A CORRECTION"),
    ("HRW <RPT> DEBT DOWNGRADED", "HRW <RPT> DEBT DOWNGRADED"),
])
def test_headline_drops_reissue_marks(title: str, expected: str) -> None:
    assert headline(title) == expected


@pytest.mark.parametrize(("text", "title"), [
    ("Qtly div 18 cts vs 17 cts", "CORRECTED - HRW CORP PAYOUT"),
    ("Qtly div 18 cts vs 17 cts", "(CORRECTION) HRW CORP PAYOUT"),
    ("Qtly div 18 cts vs 17 cts. (Corrects dividend figure in item of March 17.)", None),
    ("The men were convicted on 84 charges. -- corrects name of the third defendant", None),
    ("Holdings fell to 4.1 pct. Corrects March 30 item to show holdings decreased.", None),
])
def test_a_correction_says_so(text: str, title: str | None) -> None:
    assert is_correction(text, title)


@pytest.mark.parametrize(("text", "title"), [
    ("The measure aims at correcting unfair trade practices.", "SENATE WANTS PACT ENFORCED"),
    ("Analysts said the market was due for a correction.", "STOCKS SEEN DUE FOR A CORRECTION"),
    ("The company corrects its forecast every quarter.", None),
])
def test_other_corrections_are_not_a_correction_notice(text: str, title: str | None) -> None:
    assert not is_correction(text, title)


@pytest.mark.parametrize(("title", "number"), [
    ("UPDATE 2-Dockworkers strike at Port Alder", 2), ("UPDATE-Dockworkers strike", 1),
    ("(UPDATE 3) - Dockworkers strike", 3), ("update 1: dockworkers strike", 1),
    ("Dockworkers strike", 0), ("<DAIWA SECURITIES CO> TO SUPPLY MARKET UPDATE", 0),
    ("UPDATED GUIDANCE ON TAXES", 0), (None, 0),
    ("CORRECTED-UPDATE 1-Dockworkers strike", 1), ("REFILE-UPDATE 2-Dockworkers strike", 2),
    ("CORRECTED - DOCKWORKERS STRIKE", 0),
])
def test_update_number(title: str | None, number: int) -> None:
    assert update_number(title) == number


# --- Chinese and Japanese: sentences end at their own marks, words are character pairs ----------
def test_chinese_sentences_end_at_their_full_stops_without_a_space() -> None:
    paragraph = '港口管理局周二表示,北码头将关闭六周。修复工程预计耗资1850万欧元!他说:"我们别无选择。"工程明年开始。'
    assert split_sentences(paragraph) == [
        "港口管理局周二表示,北码头将关闭六周。", "修复工程预计耗资1850万欧元!", '他说:"我们别无选择。"',
        "工程明年开始。",
    ]
    # A question or exclamation mark in Latin text still needs a space and a capital after it.
    assert split_sentences("Why?no. It works!yes") == ["Why?no.", "It works!yes"]


def test_chinese_runs_become_character_pairs() -> None:
    assert tokens("北码头关闭 iPhone手机 5月4日") == ["北码", "码头", "头关", "关闭", "iphone", "手机", "5", "月", "4", "日"]
    assert tokens("港") == ["港"]


@pytest.mark.parametrize(("paragraph", "sentences"), [
    ("Il a dit non. Émile est parti hier soir.", ["Il a dit non.", "Émile est parti hier soir."]),
    ("Die Lage ist ernst. Ärzte warnen vor Engpässen.", ["Die Lage ist ernst.", "Ärzte warnen vor Engpässen."]),
    ("Η κατάσταση είναι σοβαρή. Οι γιατροί προειδοποιούν.",
     ["Η κατάσταση είναι σοβαρή.", "Οι γιατροί προειδοποιούν."]),
    ("상황이 심각하다. 의사들이 경고했다.", ["상황이 심각하다.", "의사들이 경고했다."]),
    ("स्थिति गंभीर है। डॉक्टरों ने चेतावनी दी।", ["स्थिति गंभीर है।", "डॉक्टरों ने चेतावनी दी।"]),
    ("الوضع خطير. حذر الأطباء من نقص.", ["الوضع خطير.", "حذر الأطباء من نقص."]),
    # A lower-case letter after a full stop, in any cased script, opens no sentence.
    ("It rose approx. five percent, the office said. étonnant", ["It rose approx. five percent, the office said. étonnant"]),
])
def test_sentences_of_other_scripts_open_with_their_capitals_or_caseless_letters(
        paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences


@pytest.mark.parametrize(("text", "found"), [
    ('He said "we will win the election" on Monday.', ["we will win the election"]),
    ("He called it 'a very bad deal for us' on Monday.", ["a very bad deal for us"]),
    # Between two quotations, between doubled marks, between two apostrophes: no quotation.
    ('the end," Miller said. "They\'re not taxes," he said', ["They're not taxes,"]),
    ('holders of the ""B"" share, while the ""A"" share', []),
    ("Japan's car export restraint to the Community is not enough after the dollar's fall", []),
])
def test_quotations_are_what_stands_between_quote_marks(text: str, found: list[str]) -> None:
    assert quotes(text) == found
