"""tracker.shingle: body sentences with terms, and the three shingle families."""

from __future__ import annotations

import pytest

from tracker.config import ShingleConfig
from tracker.shingle import (
    Features,
    content_shingles,
    extract,
    sentence_groups,
    sentence_shingles,
    verbatim_shingles,
)
from tracker.text import MAX_SENTENCE_WORDS, content_terms

CONFIG = ShingleConfig()

ARTICLE = (
    "Home\nWorld\n1496\n\n"
    "Ferry services between Lunde and the mainland were suspended on Wednesday after a storm "
    "damaged the pier, the operator said.\n\n"
    "About 2,400 passengers a day use the route. Repairs could take two weeks, according to "
    "Reuters.\n\n"
    "Ok.\n\n"
    "Related Articles\n"
    "Island school reopens after summer flooding repairs finish early."
)


@pytest.fixture(scope="module")
def features() -> Features:
    return extract(ARTICLE, CONFIG)


def test_extract_gives_body_sentences_in_order(features: Features) -> None:
    assert [s.text for s in features.sentences] == [
        "Ferry services between Lunde and the mainland were suspended on Wednesday after a storm "
        "damaged the pier, the operator said.",
        "About 2,400 passengers a day use the route.",
        "Repairs could take two weeks, according to Reuters.",
        "Ok.",
    ]
    assert [s.index for s in features.sentences] == [0, 1, 2, 3]
    assert [s.paragraph for s in features.sentences] == [0, 1, 1, 2]


def test_sentences_carry_words_terms_and_numbers(features: Features) -> None:
    second = features.sentences[1]
    assert second.words == ("about", "2400", "passengers", "a", "day", "use", "the", "route")
    assert second.terms == frozenset(content_terms(list(second.words)))
    assert second.terms == frozenset({"2400", "passeng", "day", "use", "rout"})
    assert second.numbers == frozenset({"2400"})
    assert features.sentences[0].numbers == frozenset()


def test_features_totals(features: Features) -> None:
    assert features.n_words == sum(len(s.words) for s in features.sentences)
    assert features.words() == [w for s in features.sentences for w in s.words]
    assert features.terms() == set().union(*(s.terms for s in features.sentences))
    assert features.script == "LATIN"
    assert features.credits == ("reuters",)
    assert features.foreign_chrome == 0.0


def test_prejoined_inputs_equal_the_sentences(features: Features) -> None:
    words = [w for s in features.sentences for w in s.words]
    terms = set().union(*(s.terms for s in features.sentences))
    assert features.joined_words == " ".join(words)
    assert features.body_terms == terms and sorted(features.joined_terms.split(" ")) == sorted(terms)
    groups = [s.terms for s in features.sentences if len(s.terms) >= CONFIG.min_sentence_terms]
    assert features.sentence_sizes == tuple(len(g) for g in groups)
    flat = features.sentence_terms.split(" ")
    ends = [sum(features.sentence_sizes[:i + 1]) for i in range(len(groups))]
    assert [set(flat[e - n:e]) for e, n in zip(ends, features.sentence_sizes)] == [set(g) for g in groups]


def test_postings_list_the_sentences_of_each_term(features: Features) -> None:
    kept = [s for s in features.sentences if len(s.terms) >= CONFIG.min_sentence_terms]
    assert kept
    expected = {t: [s.index for s in kept if t in s.terms] for s in kept for t in s.terms}
    assert features.postings == expected
    assert all(features.postings[t] == sorted(features.postings[t]) for t in features.postings)


def test_sentence_groups_follow_another_minimum(features: Features) -> None:
    assert sentence_groups(features, CONFIG.min_sentence_terms) == (
        features.sentence_terms, features.sentence_sizes)
    joined, sizes = sentence_groups(features, 1)
    assert sizes == tuple(len(s.terms) for s in features.sentences if s.terms)
    assert len(joined.split(" ")) == sum(sizes)


def test_foreign_chrome_counts_lines_in_another_script() -> None:
    page = ARTICLE + "\nВойти\nРегистрация"
    feats = extract(page, CONFIG)
    raw_lines = [ln for ln in page.splitlines() if ln.strip()]
    assert feats.foreign_chrome == pytest.approx(2 / len(raw_lines))
    assert [s.text for s in feats.sentences] == [s.text for s in extract(ARTICLE, CONFIG).sentences]


@pytest.mark.parametrize("text", ["", "   \n\n ", "Home\nNews\n1496\n12:45\nShare", "---\n***\n2025"])
def test_empty_or_chrome_only_text_has_no_sentences(text: str) -> None:
    feats = extract(text, CONFIG)
    assert feats.sentences == ()
    assert feats.n_words == 0
    assert verbatim_shingles(feats, 5) == []
    assert content_shingles(feats) == []
    assert sentence_shingles(feats, 3) == []


