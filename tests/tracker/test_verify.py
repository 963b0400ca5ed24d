"""tracker.verify: the edit table (STYLE.md section 12) over a wire story written for this test.

Every person, company and place below is fictional; the story was written for this file.
``RELATED`` lists edits a derived article may make and still be recognised; ``NOT_RELATED``
lists articles that must not be linked to the story.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import datetime, timedelta, timezone

import pytest

from tracker.config import ShingleConfig
from tracker.lineage import decide
from tracker.model import ArticleFacts
from tracker.pairstats import PairStats
from tracker.shingle import Features, extract
from tracker.verify import (
    CONTEXT_VETO,
    COPY_LEXICAL,
    COPY_OWN_SHARE,
    EXCERPT_COVERAGE,
    EXCERPT_REST,
    EXCERPT_WEIGHT,
    LEAD_EXEMPT,
    NEWS_CYCLE_DAYS,
    PASSAGE_LINK_SCORE,
    SUMMARY_COMPRESSION,
    SUMMARY_KEPT,
    SUMMARY_MARKS,
    TOGETHER,
    TOLD_COVERAGE,
    compare,
    divergence_of,
    evidence,
    is_related,
    relation_of,
    similarity_of,
    text_direction,
    verdict,
)

CONFIG = ShingleConfig()

TITLE = "Calder Bay port strike halts grain exports as wage talks collapse"
BYLINE = "By Marta Leone, Tidewater Press"
PARAGRAPHS = [
    "CALDER BAY, March 14 (Tidewater Press) - Dockworkers at the port of Calder Bay walked off "
    "the job at 6 a.m. on Thursday, halting grain shipments worth an estimated $42 million a day "
    "after wage talks with terminal operator Brightwater Holdings collapsed overnight.",
    "The strike, called by the Harbour and Transport Workers Union, is the first full stoppage at "
    "the port since 2011 and involves about 3,800 workers across six terminals.",
    "Union secretary Daniel Okafor said 91 percent of members had voted to reject a final offer of "
    'a 4.5 percent raise spread over three years. "Our members have waited six years for a fair '
    'deal, and a raise of 1.5 percent a year does not even cover the price of bread," Okafor told '
    "reporters outside the union hall.",
    "Brightwater chief executive Ingrid Halvorsen said the company had offered the largest pay "
    'increase in its 84-year history and urged the union to return to the table. "We remain ready '
    "to meet at any hour, but we cannot sign an agreement that adds $60 million a year to our "
    'costs," Halvorsen said in a statement.',
    "At least 27 bulk carriers were anchored outside the harbour on Thursday afternoon, according "
    "to ship-tracking data compiled by the port authority. Calder Bay handles roughly 35 percent of "
    "the region's wheat and barley exports, most of it bound for buyers in North Africa and the "
    "Middle East.",
    "Wheat futures rose 2.3 percent in early trading on the news, their biggest one-day gain since "
    "November 2023.",
    "Transport minister Rosa Villanueva said the government would appoint a mediator if no "
    "agreement was reached within 72 hours. She warned that a prolonged stoppage could cost "
    "farmers more than $300 million in lost sales before the end of the harvest season.",
    "Farm groups said storage silos inland were already at 88 percent of capacity after a record "
    "harvest of 14.2 million tonnes.",
    "The union said it would keep 400 pickets at the terminal gates around the clock until a new "
    "offer is tabled.",
    "Brightwater, which runs the port under a 30-year concession signed in 2009, reported a net "
    "profit of $118 million last year.",
    "Talks are scheduled to resume at 10 a.m. on Saturday under the supervision of the national "
    "labour relations board.",
]


def page(paragraphs: list[str], title: str | None = TITLE, byline: str | None = BYLINE) -> str:
    return "\n\n".join([line for line in (title, byline) if line] + paragraphs)


WIRE = page(PARAGRAPHS)

# --- edits that must still be related ------------------------------------------------------

HOUSE_STYLE = {
    "harbour": "harbor",
    "Harbour": "Harbor",
    "labour": "labor",
    "percent": "per cent",
    "tonnes": "tons",
    "$": "US$",
    "a.m.": "am",
}


def house_style(text: str) -> str:
    for old, new in HOUSE_STYLE.items():
        text = text.replace(old, new)
    return text


CHROME = "\n".join(
    [
        "Home",
        "World",
        "Business",
        "Markets",
        "Sport",
        "Вход | Регистрация",
        "1496",
        "12:45",
        "Share",
        "Tweet",
        *page(PARAGRAPHS, byline=None).split("\n\n"),
        "Related Articles",
        "Record rainfall floods coastal roads as councils open emergency shelters.",
        "Central bank holds interest rates steady for a third straight meeting.",
        "Local football club names former captain as its new head coach.",
        "Comments (3)",
        "This is outrageous, the government should step in now.",
        "Subscribe to our newsletter",
        "© 2025 Daily Courier",
    ]
)

PARAPHRASED = page(
    [
        "CALDER BAY, March 14 - Calder Bay dockworkers stopped work at 6 a.m. on Thursday after wage "
        "negotiations with terminal operator Brightwater Holdings broke down overnight, stopping grain "
        "shipments estimated to be worth $42 million a day.",
        "It is the port's first full stoppage since 2011; the Harbour and Transport Workers Union "
        "called the strike, which involves roughly 3,800 workers at six terminals.",
        "According to union secretary Daniel Okafor, 91 percent of members voted against a final offer "
        'of a 4.5 percent pay rise over three years. "Our members have been waiting six years for a fair '
        "deal, and 1.5 percent a year won't even pay for bread,\" Okafor told reporters at the union hall.",
        "Ingrid Halvorsen, Brightwater's chief executive, said the pay increase offered was the largest "
        "in the company's 84-year history and called on the union to come back to the table. \"We are "
        "ready to meet at any hour, but we can't sign a deal that adds $60 million a year to our "
        'costs," she said in a statement.',
        "Ship-tracking data from the port authority showed at least 27 bulk carriers anchored outside "
        "the harbour by Thursday afternoon. Roughly 35 percent of the region's wheat and barley exports "
        "pass through Calder Bay, mostly to buyers in North Africa and the Middle East.",
        "News of the strike pushed wheat futures up 2.3 percent in early trading, the largest one-day "
        "rise since November 2023.",
        "Rosa Villanueva, the transport minister, said a mediator would be appointed by the government "
        "if there was no agreement within 72 hours. A long stoppage, she warned, could cost farmers over "
        "$300 million in lost sales before the harvest season ends.",
        "Inland storage silos were already 88 percent full after a record 14.2 million tonne harvest, "
        "farm groups said.",
        "The union plans to keep 400 pickets at the terminal gates day and night until a new offer is "
        "put on the table.",
        "Brightwater, which has run the port since 2009 under a 30-year concession, made a net profit of "
        "$118 million last year.",
        "Negotiations are due to resume at 10 a.m. on Saturday, supervised by the national labour "
        "relations board.",
    ],
    title="Calder Bay dockworkers strike after pay talks fail",
    byline=None,
)

SUMMARY = page(
    [
        "Dockworkers at Calder Bay went on strike on Thursday after pay talks with Brightwater Holdings "
        "collapsed, halting grain shipments worth about $42 million a day.",
        "Union secretary Daniel Okafor said 91 percent of members had rejected a 4.5 percent raise over "
        "three years.",
        "At least 27 bulk carriers were waiting outside the harbour, and wheat futures rose 2.3 percent "
        "on the news.",
        "Transport minister Rosa Villanueva said the government would appoint a mediator if there was "
        "no agreement within 72 hours.",
        # Two background sentences of the outlet's own.
        "The port was built by the colonial administration in the 1890s and was privatised more than a "
        "decade ago.",
        "Our correspondent notes that dock strikes have been rare in the country since the labour reforms "
        "of the late 1990s.",
    ],
    title="Dock strike stops grain at Calder Bay",
    byline=None,
)

NEW_HEADLINE = page(PARAGRAPHS, title="Grain piles up as Calder Bay dockers strike over pay")
NO_BYLINE = page(PARAGRAPHS, byline=None)
FIRST_FIVE = page(PARAGRAPHS[:5], byline=None)

RELATED: dict[str, str] = {
    "new-headline": NEW_HEADLINE,
    "no-byline": NO_BYLINE,
    "house-style": house_style(WIRE),
    "first-five-paragraphs": FIRST_FIVE,
    "page-chrome": CHROME,
    "paraphrased": PARAPHRASED,
    "summary": SUMMARY,
}
NEAR_VERBATIM = ["new-headline", "no-byline", "house-style", "first-five-paragraphs", "page-chrome"]
EXPECTED_RELATION = {**{k: "copy" for k in NEAR_VERBATIM}, "paraphrased": "rewrite", "summary": "summary"}

# A page about something else that embeds a passage of the story: the shared text is a small
# part of the page, as in a blog post quoting or condensing a wire story.
HOST = [
    "The Riverside Rovers ended a run of five straight defeats on Saturday with a 3-1 win over "
    "Northfield Athletic in front of a sold-out home crowd.",
    "Coach Paulo Mendes made four changes to the starting line-up, handing a first start of the "
    "season to the 19-year-old winger Tomasz Lind.",
    "Lind repaid that faith inside ten minutes, cutting in from the left and curling a shot into "
    "the far corner from the edge of the penalty area.",
    "Northfield equalised before the break when a corner was headed in by their captain at the "
    "near post.",
    "The second half belonged to the home side, who scored twice in six minutes through a penalty "
    "and a long-range volley from the veteran midfielder Ross Dunne.",
    "Mendes said afterwards that the squad had trained harder this week than at any point since "
    "he took over last summer.",
    "The Rovers travel to Eastbrook next weekend before a two-week break for international fixtures.",
    "Season ticket holders can collect their cup tie vouchers from the club shop from Monday.",
]


def embedded(passage: list[str]) -> str:
    """The host page with ``passage`` set between its fourth and fifth paragraphs."""
    return page([*HOST[:4], *passage, *HOST[4:]], title="Rovers end losing run with win over Northfield")


def test_summary_embedded_in_a_longer_page_is_a_summary() -> None:
    # The four summary sentences condense paragraphs 1, 3, 5-6 and 7 of an eleven-paragraph story.
    summary_sentences = SUMMARY.split("\n\n")[1:5]
    derived, wire = feats(embedded(summary_sentences)), feats(WIRE)
    stats = compare(derived, wire)
    assert is_related(stats)
    assert stats.n_aligned >= 3
    assert stats.condensation <= 0.35
    assert relation_of(stats) == "summary"
    assert relation_of(stats.swapped()) != "summary"


def test_digest_that_keeps_the_wording_but_merges_sentences_is_a_summary() -> None:
    # Three lines drawn from across the story, two of them verbatim, one joining two adjacent
    # sentences with the figures of both: a condensed telling, not a trimmed copy (which
    # keeps its source's lead paragraphs whole and merges nothing: "first-five-paragraphs").
    digest = page([
        PARAGRAPHS[0],
        "Calder Bay handles roughly 35 percent of the region's wheat and barley exports, and wheat futures "
        "rose 2.3 percent on the news, their biggest one-day gain since November 2023.",
        PARAGRAPHS[6].split(". ")[0] + ".",
    ], title="Calder Bay strike in three lines", byline=None)
    stats = compare(feats(digest), feats(WIRE))
    assert is_related(stats)
    assert stats.n_aligned == 3
    assert (stats.a_merges, stats.b_merges) == (1, 0)
    assert relation_of(stats) == "summary"
    # The story's other paragraphs do not make the wire a page that embeds the digest.
    assert 0 < text_direction(stats) < 1
    trimmed = compare(feats(FIRST_FIVE), feats(WIRE))
    assert trimmed.a_merges == 0 and relation_of(trimmed) == "copy"


def test_a_headline_written_into_the_body_is_neither_shared_nor_new_text() -> None:
    # The stored wire story has its headline apart from its text; a copy pasted as "headline,
    # blank line, text" (or a page whose <h1> was extracted with the body) carries it as a
    # body line. It is the same text: neither side derives from the other by coverage.
    body = page(PARAGRAPHS, title=None)
    stored = extract(body, CONFIG, title=TITLE)
    pasted = extract(TITLE + "\n\n" + body, CONFIG)
    assert pasted.sentences[0].text == TITLE
    stats = compare(pasted, stored)
    assert stats.a_coverage == stats.b_coverage == 1.0
    assert abs(text_direction(stats)) < 0.01
    assert divergence_of(stats) == 0.0


def test_identical_short_items_are_whole_copies() -> None:
    # The second line has too few content terms to align on its own; the same line on both
    # sides is still shared text. A line that alone is common to two items relates nothing.
    item = ("A fire destroyed a warehouse in Northgate on Monday night, firefighters said. "
            "No one was hurt in the blaze.")
    stats = compare(feats(item), feats(item))
    assert stats.a_coverage == stats.b_coverage == 1.0
    assert is_related(stats) and relation_of(stats) == "copy"
    other = ("A barn burned down near Eastfield on Sunday after a lightning strike. "
             "No one was hurt in the blaze.")
    assert not is_related(compare(feats(other), feats(item)))


def test_a_copy_that_runs_two_sentences_together_merges_nothing() -> None:
    # The same words with one full stop left out: a copy split in other places, whichever
    # side keeps the full stop.
    assert "within 72 hours. She warned" in WIRE
    run_together = WIRE.replace("within 72 hours. She warned", "within 72 hours, and she warned")
    stats = compare(feats(run_together), feats(WIRE))
    assert stats.n_aligned >= 10
    assert (stats.a_merges, stats.b_merges) == (0, 0)
    assert relation_of(stats) == "copy" and relation_of(stats.swapped()) == "copy"


def test_rewritten_passage_embedded_in_a_longer_page_is_not_a_summary() -> None:
    # Four consecutive paragraphs reworded in place keep their length: condensation near 1.
    rewritten = PARAPHRASED.split("\n\n")[2:6]
    stats = compare(feats(embedded(rewritten)), feats(WIRE))
    assert is_related(stats)
    assert 0.6 <= stats.condensation <= 1.5
    assert relation_of(stats) == "rewrite"


def test_copied_sentence_ends_are_a_copy_despite_one_stray_link() -> None:
    # A page copies the second halves of four sentences of the story (a copy that starts
    # mid-sentence), and one of its own sentences happens to align with a fifth sentence of
    # the story that it does not copy.
    def tail(sentence: str) -> str:
        words = sentence.split()
        return " ".join(words[len(words) // 2:])

    fragments = [tail(PARAGRAPHS[i]) for i in (1, 5, 7, 9)]
    stray = ("Brightwater chief executive Ingrid Halvorsen said the company had offered the Rovers the "
             "largest sponsorship deal in its 84-year history, and urged fans to return to the stadium.")
    stats = compare(feats(embedded([stray, *fragments])), feats(WIRE))
    assert stats.n_aligned == 5
    assert stats.lexical < COPY_LEXICAL  # the fragments are halves of their sentences
    assert stats.verbatim == 1.0
    assert relation_of(stats) == "copy"


def test_passage_set_into_another_page_has_the_less_related_context() -> None:
    stats = compare(feats(embedded(PARAPHRASED.split("\n\n")[2:6])), feats(WIRE))
    assert stats.a_context is not None and stats.b_context is not None
    # Football on the page around the passage; the rest of the strike story around it on the wire.
    assert stats.a_context < 0.2 < stats.b_context
    assert text_direction(stats) > 0
    assert text_direction(stats.swapped()) < 0


def test_whole_article_rewrite_has_no_context() -> None:
    stats = compare(feats(PARAPHRASED), feats(WIRE))
    assert stats.a_context is None and stats.b_context is None


def test_context_overrules_an_excerpt_read_from_coverage_alone() -> None:
    # The source is a long page of which the passage is a tiny share; the derived page is
    # covered more. Coverage alone calls the source the embedding page...
    base = compare(feats(embedded(PARAPHRASED.split("\n\n")[2:6])), feats(WIRE))
    by_coverage = dataclasses.replace(base, a_coverage=0.3, b_coverage=0.02, a_rest=0.1, b_rest=0.1,
                                      a_context=None, b_context=None)
    assert text_direction(by_coverage) == -EXCERPT_WEIGHT
    # ...unless the passage reads on from its neighbours there and not on the derived page.
    with_context = dataclasses.replace(by_coverage, a_context=0.05, b_context=0.5)
    assert text_direction(with_context) > 0
    # A context difference below the veto leaves the excerpt rule alone.
    slight = dataclasses.replace(by_coverage, a_context=0.3, b_context=0.3 + CONTEXT_VETO / 2)
    assert text_direction(slight) == -EXCERPT_WEIGHT


# --- articles that must not be related -----------------------------------------------------

SAME_TOPIC_SAME_PEOPLE = page(
    [
        "CALDER BAY, June 2 (Tidewater Press) - Brightwater Holdings will spend $250 million installing "
        "automated cranes at two of its Calder Bay terminals, the company said on Monday, in a move the "
        "dockworkers' union called a threat to hundreds of jobs.",
        "Chief executive Ingrid Halvorsen told an investor conference in the capital that the cranes "
        "would cut ship turnaround times by a third and pay for themselves within seven years.",
        '"Automation is how a port of this size stays competitive with its neighbours," Halvorsen said, '
        "adding that no worker would be dismissed as a direct result.",
        "Daniel Okafor, secretary of the Harbour and Transport Workers Union, said the plan broke a "
        "promise made during last spring's pay settlement and that members would discuss their response "
        "at a meeting on Friday.",
        '"They told us the machines were years away; now they are ordering them," Okafor said.',
        "The cranes will be supplied by a consortium of two European manufacturers, with the first units "
        "due in the second half of next year.",
        "Analysts at Sandpiper Securities said the investment could lift the operator's margins by up to "
        "four percentage points once the terminals are fully converted.",
        "Transport minister Rosa Villanueva said the government had not been consulted on the plan and "
        "would review whether it complies with the terms of the concession.",
        "Shares of Brightwater's parent company rose 3.1 percent after the announcement.",
    ],
    title="Brightwater to automate Calder Bay cranes; union warns of job losses",
    byline="By Tomas Reyes, Tidewater Press",
)

UNRELATED = page(
    [
        "ASHFORD, Sept 9 (Tidewater Press) - A rare orchid thought extinct for almost a century has been "
        "found growing in a roadside ditch outside Ashford, botanists said on Tuesday.",
        "The plant, a pale violet species last recorded in 1931, was spotted by a retired schoolteacher "
        "walking her dog and confirmed by experts from the regional botanical garden.",
        '"It is like finding a letter you were told had burned," said curator Helen Marwick, who has '
        "searched for the flower since the 1980s.",
        "Council workers have fenced off the site and suspended verge mowing along a two-kilometre stretch "
        "of the road.",
        "Seeds will be collected in the autumn and stored at the national seed bank as a safeguard.",
        "Botanists believe changes in drainage after a nearby quarry closed may have allowed the orchid to "
        "return from dormant tubers.",
    ],
    title="Orchid thought extinct found in roadside ditch",
    byline="By Sam Ortiz, Tidewater Press",
)


def change_every_number(text: str) -> str:
    """Change the last digit of every number: 42 -> 45, 3,800 -> 3,803, 2.3 -> 2.6."""
    return re.sub(r"\d+(?:[.,]\d+)*", lambda m: m.group(0)[:-1] + str((int(m.group(0)[-1]) + 3) % 10), text)


NUMBERS_CHANGED = change_every_number(WIRE)

NOT_RELATED: dict[str, str] = {
    "same-topic-same-people": SAME_TOPIC_SAME_PEOPLE,
    # The same reporter covers the beat: the follow-up carries the wire story's byline.
    "same-topic-same-reporter": SAME_TOPIC_SAME_PEOPLE.replace("By Tomas Reyes, Tidewater Press", BYLINE),
    "unrelated": UNRELATED,
}


def not_related_params() -> list[object]:
    return list(NOT_RELATED)


_FEATURES: dict[str, Features] = {}


def feats(text: str) -> Features:
    if text not in _FEATURES:
        _FEATURES[text] = extract(text, CONFIG)
    return _FEATURES[text]


# --- the story itself ----------------------------------------------------------------------


def test_the_story_is_a_realistic_wire_story() -> None:
    wire = feats(WIRE)
    assert len(wire.sentences) == 16  # headline and 15 body sentences; the byline is chrome
    assert all(s.numbers for s in wire.sentences[2:])  # a figure in every body sentence
    assert any("tidewater" in credit for credit in wire.credits)  # the dateline credits the agency
    assert wire.n_words > 350


def test_edits_really_edit() -> None:
    assert len({WIRE, *RELATED.values(), *NOT_RELATED.values()}) == 1 + len(RELATED) + len(NOT_RELATED)
    assert NUMBERS_CHANGED.count("$45 million") == 1 and "3,803" in NUMBERS_CHANGED
    assert "harbor" in RELATED["house-style"] and "harbour" not in RELATED["house-style"]
    assert [s.text for s in feats(CHROME).sentences] == [s.text for s in feats(NO_BYLINE).sentences]


# --- must match ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(RELATED))
def test_edit_is_still_related(name: str) -> None:
    edit, wire = feats(RELATED[name]), feats(WIRE)
    assert is_related(compare(edit, wire))
    assert is_related(compare(wire, edit))
    found = evidence(name, edit, "wire", wire)
    assert found is not None
    assert found.n_aligned >= 2
    assert 0.0 < found.similarity <= 1.0


@pytest.mark.parametrize("name", list(RELATED))
def test_relation_of_edit(name: str) -> None:
    assert relation_of(compare(feats(RELATED[name]), feats(WIRE))) == EXPECTED_RELATION[name]


@pytest.mark.parametrize("note", [
    "Tidewater Review - English version (automatic translation)",
    "Translated from the Portuguese by the Tidewater Review desk",
])
def test_a_page_that_says_it_is_a_translation_is_one(note: str) -> None:
    # The paraphrase alone is a rewrite (test_relation_of_edit): the note is the only
    # language evidence, as on a back-translated page without menus in another script.
    translated = feats(note + "\n\n" + PARAPHRASED)
    assert translated.translation_note and not feats(WIRE).translation_note
    assert relation_of(compare(translated, feats(WIRE))) == "translation"
    # ...and says which side derives.
    assert text_direction(compare(translated, feats(WIRE))) == EXCERPT_WEIGHT
    # The note says which side is the translation: its source stays what it was to it.
    assert relation_of(compare(feats(WIRE), translated)) != "translation"
    # Both pages carrying the note (two translations of one story) is no evidence either way.
    both = feats("English version (automatic translation)\n\n" + WIRE)
    assert relation_of(compare(translated, both)) == "rewrite"
    # A verbatim copy of the translation that left the note out was not translated from by
    # it: against its own wording the note says nothing of which came first.
    copied = feats(PARAPHRASED)
    assert relation_of(compare(copied, translated)) == "copy"
    assert abs(text_direction(compare(translated, copied))) < 1


def test_menus_in_another_script_say_which_side_was_translated() -> None:
    # A back-translated page keeps the menus of the language it went through: it derives from
    # the other, as a note would say.
    chrome = "Войти\nГлавная\nНовости\nЭкономика\nПолитика\nВ мире\n\n"
    translated = feats(chrome + PARAPHRASED)
    assert text_direction(compare(translated, feats(WIRE))) == EXCERPT_WEIGHT
    assert text_direction(compare(feats(WIRE), translated)) == -EXCERPT_WEIGHT


@pytest.mark.parametrize("name", NEAR_VERBATIM)
def test_near_verbatim_copies_are_close(name: str) -> None:
    stats = compare(feats(RELATED[name]), feats(WIRE))
    assert stats.lexical >= 0.9
    assert stats.order == 1.0
    assert stats.a_coverage == pytest.approx(1.0)


def test_divergence_grows_with_the_amount_of_editing() -> None:
    wire = feats(WIRE)

    def div(name: str) -> float:
        return divergence_of(compare(feats(RELATED[name]), wire))

    for name in ["new-headline", "no-byline", "house-style", "page-chrome"]:
        assert div(name) < 0.05, name
    assert 0.05 < div("paraphrased") < div("summary")
    assert 0.05 < div("first-five-paragraphs") < div("summary")
    assert div("summary") < 1.0
    assert divergence_of(compare(wire, wire)) == 0.0


def test_similarity_ranks_copies_above_the_summary() -> None:
    wire = feats(WIRE)
    sims = {name: similarity_of(compare(feats(text), wire)) for name, text in RELATED.items()}
    assert similarity_of(compare(wire, wire)) == 1.0
    assert min(sims[n] for n in ["new-headline", "no-byline", "house-style", "page-chrome"]) > 0.9
    assert sims["summary"] < min(v for k, v in sims.items() if k != "summary")


# Regression (3a53378 until eb9d94e): the excerpt rule fired on any coverage difference and scored
# the full wire story as derived (-2.0) from its trimmed copy, and from any copy that dropped the byline.


@pytest.mark.parametrize("name", ["first-five-paragraphs", "summary"])
def test_text_direction_says_the_shorter_version_derives_from_the_story(name: str) -> None:
    assert text_direction(compare(feats(RELATED[name]), feats(WIRE))) > 0
    assert text_direction(compare(feats(WIRE), feats(RELATED[name]))) < 0


@pytest.mark.parametrize(
    "name",
    [n for n in RELATED if n not in ("first-five-paragraphs", "summary")],
)
def test_text_direction_never_makes_the_story_derive_from_an_edit(name: str) -> None:
    assert text_direction(compare(feats(RELATED[name]), feats(WIRE))) >= 0


@pytest.mark.parametrize("name", list(RELATED))
def test_text_direction_is_weak_or_structural(name: str) -> None:
    # Documented range: (-1, 1) for story evidence, exactly +-2 for an embedded excerpt.
    for stats in (compare(feats(RELATED[name]), feats(WIRE)), compare(feats(WIRE), feats(RELATED[name]))):
        value = text_direction(stats)
        assert abs(value) < 1.0 or abs(value) == 2.0


# --- must not match ------------------------------------------------------------------------


@pytest.mark.parametrize("name", not_related_params())
def test_not_related(name: str) -> None:
    other, wire = feats(NOT_RELATED[name]), feats(WIRE)
    assert not is_related(compare(other, wire))
    assert not is_related(compare(wire, other))
    assert evidence(name, other, "wire", wire) is None


def test_same_topic_story_shares_at_most_one_sentence() -> None:
    stats = compare(feats(SAME_TOPIC_SAME_PEOPLE), feats(WIRE))
    assert stats.n_aligned <= 1
    assert stats.a_coverage < 0.2 and stats.b_coverage < 0.2


def test_numbers_changed_in_every_sentence_aligns_no_body_sentence() -> None:
    # Same template, different figures: every statement differs (the headline and byline, which
    # carry no figure, are the only lines left to align).
    changed = feats(NUMBERS_CHANGED)
    stats = compare(changed, feats(WIRE))
    body = {s.index for s in changed.sentences if s.numbers}
    assert len(body) == 15
    assert not [k for k in stats.links if k.left in body]


def test_numbers_changed_in_every_sentence_is_another_report_in_the_same_frame() -> None:
    # Decision: the same wording with every figure altered states other facts in the same
    # frame, as the next issue of a recurring report does (a daily money-market report,
    # another company's quarterly results); nothing tells it from a copy whose every figure
    # was falsified, and recurring reports are by far the commoner. It is not linked.
    stats = compare(feats(NUMBERS_CHANGED), feats(WIRE))
    assert stats.figure_conflicts >= 10
    assert not is_related(stats)
    assert evidence("changed", feats(NUMBERS_CHANGED), "wire", feats(WIRE)) is None


def change_numbers_of(paragraphs: list[str], which: set[int]) -> list[str]:
    return [change_every_number(p) if i in which else p for i, p in enumerate(paragraphs)]


def test_copy_with_a_few_figures_altered_is_still_a_copy() -> None:
    # A copy that alters the figures of two paragraphs (a fact-checker's case): most
    # statements still align, and the altered ones show as changed figures.
    altered = feats(page(change_numbers_of(PARAGRAPHS, {2, 5}), byline=None))
    stats = compare(altered, feats(WIRE))
    assert 1 <= stats.figure_conflicts <= 3
    assert 2 * stats.figure_conflicts < stats.n_aligned
    assert is_related(stats)
    assert relation_of(stats) == "copy"


BULLETIN = """Calder Bay harbour figures for {month}

