"""tracker.figures: which figures a derived article changed in the sentences it kept."""

from __future__ import annotations

import pytest

from tracker.config import ShingleConfig
from tracker.explain import explain
from tracker.figures import conflicts, converted, other_figures
from tracker.shingle import Features, extract


def features(text: str) -> Features:
    return extract(text, ShingleConfig())


def test_a_sentence_in_the_same_words_with_other_figures_is_named() -> None:
    source = features("Transit from western China to Europe currently takes 18 to 23 days by rail.")
    derived = features("Transit from western China to Europe by rail should take 14 days.")
    found = conflicts(derived, source, set())
    assert [c.detail for c in found] == ["#0 says #0 in its words with other figures: 18, 23 / 14"]
    # Left unpaired, the two are shown as a pair, whose figures changed, not as a sentence
    # dropped and another inserted.
    assert [(p.derived_index, p.source_index) for p in other_figures(derived, source, [], set(), set())] == [(0, 0)]
    assert conflicts(derived, source, {(0, 0)}) == []


def test_figures_taken_from_elsewhere_in_the_source_are_not_changed_figures() -> None:
    source = features("The team estimates that fewer than 500 adults live in the park and asks the city to "
                      "protect a 3-hectare strip of it.\n\nThe council will discuss the request on June 19.")
    # One sentence joins the two, leaving out the strip: 3 did not become 19.
    derived = features("Fewer than 500 adults live in the park, and the council will discuss protecting "
                       "a strip of it on June 19.")
    assert other_figures(derived, source, [], set(), set()) == []
    assert not [c for c in explain(derived, source).changes if "became" in c.detail]


def test_a_sentence_told_in_two_sentences_of_a_translation_changed_no_figure() -> None:
    from tracker.figures import translated_figures
    from tracker.model import AlignedPair

    # The second half also names a figure the source does not (read alone, "3.4 became 5").
    source = "Sales rose 3.4 percent to 210 million euros this year."
    first, second = "Las ventas subieron un 3,4 por ciento.", "Alcanzaron 210 millones de euros en 5 meses."
    split = [AlignedPair(4, 7, first, source, 0.5, 0.0), AlignedPair(5, 7, second, source, 0.5, 0.0)]
    assert translated_figures(split) == []
    # A figure the two sentences state otherwise is still a change, named once.
    changed = [AlignedPair(4, 7, first, source, 0.5, 0.0),
               AlignedPair(5, 7, second.replace("210", "260"), source, 0.5, 0.0)]
    assert [c.detail for c in translated_figures(changed)] == ["210 became 260, 5 in the translation"]


def test_a_figure_converted_into_other_units_is_no_changed_fact() -> None:
    # A British copy of a wire story gives the snow drifts in metres: no figure changed.
    source = features("Drifts of four to six feet and up to 12 feet were reported across the plains, the "
                      "weather service said.\n\nThe storm closed 30 miles of the interstate near Salina.")
    derived = features("Drifts of 1.2 to 1.8 metres and up to 3.7 metres were reported across the plains, "
                       "the weather service said.\n\nThe storm closed 48 km of the interstate near Salina.")
    assert [c.detail for c in explain(derived, source).of_kind("number_changed")] == []
    # Converted wrongly, it is a change.
    wrong = features("Drifts of 1.2 to 1.8 metres and up to 4.7 metres were reported across the plains, "
                     "the weather service said.\n\nThe storm closed 48 km of the interstate near Salina.")
    assert [c.detail for c in explain(wrong, source).of_kind("number_changed")] == ["12 became 4.7"]
    assert converted("98", "a high of 98 degrees Fahrenheit", "37", "a high of 37 degrees Celsius")
    assert not converted("98", "a high of 98 degrees Fahrenheit", "41", "a high of 41 degrees Celsius")
    assert not converted("12", "up to 12 feet", "12", "up to 12 feet")


def test_a_copy_that_keeps_one_of_the_two_units_its_source_gives_changed_no_figure() -> None:
    source = features(
        "The typhoon made landfall with sustained winds of 185 kilometres (115 miles) per hour and gusts of "
        "up to 230 kph (143 mph), the weather agency said.\n\nAt Melbourne Park the temperature reached "
        "34 degrees Celsius (93 degrees Fahrenheit) on Sunday afternoon, officials said.")
    derived = features(
        "The typhoon made landfall with sustained winds of 115 mph and gusts of up to 143 mph, the weather "
        "agency said.\n\nAt Melbourne Park the temperature reached 93 degrees Fahrenheit on Sunday afternoon, "
        "officials said.")
    found = explain(derived, source)
    assert found.of_kind("number_changed") == () and found.of_kind("name_changed") == ()
    # A figure of the other unit that is not the kept one's conversion is still a change.
    wrong = features(
        "The typhoon made landfall with sustained winds of 125 mph and gusts of up to 143 mph, the weather "
        "agency said.\n\nAt Melbourne Park the temperature reached 93 degrees Fahrenheit on Sunday afternoon, "
        "officials said.")
    assert "185 became 125" in [c.detail for c in explain(wrong, source).of_kind("number_changed")]


