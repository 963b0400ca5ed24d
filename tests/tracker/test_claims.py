"""tracker.claims: kept sentences whose certainty changed."""

from __future__ import annotations

import pytest

from tracker.claims import claim_changes
from tracker.explanation import AlignedDiff, word_diff
from tracker.model import AlignedPair
from tracker.text import tokens


def claims(source: str, derived: str, lexical: float | None = None) -> list[str]:
    if lexical is None:  # the all-word Jaccard verification gives the pair
        a, b = set(tokens(source)), set(tokens(derived))
        lexical = len(a & b) / len(a | b)
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
    ("The decision was not unanimous.", "The decision was unanimous.", ['negation removed: "not"']),
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


def test_a_rewritten_sentence_is_not_read() -> None:
    # A hedge dropped in a reworded sentence is read; in a rewritten one it is not.
    source = "According to the agency, the sensor may wrongly classify an adult as a child seat in rare cases."
    derived = "The agency said the sensor wrongly classifies an adult as a child seat."
    assert claims(source, derived, lexical=0.65) == ['hedge dropped: "may"']
    assert claims(source, derived, lexical=0.4) == []
    # "unable to" / "cannot", "could" / "will be able to": the same in other words.
    assert claims("If Putin realizes he is unable to reach a peace deal on his terms, he will escalate.",
                  "If Putin decides that he cannot reach a peace deal on his terms, he will escalate.") == []


@pytest.mark.parametrize(("source", "derived"), [
    # Text added or cut at either end of the sentence is no changed claim.
    ("Indians in cities form a small part of the area and do not live in segregated areas.",
     ("Indians in cities form a small part of the area and do not live in segregated areas, so they are much "
      "more likely to meet people of other groups.")),
    # A clause inserted whole is inserted text.
    ("The company falsely advertised that its cheese slices contained more calcium, the regulator charged.",
     ("The company falsely advertised that its cheese slices contained more calcium and that it could "
      "substantiate its claims, the regulator charged.")),
    # A ticker in capitals is no "nor"; a modal stands for a hedge; a number word is its figure.
    ("The mine's owner, Noranda Inc. <NOR>, said one miner died in the fire on Monday.",
     "The mine's owner, Noranda Inc., said one miner died in the fire on Monday."),
    ("Residual tar and nicotine may cause mouth and throat cancers in dogs, the vets said.",
     "Residual tar and nicotine can cause mouth and throat cancers in dogs, the vets said."),
    ("Banks could write down over 10 years the loan losses they incurred, the amendment says.",
     "Banks could write down over ten years the loan losses they incurred, the amendment says."),
    ("Dealers may bid on up to 500,000 dlrs worth of notes and bonds, the bank said.",
     "Dealers may bid on a maximum 500,000 dlrs worth of notes and bonds, the bank said."),
    # A verb that says no is a negation before "to" and a verb; before a figure it is a fall.
    ("Commerce officials would not say if any companies had evaded the charge, the report said.",
     "Commerce officials declined to say if any companies had evaded the charge, the report said."),
    ("The index fell to 51.9 pct in February from 55.8 pct in January, the association said.",
     "The index declined to 51.9 pct in February from 55.8 pct in January, the association said."),
    # "is expected to take no action" / "is unlikely to act".
    ("The central bank is expected to take no action in the market this morning, economists said.",
     "The central bank is unlikely to act in the market this morning, economists said."),
    # A table row is no claim.
    ("May/Aug no quote 0.52 under", "May/Aug 0.51 under 0.52 under"),
])
def test_text_added_at_an_end_a_clause_or_another_word_for_the_same_is_no_claim_change(
        source: str, derived: str) -> None:
    assert claims(source, derived) == []


@pytest.mark.parametrize(("source", "derived", "said"), [
    # At either end of the sentence, a hedge or an approximator dropped is read...
    ("Reportedly, the company will close the plant at Kestrel Bay next year.",
     "The company will close the plant at Kestrel Bay next year.", ['hedge dropped: "reportedly"']),
    ("About 300 people were evacuated from the valley overnight, officials said.",
     "300 people were evacuated from the valley overnight, officials said.",
     ['"about 300" became "300": the figure is given as exact']),
    # ...and a hedge moved within it is none.
    ("The man allegedly stole the cars from the depot last week.",
     "The man stole the cars from the depot last week, allegedly.", []),
    # A hedge of one kind does not stand for another's.
    ("The man allegedly stole the cars and may face charges, police said.",
     "The man stole the cars and could face charges, police said.", ['hedge dropped: "allegedly"']),
    # "could not" is a negation, said again as "was unable to"; "declined to" before a noun is a fall.
    ("Engineers could not restore power to the district on Monday, the utility said.",
     "Engineers were unable to restore power to the district on Monday, the utility said.", []),
    ("Shares declined to a record low in Frankfurt on Monday, dealers said.",
     "Shares fell to a record low in Frankfurt on Monday, dealers said.", []),
    # Phrases that deny nothing.
    ("The team, ranked No. 3 in the world, lost on Sunday in the final, the federation said.",
     "The team, ranked third in the world, lost on Sunday in the final, the federation said.", []),
    ("The floods hit not only homes but also schools in the valley, officials said.",
     "The floods hit homes and schools in the valley, officials said.", []),
    ("No fewer than 40 people were hurt in the crash on Monday, police said.",
     "At least 40 people were hurt in the crash on Monday, police said.", []),
    # A negation outside a quotation is read though the quotation has one too.
    ('The minister did not resign on Monday, although he told reporters "I will not stay long" after the vote.',
     'The minister did resign on Monday, although he told reporters "I will not stay long" after the vote.',
     ['negation removed: "not"']),
    ("The company didn't accept that it acted recklessly, its lawyer said on Monday.",
     "The company accepted that it acted recklessly, its lawyer said on Monday.", ['negation removed: "not"']),
    # Only the negation that went is named.
    ("The mayor did not attend the meeting and never explained why, aides said.",
     "The mayor didn't attend the meeting and explained why, aides said.", ['negation removed: "never"']),
    # Any occurrence of a figure, in any spelling; a year and a duration are no bounds.
    ("In 2019, 40 people died in the floods, and this year about 40 have died so far.",
     "In 2019, 40 people died in the floods, and this year 40 have died so far.",
     ['"about 40" became "40": the figure is given as exact']),
    ("The fire destroyed about 1,200 hectares of forest near the town, officials said.",
     "The fire destroyed 1200 hectares of forest near the town, officials said.",
     ['"about 1,200" became "1,200": the figure is given as exact']),
    ("The bank published some 2024 forecasts on Monday, its spokesman said.",
     "The bank published 2024 forecasts on Monday, its spokesman said.", []),
    ("The festival was held over 3 days in the capital, organisers said.",
     "The festival was held across 3 days in the capital, organisers said.", []),
    # "may" before a year is the month.
    ("The museum opened in may 2019 after a long restoration, the city said.",
     "The museum opened in June 2019 after a long restoration, the city said.", []),
])
def test_claims_are_read_in_the_whole_sentence(source: str, derived: str, said: list[str]) -> None:
    assert claims(source, derived) == said