The Calder Bay harbour authority said cargo throughput {moved} {pct} percent in {month} to {tonnes} million tonnes.

Container volumes reached {boxes} boxes, against {boxes_before} a year earlier.

Grain exports accounted for {grain} tonnes of the total, the authority said in its monthly bulletin.

The authority publishes its traffic figures on the first working day of each month, with revisions to earlier months where shippers filed late returns.

Figures for the inland river terminals are published separately by the regional transport department and are not included in the totals.
"""


def test_two_issues_of_a_recurring_report_are_not_related() -> None:
    march = BULLETIN.format(month="March", moved="rose", pct="4.2", tonnes="1.83", boxes="41,200",
                            boxes_before="39,800", grain="612,000")
    april = BULLETIN.format(month="April", moved="fell", pct="1.7", tonnes="1.79", boxes="40,150",
                            boxes_before="40,900", grain="574,000")
    stats = compare(feats(april), feats(march))
    assert stats.n_aligned >= 2  # the frame sentences without figures align
    assert stats.figure_conflicts == 3
    assert not is_related(stats)
    assert not is_related(stats.swapped())
    # The same issue copied with one figure corrected is one report.
    corrected = march.replace("612,000", "621,000")
    assert is_related(compare(feats(corrected), feats(march)))


NOTICE = """The Calder Bay treasury said it will sell {amount} mln dlrs of three-month bills at its regular auction next week, to refinance {maturing} mln dlrs of maturing bills.