def test_a_name_that_holds_a_unit_word_is_a_name() -> None:
    source = features("Detectives from Scotland Yard said Miles Hartley, 41, was arrested in Kent on Monday "
                      "after a search of his home, police said.")
    derived = features("Detectives said Myles Hartley, 41, was arrested in Kent on Monday after a search of "
                       "his home, police said.")
    assert sorted(c.detail for c in explain(derived, source).of_kind("name_changed")) == [
        '"Miles Hartley" became "Myles Hartley"', '"Scotland Yard" vanished: it occurs nowhere in the derived article']


def test_a_speed_in_either_unit_and_a_figure_beside_it_are_told_apart() -> None:
    source = features("The typhoon made landfall with sustained winds of 185 km/h (115 mph) and gusts of up to "
                      "230 kph (143 mph), the weather agency said on Saturday.")

    def changed(derived: str) -> list[str]:
        return [c.detail for c in explain(features(derived), source).of_kind("number_changed")]

    # The other unit kept, though the copy adds a figure of its own.
    assert changed("The typhoon made landfall with sustained winds of 115 mph and gusts of up to 143 mph, the "
                   "strongest in 30 years, the weather agency said on Saturday.") == []
    assert changed("The typhoon made landfall with sustained winds of 185 kilometres per hour and gusts of up "
                   "to 143 mph, the weather agency said on Saturday.") == []
    # A figure changed in its own unit is a change, whatever the other unit says.
    assert changed("The typhoon made landfall with sustained winds of 200 km/h (115 mph) and gusts of up to "
                   "230 kph (143 mph), the weather agency said on Saturday.") == ["185 became 200"]


def test_clock_times_are_compared_as_times() -> None:
    source = features("The quake hit at 4:52 a.m. local time (0952 GMT) on Sunday, and the alert was lifted at "
                      "11 p.m., officials said.\n\nShares fell 3.8 percent to 63.20 euros in Frankfurt by 3 pm.")
    same = features("The quake hit at 4.52am local time (09:52 GMT) on Sunday, and the alert was lifted at "
                    "23:00, officials said.\n\nShares fell 3.8 percent to 63.20 euros in Frankfurt by 15:00.")
    assert explain(same, source).of_kind("number_changed") == ()
    moved = features("The quake hit at 5:52 a.m. local time on Sunday, and the alert was lifted at 11 p.m., "
                     "officials said.\n\nShares fell 3.8 percent to 63.20 euros in Frankfurt.")
    assert [c.detail for c in explain(moved, source).of_kind("number_changed")] == [
        "4:52 a.m. became 5:52 a.m.", "0952 GMT vanished: it occurs nowhere in the derived article",
        "3 pm vanished: it occurs nowhere in the derived article"]


def test_a_correction_notes_figures_hide_no_corrected_figure() -> None:
    from tracker.explain import explain_articles
    from tracker.model import Article

    body = ("New Zealand's central bank cut interest rates by 50 basis points on Wednesday, the bank said.\n\n"
            "Two-year swap rates dropped 11 basis points to 3.02%.\n\n"
            "Markets are pricing in a further quarter-point cut at the next meeting, traders said.")
    corrected = body.replace("11 basis points to 3.02%", "14 basis points to 2.99%") + (
        "\n\n(Corrects two-year swap rate move to 14 basis points from 11 basis points and level to 2.99% "
        "from 3.02% in second paragraph.)")
    found = explain_articles(Article("fixed", corrected, "1" * 16, title="CORRECTED-RBNZ cuts rate by half point"),
                             Article("wire", body, "0" * 16, title="RBNZ cuts rate by half point"), ShingleConfig())
    assert [c.detail for c in found.of_kind("number_changed")] == ["11 became 14", "3.02 became 2.99"]
    # The note is what the copy added; the re-issue mark is no headline change.
    assert [c.derived_text for c in found.of_kind("inserted")] == [corrected.rsplit("\n\n", 1)[1]]
    assert found.of_kind("headline_changed") == ()


