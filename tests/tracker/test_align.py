"""tracker.align: sentence similarity (with number conflicts), alignment, order share."""

from __future__ import annotations

import dataclasses

import pytest

from tracker.align import (
    MIN_SHARED_TERMS,
    SENTENCE_THRESHOLD,
    Link,
    align,
    longest_increasing_share,
    sentence_similarity,
    word_jaccard,
)
from tracker.config import ShingleConfig
from tracker.shingle import Features, Sentence, extract
from tracker.verify import compare

CONFIG = ShingleConfig()


def sent(text: str) -> Sentence:
    (only,) = extract(text, CONFIG).sentences
    return only


def doc(*sentences: str) -> Features:
    return extract(" ".join(sentences), CONFIG)


SALE = "Brightwater sold its shipping unit to Kestrel for 2.5 billion dollars on Monday."
SALE_OTHER_PRICE = "Brightwater sold its shipping unit to Kestrel for 1.8 billion dollars on Monday."
SALE_OTHER_DAY = "Brightwater sold its shipping unit to Kestrel for 2.5 billion dollars on Tuesday."
SALE_NO_PRICE = "Brightwater sold its shipping unit to Kestrel on Monday."

# --- sentence similarity -------------------------------------------------------------------


def test_identical_sentences_score_one() -> None:
    assert sentence_similarity(sent(SALE), sent(SALE)) == 1.0
    assert word_jaccard(sent(SALE), sent(SALE)) == 1.0


def test_number_conflict_lowers_the_score() -> None:
    # Both variants change one content term; only the changed price is a different statement.
    other_price = sentence_similarity(sent(SALE), sent(SALE_OTHER_PRICE))
    other_day = sentence_similarity(sent(SALE), sent(SALE_OTHER_DAY))
    assert other_price < other_day < 1.0
    assert other_day == pytest.approx(8 / 9)
    assert other_price < SENTENCE_THRESHOLD


def test_one_changed_figure_among_several_costs_something() -> None:
    a = sent("Exports rose 12 percent to 4.1 million tonnes in 2023, the port said.")
    other_figure = sent("Exports rose 12 percent to 4.3 million tonnes in 2023, the port said.")
    other_word = sent("Exports rose 12 percent to 4.1 million tonnes in 2023, the harbour said.")
    n = len(a.terms)
    assert len(a.terms & other_figure.terms) == len(a.terms & other_word.terms) == n - 1
    assert sentence_similarity(a, other_word) == pytest.approx((n - 1) / n)
    assert sentence_similarity(a, other_figure) == pytest.approx((n - 2) / n)  # 2 conflicting numbers x 0.5
    assert sentence_similarity(a, other_figure) >= SENTENCE_THRESHOLD  # still the same statement


def test_a_condensing_sentence_may_leave_figures_out_but_not_change_one() -> None:
    # A summary keeps the price and the rate of its source's sentence and drops the term and
    # the count of plants: no figure disagrees. Between two texts of like length (two issues
    # of a recurring report) the same pair is kept apart, as before.
    source = sent("The utility will be sold for 620 million dollars at 4.5 percent interest over "
                  "10 years, with 2 treatment plants to be rebuilt within 5 years.")
    summary = sent("The utility will be sold for 620 million dollars at 4.5 percent interest.")
    other = sent("The utility will be sold for 640 million dollars at 4.5 percent interest.")
    assert sentence_similarity(summary, source) == 0.0
    assert sentence_similarity(summary, source, condensed=1) >= SENTENCE_THRESHOLD
    assert sentence_similarity(source, summary, condensed=-1) == sentence_similarity(summary, source, condensed=1)
    assert sentence_similarity(source, summary, condensed=1) == 0.0, "only the condensing side may drop"
    assert sentence_similarity(other, source, condensed=1) == 0.0, "a changed figure is no condensation"


def test_figure_spelled_as_a_compound_number_word_matches_its_digits() -> None:
    a = sent("Twenty-two workers were injured in the blast at the Calder Bay plant on Monday.")
    b = sent("22 workers were injured in the blast at the Calder Bay plant on Monday.")
    assert sentence_similarity(a, b) >= SENTENCE_THRESHOLD