Bids are due at the harbour office by noon on the day of the auction and must be made in multiples of 10,000 dlrs.

The bills will be issued in book-entry form only, to institutions holding an account at the regional clearing house.
"""


def test_two_headlined_notices_of_a_series_are_not_related_by_one_conflict() -> None:
    # Two weeks' auction notices: the boilerplate sentences align word for word, the lead
    # states other figures. Between headlined items one such sentence against two aligned
    # ones is a series; without headlines (long pages, where translation garbles figures)
    # one conflict is not enough to refuse a pair.
    this_week = NOTICE.format(amount="450", maturing="410")
    last_week = NOTICE.format(amount="380", maturing="395")
    headlined = compare(extract(this_week, CONFIG, "CALDER BAY TO SELL 450 MLN DLRS OF BILLS"),
                        extract(last_week, CONFIG, "CALDER BAY TO SELL 380 MLN DLRS OF BILLS"))
    assert (headlined.n_aligned, headlined.figure_conflicts) == (2, 1)
    assert headlined.titles is not None and headlined.titles >= 0.5  # the headlines agree
    assert not is_related(headlined)
    assert not is_related(headlined.swapped())
    untitled = compare(feats(this_week), feats(last_week))
    assert (untitled.n_aligned, untitled.figure_conflicts) == (2, 1)
    assert is_related(untitled)


def test_a_summary_sentence_joining_two_source_sentences_may_leave_out_a_figure() -> None:
    # The summary's first sentence sets the wire's vote (91 percent against 4.5 percent, its
    # third sentence) into the words of its second, whose "3,800 workers" and "six terminals"
    # it leaves out: one
    # statement with the two, all of whose figures are the wire's. Between headlined items
    # that sentence alone had made the summary "a recurring report".
    def summary(vote: str) -> Features:
        return extract(page([
            "The strike, called by the Harbour and Transport Workers Union, is the first full stoppage "
            f"at the port since 2011, after {vote} percent of members voted to reject a final offer of a "
            "4.5 percent raise.",
            "Transport minister Rosa Villanueva said the government would appoint a mediator if no "
            "agreement was reached within 72 hours.",
            "Farm groups said storage silos inland were already at 88 percent of capacity after a record "
            "harvest of 14.2 million tonnes.",
        ], title=None, byline=None), CONFIG, "Calder Bay port strike halts grain exports")

    wire = extract(WIRE, CONFIG, TITLE)
    stats = compare(summary("91"), wire)
    assert stats.figure_conflicts == 0 and is_related(stats)
    assert any(k.joined for k in stats.links)
    # A figure no neighbour of the matched sentence states is another report's: it conflicts.
    other = compare(summary("87"), wire)
    assert other.figure_conflicts == 1 and not is_related(other)


BRIEF_SOURCE = """The Calder Bay treasury said it will sell 450 mln dlrs of three-month bills at its regular auction next week, to refinance 410 mln dlrs of maturing bills, a spokesman for Brightwater Holdings said.

Bids are due at the harbour office by noon on the day of the auction and must be made in multiples of 10,000 dlrs.

The bills will be issued in book-entry form only, to institutions holding an account at the regional clearing house.

Brightwater Holdings, which manages the auction for the treasury, said demand had been strong from pension funds in recent weeks.
"""


def test_a_two_sentence_brief_under_its_own_headline_aligns_whole() -> None:
    brief = ("The Calder Bay treasury will sell 450 mln dlrs of three-month bills at its regular auction "
             "next week, to refinance 410 mln dlrs of maturing bills, Brightwater Holdings said.\n\n"
             "Bids are due at the harbour office by noon on the day of the auction and must be made in "
             "multiples of 10,000 dlrs.")
    source = extract(BRIEF_SOURCE, CONFIG, "TREASURY TO AUCTION THREE-MONTH BILLS NEXT WEEK")
    found = verdict(compare(extract(brief, CONFIG, "Brightwater: bills on sale next week"), source))
    assert found.related and "all of the shorter item" in found.reason
    # Another issuer's notice in the same words names its own subject: a series, not a brief.
    other = brief.replace("Calder Bay treasury", "Norvik treasury").replace("Brightwater Holdings", "Osterlund Capital")
    refused = verdict(compare(extract(other, CONFIG, "Osterlund: bills on sale next week"), source))
    assert not refused.related and refused.reason.startswith("different headlines, 2 aligned sentences")


RESULTS = """Shr {shr} cts vs {shr_before} cts
Net {net} mln vs {net_before} mln
Revs {revs} mln vs {revs_before} mln
NOTE: Per share figures reflect a two-for-one stock split in {month}.{note}
"""


def results(company: str, note: str = "", **figures: str) -> Features:
    values = {"shr": "37", "shr_before": "30", "net": "4.1", "net_before": "3.3", "revs": "88.2",
              "revs_before": "79.5", "month": "May", **figures}
    marks = "CORRECTED - " if note else ""
    return extract(RESULTS.format(note=note, **values), CONFIG, f"{marks}{company} 2ND QTR NET")


def test_a_correction_is_linked_to_the_item_it_corrects() -> None:
    original = results("HARBOUR ROPE WORKS <HRW>")
    correction = results("HARBOUR ROPE WORKS <HRW>", net="4.7", revs="82.8",
                         note=" (Corrects net and revenues in item of July 14.)")
    assert correction.correction and not original.correction
    stats = compare(correction, original)
    # Compared without the figure veto: the two corrected lines align with their originals.
    assert stats.n_aligned == 4 and stats.figure_conflicts == 0
    assert is_related(stats) and is_related(stats.swapped())
    assert relation_of(stats) == "copy"
    # Issued after the item it corrects: structural evidence of direction.
    assert text_direction(stats) == 2.0 and text_direction(stats.swapped()) == -2.0
    # Without its marks, the same text is the next issue of a series (two figures changed).
    unmarked = results("HARBOUR ROPE WORKS <HRW>", net="4.7", revs="82.8")
    assert not is_related(compare(unmarked, original))


def test_an_update_is_linked_to_the_item_it_updates_and_comes_after_it() -> None:
    original = results("HARBOUR ROPE WORKS <HRW>")
    update = extract(RESULTS.format(note="", **{"shr": "37", "shr_before": "30", "net": "4.7",
                                               "net_before": "3.3", "revs": "82.8", "revs_before": "79.5",
                                               "month": "May"}),
                     CONFIG, "UPDATE 1-HARBOUR ROPE WORKS <HRW> 2ND QTR NET")
    assert update.update == 1 and original.update == 0
    stats = compare(update, original)
    # The same item restated with its latest figures: no figure veto, and the update is later.
    assert stats.n_aligned == 4 and stats.later == 1 and stats.correction == 0
    assert is_related(stats)
    assert text_direction(stats) == EXCERPT_WEIGHT and text_direction(stats.swapped()) == -EXCERPT_WEIGHT
    # Another company's update is not the same item.
    other = extract(RESULTS.format(note="", shr="12", shr_before="10", net="1.9", net_before="1.2",
                                   revs="40.1", revs_before="33.0", month="May"),
                    CONFIG, "UPDATE 1-KFN CORP 2ND QTR NET")
    assert compare(other, original).later == 0


def test_a_correction_is_not_linked_to_another_companys_item() -> None:
    # "2ND QTR NET" heads every company's results: the headlines agree in most of their
    # words, and must share their names too.
    correction = results("HRW CORP", net="4.7", note=" (Corrects net in item of July 14.)")
    other = results("KFN CORP", shr="12", shr_before="10", net="1.9", net_before="1.2",
                    revs="40.1", revs_before="33.0")
    stats = compare(correction, other)
    assert stats.titles is not None and stats.titles >= 0.5
    assert stats.correction == 0
    assert not is_related(stats)


ONE_RATING_ACTION = """The harbour board met on Tuesday to discuss the new ferry timetable for the summer season.

The rating agency placed the senior debt of Harbour Rope Works on its watch list for a possible downgrade, citing weaker rope sales.

Board members also approved a plan to repaint the old lighthouse before the tourist season begins in June.
"""

SEVERAL_RATING_ACTIONS = """A rating agency lowered the ratings of several makers of marine equipment on Monday.

The rating agency placed the senior debt of Kelp Farms on its watch list for a possible downgrade, citing weaker rope sales.

The rating agency placed the senior debt of Tide Mills on its watch list for a possible downgrade, citing weaker seaweed sales.

Analysts said the sector faced a difficult year as shipping volumes fell.
"""


def test_one_sentence_matching_two_template_sentences_is_one_statement() -> None:
    # The one watch-list sentence matches both of the other page's (the second alignment
    # pass lets a sentence join a second partner): two links, but one aligned statement,
    # which is not enough.
    stats = compare(feats(ONE_RATING_ACTION), feats(SEVERAL_RATING_ACTIONS))
    assert len(stats.links) == 2 and {k.left for k in stats.links} == {1}
    assert stats.n_aligned == 1
    assert not is_related(stats) and not is_related(stats.swapped())


def test_related_edits_are_not_related_to_the_unrelated_story() -> None:
    for name, text in RELATED.items():
        assert evidence(name, feats(text), "orchid", feats(UNRELATED)) is None, name


# --- evidence records ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(RELATED))
def test_evidence_does_not_depend_on_argument_order(name: str) -> None:
    edit, wire = feats(RELATED[name]), feats(WIRE)
    forward = evidence(name, edit, "wire", wire)
    backward = evidence("wire", wire, name, edit)
    assert forward == backward
    assert forward is not None and forward.a_id < forward.b_id


def test_evidence_orients_the_record_by_id() -> None:
    trim, wire = feats(FIRST_FIVE), feats(WIRE)
    as_a = evidence("a-trim", trim, "z-wire", wire)
    as_b = evidence("z-trim", trim, "a-wire", wire)
    assert as_a is not None and as_b is not None
    assert (as_a.a_coverage, as_a.b_coverage) == (as_b.b_coverage, as_b.a_coverage)
    assert (as_a.a_divergence, as_a.b_divergence) == (as_b.b_divergence, as_b.a_divergence)
    assert (as_a.relation, as_a.relation_reverse) == (as_b.relation_reverse, as_b.relation)
    assert as_a.a_from_b == -as_b.a_from_b
    assert as_a.similarity == as_b.similarity


def test_evidence_of_identical_texts() -> None:
    found = evidence("a", feats(WIRE), "b", feats(WIRE))
    assert found is not None
    assert found.relation == found.relation_reverse == "copy"
    assert found.similarity == 1.0 and found.a_divergence == found.b_divergence == 0.0
    assert found.a_from_b == 0.0
    assert found.n_aligned == len(feats(WIRE).sentences)


def test_evidence_of_empty_text_is_none() -> None:
    assert evidence("a", feats(""), "b", feats(WIRE)) is None
    assert evidence("a", feats(""), "b", feats("")) is None


def test_a_single_shared_sentence_relates_only_very_short_articles() -> None:
    lead = PARAGRAPHS[1]
    one_liner = feats(lead)
    stats = compare(one_liner, feats(WIRE))
    assert stats.n_aligned == 1
    assert not is_related(stats)  # one sentence shared with a long story is not enough...
    assert is_related(compare(one_liner, feats(lead + "\n\nHome")))  # ...unless it is all of both texts


# --- from evidence to lineage --------------------------------------------------------------

FAMILY: dict[str, str] = {
    "wire": WIRE,
    "trim": FIRST_FIVE,
    "chrome": CHROME,
    "rewrite": PARAPHRASED,
    "summary": SUMMARY,
}


def lineage_of(texts: dict[str, str]) -> dict[str, tuple[str | None, str]]:
    features = {k: feats(v) for k, v in texts.items()}
    pairs = [
        e
        for a, b in itertools.combinations(sorted(features), 2)
        if (e := evidence(a, features[a], b, features[b])) is not None
    ]
    facts = {k: ArticleFacts(k, n_words=f.n_words, credits=f.credits, raw_chars=len(texts[k])) for k, f in features.items()}
    edges, _ = decide(set(features), pairs, facts)
    return {e.article_id: (e.parent_id, e.relation) for e in edges}


def test_wire_story_is_the_origin_of_its_trimmed_copy() -> None:
    assert lineage_of({"wire": WIRE, "trim": FIRST_FIVE}) == {
        "wire": (None, "original"),
        "trim": ("wire", "copy"),
    }


def test_wire_story_is_the_origin_of_the_edit_family() -> None:
    lineage = lineage_of(FAMILY)
    assert lineage["wire"] == (None, "original")
    assert all(parent is not None for name, (parent, _) in lineage.items() if name != "wire")


def test_publication_times_put_the_wire_story_first() -> None:
    features = {k: feats(v) for k, v in FAMILY.items()}
    start = datetime(2025, 3, 14, 6, 30, tzinfo=timezone.utc)
    times = {name: start + timedelta(hours=i) for i, name in enumerate(FAMILY)}  # wire first
    pairs = [
        e
        for a, b in itertools.combinations(sorted(features), 2)
        if (e := evidence(a, features[a], b, features[b])) is not None
    ]
    facts = {
        k: ArticleFacts(k, published_at=times[k], n_words=f.n_words, credits=f.credits)
        for k, f in features.items()
    }
    edges, _ = decide(set(features), pairs, facts)
    by_id = {e.article_id: e for e in edges}
    assert by_id["wire"].parent_id is None
    assert {e.origin_id for e in edges} == {"wire"}


TERM_SHEET = """{issuer} is issuing a 10 billion yen eurobond due April 7, 1994 paying five pct and priced at 102-3/8 pct, lead manager Harbourside Securities said.