def test_a_name_written_without_its_accents_is_the_same_name() -> None:
    source = features("Opposition leader Matej Korošec would probably need at least two partners to govern, "
                      "analysts said on Monday.\n\nKorošec thanked his voters in Ljubljana.")
    derived = features("Opposition leader Matej Korosec would probably need at least two partners to govern, "
                       "analysts said on Monday.\n\nKorosec thanked his voters in Ljubljana.")
    assert explain(derived, source).of_kind("name_changed") == ()
    nordic = ("Chief executive Søren Ørsted and finance head Łukasz Wąs resigned on Monday, the company said."
              "\n\nØrsted and Wąs declined to comment.")
    plain = nordic.replace("Ø", "O").replace("ø", "o").replace("Ł", "L").replace("ą", "a")
    assert explain(features(plain), features(nordic)).of_kind("name_changed") == ()
    # German writes its umlauts out: Müller is Mueller (and Muller without the dots).
    german = ("Economy Minister Jürgen Müller and Jörg Schäfer of the Bundesbank met in Köln on Monday, "
              "the ministry said.\n\nMüller declined to comment.")
    for written in (german.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae"),
                    german.replace("ü", "u").replace("ö", "o").replace("ä", "a")):
        assert explain(features(written), features(german)).of_kind("name_changed") == (), written
        assert explain(features(german), features(written)).of_kind("name_changed") == (), written
    other = features(derived.sentences[0].text.replace("Korosec", "Kovacic") + "\n\nKovacic thanked his voters in Ljubljana.")
    assert [c.detail for c in explain(other, source).of_kind("name_changed")] == [
        '"Matej Korošec" became "Matej Kovacic"']