# --- verbatim ------------------------------------------------------------------------------


def test_verbatim_shingles_are_word_ngrams_in_first_seen_order(features: Features) -> None:
    words = features.words()
    shingles = verbatim_shingles(features, 5)
    assert shingles[0] == " ".join(words[:5])
    assert shingles[-1] == " ".join(words[-5:])
    assert len(shingles) == len(set(shingles)) == len(words) - 4


def test_verbatim_shingles_cross_sentence_boundaries(features: Features) -> None:
    assert "the operator said about 2400" in verbatim_shingles(features, 5)


def test_verbatim_shingles_are_distinct() -> None:
    feats = extract("Talks failed again today. Talks failed again today. Talks failed again today.", CONFIG)
    shingles = verbatim_shingles(feats, 4)
    assert len(shingles) == len(set(shingles)) == 4


def test_text_shorter_than_n_has_no_verbatim_shingles() -> None:
    feats = extract("The ferry is cancelled again.", CONFIG)
    assert len(feats.words()) == 5
    assert verbatim_shingles(feats, 6) == []
    assert verbatim_shingles(feats, 5) == ["the ferry is cancelled again"]
    assert content_shingles(feats) != []  # the other families still see it


# --- content and sentence families ---------------------------------------------------------


def test_content_shingles_are_sorted_distinct_terms(features: Features) -> None:
    shingles = content_shingles(features)
    assert shingles == sorted(features.terms())
    assert "ferri" in shingles and "the" not in shingles


def test_content_shingles_survive_inflection_and_number_format() -> None:
    a = extract("Negotiations over 3,800 dock jobs collapsed on Thursday.", CONFIG)
    b = extract("The negotiation over 3800 dock jobs collapses on Thursday.", CONFIG)
    assert content_shingles(a) == content_shingles(b)


def test_sentence_shingles_skip_sentences_with_few_terms(features: Features) -> None:
    per_sentence = sentence_shingles(features, 3)
    assert [i for i, _ in per_sentence] == [0, 1, 2]  # "Ok." has one term
    for index, terms in per_sentence:
        assert terms == sorted(features.sentences[index].terms)
    assert [i for i, _ in sentence_shingles(features, 6)] == [0, 2]  # 15, 5 and 6 terms
    assert sentence_shingles(features, 20) == []


def test_minimum_terms_is_inclusive() -> None:
    feats = extract("Storm damaged pier.", CONFIG)
    assert len(feats.sentences[0].terms) == 3
    assert [i for i, _ in sentence_shingles(feats, 3)] == [0]
    assert sentence_shingles(feats, 4) == []


def test_extract_is_pure() -> None:
    assert extract(ARTICLE, CONFIG) == extract(ARTICLE, CONFIG)


def test_pieces_of_a_cut_sentence_name_their_first_piece() -> None:
    run_on = ("The harbour authority said that cargo handling at the Aldersgate terminal had stopped at six "
              "in the morning, that twenty three vessels were waiting outside the breakwater, that the "
              "union had rejected the final offer on pay and automation, and that talks would resume "
              "on Saturday under the supervision of the national labour relations board in the capital.")
    assert len(run_on.split()) > MAX_SENTENCE_WORDS
    features = extract(f"A short opening line of the story here.\n\n{run_on} A short closing line here.", ShingleConfig())
    first, *pieces, last = features.sentences
    assert first.piece_of is None and last.piece_of is None
    assert len(pieces) >= 2
    assert {p.piece_of for p in pieces} == {pieces[0].index}
    assert " ".join(p.text for p in pieces) == run_on


def test_a_quotation_over_several_sentences_quotes_each_of_them() -> None:
    text = ('The chief justice read the ruling aloud: "The law as written gives the ministry powers '
            'no court can review. Such a measure cannot be reconciled with the constitution. It is '
            'therefore void from today," she said.\n\n'
            'The ministry said it would study the ruling.\n\n'
            '"We will appeal," a spokesman said. Lawyers were not surprised.')
    found = extract(text, ShingleConfig())
    quoted = [s.quoted for s in found.sentences]
    # The opening sentence's lead-in is short; the middle sentence has no mark of its own; the
    # closing one ends with its speaker.
    assert quoted[0] >= 0.5 and quoted[1] == 1.0 and quoted[2] >= 0.5
    # The next paragraph starts outside any quotation, and a closed quotation ends.
    assert quoted[3] == 0.0 and quoted[4] >= 0.5 and quoted[5] == 0.0