The non-callable bonds will be issued in denominations of one mln yen and will be listed in Luxembourg.

Fees comprise 1-1/4 pct selling concession and 5/8 pct for management and underwriting combined.
"""


def bond(issuer: str, headline: str) -> Features:
    return extract(TERM_SHEET.format(issuer=issuer), CONFIG, headline)


def test_the_same_terms_of_two_issuers_are_not_related() -> None:
    # Two issuers' bonds on one day's terms: every sentence aligns, figures and all, and
    # the headlines agree in most words. Each headline names its own subject, which the
    # other item never mentions: two items of a series, not a copy.
    kelpmark = bond("Kelpmark Finance", "KELPMARK FINANCE ISSUES 10 BILLION YEN BOND")
    tidewater = bond("Tidewater Capital Corp", "TIDEWATER CAPITAL ISSUES 10 BILLION YEN BOND")
    # The headline words the body writes capitalised and that weigh as names.
    assert kelpmark.title_subjects == {"kelpmark"}
    assert tidewater.title_subjects == {"tidewat"}
    stats = compare(kelpmark, tidewater)
    assert stats.n_aligned == 3 and stats.figure_conflicts == 0
    assert stats.titles is not None and stats.titles >= 0.5
    assert stats.other_subjects
    assert not is_related(stats) and not is_related(stats.swapped())
    assert verdict(stats).reason.startswith("items about different subjects")
    # Without headlines nothing says what each item is about: the texts are related.
    untitled = compare(feats(TERM_SHEET.format(issuer="Kelpmark Finance")),
                       feats(TERM_SHEET.format(issuer="Tidewater Capital Corp")))
    assert not untitled.other_subjects and is_related(untitled)


def test_one_subject_spelt_two_ways_or_named_in_either_is_one_subject() -> None:
    kelpmark = bond("Kelpmark Finance", "KELPMARK FINANCE ISSUES 10 BILLION YEN BOND")
    # A re-filing that misspells the issuer ("Kelpmarc"): one subject.
    misspelt = bond("Kelpmarc Finance", "KELPMARC FINANCE ISSUES 10 BILLION YEN BOND")
    assert not compare(misspelt, kelpmark).other_subjects
    assert is_related(compare(misspelt, kelpmark))
    # A rewrite headlined on the guarantor, whose lead still names the issuer.
    guarantor = bond("Kelpmark Finance, a unit of Tidewater Capital Corp,",
                     "TIDEWATER CAPITAL UNIT ISSUES 10 BILLION YEN BOND")
    stats = compare(guarantor, kelpmark)
    assert not stats.other_subjects and is_related(stats)


def test_a_one_line_notice_and_its_correction_are_linked() -> None:
    # The correction's note is half its text: only the corrected notice must be covered.
    notice = extract("Qtly div 17-1/4 cts vs 17-1/4 cts prior\n\nPay April 15\n\nRecord March 31\n",
                     CONFIG, "HARBOUR ROPE WORKS <HRW> SETS PAYOUT")
    correction = extract(
        "Qtly div 17-1/2 cts vs 17-1/4 cts\n\nPay April 15\n\nRecord March 31\n\n"
        "(Corrects headline and dividend figure in item appearing March 17 to show the dividend "
        "was raised.)\n", CONFIG, "CORRECTED - HARBOUR ROPE WORKS <HRW> RAISES PAYOUT")
    stats = compare(correction, notice)
    assert stats.n_aligned == 1 and stats.correction == 1
    assert stats.a_coverage < 0.8 <= stats.b_coverage
    assert is_related(stats) and is_related(stats.swapped())
    assert text_direction(stats) == 2.0


def test_a_correction_under_a_headline_without_rare_names_is_the_later_item() -> None:
    # "Harbour" and "Board" are common words: neither headline has a rare name to disagree in.
    story = ("The harbour board said its new chairman, named last week, will take office on "
             "Monday after the annual meeting.\n\nThe board also said it would publish its annual "
             "report in May, two weeks later than last year.\n")
    original = extract(story, CONFIG, "HARBOUR BOARD NAMES NEW CHAIRMAN")
    corrected = extract(story.replace("Monday", "Tuesday") + "\n(Corrects day in item of May 3.)\n",
                        CONFIG, "CORRECTED - HARBOUR BOARD NAMES NEW CHAIRMAN")
    assert not original.title_names and not corrected.title_names
    stats = compare(corrected, original)
    assert stats.correction == 1
    assert is_related(stats) and text_direction(stats) == 2.0


def test_the_verdict_names_the_rule_that_decided() -> None:
    # Each refusal says which rule refused, for `tracker explain`.
    march = BULLETIN.format(month="March", moved="rose", pct="2.1", tonnes="1.84", boxes="41,200",
                            boxes_before="39,800", grain="612,000")
    april = BULLETIN.format(month="April", moved="fell", pct="1.7", tonnes="1.79", boxes="40,150",
                            boxes_before="40,900", grain="574,000")
    series = verdict(compare(feats(april), feats(march)))
    assert not series.related and series.reason.startswith("a recurring report: 3 sentences")
    assert verdict(compare(feats(UNRELATED), feats(WIRE))) == (False, "no sentence aligns")
    whole = verdict(compare(feats(WIRE), feats(WIRE)))
    assert whole == (True, f"{len(feats(WIRE).sentences)} aligned sentences")
    # A one-sentence excerpt set into another page: one aligned sentence and no passage.
    excerpt = verdict(compare(feats(page([*HOST[:4], PARAGRAPHS[5], *HOST[4:]], title=None)), feats(WIRE)))
    assert excerpt == (False, "1 aligned sentence and no passage around it (2 needed)")


MARCH = datetime(2026, 3, 14, 6, 30, tzinfo=timezone.utc)
FOLLOW_UP = """Calder Bay dockworkers voted on Monday to accept a new pay deal, ending a month-long strike that had halted grain shipments from the port.

The agreement gives the union's members a raise of 6 percent over three years, the union said, and Brightwater Holdings agreed to hire 120 more crane operators.

The first bulk carriers began loading wheat on Monday evening, and the port authority said it expected the backlog to clear within two weeks.

{background}