@pytest.mark.parametrize(("source", "derived", "said"), [
    # A range written with a dash is its two ends; a changed or vanished one is told as written.
    ("The bank expects inflation of 1% to 3% over the next two years, the governor told reporters.",
     "The bank expects inflation of 1-3 per cent over the next two years, the governor told reporters.", []),
    ("The bank expects inflation of 1% to 3% over the next two years, the governor told reporters.",
     "The bank expects inflation of 1-4 per cent over the next two years, the governor told reporters.",
     ["3 became 4"]),
    ("Yields on bills of 15-85 days fell to 5.5 percent on Monday, the central bank said in its weekly report.",
     "Yields on bills of 15-81 days fell to 5.5 percent on Monday, the central bank said in its weekly report.",
     ["15-85 became 15-81"]),
    # A duration in other units, or with its half spelt out, is the same duration.
    ("The repair takes about 90 minutes at any authorised workshop and is free of charge, the company said.",
     "The repair takes about an hour and a half at any authorised workshop and is free of charge, the company said.",
     []),
    ("The strike will last 48 hours and close every port on the east coast, the union said on Monday.",
     "The strike will last two days and close every port on the east coast, the union said on Monday.", []),
    ("The project will take 2.5 years to complete and employ 400 builders at its peak, the city said.",
     "The project will take two and a half years to complete and employ 400 builders at its peak, the city said.",
     []),
    ("The repair takes about 90 minutes at any authorised workshop and is free of charge, the company said.",
     "The repair takes about three hours at any authorised workshop and is free of charge, the company said.",
     ["90 became 3"]),
    # A range, a score or a vote changed is told, whatever figures stand elsewhere in the sentence.
    ("The central bank sees growth of 1-2% this year, after 1% last year and 2% in 2023, it said.",
     "The central bank sees growth of 2-3% this year, after 1% last year and 2% in 2023, it said.",
     ["1-2 became 2-3"]),
    ("The committee voted 7-2 to approve the plan, with 7 members from the ruling bloc and 2 independents.",
     "The committee voted 5-4 to approve the plan, with 7 members from the ruling bloc and 2 independents.",
     ["7-2 became 5-4"]),
    ("The study covered 1990 to 1995 and found that 40 percent of the farms had closed, the ministry said.",
     "The study covered 1990-95 and found that 40 percent of the farms had closed, the ministry said.", []),
    ("The board voted 7-2 to keep its rate in a range of 4.25% to 4.5%, the central bank said on Wednesday.",
     "The board voted 7-2 to keep its rate in a range of 4.25-4.5%, the central bank said on Wednesday.", []),
    ("Water levels rose two to three metres overnight in the valley, the fire service said on Sunday.",
     "Water levels rose 2-3 metres overnight in the valley, the fire service said on Sunday.", []),
    ("The company will cut between 1,200 and 1,500 jobs by 2027 in its plants in the north, it said.",
     "The company will cut 1,200-1,500 jobs by 2027 in its plants in the north, it said.", []),
    ("Parliament approved the bill by 120 votes to 98 on Friday after a debate of six hours, officials said.",
     "Parliament approved the bill 120-98 on Friday after a debate of six hours, officials said.", []),
    # Durations are counted, not rounded; a rate's span is no unit of its figure.
    ("The judge sentenced him to five years in federal prison for fraud and money laundering on Monday.",
     "The judge sentenced him to 57 months in federal prison for fraud and money laundering on Monday.",
     ["5 became 57"]),
    ("The judge sentenced him to five years in federal prison for fraud and money laundering on Monday.",
     "The judge sentenced him to 60 months in federal prison for fraud and money laundering on Monday.", []),
    ("Members will pay 3,000 euros a year under the new scheme, which starts in June, the club said.",
     "Members will pay 36,000 euros a month under the new scheme, which starts in June, the club said.",
     ["3,000 became 36,000"]),
    ("Members will pay 3,000 euros a year under the new scheme, which starts in June, the club said.",
     "Members will pay 250 euros a month under the new scheme, which starts in June, the club said.", []),
    ("The refinery unit produces 46,000 barrels of gasoline components a day, the company said on Monday.",
     "The refinery unit produces 46,000 barrels of gasoline components a year, the company said on Monday.",
     ["day became year"]),
    # One span in words is one of it ("for a week" / "for 7 days"), told as written.
    ("Flights were grounded for 7 days after the eruption near the capital, the aviation authority said.",
     "Flights were grounded for a week after the eruption near the capital, the aviation authority said.", []),
    ("Flights were grounded for 8 days after the eruption near the capital, the aviation authority said.",
     "Flights were grounded for a week after the eruption near the capital, the aviation authority said.",
     ["8 became a week"]),
    # A half spelt out is told as written.
    ("The talks lasted half an hour on Tuesday at the ministry in the capital, officials said.",
     "The talks lasted 40 minutes on Tuesday at the ministry in the capital, officials said.",
     ["half an hour became 40"]),
    ("About 2.5 million people live in the region around the harbour, officials said on Monday.",
     "About two-and-a-half million people live in the region around the harbour, officials said on Monday.", []),
    # Decades and centuries are years.
    ("The company has run the plant in Port Vell for 10 years, the ministry said on Monday.",
     "The company has run the plant in Port Vell for a decade, the ministry said on Monday.", []),
    ("The port was built 200 years ago by Dutch engineers, the museum in the old town says.",
     "The port was built two centuries ago by Dutch engineers, the museum in the old town says.", []),
    ("The company has run the plant in Port Vell for 10 years, the ministry said on Monday.",
     "The company has run the plant in Port Vell for two decades, the ministry said on Monday.",
     ["10 became two decades"]),
])
def test_ranges_and_durations_written_otherwise_are_no_change(source: str, derived: str, said: list[str]) -> None:
    assert [c.detail for c in explain(features(derived), features(source)).of_kind("number_changed")] == said


@pytest.mark.parametrize(("source", "derived", "said"), [
    # A figure with the digits of a clock time is still a figure.
    ("Four people died at 4 p.m. on Sunday when the roof of the market hall collapsed, police said.",
     "Five people died at 4 p.m. on Sunday when the roof of the market hall collapsed, police said.", ["4 became 5"]),
    ("Shares rose 4 percent by 4 p.m. in Frankfurt trading on Monday, dealers said.",
     "Shares rose 6 percent by 4 p.m. in Frankfurt trading on Monday, dealers said.", ["4 became 6"]),
    # A year before a word that spells a zone in lower case is a year; noon is 12 p.m.
    ("Seit 2019 ist Anna Weber Ministerin für Verkehr in Berlin, sagte ein Sprecher.",
     "Seit 2017 ist Anna Weber Ministerin für Verkehr in Berlin, sagte ein Sprecher.", ["2019 became 2017"]),
    ("The talks ended at 12 p.m. on Friday after nine hours of negotiations, the ministry said.",
     "The talks ended at noon on Friday after nine hours of negotiations, the ministry said.", []),
])
def test_clock_times_hide_no_figure(source: str, derived: str, said: list[str]) -> None:
    assert [c.detail for c in explain(features(derived), features(source)).of_kind("number_changed")] == said