def test_figure_spelled_as_a_number_word_matches_its_digits() -> None:
    a = sent("Ten workers were injured in the blast at the Calder Bay plant on Monday.")
    b = sent("10 workers were injured in the blast at the Calder Bay plant on Monday.")
    assert sentence_similarity(a, b) == 1.0


def test_number_on_one_side_only_is_not_a_conflict() -> None:
    a, b = sent(SALE), sent(SALE_NO_PRICE)
    assert a.numbers and not b.numbers
    shared = len(a.terms & b.terms)
    assert sentence_similarity(a, b) == pytest.approx(shared / (len(a.terms) * len(b.terms)) ** 0.5)


def test_many_number_conflicts_cancel_the_match() -> None:
    a = sent("Exports rose 12 percent to 4.1 million tonnes in 2023 from 3.6 million in 2022.")
    b = sent("Exports rose 9 percent to 3.9 million tonnes in 2021 from 3.5 million in 2020.")
    assert len(a.terms & b.terms) >= MIN_SHARED_TERMS
    assert sentence_similarity(a, b) < SENTENCE_THRESHOLD


def test_too_few_shared_terms_scores_zero() -> None:
    a = sent("The harbour master closed the port to all traffic.")
    b = sent("The port reopened after harbour engineers inspected the pier.")
    assert len(a.terms & b.terms) == MIN_SHARED_TERMS - 1
    assert sentence_similarity(a, b) == 0.0


def test_similarity_is_symmetric_and_bounded() -> None:
    pairs = [(SALE, SALE_OTHER_PRICE), (SALE, SALE_NO_PRICE), (SALE_OTHER_DAY, SALE_NO_PRICE)]
    for x, y in pairs:
        a, b = sent(x), sent(y)
        assert sentence_similarity(a, b) == sentence_similarity(b, a)
        assert 0.0 <= sentence_similarity(a, b) <= 1.0
        assert word_jaccard(a, b) == word_jaccard(b, a)


def test_paraphrase_clears_the_threshold() -> None:
    a = sent(
        "Dockworkers at Calder Bay walked off the job on Thursday after talks with Brightwater collapsed."
    )
    b = sent("Calder Bay dockworkers stopped work on Thursday when talks with Brightwater broke down.")
    assert sentence_similarity(a, b) >= SENTENCE_THRESHOLD
    assert word_jaccard(a, b) < 0.5


def test_word_jaccard_counts_all_words() -> None:
    a = sent("The port is closed.")
    b = sent("The port is open.")
    assert word_jaccard(a, b) == pytest.approx(3 / 5)


# --- alignment -----------------------------------------------------------------------------

SOURCE = [
    "Ferry services between Lunde and the mainland were suspended on Wednesday after a storm damaged "
    "the pier.",
    "About 2,400 passengers a day use the route linking the island villages with Kerrby station.",
    "Engineers found cracks in three concrete supports of the pier during an inspection.",
    "Repairs could take two weeks and cost an estimated 1.8 million crowns, the transport authority said.",
    "A temporary passenger boat from the fishing harbour will start running on Friday.",
]
OFF_TOPIC = [
    "A violinist from Oster Vale won the Hallam music competition on Sunday evening.",
    "The jury praised her choice of a little-known eighteenth-century concerto.",
]


def test_copy_aligns_sentence_by_sentence() -> None:
    links = align(doc(*SOURCE), doc(*SOURCE))
    assert [(k.left, k.right) for k in links] == [(i, i) for i in range(len(SOURCE))]
    assert all(k.score == 1.0 and k.lexical == 1.0 for k in links)
    assert longest_increasing_share(links) == 1.0


def test_unrelated_texts_do_not_align() -> None:
    assert align(doc(*SOURCE), doc(*OFF_TOPIC)) == []


def test_reordered_copy_keeps_the_pairs_but_not_the_order() -> None:
    order = [3, 4, 0, 1, 2]
    links = align(doc(*(SOURCE[i] for i in order)), doc(*SOURCE))
    assert sorted((k.left, k.right) for k in links) == [(pos, src) for pos, src in enumerate(order)]
    assert longest_increasing_share(links) == pytest.approx(3 / 5)


