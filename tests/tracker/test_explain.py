"""tracker.explain: what changed between a derived article and its source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tracker.config import ShingleConfig, TrackerConfig
from tracker.explain import explain, explain_articles, explainer, rows
from tracker.explanation import CHANGE_KINDS, Explanation, as_dict, word_diff
from tracker.model import Article
from tracker.shingle import Features, extract

CONFIG = ShingleConfig()

WIRE = """PORT VELL, March 2 (Meridian) - The Port Vell council approved a budget of 12 million crowns on Monday for a new tram line along the harbour front, the city said.

The line will run 6 kilometres from the ferry terminal to the university and carry about 9,000 passengers a day when it opens in 2029, according to the council's transport office.

"This is the most important investment the harbour has seen in a generation," mayor Elin Sandvik told reporters after the vote.

Shopkeepers on Quay Street had opposed the plan. They fear two years of building works will drive customers away from the old market.

The council said construction would start next spring and that the market would stay open throughout.

Opposition leader Tomas Krag called the budget unrealistic and said the line would cost twice as much."""


def features(text: str) -> Features:
    return extract(text, CONFIG)


def article(article_id: str, text: str, title: str | None = None) -> Article:
    return Article(article_id=article_id, text=text, content_hash="0" * 16, title=title)


def derived_of(edits: list[tuple[str, str]], text: str = WIRE) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def details(found: Explanation, kind: str) -> list[str]:
    return [c.detail for c in found.of_kind(kind)]  # type: ignore[arg-type]


# --- decisions on small texts ---------------------------------------------------------------------
def test_a_copy_that_changed_figures_kept_all_of_its_source_and_added_nothing() -> None:
    # Verification does not count sentences whose figures disagree, but the explanation lists
    # them as kept with another figure, and its shares say the same.
    copy = derived_of([("12 million", "14 million"), ("9,000", "7,500"), ("2029", "2030")])
    found = explain(features(copy), features(WIRE))
    assert sorted(details(found, "number_changed")) == ["12 became 14", "2029 became 2030", "9,000 became 7,500"]
    assert not found.of_kind("inserted") and not found.of_kind("dropped")
    assert found.kept == 1.0 and found.inserted_share == 0.0


def test_a_headline_line_is_not_paired_with_the_lead() -> None:
    # A page's <h1> written into its body, whose words the wire's lead repeats.
    title = "Port Vell council approves tram line budget"
    page = f"{title}\n\n{WIRE}"
    found = explain_articles(article("page", page, title), article("wire", WIRE, title), CONFIG)
    assert all(p.pair.derived_index != 0 for p in found.pairs)
    assert found.pairs[0].pair.source_index == 0 and found.pairs[0].pair.derived_index == 1


def test_identical_texts_have_no_changes_and_verbatim_pairs() -> None:
    found = explain(features(WIRE), features(WIRE))
    assert found.changes == ()
    assert len(found.pairs) == len(features(WIRE).sentences)
    assert all(w.op == "equal" for d in found.pairs for w in d.words)
    assert found.divergence == 0.0 and found.kept == 1.0 and found.inserted_share == 0.0
    n = len(features(WIRE).sentences)
    assert found.related and found.verdict == f"{n} aligned sentences"


def test_unrelated_texts_drop_and_insert_everything() -> None:
    other = ("The library in Kelvik will open on Sundays from next month after volunteers offered to "
             "staff the reading room.\n\nAbout sixty people signed up, most of them retired teachers.")
    found = explain(features(other), features(WIRE))
    assert found.pairs == ()
    assert len(found.of_kind("dropped")) == len(features(WIRE).sentences)
    assert len(found.of_kind("inserted")) == len(features(other).sentences)
    assert not found.related and found.verdict == "no sentence aligns"


def test_pairs_shown_when_none_aligns_are_said_to_be_for_reading_only() -> None:
    # One sentence in the wire's frame with other figures: verification aligns nothing, explain
    # shows the pair. The verdict says why both can be true.
    brief = ("PORT VELL, March 9 (Meridian) - The Port Vell council approved a budget of 31 million crowns "
             "on Monday for a new bus depot along the harbour front, the city said.")
    found = explain(features(brief), features(WIRE))
    assert not found.related and len(found.pairs) == 1
    assert found.verdict == ("no sentence aligns: the 1 pair below is shown for reading only "
                             "(under the alignment bar of 0.45, or stating other figures)")


def test_a_changed_number_in_a_kept_sentence() -> None:
    copy = derived_of([("12 million", "15 million")])
    assert details(explain(features(copy), features(WIRE)), "number_changed") == ["12 became 15"]


def test_two_changed_figures_in_one_sentence_pair_by_position() -> None:
    copy = derived_of([("6 kilometres", "8 kilometres"), ("about 9,000 passengers", "about 7,500 passengers")])
    assert details(explain(features(copy), features(WIRE)), "number_changed") == [
        "6 became 8", "9,000 became 7,500"]


def test_a_figure_dropped_beside_a_changed_one_vanishes() -> None:
    copy = derived_of([("6 kilometres from", "from"), ("about 9,000 passengers", "about 7,500 passengers")])
    assert details(explain(features(copy), features(WIRE)), "number_changed") == [
        "6 vanished: it occurs nowhere in the derived article", "9,000 became 7,500"]


def test_a_figure_replaced_in_place_is_a_change_even_when_the_old_one_is_quoted_elsewhere() -> None:
    # A correction's note names the figure it replaced; the new figure may occur elsewhere in
    # the source ("12 million crowns").
    copy = derived_of([("6 kilometres", "7 kilometres"), ("about 9,000 passengers", "about 12 passengers"),
                       ("cost twice as much.", "cost twice as much.\n\n(Corrects length of the line to "
                                               "7 kilometres from 6.)")])
    assert details(explain(features(copy), features(WIRE)), "number_changed") == [
        "6 became 7", "9,000 became 12"]


def test_a_number_that_vanished() -> None:
    copy = derived_of([("carry about 9,000 passengers a day when", "carry many passengers when")])
    assert details(explain(features(copy), features(WIRE)), "number_changed") == [
        "9,000 vanished: it occurs nowhere in the derived article"]


def test_a_number_moved_to_another_sentence_is_no_change() -> None:
    copy = derived_of([("approved a budget of 12 million crowns on Monday", "approved a budget on Monday"),
                       ("called the budget unrealistic", "called the 12 million budget unrealistic")])
    assert details(explain(features(copy), features(WIRE)), "number_changed") == []


def test_reworded_quote_is_reported_with_its_word_changes() -> None:
    copy = derived_of([("the most important investment the harbour has seen",
                        "the greatest investment the harbour has known")])
    found = explain(features(copy), features(WIRE))
    (change,) = found.of_kind("quote_changed")
    assert change.source_text.startswith("This is the most important")  # type: ignore[union-attr]
    assert change.derived_text.startswith("This is the greatest")  # type: ignore[union-attr]
    assert '"most important" -> "greatest"' in change.detail


def test_quote_turned_into_reported_speech_is_no_longer_quoted() -> None:
    copy = derived_of([('"This is the most important investment the harbour has seen in a generation," '
                        "mayor Elin Sandvik told reporters after the vote.",
                        "Mayor Elin Sandvik told reporters after the vote that this was the most important "
                        "investment the harbour had seen in a generation.")])
    (change,) = explain(features(copy), features(WIRE)).of_kind("quote_changed")
    assert change.detail.startswith("no longer quoted")


def test_moving_the_quote_marks_is_no_change_of_wording() -> None:
    copy = derived_of([('"This is the most important investment the harbour has seen in a generation,"',
                        'This is "the most important investment the harbour has seen in a generation,"')])
    assert explain(features(copy), features(WIRE)).of_kind("quote_changed") == ()


def test_a_quote_cut_short_or_added_to_is_a_change_of_what_was_said() -> None:
    whole = '"This is the most important investment the harbour has seen in a generation,"'
    cut = derived_of([(whole, '"This is the most important investment,"')])
    (change,) = explain(features(cut), features(WIRE)).of_kind("quote_changed")
    assert change.detail == 'quote cut short: "the harbour has seen in a generation," removed'
    added = derived_of([(whole, ('"This is the most important investment the harbour has seen in a '
                                 'generation, and the last one for ten years,"'))])
    (change,) = explain(features(added), features(WIRE)).of_kind("quote_changed")
    assert change.detail.startswith("quote added to:") and '"and the last one for ten years,"' in change.detail
    # Words cut that the copy says elsewhere, in another sentence, are still cut from the quote.
    elsewhere = derived_of([(whole, '"This is the most important investment,"'),
                            ("The council said construction would start next spring",
                             ("The council said the harbour has seen in a generation no such works; construction "
                              "would start next spring"))])
    assert [c.detail for c in explain(features(elsewhere), features(WIRE)).of_kind("quote_changed")] == [
        'quote cut short: "the harbour has seen in a generation," removed']
    # A quote split in two, its joining "and" dropped, is the same quote.
    halves = derived_of([(whole, '"This is the most important investment," she said. "The harbour has seen '
                                 'none like it in a generation,"')])
    halves_source = WIRE.replace(whole, '"This is the most important investment, and the harbour has seen none '
                                        'like it in a generation,"')
    assert explain(features(halves), features(halves_source)).of_kind("quote_changed") == ()
    # A cut of a few words without content that turns the speaker's meaning.
    hedged = WIRE.replace(whole, '"I would not say this is the most important investment the harbour has seen '
                                 'in a generation,"')
    flipped = hedged.replace('"I would not say this is the most', '"This is the most')
    (change,) = explain(features(flipped), features(hedged)).of_kind("quote_changed")
    assert change.detail == 'quote cut short: "I would not say" removed'
    # The words left outside the quote marks, or quoted apart around "she said", are the same.
    moved = derived_of([(whole, ('"This is the most important investment," mayor Elin Sandvik said of what '
                                 'the harbour has seen in a generation. "The harbour has seen"'))])
    assert explain(features(moved), features(WIRE)).of_kind("quote_changed") == ()
    split = derived_of([(whole, ('"This is the most important investment," she said, "the harbour has '
                                 'seen in a generation,"'))])
    assert explain(features(split), features(WIRE)).of_kind("quote_changed") == ()


def test_a_quote_given_to_another_speaker_is_a_change_of_who_said_it() -> None:
    whole = '"This is the most important investment the harbour has seen in a generation," mayor Elin Sandvik'
    swapped = derived_of([(whole + " told reporters", whole.replace("mayor Elin Sandvik", "Tomas Krag") + " said")])
    (change,) = explain(features(swapped), features(WIRE)).of_kind("quote_changed")
    assert change.detail == 'quote given to another speaker: "Elin Sandvik" became "Tomas Krag"'
    # A speaker's name respelled (a translation's "Foss" for "Voss"), neither in the other
    # article, is a name changed, which the names tell; no other person says the quote.
    respelled = derived_of([("mayor Elin Sandvik told", "mayor Elin Sandvold told")])
    assert explain(features(respelled), features(WIRE)).of_kind("quote_changed") == ()
    # Both names stay in the copy (the mayor named later): it is the quote that moved.
    later = swapped.replace("The council said construction", "Mayor Elin Sandvik said construction")
    assert [c.detail for c in explain(features(later), features(WIRE)).of_kind("quote_changed")] == [change.detail]
    # The same speaker, however the copy names or places her; a pronoun or a role names nobody.
    for said in ('"This is the most important investment the harbour has seen in a generation," said Sandvik',
                 ('Elin Sandvik, who chairs the council, said: "This is the most important investment the '
                  'harbour has seen in a generation."'),
                 ('The mayor of Port Vell, Elin Sandvik, said: "This is the most important investment the '
                  'harbour has seen in a generation."'),
                 ('Elin Sandvik, mayor of the city and chair of the board of Port Vell Transit said "this is the '
                  'most important investment the harbour has seen in a generation."'),
                 '"This is the most important investment the harbour has seen in a generation," she said',
                 '"This is the most important investment the harbour has seen in a generation," the Mayor said'):
        same = derived_of([(whole + " told reporters after the vote.", said + ".")])
        assert explain(features(same), features(WIRE)).of_kind("quote_changed") == (), said


@pytest.mark.parametrize(("before", "after", "who"), [
    ("", ", ADAC technical expert Jonas Brückner told dpa.", ("Jonas Brückner",)),
    ("", " said Finance Minister Katrin Vollmer.", ("Finance Minister Katrin Vollmer",)),  # '"...," said'
    # The verb that introduces the quote, not a clause after it.
    ("Weber said: ", ", but Schmidt said talks would continue.", ("Weber",)),
    ("", ", said Jonas Brückner, the club's expert.", ("Jonas Brückner",)),
    ("", ", said Dr. Anthony Fauci.", ("Anthony Fauci",)),
    # A role in lower case between the verb and the name.
    ("", ', said Homeland List leader Bojan Trček on Tuesday.', ("Bojan Trček",)),
    ("", ', said union spokeswoman Anna Berg, who joined the talks.', ("Anna Berg",)),
    ("", ', said officials familiar with Berg.', ()),
    ("", ', said witnesses near Kherson.', ()),
    ("", ', said fans waiting outside Wembley Stadium.', ()),
    # A name before the verb is the speaker's, whatever follows it.
    ("", ', Voss, the chief executive, said outside Halvorsen Tower.', ("Voss",)),
    ("", ', Merz, the chancellor, said while visiting Kyiv.', ("Merz",)),
    ("", ', said the company in a statement.', ()),
    ("", ", Ortner, senior economist at the Commerce Department, told a conference.", ("Ortner",)),
    ("", ", Schmidt and Weber said.", ("Schmidt and Weber",)),
    ("", ", Brazil's President Luiz Inacio Lula da Silva said.", ("Brazil President Luiz Inacio Lula da Silva",)),
    ("According to Vollmer, ", "", ("Vollmer",)),
    ("Schmidt said on Monday: ", "", ("Schmidt",)),
    # The first verb after the quote, or the one that ends the text before it.
    ("", ", he said, and Minister Karin Schmidt added that talks had failed.", ()),
    ("After Weber said talks had failed, Schmidt vowed: ", "", ("Schmidt",)),
    ("After Weber said talks had failed, Schmidt wept: ", "", ()),
    # Nobody: a pronoun, a role, a common word, a news agency.
    ("", ", she said.", ()),
    ("", ", the Treasury Secretary said.", ()),
    ("", ", Police said.", ()),
    ("", ", Union Members said.", ()),
    ("", ", Trump said.", ("Trump",)),
    ("According to Reuters, ", "", ()),
])
def test_a_quote_is_given_to_the_name_by_its_verb_of_saying(before: str, after: str, who: tuple[str, ...]) -> None:
    from tracker.quotations import attribution

    assert attribution(before, after) == who


def test_two_people_who_share_a_first_name_or_an_institution_are_two_speakers() -> None:
    from tracker.quotations import _same_speaker

    for one, other in (("European Central Bank President Christine Lagarde",
                        "European Central Bank Vice President Luis de Guindos"),
                       ("Michael Braun", "Michael Weber"), ("Li", "Liu")):
        assert not _same_speaker((one,), (other,)), (one, other)


@pytest.mark.parametrize(("source", "derived"), [
    ("Chinese President Xi Jinping said", "Xi said"),
    ("Brazil's President Luiz Inacio Lula da Silva said", "Lula said"),
    ("Saudi Crown Prince Mohammed bin Salman said", "Prince Mohammed said"),
    ("Schmidt and Weber said", "Schmidt said"),
    ("company chairman Lars Kapnick said", "company chairman Lars Kapnik said"),
    ("Economy Minister Jürgen Müller said", "Mueller said"),
])
def test_one_speaker_named_otherwise_is_the_same_speaker(source: str, derived: str) -> None:
    quote = '"We will not accept any cuts to our pensions and we will strike next week,"'
    text = f"{quote} {source} on Monday.\n\nThe talks resume in March, the ministry said in a statement."
    copy = f"{quote} {derived} on Monday.\n\nThe talks resume in March, the ministry said in a statement."
    assert not [c for c in explain(features(copy), features(text)).of_kind("quote_changed")
                if "speaker" in c.detail]


def test_respelled_and_vanished_names() -> None:
    copy = derived_of([("Elin Sandvik", "Elin Sandvig"), ("Opposition leader Tomas Krag called",
                                                          "The opposition leader called")])
    assert details(explain(features(copy), features(WIRE)), "name_changed") == [
        '"Elin Sandvik" became "Elin Sandvig"',
        '"Tomas Krag" vanished: it occurs nowhere in the derived article',
    ]


def test_a_replaced_name_and_a_changed_given_name_are_listed_as_became() -> None:
    copy = derived_of([("Opposition leader Tomas Krag called", "Opposition leader Ivar Lund called"),
                       ("mayor Elin Sandvik told", "mayor Marta Sandvik told")])
    assert details(explain(features(copy), features(WIRE)), "name_changed") == [
        '"Elin Sandvik" became "Marta Sandvik"',
        '"Tomas Krag" became "Ivar Lund"',
    ]


def test_a_title_or_a_dropped_given_name_is_no_change_of_name() -> None:
    copy = derived_of([("mayor Elin Sandvik told", "Mayor Sandvik told"),
                       ("Opposition leader Tomas Krag called", "Opposition leader Mr Tomas Krag called")])
    assert explain(features(copy), features(WIRE)).of_kind("name_changed") == ()


def test_a_name_kept_in_the_possessive_has_not_vanished() -> None:
    # "Sandvik's" keeps the name that the source states plainly.
    copy = derived_of([("mayor Elin Sandvik told reporters after the vote.",
                        "Elin Sandvik's office told reporters after the vote.")])
    assert explain(features(copy), features(WIRE)).of_kind("name_changed") == ()


def test_a_name_retold_as_a_word_made_from_it_has_not_vanished() -> None:
    # "Chile's Senate" retold as "Chilean senators": both names are kept in other words, and
    # the one is no replacement of the other.
    source = features("Chile's Senate on Wednesday approved a sweeping overhaul of the private pension system, "
                      "raising employer contributions after two years of wrangling, officials said.")
    derived = features("Chilean senators on Wednesday backed a far-reaching reform of the private pension "
                       "system, raising employer contributions after two years of wrangling, officials said.")
    assert details(explain(derived, source), "name_changed") == []
    # A name replaced by another is still a change.
    other = features("Peru's Congress on Wednesday approved a sweeping overhaul of the private pension system, "
                     "raising employer contributions after two years of wrangling, officials said.")
    assert details(explain(other, source), "name_changed") != []


def test_a_dropped_dateline_changes_no_figure_and_no_name() -> None:
    # "PORT VELL, March 2 (Meridian) - " says where and when the story was filed; the
    # figures and names it reports start after it.
    copy = derived_of([("PORT VELL, March 2 (Meridian) - The Port Vell council", "The Port Vell council")])
    found = explain(features(copy), features(WIRE))
    assert found.of_kind("number_changed") == () and found.of_kind("name_changed") == ()
    # A figure of the story itself is still read in that sentence.
    changed = derived_of([("PORT VELL, March 2 (Meridian) - The Port Vell council approved a budget of 12",
                           "The Port Vell council approved a budget of 15")])
    assert details(explain(features(changed), features(WIRE)), "number_changed") == ["12 became 15"]


def test_the_word_after_a_dateline_is_a_sentence_start_not_a_name() -> None:
    # "Councillors" opens the story after its dateline: capitalised as any sentence's first
    # word, it is no name that vanished when a rewrite says "The council" instead.
    source = WIRE.replace("The Port Vell council approved", "Councillors approved")
    copy = derived_of([("PORT VELL, March 2 (Meridian) - Councillors approved", "The council approved")], source)
    assert explain(features(copy), features(source)).of_kind("name_changed") == ()
    # A name there is still one.
    named = WIRE.replace("The Port Vell council approved", "Planner Ines Holm approved")
    renamed = derived_of([("Planner Ines Holm approved", "Planner Ines Dahl approved")], named)
    assert details(explain(features(renamed), features(named)), "name_changed") == [
        '"Ines Holm" became "Ines Dahl"']


def test_dates_are_not_names() -> None:
    copy = derived_of([("March 2", "2 March"), ("March", "Mar")])
    assert explain(features(copy), features(WIRE)).of_kind("name_changed") == ()


def test_inserted_sentence_and_bracketed_aside() -> None:
    copy = derived_of([
        ("They fear two years of building works will drive customers away from the old market.",
         "They fear two years of building works will drive customers away from the old market "
         "(our readers will remember the same fight over the bus station in 2015)."),
        ("The council said construction",
         "Our newspaper has asked the council for the full plans.\n\nThe council said construction"),
    ])
    found = explain(features(copy), features(WIRE))
    inserted = {c.derived_text: c.detail for c in found.of_kind("inserted")}
    assert inserted == {
        "(our readers will remember the same fight over the bus station in 2015)":
            "aside inserted inside a kept sentence",
        "Our newspaper has asked the council for the full plans.": "sentence between kept sentences",
    }


def test_brackets_that_repeat_the_source_are_no_aside() -> None:
    text = WIRE.replace("transport office.", "transport office (the city's planning department).")
    copy = text.replace("Port Vell council approved", "Port Vell council passed")
    assert explain(features(copy), features(text)).of_kind("inserted") == ()


def test_dropped_sentences_are_listed_in_order() -> None:
    copy = derived_of([("Shopkeepers on Quay Street had opposed the plan. They fear two years of building "
                        "works will drive customers away from the old market.\n\n", "")])
    assert [c.source_text for c in explain(features(copy), features(WIRE)).of_kind("dropped")] == [
        "Shopkeepers on Quay Street had opposed the plan.",
        "They fear two years of building works will drive customers away from the old market.",
    ]


RUN_ON = ("The council also published a long list of the streets that will be closed while the "
          "rails are laid, the bus routes that will be moved to the parallel avenue, the dates on "
          "which the ferry terminal car park will be shut for the building of the tram depot, and "
          "the compensation that shop owners on Quay Street can claim for every month of works")


def test_a_dropped_run_on_sentence_is_listed_whole() -> None:
    # A sentence of over 50 words is cut into pieces for matching; dropped, it is one change.
    source = WIRE + "\n\n" + RUN_ON + "."
    assert sum(1 for s in features(source).sentences if s.piece_of is not None) >= 2
    dropped = explain(features(WIRE), features(source)).of_kind("dropped")
    assert [c.source_text for c in dropped] == [RUN_ON + "."]
    # ...and so is an inserted one.
    inserted = explain(features(source), features(WIRE)).of_kind("inserted")
    assert [c.derived_text for c in inserted] == [RUN_ON + "."]


def test_short_reworded_sentence_between_aligned_neighbours_is_paired() -> None:
    copy = derived_of([("Shopkeepers on Quay Street had opposed the plan.",
                        "Shopkeepers on Quay Street were against the plan.")])
    found = explain(features(copy), features(WIRE))
    assert found.of_kind("dropped") == () and found.of_kind("inserted") == ()


def test_headline_from_titles_and_from_the_body() -> None:
    titled = explain(features(WIRE), features(WIRE), "Tram line approved", "Council backs harbour tram")
    (change,) = titled.of_kind("headline_changed")
    assert (change.source_text, change.derived_text) == ("Council backs harbour tram", "Tram line approved")
    with_heading = "Harbour tram gets the green light\n\n" + WIRE
    found = explain(features(with_heading), features("Council backs the harbour tram line\n\n" + WIRE))
    assert found.derived_title == "Harbour tram gets the green light"
    assert [c.kind for c in found.changes] == ["headline_changed"]


def test_title_repeated_in_the_body_is_not_an_inserted_sentence() -> None:
    page = "Menu\n\nTram line approved for the harbour front\n\n" + WIRE
    found = explain(features(page), features(WIRE), "Tram line approved for the harbour front", None)
    assert found.of_kind("inserted") == ()


def test_changes_come_grouped_by_kind() -> None:
    copy = derived_of([("12 million", "15 million"), ("Elin Sandvik", "Elin Sandvig"),
                       ("The council said construction", "Extra line here for the record.\n\nThe council said construction")])
    kinds = [c.kind for c in explain(features(copy), features(WIRE)).changes]
    assert kinds == sorted(kinds, key=CHANGE_KINDS.index)


def test_word_diff() -> None:
    ops = word_diff("peace tomorrow will be even more painful.", "tomorrow's world will be even more painful.")
    assert [(d.op, d.source, d.derived) for d in ops] == [
        ("replace", "peace tomorrow", "tomorrow's world"), ("equal", "will be even more painful.",
                                                            "will be even more painful.")]


def test_a_correction_is_explained_as_verification_aligned_it() -> None:
    # Headlines go into the features, as at ingest: the corrected lines align with the
    # lines they correct (no figure veto between a correction and its item).
    original = "Shr 37 cts vs 30 cts\nNet 4.1 mln vs 3.3 mln\nRevs 88.2 mln vs 79.5 mln"
    corrected = original.replace("4.1", "4.7") + "\n(Corrects net in item of July 14.)"
    found = explain_articles(article("b", corrected, "CORRECTED - HRW CORP 2ND QTR NET"),
                             article("a", original, "HRW CORP 2ND QTR NET"), CONFIG)
    assert len(found.pairs) == 3 and found.kept == 1.0
    assert [c.detail for c in found.of_kind("number_changed")] == ["4.1 became 4.7"]


def test_rows_and_json_agree_with_the_explanation() -> None:
    copy = derived_of([("12 million", "15 million")])
    found = explain_articles(article("b", copy, "T"), article("a", WIRE, "T"), CONFIG)
    stored = rows("b", "a", found)
    assert stored["explanations"] == [{"article_id": "b", "source_id": "a", "divergence": found.divergence,
                                       "kept": found.kept, "inserted_share": found.inserted_share,
                                       "n_aligned": len(found.pairs), "n_changes": len(found.changes)}]
    assert [r["seq"] for r in stored["alignments"]] == list(range(len(found.pairs)))
    assert [r["kind"] for r in stored["changes"]] == ["number_changed"]
    data = json.loads(json.dumps(as_dict(found)))
    assert data["numbers"][0]["detail"] == "12 became 15"
    assert data["verdict"] == {"related": True, "reason": found.verdict}
    assert len(data["pairs"]) == len(found.pairs)
    by_id = explainer({"a": features(WIRE), "b": features(copy)}.__getitem__)
    assert by_id("b", "a", "T", "T") == stored


# --- the bundled example corpus (always present) ----------------------------------------------
def _examples(example_records: list[dict[str, Any]]) -> dict[str, Article]:
    from datetime import datetime

    return {
        r["id"]: Article(article_id=str(r["id"]), text=str(r["text"]), content_hash="0" * 16,
                         title=r.get("title"),  # type: ignore[arg-type]
                         published_at=datetime.fromisoformat(str(r["published_at"]).replace("Z", "+00:00"))
                         if r.get("published_at") else None)
        for r in example_records
    }


def test_example_translation_explained(example_records: list[dict[str, Any]],
                                       example_labels: dict[str, dict[str, Any]]) -> None:
    arts = _examples(example_records)
    label = example_labels["ex-translation"]
    found = explain_articles(arts["ex-translation"], arts["ex-wire"], CONFIG)
    quotes = {(c.source_text or "").rstrip(",."): (c.derived_text or "").rstrip(",.")
              for c in found.of_kind("quote_changed")}
    assert quotes[label["changed_quote"]] == label["changed_quote_to"]
    inserted = [c.derived_text or "" for c in found.of_kind("inserted")]
    assert any(label["inserted_aside"] in text for text in inserted)
    dropped = [c.source_text or "" for c in found.of_kind("dropped")]
    for start in label["dropped_paragraph_starts"]:
        assert any(text.startswith(start) for text in dropped), start
    names = details(found, "name_changed")
    assert '"Aldersgate" became "Aldersgeit"' in names
    assert found.of_kind("headline_changed")


# --- the seeds: the acceptance case ------------------------------------------------------
@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.conftest import shared_path

    seeds = shared_path("seeds", "seeds.jsonl")
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.duckdb")
    from tracker.cli import main

    result = CliRunner().invoke(main, ["--db", db, "ingest", "-q", str(seeds)])
    assert result.exit_code == 0, result.output
    return db


def test_seed_000_explained(seeds_db: str) -> None:
    from tracker.cli import main

    result = CliRunner().invoke(main, ["--db", seeds_db, "explain", "seed-000", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["against"]["id"] == "seed-001"
    asides = [c["derived"] for c in data["inserted"] if "Approx. InoSMI" in c["derived"]]
    assert asides and asides[0].startswith("(and why did the authors forget")
    dropped = " ".join(c["source"] for c in data["dropped"])
    assert "Defense Minister Andrei Belousov" in dropped and "Russia, Belousov said" in dropped
    quotes = {c["source"].rstrip(".'"): c["derived"] for c in data["quotes"]}
    assert quotes["peace tomorrow will be even more painful"].startswith("tomorrow's world will be even more painful")


def test_seed_000_explained_as_text_and_html(seeds_db: str, tmp_path: Path) -> None:
    from tracker.cli import main

    page = tmp_path / "seed-000.html"
    result = CliRunner().invoke(main, ["--db", seeds_db, "explain", "seed-000", "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "seed-000 against seed-001 (parent and origin)" in result.output
    assert "(and why did the authors forget" in result.output
    assert "tomorrow's world will be even more painful" in result.output
    assert 'class="pair"' in page.read_text(encoding="utf-8")


def test_explain_cli_errors(config: TrackerConfig, tmp_path: Path) -> None:
    from tracker.cli import main

    records = tmp_path / "two.jsonl"
    records.write_text("\n".join(json.dumps({"id": i, "text": WIRE if i == "a" else WIRE.replace("12", "15")})
                                 for i in ("a", "b")) + "\n")
    db = ["--db", config.store.path]
    assert CliRunner().invoke(main, db + ["ingest", "-q", str(records)]).exit_code == 0
    missing = CliRunner().invoke(main, db + ["explain", "nope"])
    assert missing.exit_code == 2 and "no article 'nope'" in missing.output
    edge_origin = CliRunner().invoke(main, db + ["explain", "a"])
    edge_derived = CliRunner().invoke(main, db + ["explain", "b"])
    origin_run = edge_origin if "is an origin" in edge_origin.output else edge_derived
    assert origin_run.exit_code == 1 and "pass --against ID" in origin_run.output
    against = CliRunner().invoke(main, db + ["explain", "a", "--against", "b", "--json"])
    assert against.exit_code == 0
    assert json.loads(against.output)["numbers"][0]["detail"] in ("12 became 15", "15 became 12")


def test_explain_a_file_that_is_not_stored(config: TrackerConfig, tmp_path: Path) -> None:
    # A text on disk is compared with the parent find-origin gives it, or with --against.
    from tracker.cli import main

    records = tmp_path / "one.jsonl"
    records.write_text(json.dumps({"id": "a", "text": WIRE, "title": "Council passes budget"}) + "\n")
    db = ["--db", config.store.path]
    assert CliRunner().invoke(main, db + ["ingest", "-q", str(records)]).exit_code == 0
    copy = tmp_path / "copy.txt"
    copy.write_text(derived_of([("12 million", "15 million")]), encoding="utf-8")
    result = CliRunner().invoke(main, db + ["explain", str(copy), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["against"]["id"] == "a" and data["role"] == "parent and origin"
    assert data["numbers"][0]["detail"] == "12 became 15"
    assert data["verdict"]["related"] is True
    # On standard input, against a named article.
    piped = CliRunner().invoke(main, db + ["explain", "-", "--against", "a"], input=copy.read_text())
    assert piped.exit_code == 0 and "verification: derived" in piped.output
    # A text that derives from nothing needs --against.
    alone = tmp_path / "alone.txt"
    alone.write_text("The harbour ferry will run every hour on Sundays from May, the operator said.\n")
    refused = CliRunner().invoke(main, db + ["explain", str(alone)])
    assert refused.exit_code == 1 and "pass --against ID" in refused.output
    unknown = CliRunner().invoke(main, db + ["explain", str(tmp_path / "missing.txt")])
    assert unknown.exit_code == 2 and "no such file" in unknown.output


def test_explain_reads_the_times_the_articles_state(config: TrackerConfig, tmp_path: Path) -> None:
    # Three paragraphs of the tram story repeated in a story of two months later: the verdict
    # is the time rule's, for stored articles as at ingest.
    from tracker.cli import main

    later = "\n\n".join([
        "PORT VELL, May 4 (Meridian) - Building work on the Port Vell harbour tram began on Monday "
        "with the closure of two lanes of the coast road, the city said.",
        *WIRE.split("\n\n")[1:4],
        "The first trams are due to be delivered from the factory in the autumn of 2028.",
    ])
    records = tmp_path / "two.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in (
        {"id": "march", "text": WIRE, "published_at": "2026-03-02T09:00:00Z"},
        {"id": "may", "text": later, "published_at": "2026-05-04T09:00:00Z"},
    )) + "\n")
    db = ["--db", config.store.path]
    assert CliRunner().invoke(main, db + ["ingest", "-q", str(records)]).exit_code == 0
    result = CliRunner().invoke(main, db + ["explain", "may", "--against", "march", "--json"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.output)["verdict"]
    assert verdict["related"] is False
    assert verdict["reason"].startswith("published 63 days apart with 4 aligned sentences")


def test_an_identical_sign_off_line_is_kept_not_dropped_and_inserted() -> None:
    # A wire's sign-off ("Reuter") has no content term to align on; unchanged, it is kept.
    found = explain(features(WIRE + " Reuter"), features(WIRE + " Reuter"))
    assert found.of_kind("inserted") == () and found.of_kind("dropped") == ()


def test_a_name_replaced_in_one_sentence_is_listed_though_it_occurs_elsewhere() -> None:
    # Krag is renamed Lund in the last sentence only; the earlier mention stays.
    text = WIRE.replace("Shopkeepers on Quay Street had opposed the plan.",
                        "Shopkeepers on Quay Street, backed by Tomas Krag, had opposed the plan.")
    copy = text.replace("Opposition leader Tomas Krag called", "Opposition leader Tomas Lund called")
    assert details(explain(features(copy), features(text)), "name_changed") == ['"Tomas Krag" became "Tomas Lund"']
    # A name moved within the sentence is no change of name.
    moved = text.replace("Opposition leader Tomas Krag called the budget unrealistic",
                         "Tomas Krag, the opposition leader, called the budget unrealistic")
    assert explain(features(moved), features(text)).of_kind("name_changed") == ()


def test_a_long_sentence_told_in_two_keeps_the_figures_of_both_halves() -> None:
    # The source's one long sentence (cut into pieces for alignment) becomes two sentences of
    # the copy, each with one of its years: 1989 became no 1990.
    long = ("Russia wants a pledge on NATO in writing because Putin thinks Moscow was misled by the "
            "United States after the 1989 fall of the Berlin Wall when US Secretary of State James Baker "
            "assured Soviet leader Mikhail Gorbachev in 1990 that the alliance would not expand eastwards, "
            "two of the sources said after the meeting in the capital.")
    split = ("Russia is seeking written commitments on NATO because Putin believes the United States misled "
             "Moscow after the fall of the Berlin Wall in 1989. In 1990, US Secretary of State James Baker "
             "assured Soviet leader Mikhail Gorbachev that the alliance would not expand eastwards, two of the "
             "sources said after the meeting in the capital.")
    found = explain(features(WIRE + "\n\n" + split), features(WIRE + "\n\n" + long))
    assert found.of_kind("number_changed") == ()


def test_a_ticker_is_no_name() -> None:
    text = WIRE.replace("Shopkeepers on Quay Street had opposed the plan.",
                        "Shopkeepers and Harbour Electric Holdings Ltd <HEHL.VL> had opposed the plan.")
    copy = text.replace("Harbour Electric Holdings Ltd <HEHL.VL>", "Quay Power Co")
    names = details(explain(features(copy), features(text)), "name_changed")
    assert not any("HEHL" in n for n in names), names


def test_a_capitalised_common_word_does_not_stand_for_a_lost_name() -> None:
    copy = derived_of([("mayor Elin Sandvik told", "the City Administration told")])
    assert details(explain(features(copy), features(WIRE)), "name_changed") == [
        '"Elin Sandvik" vanished: it occurs nowhere in the derived article']


def test_a_sentence_joined_into_its_neighbours_partner_is_paired_not_dropped() -> None:
    # The rewrite joins the source's first two sentences into one: the one-to-one alignment
    # pairs it with the first; the second is joined into it (its terms are there, beyond what
    # the first explains), not dropped. What the join left out is told: the passenger count.
    source = ("The city council approved a budget of 12 million crowns for the new harbour tram line on Monday. "
              "The line will link the ferry terminal with the university campus and carry 9,000 passengers a day. "
              "Shop owners on Quay Street opposed the plan. Construction will begin in April.")
    derived = ("On Monday the city council approved a budget of 12 million crowns for the new harbour tram line, "
               "which will link the ferry terminal with the university campus. "
               "Shop owners on Quay Street opposed the plan. Construction will begin in April.")
    found = explain(extract(derived, ShingleConfig()), extract(source, ShingleConfig()))
    assert {(d.pair.derived_index, d.pair.source_index) for d in found.pairs} == {(0, 0), (0, 1), (1, 2), (2, 3)}
    assert not found.of_kind("dropped") and not found.of_kind("inserted")
    assert [c.detail for c in found.of_kind("number_changed")] == [
        "9,000 vanished: it occurs nowhere in the derived article"]
    # A neighbour that tells something else stays dropped.
    other = source.replace("The line will link the ferry terminal with the university campus and carry 9,000 "
                           "passengers a day.", "Rents in the old town rose by a tenth last year.")
    found = explain(extract(derived, ShingleConfig()), extract(other, ShingleConfig()))
    assert [c.source_index for c in found.of_kind("dropped")] == [1]
    # A short sentence joined whole, with one word of its own and its figure, is joined too.
    short = ("The regional office published its annual report on measles on Thursday.\n\nCoverage with the "
             "second dose fell to 91 percent across the region in 2024, below the 95 percent needed to stop the "
             "virus, the report said. In some districts it was under 70 percent.\n\nHealth officials blamed "
             "disruptions to routine vaccination during the pandemic.")
    merged = short.replace("the report said. In some", "the report said, and in some")
    found = explain(extract(merged, ShingleConfig()), extract(short, ShingleConfig()))
    assert not found.of_kind("dropped") and not found.of_kind("number_changed")
    # A figure alone is no join: the neighbour's word must be there too.
    figure_only = short.replace("the report said. In some districts it was under 70 percent.",
                                "the report said, 70 percent more than before.")
    found = explain(extract(figure_only, ShingleConfig()), extract(short, ShingleConfig()))
    assert [c.source_index for c in found.of_kind("dropped")] == [2]


def test_a_respelled_name_is_shown_whole_though_the_copy_also_names_it_alone() -> None:
    source = ("The deal will fund the renovation of 4,200 kilometres of track by 2031, Transport Minister "
              "Katrin Vogler told a news conference on Friday.\n\n\"Today we start paying back that debt,\" "
              "Vogler said after the talks.")
    copy = source.replace("Vogler", "Vogeler")
    assert details(explain(features(copy), features(source)), "name_changed") == [
        '"Transport Minister Katrin Vogler" became "Transport Minister Katrin Vogeler"']
    # Found elsewhere in the copy (the kept sentence was joined into another), the fullest of
    # its spellings stands for it.
    from tracker.names import _respelled

    assert _respelled("Transport Minister Katrin Vogler", ["Vogeler", "Transport Minister Katrin Vogeler"],
                      0.7) == "Transport Minister Katrin Vogeler"