def test_a_verbatim_copy_of_a_corrected_item_changed_nothing_and_a_correcting_sentence_is_story() -> None:
    from tracker.explain import explain_articles
    from tracker.model import Article

    body = ("The central bank cut its rate by 50 basis points on Wednesday, the bank said.\n\n"
            "Two-year swap rates dropped 14 basis points to 2.99%.\n\n"
            "(Corrects two-year swap rate move to 14 basis points from 11 basis points in second paragraph.)")
    same = explain_articles(Article("copy", body, "1" * 16), Article("wire", body, "0" * 16), ShingleConfig())
    assert same.changes == ()
    story = ("Correcting an earlier statement, the ministry said 40 people had died in the floods by Sunday.\n\n"
             "Rescue teams were still searching three villages in the valley, the ministry said.")
    found = explain_articles(Article("copy", story.replace("40 people", "60 people"), "1" * 16),
                             Article("wire", story, "0" * 16), ShingleConfig())
    assert [c.detail for c in found.changes] == ["40 became 60"]


@pytest.mark.parametrize(("source", "derived", "said"), [
    ("Owners will be notified by letter from June 2, the carmaker said on Tuesday.",
     "Owners will be notified by letter from July 2, the carmaker said on Tuesday.", ["June became July"]),
    ("Newcastle will pay 85 million euros for the striker, the club said on Wednesday.",
     "Newcastle will pay 85 million pounds for the striker, the club said on Wednesday.", ["euros became pounds"]),
    ("It is the carmaker's third recall this year, the regulator said on Monday.",
     "It is the carmaker's second recall this year, the regulator said on Monday.", ["third became second"]),
    # A word of another kind is a rewording.
    ("It is the carmaker's third recall this year, the regulator said on Monday.",
     "It is the carmaker's latest recall this year, the regulator said on Monday.", []),
])
def test_a_fact_stated_in_words_changed_for_another_of_its_kind(source: str, derived: str, said: list[str]) -> None:
    assert [c.detail for c in explain(features(derived), features(source)).of_kind("number_changed")] == said


def test_basis_points_and_percentage_points_and_a_standing_are_no_changes() -> None:
    source = features("The central bank cut interest rates by 50 basis points on Wednesday, the bank said.\n\n"
                      "Acting U.S. Attorney Jane Roe said the company would pay 12 million dollars.")
    same = features("The central bank cut interest rates by 0.5 percentage point on Wednesday, the bank said.\n\n"
                    "U.S. Attorney Jane Roe said the company would pay 12 million dollars.")
    found = explain(same, source)
    assert found.of_kind("number_changed") == () and found.of_kind("name_changed") == ()
    other = features("The central bank cut interest rates by 0.75 percentage point on Wednesday, the bank said.\n\n"
                     "U.S. Attorney Jane Roe said the company would pay 12 million dollars.")
    assert [c.detail for c in explain(other, source).of_kind("number_changed")] == ["50 became 0.75"]


def test_a_unit_kept_in_the_other_half_of_a_split_sentence_changed_no_figure() -> None:
    # The source gives each distance in two units; the rewrite splits the sentence and keeps
    # the kilometres in its second half.
    source = features(
        "The quake struck at 11:02 p.m. local time at a depth of 38 kilometers (24 miles), about 27 kilometers "
        "(17 miles) northwest of the town of Chivay, a gateway to the Colca Canyon tourist area, officials said.")
    derived = features(
        "The quake struck at 11:02 p.m. local time, officials said.\n\nIts epicentre lay some 27 km northwest "
        "of Chivay, the town that serves as the gateway to the Colca Canyon, at a depth of 38 km.")
    assert explain(derived, source).of_kind("number_changed") == ()


def test_a_figure_that_counts_the_same_thing_is_the_one_it_became() -> None:
    source = features("About 300 people, including 70 children from a summer camp, were moved to safety by bus, "
                      "the regional governor's office said.\n\nThe fire broke out near Kourkouli on Thursday.")
    derived = features("By Friday afternoon, seven villages had been emptied and some 650 people moved to safety, "
                       "the regional governor's office said.\n\nThe fire broke out near Kourkouli on Thursday.")
    assert "300 became 650" in [c.detail for c in explain(derived, source).of_kind("number_changed")]


def test_figures_that_count_different_things_are_not_paired() -> None:
    # A write-through's new lead: the firefighters are no longer counted, the hectares burnt are.
    source = features("More than 200 firefighters were battling the blaze near Solvik on Friday, officials said.\n\n"
                      "The fire broke out near the harbour on Thursday.")
    derived = features("More than 2,300 hectares have burnt near Solvik since Friday, officials said.\n\n"
                       "The fire broke out near the harbour on Thursday.")
    found = [c.detail for c in explain(derived, source).of_kind("number_changed")]
    assert not any("became" in d for d in found), found