@pytest.mark.parametrize("text", [
    'Norvik cut the price of its 65" television to 499 crowns. The plant employs 300 people. Demand fell.',
    'Demand fell in south Africa." It said no significant impact was expected. Prices held.',
    "Dealers cited \"range trading' in the market. Prices fell. Volume was thin.",
    'Holt said: "The law gives the ministry powers. Such a measure cannot stand. Lawyers agreed.',
])
def test_a_stray_quotation_mark_quotes_nothing_after_it(text: str) -> None:
    # An inch mark, a closing mark whose opening was lost, a mark closed by a single quote, an
    # opening mark never closed in its paragraph (the next does not go on with the quotation).
    found = extract(text, ShingleConfig())
    assert [s.quoted for s in found.sentences][1:] == [0.0] * (len(found.sentences) - 1)


def test_an_opening_mark_where_a_quotation_is_open_drops_the_earlier_opening() -> None:
    # The newsletter's name lost its closing mark; the next sentence quotes two words, not itself.
    text = ('She writes the weekly newsletter "Cross Currents. She has lived in the city long enough '
            'to feel like a native, but not long enough to give in to "Minnesota Nice." Prices fell.')
    quoted = [s.quoted for s in extract(text, ShingleConfig()).sentences]
    assert quoted[0] == 0.0 and 0.0 < quoted[1] < 0.2 and quoted[2] == 0.0


def test_a_quotation_inside_a_quotation_keeps_the_outer_one_open() -> None:
    # « ... „...“ » and „ ... »...« “ are all read as ": the inner opening has two closings
    # ahead of it, so it is nested, not a sign that the outer opening was stray.
    for text in ['«Мы начнём забастовку в понедельник, если предложение не улучшится, потому что это, '
                 'как сказал сам министр, „предательство“», — заявила Анна Руис. Переговоры возобновятся в пятницу.',
                 '„Wir werden am Montag streiken, wenn sich das Angebot nicht verbessert, denn das ist, wie der '
                 'Minister sagte, »Verrat«“, sagte Ruiz. Die Gespräche gehen am Freitag weiter.']:
        quoted = [s.quoted for s in extract(text, ShingleConfig()).sentences]
        assert quoted[0] >= 0.5 and quoted[1] == 0.0, (text, quoted)
    # Nested in the middle: the outer quotation goes on after the inner one closes.
    inner = ('„Der Minister nannte es »Verrat«, und wir werden am Montag streiken, wenn sich nichts ändert, '
             'das haben wir beschlossen“, sagte Ruiz. Die Gespräche gehen weiter.')
    assert [s.quoted >= 0.8 for s in extract(inner, ShingleConfig()).sentences] == [True, False]
    # A stray opening is not taken for an outer quotation because two closings follow later,
    # after another quotation has opened.
    stray = ('She writes the weekly newsletter "Cross Currents. She has lived in the city long enough to feel '
             'like a native, but not long enough to give in to "Minnesota Nice." She calls the city "a small '
             'town with a big airport," and laughs.')
    assert [s.quoted for s in extract(stray, ShingleConfig()).sentences][:2] == [0.0, pytest.approx(0.09, abs=0.01)]


def test_a_quotation_over_two_paragraphs_goes_on_where_the_next_opens_with_a_mark() -> None:
    text = ('Holt said: "The law gives the ministry powers no court can review. Such a measure cannot stand.\n\n'
            '"It is therefore void from today," she said. Lawyers agreed.')
    quoted = [s.quoted for s in extract(text, ShingleConfig()).sentences]
    assert quoted[0] >= 0.5 and quoted[1] == 1.0 and quoted[2] >= 0.5 and quoted[3] == 0.0


def test_a_quotation_closes_after_punctuation_or_a_figure() -> None:
    # '."He', ', " he said' with a space before the mark, and a figure before it.
    for text in ['"We will go."He left. Then it rained.',
                 'Officials said the plan "will not work, " he said. He warned the United States.',
                 'He said "the ratio is 0/92" and left. Prices fell.']:
        quoted = [s.quoted for s in extract(text, ShingleConfig()).sentences]
        assert quoted[0] > 0 and quoted[-1] == 0.0, (text, quoted)


def test_a_leads_dateline_day_is_no_figure_of_the_lead() -> None:
    # When and where a story was filed is not what it reports: a brief filed a day later under
    # its own dateline states the story's figures, not another day's.
    text = ("CALDER BAY, March 15 (Harbour Herald) - About 3,800 dockworkers stayed off the job for a "
            "second day on Friday.\n\nThe strike began on March 14 after talks broke down.")
    lead, later = extract(text, ShingleConfig()).sentences
    assert lead.numbers == {"3800"} and "15" in lead.words
    assert "14" in later.numbers, "a date the story reports is a figure"
    # Without a dateline the same words are figures of the sentence.
    assert "15" in extract("March 15 was the day about 3,800 dockworkers stayed off the job.",
                           ShingleConfig()).sentences[0].numbers
