"""tracker.crosslang: a translation into another language, told by the names and figures it keeps."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ingest.parse import RawItem
from ingest.pipeline import Pipeline
from tracker.config import ShingleConfig, TrackerConfig
from tracker.crosslang import DATELINE, align_marks, applies, cross_alignment, marks
from tracker.explain import explain
from tracker.model import Rejected
from tracker.shingle import extract
from tracker.store import Store
from tracker.verify import evidence

CONFIG = ShingleConfig()

# An invented wire story, its German translation, and a German story of the same council
# meeting written on its own (the same people and figures, told its own way).
WIRE = """PORT VELL, March 2 (Meridian) - The Port Vell council approved a budget of 12 million crowns on Monday for a new tram line along the harbour front, the city said.

The line will run 6 kilometres from the ferry terminal to Sandvik University and carry about 9,000 passengers a day when it opens in 2029, according to the council's transport office.

"This is the most important investment the harbour has seen in a generation," mayor Elin Sandvik told reporters after the vote.

Shopkeepers on Quay Street had opposed the plan. They fear two years of building works will drive customers away from the Old Market.

The council said construction would start in April 2027 and that the Old Market would stay open throughout.

Opposition leader Tomas Krag called the budget unrealistic and said the line would cost 24 million crowns, twice as much.

Transport director Ilse Varga said the Baltic Rail consortium had offered to build the line for 11.5 million crowns."""

GERMAN = """PORT VELL, 2. März (Meridian) - Der Stadtrat von Port Vell hat am Montag ein Budget von 12 Millionen Kronen für eine neue Straßenbahnlinie entlang des Hafens bewilligt, teilte die Stadt mit.

Die Linie soll 6 Kilometer vom Fährterminal bis zur Sandvik-Universität führen und nach ihrer Eröffnung 2029 täglich rund 9000 Fahrgäste befördern, so das Verkehrsamt des Rates.

"Das ist die wichtigste Investition, die der Hafen seit einer Generation gesehen hat", sagte Bürgermeisterin Elin Sandvik nach der Abstimmung vor Journalisten.

Ladenbesitzer in der Quay Street hatten sich gegen den Plan gewehrt. Sie fürchten, dass zwei Jahre Bauarbeiten die Kunden vom Old Market vertreiben.

Der Rat erklärte, der Bau solle im April 2027 beginnen und der Old Market bleibe die ganze Zeit geöffnet.

Oppositionsführer Tomas Krag nannte das Budget unrealistisch und sagte, die Linie werde 24 Millionen Kronen kosten, doppelt so viel.

Verkehrsdirektorin Ilse Varga sagte, das Konsortium Baltic Rail habe angeboten, die Linie für 11,5 Millionen Kronen zu bauen."""

OWN_STORY = """Tomas Krag war am Montag der lauteste Gegner im Rathaus von Port Vell. Der Oppositionsführer hält die neue Straßenbahn für ein Prestigeprojekt.

Ilse Varga, die Verkehrsdirektorin, verteidigte das Angebot von Baltic Rail als günstig. Die Händler der Quay Street wollen klagen.

Bürgermeisterin Elin Sandvik hat die Hafenlinie zu ihrem wichtigsten Vorhaben gemacht. Nach der Sitzung sprach sie von einer Investition für eine Generation.

Die Kosten von 12 Millionen Kronen seien gedeckt, hieß es aus dem Rathaus. Krag rechnet mit 24 Millionen.