Farm groups said inland storage had eased as trucks diverted grain to the rail terminals of the southern coast.
"""


def follow_up(background: list[str], days: float) -> Features:
    text = FOLLOW_UP.format(background="\n\n".join(background))
    return extract(text, CONFIG, "Calder Bay dockers accept pay deal, strike ends",
                   MARCH + timedelta(days=days))


def test_a_later_story_that_repeats_background_lines_is_not_derived() -> None:
    # A story of a month later that repeats two background lines of the strike story (the
    # port's share of exports, the concession) is a follow-up, not a rewrite of it.
    wire = extract(WIRE, CONFIG, TITLE, MARCH)
    background = [PARAGRAPHS[4], PARAGRAPHS[9]]
    stats = compare(follow_up(background, 31), wire)
    assert stats.days_apart == pytest.approx(31.0) and 2 <= stats.n_aligned < LEAD_EXEMPT
    decided = verdict(stats)
    assert not decided.related and not is_related(stats.swapped())
    assert decided.reason == (f"published 31 days apart with {stats.n_aligned} aligned sentences "
                              f"({LEAD_EXEMPT} needed {NEWS_CYCLE_DAYS:.0f} days or more apart)")
    # The same text on the day after: an update built on the story.
    assert is_related(compare(follow_up(background, 1), wire))
    # Without times, the text alone decides, as it did before.
    assert is_related(compare(dataclasses.replace(follow_up(background, 31), published_at=None), wire))
    # A late reprint of the whole story is a copy however late it comes.
    reprint = extract(WIRE, CONFIG, TITLE, MARCH + timedelta(days=200))
    assert is_related(compare(reprint, wire))


def test_a_same_day_write_through_that_changes_the_figures_is_an_update() -> None:
    # The agency's evening version: a new lead, four sentences restated with new figures, three
    # paragraphs of its own, and three background paragraphs carried over word for word.
    own = ["Talks between the union and Brightwater broke down again on Thursday evening after the company "
           "refused to improve its offer, the union said.",
           "Grain traders said at least two buyers in North Africa had begun seeking cargoes from other ports, "
           "and freight rates for the region rose sharply.",
           "Police said about 200 strikers marched from the union hall to the port authority building in the "
           "afternoon, and the march passed off peacefully."]
    update = [
        PARAGRAPHS[0].replace("walked off the job at 6 a.m. on Thursday",
                              "stayed off the job for a second shift on Thursday evening").replace("$42", "$45"),
        own[0], PARAGRAPHS[1].replace("3,800", "4,100").replace("six terminals", "seven terminals"), own[1],
        PARAGRAPHS[4].replace("At least 27", "At least 34").replace("Thursday afternoon", "Thursday evening"),
        own[2], PARAGRAPHS[5].replace("2.3 percent", "3.1 percent"), *PARAGRAPHS[7:10],
    ]
    title = "Calder Bay strike enters second shift as talks break down again"
    wire = extract(WIRE, CONFIG, TITLE, MARCH)
    evening = extract(page(update, title=None), CONFIG, title, MARCH + timedelta(hours=8))
    stats = compare(evening, wire)
    assert stats.figure_conflicts >= 3 and 2 * stats.figure_conflicts >= stats.n_aligned and stats.carried >= 3
    assert is_related(stats)
    # Mostly its own text around what it carried over: a rewrite of the story, no copy.
    assert stats.a_kept < COPY_OWN_SHARE and relation_of(stats) == "rewrite"
    # A day later, or without times, the same text is the next issue of a recurring report.
    for published in (MARCH + timedelta(days=1), None):
        later = verdict(compare(dataclasses.replace(evening, published_at=published), wire))
        assert not later.related and later.reason.startswith("a recurring report: 3 sentences")
    # The whole story carried word for word under a longer local section is a copy.
    local = " ".join(own) + " " + " ".join(own[::-1])
    copied = extract(page([*PARAGRAPHS, local, local.replace("union", "workers' union"),
                           local.replace("Police", "Officers")], title=None), CONFIG,
                     "Port strike hits grain farmers in our county", MARCH + timedelta(hours=3))
    whole = compare(copied, wire)
    assert whole.a_kept < COPY_OWN_SHARE and relation_of(whole) == "copy"


def test_two_same_day_issues_of_a_series_are_no_update() -> None:
    # A 13-week and a 26-week bill auction of one Monday: three sentences of boilerplate carried
    # word for word, three restated with other figures. No more kept than changed: a series.
    boiler = ["The bid-to-cover ratio measures the value of bids received against the value of bills sold, "
              "and is watched by dealers as a gauge of demand.",
              "Indirect bidders, a category that includes foreign central banks and other overseas buyers, bid "
              "through primary dealers.",
              "The Treasury publishes the results of its bill auctions on its website shortly after the bidding "
              "closes at 11:30 a.m. in Washington."]

    def auction(weeks: int, rate: str, cover: str, amount: int, indirect: str, prev: str) -> str:
        return "\n\n".join([
            boiler[0],
            f"The U.S. Treasury sold ${amount} billion of {weeks}-week bills on Monday at a high rate of {rate} "
            "percent, the Treasury Department said.",
            f"Demand was solid, with a bid-to-cover ratio of {cover}, and indirect bidders took {indirect} percent "
            "of the bills on offer at the sale.",
            f"At the previous sale of the bills, the high rate was {prev} percent, and dealers had been awarded "
            "about a fifth of the bills.", *boiler[1:]])

    first = extract(auction(13, "4.215", "2.88", 76, "61.2", "4.220"), CONFIG, "US sells 13-week bills at 4.215 pct",
                    MARCH)
    second = extract(auction(26, "4.105", "3.02", 70, "58.4", "4.110"), CONFIG, "US sells 26-week bills at 4.105 pct",
                     MARCH + timedelta(minutes=2))
    stats = compare(second, first)
    assert stats.carried >= 3 and stats.figure_conflicts == stats.n_aligned
    assert verdict(stats).reason.startswith("a recurring report")


def test_a_lead_echoing_a_closing_line_of_the_story_loosely_is_no_shared_lead() -> None:
    from tracker.align import Link

    # The day-after story's lead aligns loosely with the story's own lead: shared.
    wire = extract(WIRE, CONFIG, TITLE, MARCH)
    stats = compare(follow_up([PARAGRAPHS[4], PARAGRAPHS[9]], 1), wire)
    lead = next(k for k in stats.links if k.left == 0)
    assert lead.right == 0 and lead.score < PASSAGE_LINK_SCORE and verdict(stats).related
    # Against a closing line of the story ("talks are scheduled to resume on Saturday"), as
    # loosely, it is no shared lead: a follow-up that repeats background lines.
    late = [dataclasses.replace(k, right=len(wire.sentences) - 1) if k is lead else k for k in stats.links]
    refused = verdict(dataclasses.replace(stats, links=tuple(late)))
    assert not refused.related and "no lead sentence shared" in refused.reason
    # Closely, it is.
    close = [dataclasses.replace(k, score=PASSAGE_LINK_SCORE) if k.left == 0 else k for k in late]
    assert verdict(dataclasses.replace(stats, links=tuple(close))).related


def test_a_template_bulletin_for_another_region_with_other_figures_is_a_series_item() -> None:
    # Six sentences of boilerplate align; the region and every figure differ. The next issue
    # of a series for another subject, not a copy that changed them.
    def bulletin(region: str, river: str, rain: str, gust: str, until: str) -> str:
        return "\n\n".join([
            f"The national weather service issued an orange warning for heavy rain in {region} on Tuesday, saying "
            f"up to {rain} millimetres could fall within 24 hours.",
            f"Gusts of up to {gust} km per hour are expected on high ground, and the {river} river is forecast to "
            "rise quickly, the service said.",
            "An orange warning means that severe weather is likely and that people should be prepared for "
            "disruption to travel, power and other services.",
            "Residents are advised to avoid unnecessary journeys, to keep away from rivers and streams, and to "
            "follow the instructions of the emergency services.",
            "Drivers should not attempt to cross flooded roads, the service said, as even shallow water can sweep "
            "a car away.",
            "The service said it would review the warning at noon on Wednesday and update it on its website and "
            "through its mobile application.",
            "Farmers should move livestock away from low-lying fields and check that drainage ditches are clear, "
            "the agriculture ministry said.",
            "Schools will decide on Wednesday morning whether to open, and parents should check with them before "
            "setting out, local officials said.",
            f"The warning is in force until {until} on Wednesday."])

    first = extract(bulletin("Rennick Valley", "Aske", "120", "80", "6 p.m."), CONFIG,
                    "Orange rain warning issued for Rennick Valley", MARCH)
    second = extract(bulletin("Harlow Downs", "Tarrow", "90", "60", "9 p.m."), CONFIG,
                     "Orange rain warning issued for Harlow Downs", MARCH + timedelta(hours=9))
    stats = compare(second, first)
    assert stats.n_aligned >= LEAD_EXEMPT and 2 <= stats.figure_conflicts < stats.n_aligned
    assert verdict(stats).reason.startswith("items about different subjects")
    # The same bulletin reissued for its own region with new figures is no other subject.
    reissued = extract(bulletin("Rennick Valley", "Aske", "150", "90", "9 p.m."), CONFIG,
                       "Orange rain warning for Rennick Valley extended", MARCH + timedelta(hours=9))
    assert not compare(reissued, first).other_subjects


def test_another_quarters_notice_is_not_the_same_notice() -> None:
    # Quarterly dividend notices repeat the last one word for word; only the dates move.
    notice = "Qtly div 22 cts vs 22 cts prior\n\nPay {pay}\n\nRecord {record}\n"
    march = extract(notice.format(pay="April 10", record="March 30"), CONFIG,
                    "HARBOUR ROPE WORKS <HRW> SETS QUARTERLY", MARCH)
    june = extract(notice.format(pay="July 10", record="June 29"), CONFIG,
                   "HARBOUR ROPE WORKS <HRW> SETS QUARTERLY", MARCH + timedelta(days=91))
    assert not is_related(compare(june, march))
    assert verdict(compare(june, march)).reason.startswith("published 91 days apart with 1 aligned sentence")
    # Two hours apart, the text alone decides: the two notices align whole.
    refiled = dataclasses.replace(june, published_at=MARCH + timedelta(hours=2))
    assert is_related(compare(refiled, march))


def test_a_correction_weeks_later_still_derives_from_its_item() -> None:
    original = dataclasses.replace(results("HARBOUR ROPE WORKS <HRW>"), published_at=MARCH)
    correction = dataclasses.replace(
        results("HARBOUR ROPE WORKS <HRW>", net="4.7", revs="82.8",
                note=" (Corrects net and revenues in item of March 14.)"),
        published_at=MARCH + timedelta(days=12))
    stats = compare(correction, original)
    assert stats.days_apart == pytest.approx(12.0) and stats.correction == 1
    assert is_related(stats)


def test_a_story_under_another_headline_needs_a_shared_lead() -> None:
    # The same day, a story on the grain trade repeats three background lines of the strike
    # story, but neither its headline nor its lead: a follow-up, as between any two headlined
    # items that share no lead.
    text = "\n\n".join([
        "Grain traders in the south of the country said on Thursday they had begun to send "
        "cargoes by rail to the terminals of Port Sorrel, where loading rates doubled this week.",
        "Two trading houses said they had chartered extra wagons for the rest of the month.",
        PARAGRAPHS[5], PARAGRAPHS[7], PARAGRAPHS[9],
        "Rail operators said the line to Port Sorrel could carry another 20 trains a week.",
    ])
    later = extract(text, CONFIG, "Grain traders reroute cargoes to southern rail terminals", MARCH)
    wire = extract(WIRE, CONFIG, TITLE, MARCH)
    stats = compare(later, wire)
    assert stats.titles is not None and stats.titles < 0.5
    assert 3 <= stats.n_aligned < LEAD_EXEMPT
    assert not any(min(k.left, k.right) < 2 for k in stats.links)
    decided = verdict(stats)
    assert decided == (False, f"different headlines and no lead sentence shared ({stats.n_aligned} aligned "
                              f"sentences, {LEAD_EXEMPT} needed)")
    # Untitled, the page embeds three passages of the story: partial reuse, linked.
    assert is_related(compare(feats(text), feats(WIRE)))
    # A copy under a new headline shares its lead.
    retitled = extract(NEW_HEADLINE, CONFIG, "Grain piles up as Calder Bay dockers strike over pay", MARCH)
    assert verdict(compare(retitled, wire)).reason.startswith("different headlines, but")


FROST = [
    "Frost across the northern plains damaged the winter wheat crop this week, agronomists at the "
    "state university said on Tuesday.",
    "Wheat futures rose in Chicago trading as the frost reports spread, their biggest gain in weeks, "
    "dealers said.",
    "The university's crop survey covers about 2,000 farms in four provinces.",
    "Growers said it was too early to count losses, and that a warm spell could still save much of "
    "the crop.",
    "The weather service expects temperatures to climb above freezing by the weekend.",
    "Insurers said claims for frost damage usually arrive a month after the harvest.",
    "Farm groups said inland silos were already full after last year's harvest.",
    "The agriculture ministry will publish its first crop estimate in June.",
]


def test_two_weak_matches_far_apart_are_chance() -> None:
    # A frost story shares two loose lines with the strike story (wheat futures rose, silos
    # were full), far apart on both pages: what two farm-news pages share by chance.
    stats = compare(feats(page(FROST, title=None)), feats(WIRE))
    assert stats.n_aligned == 2 and all(k.score < PASSAGE_LINK_SCORE for k in stats.links)
    assert verdict(stats) == (False, f"2 aligned sentences, both under {PASSAGE_LINK_SCORE} and more "
                                     f"than {TOGETHER} sentences apart on both pages")
    # The same two lines next to each other on one page are a passage drawn from the other.
    together = [FROST[0], FROST[1], FROST[6], *FROST[2:6], FROST[7]]
    assert verdict(compare(feats(page(together, title=None)), feats(WIRE))) == (True, "2 aligned sentences")
    # One of them copied closely is a strong match.
    strong = [*FROST[:6], PARAGRAPHS[7], FROST[7]]
    assert is_related(compare(feats(page(strong, title=None)), feats(WIRE)))


def test_closeness_is_read_between_two_statements() -> None:
    from tracker.align import Link
    from tracker.verify import _strong_or_together

    def weak(left: int, right: int, joined: bool = False) -> Link:
        return Link(left, right, 0.5, 0.3, joined)

    # Close on either page is a passage.
    assert _strong_or_together((weak(3, 10), weak(5, 30)))
    assert _strong_or_together((weak(3, 10), weak(30, 12)))
    # Far apart on both pages is not.
    assert not _strong_or_together((weak(3, 10), weak(30, 40)))
    # One sentence matched to two lines far apart, and a cut sentence's further piece, are
    # one statement: they say nothing of closeness.
    assert not _strong_or_together((weak(3, 10), weak(3, 40), weak(30, 60)))
    assert not _strong_or_together((weak(3, 10), weak(4, 10, joined=True), weak(30, 60)))
    # One strong link is enough.
    assert _strong_or_together((Link(3, 10, PASSAGE_LINK_SCORE, 0.5), weak(30, 40)))


def test_a_time_without_a_zone_is_utc() -> None:
    naive = extract(WIRE, CONFIG, TITLE, datetime(2026, 3, 14, 6, 30))
    assert naive.published_at == MARCH
    assert compare(naive, extract(WIRE, CONFIG, TITLE, MARCH)).days_apart == 0.0


# --- two agencies at one press conference ----------------------------------------------------

MINE_A_TITLE = "Four miners rescued alive after three days trapped at Kallio"
MINE_A = """KALLIO, June 4 (Halden) - Rescue teams brought four miners to the surface alive on Tuesday, three days after a rockfall trapped them 400 metres underground at the Kallio zinc mine.

The men were flown to the regional hospital in Orsa, where doctors said all four were in stable condition.

"They did exactly what they were trained to do, and that is why they are alive," Ferrona chief executive Mikael Aho told a news conference at the mine.

The rockfall blocked the main haulage tunnel early on Saturday, cutting the men off from the rest of the shift.

"It was slow work, because every metre we cleared we had to secure the roof behind us," said rescue commander Liisa Rantanen.

Aho said the company would pay for an independent inquiry into the collapse.

"We will not restart production until we understand what happened," he said.

Ferrona shares fell 6.3 percent in Helsinki on Monday but recovered 2.1 percent on Tuesday.

The mine employs 640 people and produced 48,000 tonnes of zinc concentrate last year."""
MINE_B_TITLE = "Kallio miners saved as rescuers tunnel through collapsed shaft"
MINE_B_LEAD = "ORSA, June 4 (Tidewater) - Four men who spent 72 hours trapped in a Finnish zinc mine were hauled out on Tuesday by rescuers who had dug through tonnes of fallen rock."
MINE_B_REST = """Paramedics said the men were dehydrated but able to walk to the waiting helicopter.

"They did exactly what they were trained to do, and that is why they are alive," Ferrona chief executive Mikael Aho said at a press briefing at the site.

"It was slow work, because every metre we cleared we had to secure the roof behind us," rescue commander Liisa Rantanen told reporters.

"We will not restart production until we understand what happened," Aho said.

Ferrona's stock, which slid 6.3 percent on Monday, rose 2.1 percent in Helsinki trading on Tuesday.

The Kallio mine, which has 640 employees, turned out 48,000 tonnes of zinc concentrate last year, the company says.

Unions have called for a national review of safety rules in deep mines."""


def test_quotations_shared_by_two_agencies_do_not_make_one_story_the_others_source() -> None:
    # Two agencies report one rescue in their own words and quote the same three statements
    # from one news conference, with two facts and figures in common: five aligned
    # sentences, three of them quotations, no lead shared. Not a derivation.
    wire = extract(MINE_A, CONFIG, title=MINE_A_TITLE)
    other = extract(MINE_B_LEAD + "\n\n" + MINE_B_REST, CONFIG, title=MINE_B_TITLE)
    stats = compare(other, wire)
    assert (stats.n_aligned, stats.quoted) == (5, 3)
    found = verdict(stats)
    assert not found.related
    assert "3 of them quotations" in found.reason
    # The same page with the wire story's lead is a rewrite of it.
    taken = extract(MINE_A.split("\n\n")[0] + "\n\n" + MINE_B_REST, CONFIG, title=MINE_B_TITLE)
    assert verdict(compare(taken, wire)).related


FLOOD_A = """DORNSTADT, May 7 (Harbour Wire) - The Dornstadt government will spend 1.2 billion euros over five years to rebuild flood defences along the Oster river, Prime Minister Anna Lindqvist announced on Thursday.

Speaking at a news conference in the capital, Lindqvist said the money would pay for raising 85 kilometres of embankments and building three new retention basins upstream of Vellmar.

"What happened in Vellmar must never happen again," Lindqvist said. "We owe the families of the victims more than sympathy. The money is there, and the diggers will be on site before the autumn rains."

The plan is to be financed partly by a temporary levy on insurance premiums, which opposition parties criticised as a tax on households.

Work on the first basin near the village of Ebbel is due to start in September."""

FLOOD_B = """Prime Minister Anna Lindqvist on Thursday unveiled a five-year, 1.2 billion euro programme to strengthen river defences after last week's deadly floods in Vellmar, where 11 people died.

"What happened in Vellmar must never happen again," she told reporters in Dornstadt. "We owe the families of the victims more than sympathy. The money is there, and the diggers will be on site before the autumn rains."

A new surcharge on home and car insurance will cover part of the cost. Critics in parliament called it an unfair burden at a time of high inflation.

Residents of Vellmar, many still in emergency housing, gave the announcement a cautious welcome."""


def test_a_quotation_over_several_sentences_does_not_count_towards_the_three_sentences() -> None:
    # Two agencies under their own headlines: a lead that tells the same news in other words
    # and one quotation of three sentences from the news conference. Not a derivation.
    a_title = "Dornstadt to spend 1.2 bln euros on flood defences after Vellmar disaster"
    b_title = "Government unveils flood defence plan after Vellmar deaths"
    a = extract(FLOOD_A, CONFIG, a_title, source="harbourwire.example")
    b = extract(FLOOD_B, CONFIG, b_title, source="nordicpress.example")
    stats = compare(b, a)
    assert stats.n_aligned == 3 and stats.quoted == 2
    # Each tells under half of the other, and its one line of its own in other words: two
    # reports of one news conference. The same holds when one outlet published both (its
    # second item on the plan repeats the quotation, which does not make it a version of the
    # first: a version tells most of it, as on the labelled Reuters pairs).
    for source in ("nordicpress.example", "harbourwire.example"):
        found = verdict(compare(extract(FLOOD_B, CONFIG, b_title, source=source), a))
        assert not found.related and found.reason.startswith("two reports of one subject")
    # The quotation is no line of their own: wording and carried lines leave it out.
    assert stats.own_wording < COPY_LEXICAL <= stats.lexical and stats.carried == 0


RULING_A = """VELLMARK, June 3 (Harbour Wire) - The Constitutional Court on Tuesday struck down the data retention law passed by parliament last year, ruling that it gave the interior ministry unchecked access to citizens' phone records.