def test_alignment_skips_inserted_sentences() -> None:
    derived = [SOURCE[0], OFF_TOPIC[0], SOURCE[1], SOURCE[2]]
    links = align(doc(*derived), doc(*SOURCE))
    assert [(k.left, k.right) for k in links] == [(0, 0), (2, 1), (3, 2)]


def test_links_are_sorted_and_one_to_one_for_distinct_sentences() -> None:
    links = align(doc(*reversed(SOURCE)), doc(*SOURCE))
    assert links == sorted(links, key=lambda k: (k.left, k.right))
    assert len({k.left for k in links}) == len({k.right for k in links}) == len(links) == len(SOURCE)


@pytest.mark.parametrize("derived", [
    [SOURCE[0], OFF_TOPIC[0], SOURCE[1], SOURCE[2]],
    [SOURCE[3], SOURCE[4], SOURCE[0], OFF_TOPIC[1]],
    OFF_TOPIC,
])
def test_the_shared_vocabulary_shortcut_changes_no_link(derived: list[str]) -> None:
    # align() looks only at the terms both articles have (Features.body_terms); without
    # them it reads every term of every sentence. The links are the same.
    a, b = doc(*derived), doc(*SOURCE)
    bare = [dataclasses.replace(f, body_terms=frozenset(), postings={}) for f in (a, b)]
    assert align(a, b) == align(*bare)
    assert align(b, a) == align(*reversed(bare))


def test_min_terms_excludes_short_sentences() -> None:
    a = doc("Storm damaged pier.", SOURCE[1])
    assert len(a.sentences[0].terms) == 3
    assert [(k.left, k.right) for k in align(a, a, min_terms=3)] == [(0, 0), (1, 1)]
    assert [(k.left, k.right) for k in align(a, a, min_terms=4)] == [(1, 1)]


def test_condensed_sentence_joins_both_of_its_sources() -> None:
    source = doc(
        "Brightwater chief executive Ingrid Halvorsen said the company offered the largest pay rise "
        "in its history.",
        "Halvorsen urged the dockworkers union to return to the negotiating table at Calder Bay.",
    )
    summary = doc(
        "Brightwater chief executive Ingrid Halvorsen said the company offered the largest pay rise in its "
        "history and urged the dockworkers union to return to the negotiating table at Calder Bay."
    )
    links = align(summary, source)
    assert {(k.left, k.right) for k in links} == {(0, 0), (0, 1)}


def test_sentence_merging_two_with_their_figures_aligns_with_both() -> None:
    # The summary's sentence states the figures of two adjacent source sentences. Against the
    # first alone its figures disagree (42 against 42, 3,800 and six), as another report's
    # sentence in the same frame would; read with its neighbour it is one statement.
    source = doc(
        "Dockworkers walked off the job on Thursday after talks with Brightwater collapsed.",
        "Brightwater said its final offer would cost the company 42 million dollars a year.",
        "The union wants the offer improved to cover the 3,800 workers at six terminals.",
        "Talks resume on Saturday.",
    )
    summary = doc("Brightwater said its final offer would cost the company 42 million dollars a year, "
                  "and the union wants it improved to cover 3,800 workers at six terminals.")
    assert sentence_similarity(summary.sentences[0], source.sentences[1]) == 0.0
    links = align(summary, source)
    assert {(k.left, k.right) for k in links} == {(0, 1), (0, 2)}
    assert sum(not k.joined for k in links) == 1
    back = align(source, summary)
    assert {(k.right, k.left) for k in back} == {(0, 1), (0, 2)}
    # Unaligned, its source sentence would be held against the pair as another report's.
    assert compare(summary, source).figure_conflicts == 0


def test_a_sentence_that_changes_a_figure_merges_with_nothing() -> None:
    # Two monthly reports sharing a boilerplate line: the later one's lead states the earlier
    # month's figure too, and its neighbour has the later month's, but the lead drops the
    # figure the earlier report gives for the month before (0.2): another report, not a merge.
    boilerplate = "The statistics office publishes its figures on the tenth working day of each month."
    january = doc("The index of industrial output rose 1.1 percent in January after a 0.2 percent fall in "
                  "December, the statistics office said.",
                  "Economists expect a 2.2 percent gain for February.", boilerplate)
    february = doc("The index of industrial output rose 2.2 percent in February after a 1.1 percent rise in "
                   "January, the statistics office said.", boilerplate)
    assert [(k.left, k.right) for k in align(february, january)] == [(1, 2)]