Am Old Market sind die Meinungen geteilt: Manche Händler hoffen auf mehr Kundschaft, sobald die Bahn 2029 fährt."""


def test_marks_are_names_and_figures_written_alike_across_languages() -> None:
    assert marks("Der Rat von Port Vell bewilligte 12 Millionen, rund 9.000 Fahrgäste und 11,5 Prozent.") == [
        "der", "rat", "port", "vell", "12", "millionen", "9000", "fahrgäste", "11.5", "prozent"]
    assert marks("The council of Port Vell approved 12 million for 9,000 riders at 11.5 percent.") == [
        "port", "vell", "12", "9000", "11.5"]


def test_a_translation_keeps_the_marks_of_its_source_in_order() -> None:
    found = cross_alignment(extract(GERMAN, CONFIG), extract(WIRE, CONFIG))
    assert found.related, found.reason()
    assert found.run >= 15 and "a translation" in found.reason()


def test_a_story_of_the_same_meeting_told_its_own_way_is_not_a_translation() -> None:
    found = cross_alignment(extract(OWN_STORY, CONFIG), extract(WIRE, CONFIG))
    assert len(found.shared) >= 6, "the same people and figures"
    assert not found.related, found.reason()


def test_marks_out_of_order_are_not_told_in_the_same_order() -> None:
    a = [["alpha", "beta"], ["gamma", "delta"], ["epsilon", "zeta"], ["eta", "theta"]]
    assert align_marks(a, a).run == 8
    assert align_marks(a, a[::-1]).run == 2


def test_only_articles_in_different_known_languages_are_read_this_way() -> None:
    assert applies("de", "en") and not applies("en", "en") and not applies(None, "en") and not applies("", "de")
    # Same language: the word-level verification decides, and a German text is no English one's copy.
    assert evidence("w", extract(WIRE, CONFIG, lang="en"), "g", extract(GERMAN, CONFIG, lang="en")) is None
    pair = evidence("w", extract(WIRE, CONFIG, lang="en"), "g", extract(GERMAN, CONFIG, lang="de"))
    assert pair is not None and (pair.relation, pair.relation_reverse) == ("translation", "translation")
    assert pair.a_from_b == 0.0 and pair.lexical == 0.0
    assert evidence("w", extract(WIRE, CONFIG, lang="en"), "o", extract(OWN_STORY, CONFIG, lang="de")) is None


def test_explain_reads_a_translation_by_its_marks() -> None:
    from tracker.model import Article
    from tracker.render import explanation_json, explanation_text

    found = explain(extract(GERMAN, CONFIG, lang="de"), extract(WIRE, CONFIG, lang="en"))
    assert found.related and found.verdict.startswith("a translation")
    assert len(found.pairs) >= 5 and all(not p.words for p in found.pairs)
    # No word is shared: the text view shows both sentences of each pair.
    text = explanation_text(explanation_json(Article("german", GERMAN, "0" * 16), Article("wire", WIRE, "0" * 16),
                                             "parent", found))
    assert "  #0 ~ #0 [" in text and "Der Stadtrat von Port Vell" in text
    assert "| PORT VELL, March 2 (Meridian) - The Port Vell council approved" in text


def test_a_translated_sentence_without_names_or_figures_is_told_in_its_place() -> None:
    # A sentence of no name and no figure between two paired ones, on each side: the
    # translation tells it there; it is neither new text nor a dropped sentence.
    wire = WIRE.replace("\n\nShopkeepers", "\n\nThe debate lasted well into the evening.\n\nShopkeepers", 1)
    german = GERMAN.replace("\n\nLadenbesitzer", "\n\nDie Debatte dauerte bis in den Abend.\n\nLadenbesitzer", 1)
    assert wire != WIRE and german != GERMAN
    found = explain(extract(german, CONFIG, lang="de"), extract(wire, CONFIG, lang="en"))
    told = [p for p in found.pairs if p.pair.derived_text.startswith("Die Debatte")]
    assert [p.pair.source_text for p in told] == ["The debate lasted well into the evening."]
    assert not [c for c in found.changes if c.kind in ("inserted", "dropped") and "ebate" in (c.derived_text or
                                                                                          c.source_text or "")]
    # Added on one side only, it is new text.
    added = explain(extract(german, CONFIG, lang="de"), extract(WIRE, CONFIG, lang="en"))
    assert [c.derived_text for c in added.of_kind("inserted")] == ["Die Debatte dauerte bis in den Abend."]


def test_ingest_links_a_german_translation_to_its_wire_story(tmp_path: Path) -> None:
    records = [
        {"id": "wire", "text": WIRE, "published_at": "2026-03-02T09:00:00Z", "source": "meridian.example"},
        {"id": "german", "text": GERMAN, "published_at": "2026-03-02T15:00:00Z", "source": "hafenbote.example"},
        {"id": "own", "text": OWN_STORY, "published_at": "2026-03-02T18:00:00Z", "source": "rathauszeitung.example"},
    ]
    items = [RawItem(f"t:{i}", json.dumps(r).encode(), "json", i) for i, r in enumerate(records)]
    with Store(str(tmp_path / "x.duckdb")) as store:
        Pipeline(store, TrackerConfig()).process(items)
        _, rows = store.run_sql("SELECT article_id, origin_id, parent_id, relation FROM lineage ORDER BY 1")
        _, langs = store.run_sql("SELECT article_id, lang FROM articles ORDER BY 1")
    assert dict(langs) == {"german": "de", "own": "de", "wire": "en"}
    assert rows == [("german", "wire", "wire", "translation"), ("own", "own", None, "original"),
                    ("wire", "wire", None, "original")]


def test_find_origin_shows_the_sentences_a_translation_shares_names_and_figures_with(tmp_path: Path) -> None:
    # Its evidence had been empty: the word alignment finds nothing across languages.
    records = [{"id": "wire", "text": WIRE, "published_at": "2026-03-02T09:00:00Z", "source": "meridian.example"},
               {"id": "german", "text": GERMAN, "published_at": "2026-03-02T15:00:00Z", "source": "hafenbote.example"}]
    with Store(str(tmp_path / "x.duckdb")) as store:
        pipeline = Pipeline(store, TrackerConfig())
        pipeline.process([RawItem("t:0", json.dumps(records[0]).encode(), "json", 0)])
        stored = pipeline.find(RawItem("t:1", json.dumps(records[1]).encode(), "json", 1))
        pipeline.process([RawItem("t:1", json.dumps(records[1]).encode(), "json", 1)])
        again = pipeline.find(RawItem("t:1", json.dumps(records[1]).encode(), "json", 1))
    assert not isinstance(stored, Rejected) and not stored.stored
    assert not isinstance(again, Rejected) and again.stored
    for found in (stored, again):
        assert found.edge.relation == "translation" and 1 <= len(found.evidence) <= 3
        for mine, theirs, score in found.evidence:
            assert mine in GERMAN and theirs in WIRE and 0 < score <= 1
            assert set(marks(mine)) & set(marks(theirs))


def test_explain_names_the_figures_a_translation_changed() -> None:
    # A faithful translation, whose figures are written its own way ("11,5", "9000" for
    # "11.5", "9,000"), changed none; one that turned 9,000 into 8,000 and 11.5 into 15.5 did.
    faithful = explain(extract(GERMAN, CONFIG, lang="de"), extract(WIRE, CONFIG, lang="en"))
    assert not faithful.of_kind("number_changed")
    wrong = GERMAN.replace("rund 9000 Fahrgäste", "rund 8000 Fahrgäste").replace("11,5 Millionen", "15,5 Millionen")
    found = explain(extract(wrong, CONFIG, lang="de"), extract(WIRE, CONFIG, lang="en"))
    assert sorted(c.detail for c in found.of_kind("number_changed")) == [
        "11.5 became 15.5 in the translation", "9000 became 8000 in the translation"]
    # Clock times and dates written the other language's way are no change.
    from tracker.figures import translated_figures
    from tracker.model import AlignedPair

    timed = AlignedPair(0, 0, "Die Sitzung begann um 14.30 Uhr am 02.03.2029.",
                        "The session began at 2:30 p.m. on March 2, 2029.", 1.0, 0.0)
    assert translated_figures([timed]) == []
    # A figure of another scale word ("4.2 bln" as "4.200 millones") is the same figure.
    scaled = explain(extract(GERMAN.replace("12 Millionen", "12.000.000"), CONFIG, lang="de"),
                     extract(WIRE, CONFIG, lang="en"))
    assert not scaled.of_kind("number_changed")


# The wire story in Russian: no word is shared, but the figures, the agency and the consortium
# are written as the source writes them.
RUSSIAN = """ПОРТ-ВЕЛЛ, 2 марта (Meridian) — Городской совет Порт-Велла в понедельник утвердил бюджет в 12 миллионов крон на строительство новой трамвайной линии вдоль набережной, сообщили в мэрии.