Chief Justice Maren Holt read the ruling to a packed courtroom: "The law as written gives the ministry powers over the private lives of citizens that no court can review. Such a measure cannot be reconciled with the guarantees of privacy the constitution gives every person in this country. It is therefore void from the day this judgment is published," she said.

Interior Minister Karl Haberl said the government would draft a new bill before the summer recess.

Civil liberties groups, which brought the case in 2024, celebrated outside the court building."""

RULING_B = """The country's highest court has annulled the contested data retention law, dealing a heavy blow to the interior ministry's plans to monitor telephone traffic.

In a unanimous decision, the judges found that the law went far beyond what was needed to fight serious crime, Chief Justice Maren Holt said.

"The law as written gives the ministry powers over the private lives of citizens that no court can review. Such a measure cannot be reconciled with the guarantees of privacy the constitution gives every person in this country. It is therefore void from the day this judgment is published," Holt said.

Opposition parties demanded the minister's resignation, while legal experts expected a quick rewrite of the bill."""


def test_a_quotation_whose_middle_sentence_has_no_marks_counts_as_a_quotation() -> None:
    # Two outlets' own stories of one ruling, both reproducing the court's three-sentence
    # statement word for word: the statement is the court's, not copied from each other. Its
    # middle sentence carries no quotation mark; read with its paragraph, it is quoted.
    a = extract(RULING_A, CONFIG, "Court strikes down data retention law", source="harbourwire.example")
    b = extract(RULING_B, CONFIG, "Top court annuls phone data law in blow to ministry",
                source="capitalpost.example")
    stats = compare(b, a)
    assert stats.n_aligned >= 3 and stats.quoted == 3, stats
    found = verdict(stats)
    # Under half of either told, and nothing of their own in common: two reports.
    assert not found.related and found.reason.startswith("two reports of one subject"), found
    assert "only quotations are word for word" in found.reason


RULING_RETOLD = """The Constitutional Court on Tuesday threw out parliament's data retention law, finding that it handed the interior ministry unchecked access to citizens' phone records.

Chief Justice Maren Holt read the ruling to a packed courtroom: "The law as written gives the ministry powers over the private lives of citizens that no court can review. Such a measure cannot be reconciled with the guarantees of privacy the constitution gives every person in this country. It is therefore void from the day this judgment is published," she said.

A new bill will be drafted by the government ahead of the summer recess, Interior Minister Karl Haberl told reporters.

Outside the building, the civil liberties groups that went to court in 2024 celebrated the ruling."""


def test_a_retelling_that_keeps_the_quotations_word_for_word_is_a_rewrite_not_a_copy() -> None:
    # Every sentence of the wire story aligns; the three of the court's statement are word for
    # word, the writer's own three are reworded. Read over all six, the wording is a copy's
    # (mean Jaccard 0.76, word pairs kept as well as words); over the writer's own, it is not.
    wire = extract(RULING_A, CONFIG, "Court strikes down data retention law", source="harbourwire.example")
    retold = extract(RULING_RETOLD, CONFIG, "Court strikes down data retention law", source="harbourwire.example")
    stats = compare(retold, wire)
    assert stats.n_aligned == 6 and stats.quoted == 3 and stats.lexical > COPY_LEXICAL, stats
    assert stats.wording < COPY_LEXICAL and relation_of(stats) == "rewrite"
    # The same story with the writer's sentences kept as well is a copy.
    copied = extract(RULING_A, CONFIG, "Court strikes down data retention law", source="otherpaper.example")
    assert relation_of(compare(copied, wire)) == "copy"


RECALL_WIRE = """STUTTBRIDGE, May 11 (Ledgerwire) - Kessel Motors is recalling 184,000 Orma sport-utility vehicles built between March 2023 and August 2025 because a faulty brake pressure sensor can disable automatic emergency braking, the carmaker said on Monday.

The company said it knew of 37 crashes and 9 minor injuries that may be linked to the fault, but no deaths.

Dealers will replace the sensor free of charge from June 2, a repair that takes about 90 minutes.

Owners will be notified by letter, and the company has set up a hotline for questions.

The recall covers vehicles sold in 31 countries, most of them in Europe and North America.

Regulators in three countries had opened inquiries into the sensor after complaints from drivers last autumn.

The fault was traced to a supplier's component that degrades in cold and humid weather, the company said.

Kessel shares fell 3.4 percent in early trading in Frankfurt.

Analysts estimated the cost of the recall at about 60 million euros, well within the company's warranty provisions."""

RECALL_BRIEF = """Kessel Motors is recalling 184,000 Orma SUVs because a faulty brake pressure sensor can disable automatic emergency braking, Ledgerwire reported.

The company said it knew of 37 crashes that may be linked to the fault.

Dealers will replace the sensor free of charge from June 2.

Kessel shares fell 3.4 percent in early trading in Frankfurt."""


def test_a_brief_of_trimmed_sentences_is_a_summary_and_a_trimmed_copy_a_copy() -> None:
    # Four sentences of the wire story, each cut short (the model years, the injuries, the
    # repair time left out): word for word as far as they go, and a summary. The story's first
    # four paragraphs whole are a trimmed copy.
    wire = extract(RECALL_WIRE, CONFIG, "Kessel recalls 184,000 Orma SUVs over brake sensor",
                   source="ledgerwire.example")
    brief = extract(RECALL_BRIEF, CONFIG, "Kessel recalls Orma SUVs", source="briefly.example")
    stats = compare(brief, wire)
    assert stats.n_aligned == 4 and stats.verbatim >= 0.9 and stats.compression <= SUMMARY_COMPRESSION, stats
    assert relation_of(stats) == "summary" and relation_of(stats.swapped()) != "summary"
    trimmed = extract("\n\n".join(RECALL_WIRE.split("\n\n")[:4]), CONFIG, "Kessel recalls Orma SUVs",
                      source="briefly.example")
    assert relation_of(compare(trimmed, wire)) == "copy"


def test_a_digest_of_trimmed_sentences_from_across_its_source_is_a_summary_a_cut_copy_a_copy() -> None:
    # A digest that picks four of the story's nine paragraphs from its lead to its end, and
    # cuts a clause from most of them, condenses the story (though each sentence keeps most of
    # its words: too many for a brief of trimmed sentences). The same four paragraphs whole are
    # a copy cut for length, as is one that drops a paragraph of the middle, and a trimmed copy
    # (the first paragraphs): they keep their sentences whole.
    wire = extract(RECALL_WIRE, CONFIG, "Kessel recalls 184,000 Orma SUVs over brake sensor",
                   source="ledgerwire.example")
    paragraphs = RECALL_WIRE.split("\n\n")

    def told(text: str) -> tuple[str, PairStats]:
        stats = compare(extract(text, CONFIG, "Kessel recalls Orma SUVs", source="briefly.example"), wire)
        return relation_of(stats), stats

    digest = "\n\n".join([
        paragraphs[0].replace(", the carmaker said on Monday.", "."),
        paragraphs[2].replace(", a repair that takes about 90 minutes.", "."),
        paragraphs[5].replace(" last autumn.", "."),
        paragraphs[8].replace(", well within the company's warranty provisions.", "."),
    ])
    relation, stats = told(digest)
    assert SUMMARY_COMPRESSION < stats.a_keeps < 1.0 and stats.a_picks <= 0.6 and not stats.a_merges, stats
    assert relation == "summary"
    relation, stats = told("\n\n".join(paragraphs[i] for i in (0, 2, 5, 8)))
    assert stats.a_keeps == 1.0 and stats.a_picks <= 0.6 and relation == "copy"
    assert told("\n\n".join(paragraphs[:4]))[0] == "copy"
    assert told("\n\n".join(paragraphs[i] for i in (0, 1, 2, 4, 5)))[0] == "copy"
    # A source that restates a kept line near its end: the trimmed copy's line also aligns
    # there, more weakly; it still takes a run.
    restated = RECALL_WIRE + "\n\nThe recall covers 184,000 Orma vehicles sold in 31 countries, the company said."
    wire_again = extract(restated, CONFIG, "Kessel recalls 184,000 Orma SUVs over brake sensor",
                         source="ledgerwire.example")
    trimmed = extract("\n\n".join(paragraphs[:5]), CONFIG, "Kessel recalls Orma SUVs", source="briefly.example")
    stats = compare(trimmed, wire_again)
    assert max(k.right for k in stats.links) == len(wire_again.sentences) - 1, stats.links
    assert stats.condensation <= 0.6 < stats.a_picks


def test_a_much_shorter_telling_that_joins_sentences_is_a_summary_though_it_tells_most_of_its_source() -> None:
    wire = extract(RECALL_WIRE, CONFIG, "Kessel recalls 184,000 Orma SUVs over brake sensor",
                   source="ledgerwire.example")
    brief = extract(RECALL_BRIEF, CONFIG, "Kessel recalls Orma SUVs", source="briefly.example")
    # Told in half the words, most of the source's sentences kept in part, two joined in one:
    # as a summary of a short story is written.
    stats = dataclasses.replace(compare(brief, wire), b_coverage=0.72, compression=0.9, verbatim=0.6)
    assert relation_of(dataclasses.replace(stats, a_merges=1)) == "summary"
    assert relation_of(dataclasses.replace(stats, a_merges=0)) != "summary"


RECALL_SUMMARY = """A faulty brake pressure sensor that can switch off automatic emergency braking has led Kessel Motors to recall 184,000 of its Orma sport-utility vehicles, the carmaker said on Monday.

The carmaker, whose shares fell 3.4 percent in Frankfurt, said dealers would fit a new sensor from June 2, and analysts put the cost near 60 million euros.

After drivers complained last autumn, regulators in three countries opened inquiries into the sensor."""


def test_a_summary_of_three_sentences_under_its_own_headline_links_by_two_strong_matches() -> None:
    # Its middle sentence joins three of the story's and aligns with none: two aligned
    # sentences, where different headlines ask for three. It opens with the story's lead,
    # names the headline's subjects, is under 0.6 of the story's length, and both of its
    # aligned sentences match strongly.
    wire = extract(RECALL_WIRE, CONFIG, "Kessel recalls 184,000 Orma SUVs over brake sensor",
                   source="ledgerwire.example")
    summary = extract(RECALL_SUMMARY, CONFIG, "Brake fault forces Kessel Orma recall", source="briefly.example")
    stats = compare(summary, wire)
    assert stats.n_aligned == 2 and stats.titles is not None and stats.titles < 0.5, stats
    found = verdict(stats)
    assert found.related and "opening with the other's lead" in found.reason, found
    assert relation_of(stats) == "summary"
    # A weak match among the two is what two stories of one subject share: refused, unless
    # what the short item states is (nearly) all the story's (the rule of its names and figures).
    weak = dataclasses.replace(stats, links=tuple(dataclasses.replace(k, score=0.5) if k.left else k
                                                  for k in stats.links))
    assert stats.marks_kept >= SUMMARY_KEPT and verdict(weak).related
    assert not verdict(dataclasses.replace(weak, marks_kept=0.5)).related
    # So is a short item that does not open with the story's lead.
    assert stats.leads and not verdict(dataclasses.replace(stats, leads=False, marks_kept=0.5)).related
    # A headline written into the body above the lead is no lead.
    headed = extract("Brake fault forces Kessel Orma recall\n\n" + RECALL_SUMMARY, CONFIG,
                     "Brake fault forces Kessel Orma recall", source="briefly.example")
    assert verdict(compare(headed, wire)).related


def test_a_summary_that_also_quotes_a_line_links_as_one_that_does_not() -> None:
    # Between two outlets a quotation does not count towards the three sentences different
    # headlines ask for: with it, the summary still aligns two of its own, and links.
    quote = ('"We take the safety of every driver extremely seriously and we apologise to our customers for the '
             'inconvenience," chief executive Anna Berg said in a statement.')
    wire = extract(RECALL_WIRE + "\n\n" + quote, CONFIG, "Kessel recalls 184,000 Orma SUVs over brake sensor",
                   source="ledgerwire.example")
    summary = extract(RECALL_SUMMARY + "\n\n" + quote, CONFIG, "Brake fault forces Kessel Orma recall",
                      source="briefly.example")
    stats = compare(summary, wire)
    assert stats.n_aligned == 3 and stats.quoted == 1 and stats.short_named, stats
    assert verdict(stats).related


INTERVIEW = """Harbour Authority chief Lena Voss told the Meridian Gazette in an exclusive interview on Tuesday that the port would cut a third of its berths by 2028.

"We cannot keep paying for quays that stand empty for half the year. The cargo lines have moved north, and they are not coming back. I would rather tell people that now than in five years," Voss said.

"The berths we keep will be automated, and we will retrain every crane operator who wants to stay. Nobody will be pushed out of a job without an offer," she said.

"I know the unions will fight this. They have every right to, and my door is open to them," Voss added.

The authority's board will vote on the plan next month."""

INTERVIEW_COPY = """Harbour Authority chief Lena Voss said in an interview with the Meridian Gazette published on Tuesday that the port will cut a third of its berths by 2028.

"We cannot keep paying for quays that stand empty for half the year. The cargo lines have moved north, and they are not coming back. I would rather tell people that now than in five years," Voss said.

"The berths we keep will be automated, and we will retrain every crane operator who wants to stay. Nobody will be pushed out of a job without an offer," she said.

"I know the unions will fight this. They have every right to, and my door is open to them," Voss added.

The board of the authority votes on the plan next month."""


