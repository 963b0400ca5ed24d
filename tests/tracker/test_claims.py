"""tracker.claims: kept sentences whose certainty changed."""

from __future__ import annotations

import pytest

from tracker.claims import claim_changes
from tracker.explanation import AlignedDiff, word_diff
from tracker.model import AlignedPair


def claims(source: str, derived: str, lexical: float = 0.9) -> list[str]:
    pair = AlignedPair(3, 4, derived, source, 0.9, lexical)
    return [c.detail for c in claim_changes((AlignedDiff(pair, word_diff(source, derived)),))]


@pytest.mark.parametrize(("source", "derived", "said"), [
    ("The man, who allegedly stole 300 cars, was arrested by police on Monday.",
     "The man, who stole 300 cars, was arrested by police on Monday.", ['hedge dropped: "allegedly"']),
    ("The plant may close next year, the company said on Tuesday.",
     "The plant will close next year, the company said on Tuesday.", ['hedge dropped: "may"']),
    ("The plant will close next year, the company said on Tuesday.",
     "The plant could close next year, the company said on Tuesday.", ['hedge added: "could"']),
    ("The company did not accept that it acted recklessly, its lawyer said.",
     "The company accepted that it acted recklessly, its lawyer said.", ['negation removed: "not"']),
    ("The company accepted that it acted recklessly, its lawyer said.",
     "The company never accepted that it acted recklessly, its lawyer said.", ['negation added: "never"']),
    ("Police said about 12,500 people were evacuated from the district overnight.",
     "Police said 12,500 people were evacuated from the district overnight.",
     ['"about 12,500" became "12,500": the figure is given as exact']),
    ("Police said 300 people were evacuated from the district overnight.",
     "Police said up to 300 people were evacuated from the district overnight.", ['"300" became "up to 300"']),
])
def test_a_hedge_an_approximation_or_a_negation_dropped_or_added_is_a_change(
        source: str, derived: str, said: list[str]) -> None:
    assert claims(source, derived) == said


@pytest.mark.parametrize(("source", "derived"), [
    # Another word for the same: a hedge for a hedge, a contraction, an approximator for another.
    ("The man allegedly stole the cars from the depot.", "The man reportedly stole the cars from the depot."),
    ("The company did not accept the ruling, its lawyer said.", "The company didn't accept the ruling, its lawyer said."),
    ("Police said more than 300 people were evacuated.", "Police said over 300 people were evacuated."),
    # "May" is the month.
    ("The plant will close in May, the company said.", "The plant will close in June, the company said."),
    # A converted figure in brackets keeps the approximation of the one it converts.
    ("The storm brought gusts of up to 230 kph (143 mph) to the coast.", "The storm brought gusts of up to 143 mph to the coast."),
    # Inside a quotation: the quote's change says it.
    ('"We do not accept that the company acted recklessly," Cole said.', '"We accept that the company acted recklessly," Cole said.'),
])
def test_the_same_claim_in_other_words_is_no_change(source: str, derived: str) -> None:
    assert claims(source, derived) == []


def test_a_reworded_sentence_is_not_read_for_negations_nor_a_rewritten_one_for_hedges() -> None:
    # "had not occurred" / "occurred before": a rewrite says the same in other words.
    source = "The promise was made at a time when the collapse of the Soviet Union had not occurred."
    derived = "The promise was made before the collapse of the Soviet Union occurred, the memoir says."
    assert claims(source, derived, lexical=0.67) == []
    assert claims(source, derived, lexical=0.9) == ['negation removed: "not"']
    # A hedge dropped in a reworded sentence is read; in a rewritten one it is not.
    source = "According to the agency, the sensor may wrongly classify an adult as a child seat in rare cases."
    derived = "The agency said the sensor wrongly classifies an adult as a child seat."
    assert claims(source, derived, lexical=0.65) == ['hedge dropped: "may"']
    assert claims(source, derived, lexical=0.4) == []