Линия протяжённостью 6 километров соединит паромный терминал с Университетом Сандвика и после открытия в 2029 году будет перевозить около 9000 пассажиров в день, сообщило транспортное управление совета.

«Это самая важная инвестиция в гавань за целое поколение», — заявила журналистам после голосования мэр Эллин Сандвик.

Владельцы магазинов на Куэй-стрит выступали против плана. Они опасаются, что два года строительных работ отпугнут покупателей от Старого рынка.

В совете заявили, что строительство начнётся в апреле 2027 года, а Старый рынок всё это время будет работать.

Лидер оппозиции Томас Краг назвал бюджет нереалистичным и заявил, что линия обойдётся в 24 миллиона крон, то есть вдвое дороже.

Директор по транспорту Ильзе Варга сообщила, что консорциум Baltic Rail предложил построить линию за 11,5 миллиона крон."""

# A Russian story of the same meeting, told its own way (three of the figures).
RUSSIAN_OWN = """Томас Краг в понедельник был самым громким противником трамвая в ратуше Порт-Велла. Лидер оппозиции считает линию престижным проектом и говорит о 24 миллионах крон.

Мэр Эллин Сандвик сделала линию своим главным проектом: бюджет в 12 миллионов крон, по её словам, покрыт.

Торговцы Старого рынка разделились: одни надеются на новых покупателей, когда трамвай пойдёт в 2029 году, другие готовят иск."""


def test_a_translation_into_another_script_is_a_candidate_by_its_figures_and_linked(tmp_path: Path) -> None:
    records = [
        {"id": "wire", "text": WIRE, "published_at": "2026-03-02T09:00:00Z", "source": "meridian.example"},
        {"id": "russian", "text": RUSSIAN, "published_at": "2026-03-02T15:00:00Z", "source": "vestnik.example"},
        {"id": "own", "text": RUSSIAN_OWN, "published_at": "2026-03-02T18:00:00Z", "source": "gorod.example"},
    ]
    expected = [("own", "own", None, "original"), ("russian", "wire", "wire", "translation"),
                ("wire", "wire", None, "original")]
    for order in (records, records[::-1]):  # the translation stored first, or its source first
        items = [RawItem(f"t:{i}", json.dumps(r).encode(), "json", i) for i, r in enumerate(order)]
        with Store(str(tmp_path / f"{order[0]['id']}.duckdb")) as store:
            pipeline = Pipeline(store, TrackerConfig())
            for item in items:  # one batch each: the index, not the batch, brings the candidate
                pipeline.process([item])
            _, rows = store.run_sql("SELECT article_id, origin_id, parent_id, relation FROM lineage ORDER BY 1")
            _, langs = store.run_sql("SELECT article_id, lang FROM articles ORDER BY 1")
        assert dict(langs) == {"own": "ru", "russian": "ru", "wire": "en"}
        assert rows == expected, order[0]["id"]


# A wire story of figures with few rare names (Commerzbank, Bundesbank, Frankfurt: a shared
# weight of 13.3, under the 16 that makes a candidate by names), and its German translation.
TRADE = """BERLIN, March 2 (Meridian) - German exports rose 3.4 percent in January to 108.2 billion marks, the statistics office said on Monday, after falling 1.9 percent in December.