# --- order share ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "share"),
    [
        ([], 0.0),
        ([(0, 0)], 1.0),
        ([(0, 0), (1, 1), (2, 2)], 1.0),
        ([(0, 3), (1, 2), (2, 1), (3, 0)], 0.25),
        ([(0, 1), (1, 0), (2, 2), (3, 3)], 0.75),
    ],
)
def test_longest_increasing_share(pairs: list[tuple[int, int]], share: float) -> None:
    links = [Link(i, j, 1.0, 1.0) for i, j in pairs]
    assert longest_increasing_share(links) == pytest.approx(share)
    assert longest_increasing_share(list(reversed(links))) == pytest.approx(share)


# --- pieces of a sentence cut on one side only -----------------------------------------------

# 44 words: not cut. Its translation runs to 56 words and is cut into pieces.
SOURCE_LONG = (
    "PORT ALDER, March 4 - About 2,400 dockworkers walked off the job at Port Alder on Wednesday, "
    "halting cargo handling at the country's second-busiest container port in a dispute over pay and "
    "a plan to automate part of the Aldersgate container terminal, union officials said."
)
TRANSLATED_LONG = (
    "PORT ALDER, 4 March - Approximately 2,400 workers of the docks on Wednesday stopped the work in "
    "Port Alder, having halted the processing of cargoes in the second by size container port of the "
    "country, in connection with the labour conflict about the wages and about the plan to automate "
    "part of the container terminal Aldersgate, as the officials of the union said."
)
SOURCE_NEXT = "Another 15 ships were due to arrive at the Aldersgate terminal before Friday, the harbour master said."
TRANSLATED_NEXT = "Still 15 ships must arrive at the terminal Aldersgate until Friday, said the harbour master."


def test_pieces_of_a_sentence_cut_on_one_side_align_with_it_together() -> None:
    translated, source = doc(TRANSLATED_LONG, TRANSLATED_NEXT), doc(SOURCE_LONG, SOURCE_NEXT)
    pieces = [s.index for s in translated.sentences if s.piece_of is not None]
    assert len(pieces) == 3 and all(s.piece_of is None for s in source.sentences)
    # The opening pieces alone are not close enough to the whole sentence.
    alone = [sentence_similarity(translated.sentences[i], source.sentences[0]) for i in pieces]
    assert sum(score >= SENTENCE_THRESHOLD for score in alone) <= 1
    links = align(translated, source)
    assert {(k.left, k.right) for k in links} == {(0, 0), (1, 0), (2, 0), (3, 1)}
    # A joined piece carries the score and the lexical closeness of the pieces read together.
    joined = [k for k in links if k.right == 0 and alone[k.left] < SENTENCE_THRESHOLD]
    assert joined and all(k.score > max(alone) for k in joined)
    assert all(k.lexical > word_jaccard(translated.sentences[k.left], source.sentences[0]) for k in joined)
    # One statement: the further pieces are marked joined, and count once in a comparison.
    assert sum(not k.joined for k in links if k.right == 0) == 1
    assert compare(translated, source).n_aligned == 2
    # The same from the other side.
    back = align(source, translated)
    assert {(k.right, k.left) for k in back} == {(0, 0), (1, 0), (2, 0), (3, 1)}
    assert compare(source, translated).n_aligned == 2


def test_two_rating_actions_state_other_figures() -> None:
    # Rating grades are the figures of a rating action (tracker.text.numbers).
    one = sent("Cut were its senior debt to CCC-plus from B-minus and subordinated debt to CCC-minus.")
    other = sent("Cut were its senior debt to AA from AA-plus and subordinated debt to AA-minus.")
    same = sent("Cut were its senior debt to CCC-plus from B-minus and subordinated debt to CCC-minus, "
                "it said.")
    assert sentence_similarity(one, other) == 0.0
    assert sentence_similarity(one, same) > 0.8