def test_an_interview_copied_whole_is_a_copy_though_most_of_it_is_quotations() -> None:
    # Seven of nine aligned sentences are the interviewee's words, word for word; the two
    # framing lines are lightly edited. Quotations are most of what aligns: the whole is read.
    stats = compare(extract(INTERVIEW_COPY, CONFIG, "Port to cut a third of its berths", source="aggregator.example"),
                    extract(INTERVIEW, CONFIG, "Port chief: a third of berths to go",
                            source="meridiangazette.example"))
    assert stats.quoted == 7 and stats.n_aligned == 9, stats
    assert relation_of(stats) == "copy"


PORT_WIRE_TITLE = "Kestrel port strike halts grain exports for second day"
PORT_WIRE = """KESTREL, Oct 14 (Harbour Wire) - A strike by dock workers at the port of Kestrel halted grain exports for a second day on Tuesday, leaving 23 bulk carriers waiting at anchor, the port authority said.

The Kestrel Dockers Union walked out on Monday after talks on a new three-year wage agreement broke down over the employers' offer of a 4.5 percent annual rise.

Union secretary Marta Okafor said members would stay out until the offer matched inflation, which reached 7.1 percent in September.

The port handles about 40 percent of the country's wheat and barley exports, most of it bound for North Africa.

Grain traders said buyers in Egypt and Algeria had begun asking for cargoes from other ports, and that freight rates from Kestrel had risen by 12 dollars a tonne since Friday.

The employers' association said it had no plans to improve its offer and urged the union to accept mediation by the labour ministry.

A ministry spokesman said the minister would meet both sides on Thursday.

Farmers' groups warned that silos in the interior were close to full after a record harvest."""

PORT_OTHER_TITLE = "Dock walkout leaves grain ships idle at Kestrel as union rejects pay deal"
PORT_OTHER = """Twenty-three bulk carriers sat idle off Kestrel on Tuesday as a walkout by dock workers stopped grain loading for a second straight day, port officials said.

Dockers rejected a 4.5 percent yearly pay rise on Monday and left the quays when wage talks collapsed.

"We have been patient for two years. Our families cannot live on promises," crane operator Tomas Brandt told reporters at the harbour gate.

Shipping agents said several vessels had been diverted to Port Aldous, 200 kilometres to the south, where berths were already scarce.

Local shopkeepers near the docks said business had fallen sharply since the stoppage began.

Police reported no incidents at the picket lines, which were joined by about 300 workers on Tuesday morning.

The strike is the first at Kestrel since 2011, when a two-week stoppage cost exporters an estimated 90 million dollars."""

PORT_BRIEF_TITLE = "Kestrel dock strike strands grain ships"
PORT_BRIEF = """Twenty-three grain ships are waiting off Kestrel after dockers stopped work for a second day on Tuesday, according to the port authority.

The walkout started on Monday when negotiations on a wage agreement collapsed; employers had proposed 4.5 percent a year.

Egyptian and Algerian buyers are turning to other ports, traders said, as freight from Kestrel climbed 12 dollars a tonne."""


def test_two_reports_of_one_event_in_their_own_words_are_not_derived_but_a_brief_of_one_is() -> None:
    # Two desks report one strike under their own headlines: the lead and the pay offer are
    # told by both, in other words, and each tells mostly its own. Neither derives from the
    # other, whichever way round.
    wire = extract(PORT_WIRE, CONFIG, PORT_WIRE_TITLE)
    other = extract(PORT_OTHER, CONFIG, PORT_OTHER_TITLE)
    stats = compare(other, wire)
    assert stats.n_aligned >= 2 and max(stats.a_coverage, stats.b_coverage) < TOLD_COVERAGE
    assert stats.wording < COPY_LEXICAL
    for found in (verdict(stats), verdict(stats.swapped())):
        assert not found.related and found.reason.startswith("two reports of one subject")
    # Without headlines (passages inside longer pages) the rule does not apply.
    assert not verdict(dataclasses.replace(stats, titles=None)).reason.startswith("two reports")
    # A brief of the wire story in other words tells most of itself from it: derived.
    brief = extract(PORT_BRIEF, CONFIG, PORT_BRIEF_TITLE)
    told = compare(brief, wire)
    assert told.a_coverage >= TOLD_COVERAGE and told.wording < COPY_LEXICAL
    assert verdict(told).related
    # A follow-up that carries two of the wire story's lines over word for word keeps its link
    # (it derives in part); the same lines told in other words are another report.
    carried = PORT_OTHER + "\n\n" + "\n\n".join(PORT_WIRE.split("\n\n")[6:8])
    follow = compare(extract(carried, CONFIG, PORT_OTHER_TITLE), wire)
    assert follow.wording >= COPY_LEXICAL and max(follow.a_coverage, follow.b_coverage) < TOLD_COVERAGE
    assert not verdict(follow).reason.startswith("two reports")


PORT_RETOLD = """A strike by dockers halted grain exports at Kestrel for a second day on Tuesday, and port officials counted 23 bulk carriers waiting at anchor.

Kestrel has a long history of labour unrest, and its dockers were among the first in the country to organise in the nineteenth century.

Union secretary Marta Okafor vowed her members would stay off the quays until any pay offer kept pace with September's 7.1 percent inflation.

The region around the port depends heavily on farming, and many families have relatives working on the quays or in the grain silos.

A ministry spokesman said the minister would see both camps on Thursday.

Economists have long argued that the country relies too much on a single port for its farm exports, and several governments have promised new terminals.

None of those projects has been completed, and the latest plan for a deep-water berth at Port Aldous is still awaiting funding."""


def test_a_summary_amid_background_of_its_own_that_opens_with_the_lead_is_derived() -> None:
    # Three of the wire story's sentences told closely (the lead first), among four paragraphs
    # of the page's own background: under half of either side aligned, in other words, yet
    # the page retells the story.
    wire = extract(PORT_WIRE, CONFIG, PORT_WIRE_TITLE)
    stats = compare(extract(PORT_RETOLD, CONFIG, "Strike at Kestrel keeps grain in port"), wire)
    assert stats.n_aligned == 3 and max(stats.a_coverage, stats.b_coverage) < TOLD_COVERAGE
    assert stats.wording < COPY_LEXICAL and min(k.score for k in stats.links) >= PASSAGE_LINK_SCORE
    assert any(k.left == 0 and k.right == 0 for k in stats.links)
    assert verdict(stats).related and verdict(stats.swapped()).related
    # The same three sentences without the lead among them: two reports of one subject.
    assert stats.own_lead
    moved = tuple(dataclasses.replace(k, left=3, right=3) if k.left == 0 else k for k in stats.links)
    found = verdict(dataclasses.replace(stats, links=moved, own_lead=False))
    assert not found.related and found.reason.startswith("two reports of one subject")


PRESS_QUOTES = ['"We will not allow the harbour to become a car park for foreign freighters," Finance Minister Elena Varga said.',
     '"The subsidy for grain storage will be doubled before the harvest begins next month," Varga told the conference.',
     '"Every farmer who lost a contract because of the strike will be compensated in full by the state," she said.']
PRESS_A_LEAD = "Finance Minister Elena Varga on Wednesday promised emergency aid to grain farmers hit by the week-long dock strike at Kestrel, saying the state would pay for extra storage."
PRESS_B_LEAD = "The government will pay for extra grain storage and compensate farmers hurt by the Kestrel dock stoppage, Finance Minister Elena Varga said at a news conference on Wednesday."
PRESS_A_OWN = ["Opposition deputies called the package an election gift and demanded a vote in parliament.",
         "The Kestrel Dockers Union has been on strike since last Monday over a wage dispute with employers.",
         "Grain prices on the domestic exchange fell for a fourth session as unsold stocks piled up in the interior.",
         "The ministry did not say how much the package would cost or how it would be financed this year.",
         "Traders said buyers in North Africa had already switched part of their orders to Black Sea suppliers.",
         "Economists at the national bank warned that the stoppage could shave a tenth of a point off growth."]
PRESS_B_OWN = ["Varga spoke after a two-hour meeting with representatives of farmers' cooperatives and millers.",
         "Farm groups welcomed the promise but said silos in several provinces were already overflowing.",
         "The employers' association repeated that it would not raise its pay offer of 4.5 percent a year.",
         "A mediator appointed by the labour ministry is due to meet both sides on Friday in the capital.",
         "Port officials said 31 bulk carriers were now waiting at anchor outside the harbour entrance.",
         "Rail freight operators said hundreds of wagons of wheat were parked on sidings near the coast."]


def test_two_reports_of_one_news_conference_stay_apart_however_many_quotations_they_share() -> None:
    # Each outlet's own lead and lines, and the minister's words quoted by both: sharing a
    # third quotation (three quarters of what aligns) must not make one a copy of the other.
    for shared in (2, 3):
        a = "\n\n".join([PRESS_A_LEAD] + PRESS_QUOTES[:shared] + PRESS_A_OWN)
        b = "\n\n".join([PRESS_B_LEAD] + PRESS_B_OWN[:3] + PRESS_QUOTES[:shared] + PRESS_B_OWN[3:])
        stats = compare(extract(a, CONFIG, "Minister promises aid to farmers hit by Kestrel dock strike",
                                source="harbourwire.example"),
                        extract(b, CONFIG, "Government to compensate farmers for Kestrel dock strike, minister says",
                                source="meridiangazette.example"))
        assert stats.quoted == shared and stats.own_wording < COPY_LEXICAL and stats.carried == 0
        found = verdict(stats)
        assert not found.related and found.reason.startswith("two reports of one subject"), found
    assert stats.wording >= COPY_LEXICAL  # the interview exception of `wording`: not read here


PORT_WIRE_LONG = PORT_WIRE + ("\n\nThe port's container terminal, run by a separate operator, was working normally, a spokeswoman said."
        "\n\nShares in Kestrel Bulk Handling fell 3.2 percent in early trade on the city's stock exchange."
        "\n\nThe last national dock strike, in 2011, lasted two weeks and was settled after the government raised its subsidy."
        "\n\nForecasters expect the wheat crop in the southern provinces to reach 9.4 million tonnes this season."
        "\n\nThe central bank said last month that food prices were the main driver of inflation this year."
        "\n\nTwo ferry companies said their crossings to the islands would run to timetable despite the walkout."
        "\n\nThe finance ministry estimated that each day of the stoppage cost the economy about 15 million dollars."
        "\n\nA court hearing on the employers' request to declare the strike unlawful was set for next week.")
PORT_OWN = ("\n\nThe harbour master said pilots would keep working so that tankers could still berth at the oil jetty."
       "\n\nA delegation of barley growers travelled to the capital to ask parliament for emergency storage grants."
       "\n\nRail operators said dozens of loaded wagons were parked in sidings along the line from the plains."
       "\n\nThe opposition leader accused the government of ignoring warnings about the dispute since the spring."
       "\n\nInsurers said vessels waiting for more than ten days could face higher premiums under their contracts.")
PORT_EXTRA = "\n\nUnion leader Marta Okafor said the dockers would not return until pay kept pace with September inflation of 7.1 percent."
PORT_EXTRA2 = "\n\nAbout 40 percent of the nation's wheat and barley shipments pass through Kestrel, mostly to North Africa."


def test_a_follow_up_that_carries_two_lines_word_for_word_stays_linked_whatever_else_it_retells() -> None:
    # A follow-up padded with its own material carries two of the wire story's lines over
    # word for word: linked. Retelling two more of the wire's facts in its own words brings
    # its mean wording under a copy's, but the two lines are still taken: still linked.
    wire = extract(PORT_WIRE_LONG, CONFIG, PORT_WIRE_TITLE, source="harbourwire.example")
    carried = PORT_OTHER + PORT_OWN + "\n\n" + "\n\n".join(PORT_WIRE.split("\n\n")[6:8])
    for text in (carried, carried + PORT_EXTRA + PORT_EXTRA2):
        stats = compare(extract(text, CONFIG, PORT_OTHER_TITLE, source="harbourwire.example"), wire)
        assert stats.carried >= 2 and max(stats.a_coverage, stats.b_coverage) < TOLD_COVERAGE
        assert verdict(stats).related, verdict(stats)
    assert stats.own_wording < COPY_LEXICAL


def test_lines_carried_over_are_counted_alike_from_either_side() -> None:
    # The page repeats one line of the wire story twice: two of its sentences, one of the
    # wire's. One line was carried, whichever article is read first.
    wire = extract(PORT_WIRE_LONG, CONFIG, PORT_WIRE_TITLE, source="harbourwire.example")
    line = PORT_WIRE.split("\n\n")[6]
    page = extract(PORT_OTHER + PORT_OWN + "\n\n" + line + "\n\nMeanwhile, on the quays:\n\n" + line,
                   CONFIG, PORT_OTHER_TITLE, source="harbourwire.example")
    there, back = compare(page, wire), compare(wire, page)
    assert there.carried == back.carried == there.swapped().carried == 1
    assert verdict(there).related == verdict(back).related == verdict(there.swapped()).related


def test_a_digest_that_quotes_a_storys_lead_word_for_word_took_it() -> None:
    # Another outlet's morning briefing carries the wire story's lead (37 words) word for
    # word among items of other stories: one aligned sentence, yet taken.
    lead = PORT_WIRE.split("\n\n")[0].split(" - ", 1)[1]
    digest = ("Here is what you need to know this morning.\n\n" + lead + "\n\n"
              "In Ostend, the city council approved a second tram line after a three-hour debate, with work due "
              "to start in May.\n\nWheat futures in Chicago closed higher for a third session as traders weighed "
              "dry weather on the southern plains.\n\nSign up to receive this briefing in your inbox every weekday.")
    title = "Morning briefing: a port strike, a tram line, wheat"
    wire = extract(PORT_WIRE, CONFIG, PORT_WIRE_TITLE, source="harbourwire.example")
    stats = compare(extract(digest, CONFIG, title, source="dailydigest.example"), wire)
    assert stats.n_aligned == 1 and stats.lead_taken and stats.swapped().lead_taken
    found = verdict(stats)
    assert found.related and "lead of 25 or more words taken word for word" in found.reason
    # The wire's own briefing repeating its lead is not read so (one outlet's items share lines).
    own = compare(extract(digest, CONFIG, title, source="harbourwire.example"), wire)
    assert not own.lead_taken and not verdict(own).related
    # Nor is a short lead: a fixed phrase or a statement's line may be one.
    short = "Here is what you need to know.\n\nDock workers at Kestrel are on strike, the port authority said."
    brief = compare(extract(short, CONFIG, title, source="dailydigest.example"),
                    extract("Dock workers at Kestrel are on strike, the port authority said.\n\n" + PORT_WIRE,
                            CONFIG, PORT_WIRE_TITLE, source="harbourwire.example"))
    assert not brief.lead_taken