Imports fell 2.1 percent to 89.7 billion marks, leaving a trade surplus of 18.5 billion marks, up from 14.2 billion a year earlier.

Exports to other European Community countries rose 5.6 percent, while sales to the United States fell 7.3 percent, the office said.

Economists at Commerzbank had expected a surplus of about 16 billion marks, and the Bundesbank said in Frankfurt that the strong mark would weigh on exports.

The current account showed a surplus of 9.8 billion marks, against 7.1 billion in December."""

TRADE_GERMAN = """BERLIN, 2. März (Meridian) - Die deutschen Exporte sind im Januar um 3,4 Prozent auf 108,2 Milliarden Mark gestiegen, teilte das Statistische Bundesamt am Montag mit, nachdem sie im Dezember um 1,9 Prozent gefallen waren.

Die Importe sanken um 2,1 Prozent auf 89,7 Milliarden Mark, was einen Handelsüberschuss von 18,5 Milliarden Mark ergab, nach 14,2 Milliarden ein Jahr zuvor.

Die Ausfuhren in andere Länder der Europäischen Gemeinschaft stiegen um 5,6 Prozent, während die Verkäufe in die Vereinigten Staaten um 7,3 Prozent zurückgingen, teilte das Amt mit.

Volkswirte der Commerzbank hatten mit einem Überschuss von rund 16 Milliarden Mark gerechnet, und die Bundesbank erklärte in Frankfurt, die starke Mark werde die Exporte belasten.

Die Leistungsbilanz wies einen Überschuss von 9,8 Milliarden Mark aus, nach 7,1 Milliarden im Dezember."""


def test_a_translation_in_the_same_script_is_a_candidate_by_its_figures_and_linked(tmp_path: Path) -> None:
    records = [
        {"id": "wire", "text": TRADE, "published_at": "2026-03-02T09:00:00Z", "source": "meridian.example"},
        {"id": "german", "text": TRADE_GERMAN, "published_at": "2026-03-02T12:00:00Z", "source": "zeitung.example"},
    ]
    with Store(str(tmp_path / "trade.duckdb")) as store:
        pipeline = Pipeline(store, TrackerConfig())
        for i, record in enumerate(records):
            pipeline.process([RawItem(f"t:{i}", json.dumps(record).encode(), "json", i)])
        _, rows = store.run_sql("SELECT article_id, origin_id, parent_id, relation FROM lineage ORDER BY 1")
    assert rows == [("german", "wire", "wire", "translation"), ("wire", "wire", None, "original")]


def test_reindex_keeps_the_language_the_figures_candidates_need(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    db = ["--db", str(tmp_path / "trade.duckdb")]
    for i, (name, text, source) in enumerate((("wire", TRADE, "meridian.example"),
                                              ("german", TRADE_GERMAN, "zeitung.example"))):
        record = {"id": name, "text": text, "published_at": f"2026-03-02T{9 + i:02d}:00:00Z", "source": source}
        (tmp_path / f"{name}.jsonl").write_text(json.dumps(record) + "\n")
    runner = CliRunner()
    assert runner.invoke(main, [*db, "ingest", "-q", str(tmp_path / "wire.jsonl")]).exit_code == 0
    # Re-signed, the wire story's anchors still say English: the German page is its candidate.
    assert runner.invoke(main, [*db, "reindex"]).exit_code == 0
    assert runner.invoke(main, [*db, "ingest", "-q", str(tmp_path / "german.jsonl")]).exit_code == 0
    with Store(str(tmp_path / "trade.duckdb"), read_only=True) as store:
        _, rows = store.run_sql("SELECT article_id, parent_id, relation FROM lineage ORDER BY 1")
    assert rows == [("german", "wire", "translation"), ("wire", None, "original")]


def test_names_written_in_another_script_are_read_in_latin_letters() -> None:
    # The agency and the consortium in Cyrillic too: every name is transliterated, and a
    # Russian case ending ("Сандвика", of Sandvik) is the same name.
    assert marks("ПОРТ-ВЕЛЛ, 2 марта — Университетом Сандвика, мэр Эллин Сандвик.") == [
        "port", "vell", "2", "universitetom", "sandvika", "ellin", "sandvik"]
    assert marks("路透社（Reuters）报道，约2400名码头工人罢工，Kestrel公司提出4.5%。") == ["reuters", "2400", "kestrel", "4.5"]
    # Within one script, and for a name the other article does not carry, no ending is cut:
    # "Hansen" is not "Hans", "Nigeria" not "Niger".
    latin = cross_alignment(extract("Hans Berg met Niger officials, Maria said.", CONFIG, lang="de"),
                            extract("Hansen Berg met Nigeria officials, Mariana said.", CONFIG, lang="en"))
    assert latin.shared == {"berg"}
    cyrillic = RUSSIAN.replace("(Meridian)", "(Меридиан)").replace("Baltic Rail", "«Балтик Рейл»")
    found = cross_alignment(extract(cyrillic, CONFIG, lang="ru"), extract(WIRE, CONFIG, lang="en"))
    assert found.related, found.reason()
    # (the agency stands in the dateline, whose marks are left out)
    assert {"port", "vell", "sandvik", "tomas", "krag", "varga"} <= found.shared
    # The story of the same meeting told its own way stays apart.
    own = cross_alignment(extract(RUSSIAN_OWN, CONFIG, lang="ru"), extract(WIRE, CONFIG, lang="en"))
    assert not own.related


def test_a_name_is_read_without_what_an_apostrophe_or_a_hyphen_joins_to_it() -> None:
    # Possessives, elided articles and prepositions, a compound's common-noun part: the name
    # alone, as the English source writes it. An Irish name keeps its "O'".
    assert marks("Iran's oil, L'Iraq et dell'Iran, l'OPEP, Veslefrikk-feltet, IBC-Präsident, O'Brien.") == [
        "iran", "iraq", "iran", "opep", "veslefrikk", "ibc", "präsident", "o'brien"]
    # Thousands grouped by a plain space, in a language whose typography groups them so.
    assert marks("Les exportations ont atteint 178 500 tonnes, contre 10 000.", spaced_thousands=True) == [
        "les", "178500", "10000"]
    assert marks("In 2025 300 people came.") == ["2025", "300"]


def test_figures_of_other_scripts_and_typographies_read_as_ascii() -> None:
    # Arabic-Indic digits and separator, thousands grouped by spaces in a Cyrillic text (and by
    # a no-break space anywhere); a plain space between two English numbers joins nothing.
    assert marks("ставка ٤٫٢٥٪, около 18 500 человек и 2\u00a0400 домов") == ["4.25", "18500", "2400"]
    assert marks("In 2025 300 people came, and 2\u202f400 more.") == ["2025", "300", "2400"]


def test_days_and_months_are_no_marks() -> None:
    # A translation writes them in its own words ("Sunday", "dimanche"): they would only lower
    # the share of the text that has them in the language they are capitalised in.
    english = extract("The Sagunto fire began on Sunday, Vicente Llorca said.\n\n"
                      "It burned 4,200 hectares by Friday, March 3, Aemet said.", CONFIG, lang="en")
    french = extract("Le feu de Sagunto a commencé dimanche, a dit Vicente Llorca.\n\n"
                     "Il a brûlé 4 200 hectares vendredi 3 mars, selon l'Aemet.", CONFIG, lang="fr")
    found = cross_alignment(english, french)
    assert (found.a_total, found.b_total) == (found.run, found.run), found
    assert {"sunday", "friday", "march"}.isdisjoint(found.shared)


def test_figures_counted_in_ten_thousands_read_as_an_english_text_writes_them() -> None:
    # 万 / 만 count ten thousands, 亿 / 億 / 억 hundred millions: in full below a million (as
    # "148,000"), in millions or billions above (as "1.5 million", "2 billion").
    assert marks("召回14万8000辆，另有6万1500辆；14.8万人。", True) == ["148000", "61500", "148000"]
    assert marks("150万人、1億2000万円、20億円、2.5亿美元、12만 명、5억 달러。") == [
        "1.5", "120", "2", "250", "120000", "500"]
    # Thousands grouped with commas, a count to the unit, trillions, thousands inside myriads.
    assert marks("年収1,200万円、3,450億円、123万4567人、2.3万亿元、1兆2345億円、3億5千万円、2千5百人。") == [
        "12", "345", "1234567", "2.3", "1.2345", "350", "2500"]
    assert marks("2024年3月5日、約2400人、141円20銭。") == ["2024", "2400", "141.20"]  # no month or day


def test_the_refusal_names_the_rule_that_failed() -> None:
    few_names = align_marks([["12", "9000", "2029", "2027", "24", "11.5", "6", "sandvik"]],
                            [["12", "9000", "2029", "2027", "24", "11.5", "6", "sandvik"]])
    assert not few_names.related and "1 of them names" in few_names.reason()


def test_figures_alone_make_no_translation() -> None:
    # An independent Chinese report of a press release's results tells all its figures in the
    # release's order, as a translation of the English wire story would: without names in
    # common, the two are not linked.
    figures = ["2026", "148000", "61500", "14.8", "37", "9", "2", "90", "31", "3", "3.4", "60", "2023", "2025"]
    same = align_marks([figures[:7], figures[7:]], [figures[:5] + ["kessel"], figures[5:] + ["orma"]])
    assert same.run == len(figures) and not same.related and "0 of them names" in same.reason()


def test_a_much_shorter_telling_in_another_language_is_a_summary() -> None:
    from tracker.verify import translation_evidence

    full = translation_evidence("russian", extract(RUSSIAN, CONFIG, lang="ru"), "wire", extract(WIRE, CONFIG, lang="en"))
    assert full is not None and (full.relation, full.relation_reverse) == ("translation", "translation")
    # Three sentences, a third of the story's words, that name people and figures of most of
    # its paragraphs: a summary, though by the sentences it pairs it covers most of the story.
    summary = ("ПОРТ-ВЕЛЛ (Meridian) — Совет Порт-Велла утвердил 12 миллионов крон на трамвай длиной 6 "
               "километров к Университету Сандвика, который с 2029 года будет возить 9000 пассажиров в день.\n\n"
               "Мэр Эллин Сандвик назвала это главной инвестицией поколения, а Томас Краг насчитал 24 миллиона.\n\n"
               "Строительство начнётся в апреле 2027 года; Baltic Rail предлагал 11,5 миллиона крон.")
    short = translation_evidence("part", extract(summary, CONFIG, lang="ru"), "wire", extract(WIRE, CONFIG, lang="en"))
    assert short is not None and short.relation == "summary" and short.relation_reverse == "translation"


def test_figures_add_candidates_only_across_scripts() -> None:
    from tracker.index import CROSS_SCRIPT_FIGURES, LSHIndex
    from tracker.signature import sign

    config = TrackerConfig()
    index = LSHIndex(config)
    wire = extract(WIRE, config.shingle, lang="en")
    index.add("wire", sign("wire", wire, config))
    russian = sign("russian", extract(RUSSIAN, config.shingle, lang="ru"), config)
    [found] = [c for c in index.query(russian) if c.article_id == "wire"]
    assert found.shared_figures >= CROSS_SCRIPT_FIGURES and found.anchor_weight < config.lsh.min_anchor_weight
    # Two stories of one day in two scripts share days, years and small numbers: no candidate.
    football = "\n\n".join(["Rovers won 2-0 on 12 March 2025, their 30th win since 2024.",
                             "The club's 2024-25 season ends in May."])
    weather = "\n\n".join(["Погода на 12 марта 2025 года: до 30 градусов.", "Самый тёплый март с 2024 года."])
    plain = LSHIndex(config)
    plain.add("football", sign("football", extract(football, config.shingle, lang="en"), config))
    # (Their short sentences of figures may collide in the sentence family; not by figures.)
    assert all(c.shared_figures == 0 for c in plain.query(sign("weather", extract(weather, config.shingle, lang="ru"),
                                                                   config)))
    # The same figures in a text of the wire's own script add nothing: words decide there.
    figures_only = "\n\n".join(f"Figure {n} was noted." for n in ("12", "9000", "2029", "2027", "24", "11.5"))
    assert index.query(sign("latin", extract(figures_only, config.shingle, lang="en"), config)) == []
    # A Russian story of the same meeting states three of the figures: no candidate.
    own = sign("own", extract(RUSSIAN_OWN, config.shingle, lang="ru"), config)
    assert all(c.article_id != "wire" for c in index.query(own))
    # Nor is an article stored before blobs held figures (version 1: script unknown).
    from tracker.anchors import encode

    old = LSHIndex(config)
    old.add("wire", [s if s.family != "anchors" else dataclasses.replace(s, values=encode(wire.anchors, config.minhash.seed))
                     for s in sign("wire", wire, config)])
    assert all(c.article_id != "wire" for c in old.query(russian))


def test_a_dateline_is_no_evidence_of_translation() -> None:
    # A German council story and an English match report filed from one town on one day by
    # one agency: the dateline's place, day and agency and three place names are all they share.
    council = ("HARLOW BAY, 10. Mai (Tidewire) - Der Regionalrat von Harlow Bay hat am Samstag eine "
               "Entsalzungsanlage in Gannet Point genehmigt. Das Wasser des Stausees reicht nicht mehr.\n\n"
               "Die Ratsmitglieder stimmten mit 11 zu 4 Stimmen dafür. Die Anlage soll 140 Millionen "
               "Liter Trinkwasser am Tag liefern.\n\nDer Strom kommt aus dem Windpark Westmere.")
    match = ("HARLOW BAY, May 10 (Tidewire) - Harlow Bay United beat Calder Rovers 3-1 on Saturday at Gannet Point "
             "to go top of the northern league.\n\nStriker Jonah Pike scored twice after half-time. "
             "A crowd of 18,400 watched at Bayside Park.\n\nUnited travel to Westmere on Wednesday.")
    found = cross_alignment(extract(council, CONFIG, lang="de"), extract(match, CONFIG, lang="en"))
    assert not found.related, found.reason()
    assert not {"tidewire", "10"} & found.shared


def test_a_short_translation_keeps_its_dateline_as_one_mark() -> None:
    # A two-sentence agency brief and its translation: the dateline (written "(EFE).-" in
    # Spanish) is one mark both tell, which the brief needs to reach eight.
    es = ("MADRID, 10 may (EFE).- El Gobierno de Pedro Sánchez aprobó este martes un plan de 3.200 millones "
          "de euros para Valencia, tras las inundaciones que causaron 224 muertos en octubre. La ministra "
          "Teresa Ribera dijo que Bruselas aportará 900 millones.")
    en = ("MADRID, May 10 (EFE) - The government of Pedro Sánchez on Tuesday approved a 3.2 billion euro plan "
          "for Valencia after the floods that killed 224 people in October. Minister Teresa Ribera said "
          "Brussels would contribute 900 million.")
    found = cross_alignment(extract(es, CONFIG, lang="es"), extract(en, CONFIG, lang="en"))
    assert found.related and DATELINE.format("efe") in found.shared, found.reason()
    assert not {"madrid", "efe", "10"} & found.shared
    # Another agency's dateline is no mark the two share: then the brief is too short.
    other = en.replace("MADRID, May 10 (EFE) -", "TOKYO, March 3 (Reuters) -")
    assert not cross_alignment(extract(es, CONFIG, lang="es"), extract(other, CONFIG, lang="en")).related
    # A dateline written with the day as an ordinal ("10. Mai"), which the sentence splitter
    # cuts after "10.", is one mark too.
    de = es.replace("MADRID, 10 may (EFE).-", "MADRID, 10. Mai (EFE) -")
    marks_de = cross_alignment(extract(de, CONFIG, lang="de"), extract(en, CONFIG, lang="en"))
    assert DATELINE.format("efe") in marks_de.shared and not {"mai", "efe"} & marks_de.shared