def test_a_copy_that_converts_its_measures_stays_a_copy() -> None:
    # A metric copy of a story: "six feet" / "1.8 metres", "30 miles" / "48 km". The same
    # facts: not a recurring report of other figures.
    wire = ("KESTREL, Oct 14 (Harbour Wire) - Crocodiles up to six feet long were seen in the Oster river near "
            "Vellmar on Tuesday, the wildlife service said.\n\nThe animals were spotted 30 miles upstream of the "
            "town by a fishing crew.\n\nRangers closed a 12 miles stretch of the river bank to walkers for a "
            "week.\n\nThe service said the crocodiles had probably escaped from a private zoo that closed in "
            "March.\n\nResidents were told to keep pets and children away from the water.")
    metric = wire.replace("six feet", "1.8 metres").replace("30 miles", "48 km").replace("12 miles", "19 kilometres")
    stats = compare(extract(metric, CONFIG, "Crocodiles spotted in the Oster", source="metricnews.example"),
                    extract(wire, CONFIG, "Crocodiles seen in Oster river", source="harbourwire.example"))
    assert stats.figure_conflicts == 0 and stats.n_aligned == 5
    assert verdict(stats).related and relation_of(stats) == "copy"
    # Converted wrongly ("30 miles" / "90 km"), the figures disagree.
    wrong = metric.replace("48 km", "90 km")
    stats = compare(extract(wrong, CONFIG, "Crocodiles spotted in the Oster", source="metricnews.example"),
                    extract(wire, CONFIG, "Crocodiles seen in Oster river", source="harbourwire.example"))
    assert stats.figure_conflicts == 1 and stats.n_aligned == 4


TRAM_WIRE_TITLE = "Vellmar tram drivers strike over pay, stranding 300,000 riders"
TRAM_PARAGRAPHS = [
    ("VELLMAR, Nov 12 (Tidewire) - Tram drivers in Vellmar walked out for 24 hours on Wednesday in a dispute "
     "over pay, halting all six lines and leaving about 300,000 daily riders to find other ways into the city."),
    ("The strike, called by the Vellmar Tram Drivers Guild, began at 5 a.m. after talks with the city-owned "
     "operator Vellmar Transit broke down late on Tuesday."),
    "The guild is demanding an 8.5 percent pay rise for its 640 drivers, while the operator has offered 3 percent.",
    ("Queues stretched for hundreds of metres at bus stops in the old town, and the regional bus company said it "
     "had added 45 extra buses on its busiest routes."),
    "Traffic on the ring road was backed up for 11 kilometres by eight o'clock, according to the police.",
    "Several hospitals said staff had arrived late for the morning shift, and two schools closed early.",
    "Shopkeepers on Market Street reported takings down by as much as half compared with a normal Wednesday.",
    ("Vellmar Transit said in a statement that the guild's demand would cost 9 million euros a year and was "
     "beyond what the city budget allowed."),
    "Another two strike days are planned for Nov. 19 and Nov. 26 if no agreement is reached.",
]
TRAM_WIRE = "\n\n".join(TRAM_PARAGRAPHS)
TRAM_BRIEF = ("Vellmar's trams were stopped on Wednesday by a 24-hour drivers' strike over pay, leaving about "
              "300,000 riders to find other ways into the city. The Vellmar Tram Drivers Guild wants an 8.5 percent "
              "rise for 640 drivers; Vellmar Transit offers 3 percent. Further strikes are planned for Nov. 19 "
              "and Nov. 26.")


def test_a_brief_of_a_story_it_retells_derives_from_it_though_the_story_says_more_on_other_things() -> None:
    # The story's other paragraphs (buses, traffic, hospitals, shops) share few words with
    # what the brief tells: read without headlines, the story looks like a page that set the
    # brief's text among other topics. What it shares tells its own headline: it is its story.
    brief = extract(TRAM_BRIEF, CONFIG, "Vellmar tram strike: what you need to know")
    stats = compare(brief, extract(TRAM_WIRE, CONFIG, TRAM_WIRE_TITLE))
    assert verdict(stats).related and stats.b_coverage < EXCERPT_COVERAGE < stats.a_coverage
    assert stats.b_rest < EXCERPT_REST and stats.b_headline_told
    assert text_direction(stats) > 0 and relation_of(stats) == "summary"
    # Without the story's headline, the excerpt reading stands (as between PAN's pages).
    untitled = compare(brief, extract(TRAM_WIRE, CONFIG))
    assert not untitled.b_headline_told and text_direction(untitled) == -EXCERPT_WEIGHT


def test_a_commentary_titled_after_the_story_it_quotes_whole_still_embeds_it() -> None:
    # Its headline names the story, and the quoted paragraphs tell that headline; but the page
    # opens with its own words: the story is set into it, not retold by it.
    story = "\n\n".join(TRAM_PARAGRAPHS[:3])
    own = ["Rents in Vellmar have risen faster than anywhere else in the region this year.",
           "The council has promised affordable housing for a decade and built almost none of it.",
           "Anyone who rides the trams knows the drivers are not the ones who set the budget.",
           "Here is what the agency reported on Wednesday morning:"]
    after = ["The council should stop hiding behind the operator and open its own books.",
             "Until it does, every strike in this city will be a strike about housing.",
             "We will follow the talks and report what the councillors say when they vote."]
    blog = extract("\n\n".join([*own, story, *after]), CONFIG, "My thoughts on the Vellmar tram strike")
    stats = compare(blog, extract(story, CONFIG, TRAM_WIRE_TITLE))
    assert verdict(stats).related and stats.a_coverage < EXCERPT_COVERAGE and stats.b_coverage > 0.9
    assert not stats.a_headline_told and text_direction(stats) == EXCERPT_WEIGHT


#: Statements of the wire story retold in other words (as a rewrite of it tells them).
RETOLD = [
    "Harbour and Transport Workers Union members stopped work at six terminals in Calder Bay, "
    "idling about 3,800 dockworkers in the port's first full stoppage since 2011.",
    "Terminal operator Brightwater Holdings saw its final offer, a 4.5 percent raise over three years, "
    "rejected by 91 percent of union members.",
    "Ship-tracking data from the port authority showed at least 27 bulk carriers anchored outside the "
    "harbour by Thursday afternoon.",
    "Minister Rosa Villanueva warned that farmers could lose more than $300 million in sales if the "
    "stoppage dragged on through the harvest season.",
    "A mediator will be appointed by the government unless an agreement is reached within 72 hours, "
    "the transport minister said.",
    "After a record harvest of 14.2 million tonnes, inland silos were already 88 percent full, farm groups said.",
    "Under the supervision of the national labour relations board, negotiators are due back at the table "
    "at 10 a.m. on Saturday.",
]


def test_a_rewrite_around_sentences_taken_word_for_word_is_no_copy() -> None:
    # A new lead with a later figure, the story's statements partly retold and partly taken word
    # for word, and a credit: most of it aligns, but under half of its words are the story's own.
    lead = ("About 4,100 dockworkers stayed off the job at Calder Bay on Friday as the strike over pay at the "
            "grain port went into a second day, Tidewater Press reported.")
    retold = RETOLD[1:4]
    own = ("Police said the picket lines at the terminal gates had stayed peaceful overnight, and the union "
           "said it would hold a rally outside the port authority building on Saturday morning.")
    later = ("Brightwater said on Friday it had asked the labour relations board to bring the talks forward "
             "to Friday evening, a request the union said it would consider.")
    body = [lead, PARAGRAPHS[1], retold[0], PARAGRAPHS[5], retold[1], later, PARAGRAPHS[7], retold[2],
            PARAGRAPHS[9], own]
    wire = extract(WIRE, CONFIG, TITLE, MARCH)
    rewrite = compare(extract(page(body, title=None), CONFIG, "Calder Bay port strike enters second day",
                              MARCH + timedelta(hours=20), "Harbour Herald"), wire)
    assert rewrite.a_coverage >= COPY_OWN_SHARE > rewrite.a_kept
    assert is_related(rewrite) and relation_of(rewrite) == "rewrite"
    # The story's first paragraphs under a new headline, one word respelled: a copy.
    trimmed = [p.replace("harbour", "harbor") for p in PARAGRAPHS[:7]]
    copy = compare(extract(page(trimmed, title=None), CONFIG, "Grain port shut by strike",
                           MARCH + timedelta(hours=2), "Harbour Herald"), wire)
    assert copy.a_kept >= COPY_OWN_SHARE and relation_of(copy) == "copy"


def _walkout_brief(minister: str = "Rosa Villanueva", hours: str = "72") -> str:
    # Two sentences: the story's lead retold, then four of its statements joined into one.
    return page([
        "Dockworkers at the port of Calder Bay walked off the job on Thursday after wage talks with Brightwater "
        "Holdings collapsed.",
        "Daniel Okafor's Harbour and Transport Workers Union said no to 4.5 percent, 91 percent of its members "
        f"voting against, and {minister} has given the two sides {hours} hours before she names a mediator.",
    ], title=None, byline=None)


def test_another_outlets_brief_whose_names_and_figures_are_the_storys_derives_from_it() -> None:
    wire = extract(WIRE, CONFIG, TITLE, MARCH, "Tidewater Press")

    def brief(text: str, outlet: str) -> PairStats:
        return compare(extract(text, CONFIG, "Grain port walkout", MARCH + timedelta(hours=5), outlet), wire)

    stats = brief(_walkout_brief(), "Valley Courier")
    # One sentence aligns and the brief tells a third of itself from the story: by the rules of
    # what aligns, two reports of one subject.
    assert stats.n_aligned == 1 and max(stats.a_coverage, stats.b_coverage) < TOLD_COVERAGE
    assert stats.marks >= SUMMARY_MARKS and stats.marks_kept >= SUMMARY_KEPT
    found = verdict(stats)
    assert found.related and "names and figures are the other's" in found.reason
    assert relation_of(stats) == "summary" and is_related(stats.swapped())
    # Without a sentence that matches closely, sharing the story's facts is not enough.
    loose = dataclasses.replace(stats, links=tuple(dataclasses.replace(k, score=PASSAGE_LINK_SCORE - 0.05)
                                                   for k in stats.links))
    assert not is_related(loose)
    # The outlet's own short item: its desk's next report, told apart by what aligns.
    assert not is_related(brief(_walkout_brief(), "Tidewater Press"))
    # Five days on, the same lines are a follow-up's background.
    late = compare(extract(_walkout_brief(), CONFIG, "Grain port walkout", MARCH + timedelta(days=5),
                           "Valley Courier"), wire)
    assert not is_related(late)
    # A follow-up states a figure of its own: the ships waiting, grown to 34.
    later = _walkout_brief() + "\n\nBy Friday the number of bulk carriers waiting offshore had grown to 34."
    follow_up = brief(later, "Valley Courier")
    assert follow_up.new_figures == 1 and not is_related(follow_up) and not is_related(follow_up.swapped())
    # A brief that names another minister and another deadline reports something of its own.
    other = brief(_walkout_brief("Marta Quiroga", "48"), "Valley Courier")
    assert other.marks_kept < SUMMARY_KEPT and not is_related(other)
    # Another issuer's item in the same words names a subject the story never mentions.
    renamed = _walkout_brief().replace("Brightwater Holdings", "Osterlund Freight")
    assert not is_related(compare(extract(renamed, CONFIG, "Osterlund port walkout", MARCH + timedelta(hours=5),
                                          "Valley Courier"), wire))


def test_another_outlets_summary_sentence_may_gather_figures_from_nearby_sentences() -> None:
    # "35 percent" and "2.3 percent" are the story's, from the sentences after the one this
    # sentence retells ("At least 27 bulk carriers were anchored outside the harbour ...").
    def summary(figures: str) -> str:
        return page([
            "At least 27 bulk carriers were anchored outside the harbour on Thursday at the port, which ships "
            f"{figures}.",
            "Farm groups said inland silos were at 88 percent of capacity after a record harvest.",
        ], title=None, byline=None)

    wire = extract(WIRE, CONFIG, TITLE, MARCH, "Tidewater Press")

    def first_aligned(figures: str, outlet: str) -> PairStats:
        return compare(extract(summary(figures), CONFIG, "Grain port walkout", MARCH + timedelta(hours=5), outlet),
                       wire)

    near = "35 percent of the region's wheat, and wheat futures rose 2.3 percent"
    other = first_aligned(near, "Valley Courier")
    assert 0 in {k.left for k in other.links} and other.figure_conflicts == 0
    # Its figure from the next sentence alone ("Calder Bay handles roughly 35 percent of the
    # region's wheat ..."): it joins the two, both links with the wording of the two read together.
    joined = [k for k in first_aligned("35 percent of the region's wheat", "Valley Courier").links if k.left == 0]
    assert len(joined) == 2 and [k.joined for k in joined] == [False, True] and joined[1].right == joined[0].right + 1
    assert joined[0].lexical == joined[1].lexical
    # Figures from far off in the story are another report's (another company's results
    # swapping the story's figures), and within one outlet each sentence's figures are read
    # against its partner's alone (a series' next issue restates figures in other sentences).
    far = "91 percent of the union's 3,800 workers"
    assert 0 not in {k.left for k in first_aligned(far, "Valley Courier").links}
    assert 0 not in {k.left for k in first_aligned(near, "Tidewater Press").links}