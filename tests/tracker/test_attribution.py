"""tracker.attribution: attribution and byline signals -> outlet keys, with an edit table of cases."""

from __future__ import annotations

import pytest

from tracker.attribution import (
    KNOWN_OUTLETS, attributions, credit_signals, credited_outlets, credits_and_citations, mention_kept,
    outlet_of_name, taken_mentions, text_words,
)
from tracker.text import credits, outlet_key

# Text -> the outlets it credits. Each row is a way real copies credit (or seem to credit) a source.
CREDITED = [
    ("The Iranian news agency IRNA said the attack failed.", ("irna",)),
    ("Copyright 2025 Reuters", ("reuters",)),
    ("Copyright Reuters. All rights reserved.", ("reuters",)),
    ("Copyright The Associated Press. All rights reserved.", ("apnews",)),
    ("SOURCE: REUTERS", ("reuters",)),
    # Datelines with the day first, with a year, in figures, in Russian.
    ("ASTANA, 3 March (Reuters) - Talks resumed.", ("reuters",)),
    ("ASTANA, March 3, 2026 (Reuters) - Talks resumed.", ("reuters",)),
    ("ASTANA, 03.03.2026 (AFP) - Talks resumed.", ("afp",)),
    ("МОСКВА, 3 марта (Рейтер) - Переговоры возобновились.", ("reuters",)),
    # ...with a region in brackets, accented or Greek capitals, months of other languages.
    ("KESSLING (Valdoria), 3 dic (Reuters) - El banco central bajó los tipos.", ("reuters",)),
    ("SÃO PAULO, 3 dez (Reuters) - O banco central cortou os juros.", ("reuters",)),
    ("PARIS, 3 décembre (AFP) - La banque centrale a baissé ses taux.", ("afp",)),
    ("ΑΘΗΝΑ, 3 Δεκεμβρίου (Reuters) - Η κεντρική τράπεζα μείωσε τα επιτόκια.", ("reuters",)),
    ("The Interfax news agency Tuesday reported a deal.", ("interfax",)),
    ("The state-run Xinhua news agency Monday said talks resumed.", ("xinhuanet",)),
    ("Copyright © 2025 Thomson Reuters. All rights reserved.", ("reuters",)),
    ("By Reuters\n\nThe plan was dropped.", ("reuters",)),
    ("By Reuters Staff", ("reuters",)),
    ("By Tom Balmforth | Reuters", ("reuters",)),
    ("By Guy Faulconbridge, Reuters", ("reuters",)),
    ("By The Associated Press", ("apnews",)),
    ("The plan, according to Reuters, was dropped.", ("reuters",)),
    ("The plan was dropped, according to the Financial Times.", ("ft",)),
    ("Reuters reported on Monday that the plan was dropped.", ("reuters",)),
    ("In January, Reuters reported that Putin was worried.", ("reuters",)),
    ("As Reuters reported in January, the plan was dropped.", ("reuters",)),
    ("The talks ended on Monday. Reuters reported that the deal was off.", ("reuters",)),
    ("The plan was dropped, AP reported.", ("apnews",)),
    ("The Kyiv Independent reported the strike on Monday.", ("kyivindependent",)),
    ("Politico first reported the plan.", ("politico",)),
    ("MOSCOW (Reuters) - Russian President Vladimir Putin said.", ("reuters",)),
    ("WASHINGTON, May 28 (AP) — The Senate voted.", ("apnews",)),
    ("KYIV/MOSCOW (Reuters) - Talks resumed.", ("reuters",)),
    ("MARLOW, England (Reuters) - The plant closed.", ("reuters",)),
    ("PORTLAND, Maine, Jan 5 (AP) - The plant closed.", ("apnews",)),
    ("(AFP) - The ministry said.", ("afp",)),
    ("Putin demands a written pledge on NATO (Reuters, UK)", ("reuters",)),
    ("Reuters: Putin considers peace possible", ("reuters",)),
    ("This article is based on materials published by Reuters.", ("reuters",)),
    ("Based on materials from The Moscow Times.", ("themoscowtimes",)),
    ("This story first appeared in the Harbour Herald.", ("harbourherald",)),
    ("The rights to the original text belong to Bloomberg.", ("bloomberg",)),
    ("Source: Lenta.ru", ("lenta",)),
    ("Copyright 2025 The Associated Press. All rights reserved.", ("apnews",)),
    ("(c) 2024 AFP", ("afp",)),
    ("The paper said, citing AFP, that the plan was dropped.", ("afp",)),
    ("He was quoted as saying by Interfax news agency.", ("interfax",)),
    ("the state news agency TASS said", ("tass",)),
    ("Defense Minister Yasar Guler told Reuters on Wednesday.", ("reuters",)),
    ("The Kremlin did not respond to a request for comment on Reuters' reporting.", ("reuters",)),
    ("The alliance did not respond to Reuters’ inquiries.", ("reuters",)),
    ("по данным Рейтер, переговоры сорваны", ("reuters",)),
    ("Reuters reported it first. According to Reuters, and citing AFP, the deal is off.", ("afp", "reuters")),
    # An excerpt's closing link to the story it was cut from.
    ("Honda shipped 200 cars to Taiwan, a spokesman said.\n\nRead more at Reuters", ("reuters",)),
    ("The bank cut its rates.\nRead the full story on Reuters.com", ("reuters",)),
    ("The bank cut its rates.\nContinue reading at the Harbour Times.", ("harbourtimes",)),
]

# Text that credits no outlet: people, institutions, pronouns, sources, picture credits.
NOT_CREDITED = [
    "The plan was dropped on Monday after a long debate.",
    "By Guy Faulconbridge and Mark Trevelyan",
    "According to officials, the plan was dropped.",
    "according to the president, nothing changed.",
    "The minister reported a loss. Sources reported nothing new.",
    "according to Peskov, the talks failed.",
    "More than 12,000 civilians have been killed, according to UN estimates.",
    "Russian news agencies reported the attack.",
    "Putin chairs a meeting in Moscow, May 27, 2025. Sputnik/Alexander Kazakov/Pool via REUTERS.",
    "Image source: © POOL",
    "Photo: Reuters",
    "The swimming pool reopened, according to Times Square residents.",
    "By the time the talks ended, nothing had changed.",
    "Moscow: talks end without a deal",
    "",
    # A headline about copyright, a wire's status mark, a kind of outlet, a nationality.
    "IBM CANADA FILES COPYRIGHT INFRINGEMENT SUIT",
    "NEW YORK, March 3 (CORRECTED) - The company said it would appeal.",
    "Press reports said the deal was near.",
    # ...but not those words inside a sentence, or not ending with a name.
    "You can read more at home about the deal, the minister said.",
    "Read more at our partner site about the floods",
    "The bank cut its rates.\nRead more: Fed Holds Rates Steady",
    "The bank cut its rates.\nRead more on Brexit",
    "The bank cut its rates.\nContinue reading on Page A4",
]


# A story's closing credit lines: the line after a story body -> the outlets it credits.
STORY = "The port reopened on Monday after a two-day strike, officials said.\n\nTrade resumed by noon."
CLOSING_CREDITS = [
    # A reporting line names people and places, and an outlet after "at" or "for".
    ("(Reporting by Tomas Berg at Northgate Wire; Editing by Ruth Amadi)", ("northgatewire",)),
    ("Prices rose.\n\nWith reporting by Northgate Wire.", ("northgatewire",)),
    ("Prices rose.\n\nWith Reporting By Northgate Wire", ("northgatewire",)),
    ("Prices rose.\n\n(With additional reporting by Ana Lind of Reuters)", ("reuters",)),
    ("(Reporting by Tomas Berg for Northgate Wire; Editing by Ruth Amadi)", ("northgatewire",)),
    ("(Reporting by Tomas Berg in Oslo and Ana Lind at the Harbour Times; Editing by Ruth Amadi)",
     ("harbourtimes",)),
    ("(Reporting by Tomas Berg; Additional reporting by Reuters)", ("reuters",)),
    ("(Reporting by Tomas Berg in Washington D.C. for the Harbour Times)", ("harbourtimes",)),
    ("Additional reporting by Northgate Wire.", ("northgatewire",)),
    # An outlet given as a web address, as the README allows for sources.
    ("Source: northgatewire.example", ("northgatewire",)),
    ("Source: https://www.northgatewire.example/markets/port-strike", ("northgatewire",)),
    ("Source: Northgatewire.example", ("northgatewire",)),
    ("Northgate Wire contributed to this report.", ("northgatewire",)),
    ("Tomas Berg of Northgate Wire contributed to this report.", ("northgatewire",)),
    ("Officials spoke on Monday. Reuters and AFP contributed to this story.", ("afp", "reuters")),
    ("This story was provided by Northgate Wire.", ("northgatewire",)),
    ("This article was supplied by the Harbour Herald.", ("harbourherald",)),
    ("By Northgate Wire staff", ("northgatewire",)),
    ("By Tomas Berg at Northgate Wire", ("northgatewire",)),
    ("Northgate Wire staff", ("northgatewire",)),
    ("Guardian staff and agencies", ("theguardian",)),
    ("- Northgate Wire", ("northgatewire",)),
    ("— The Associated Press", ("apnews",)),
    ("- Tomas Berg, Northgate Wire", ("northgatewire",)),
    ("Source: Northgate Wire, Harbour Press Agency", ("harbourpressagency", "northgatewire")),
    ("Sources: Reuters and Northgate Wire", ("northgatewire", "reuters")),
    # Names after the first one in a source list must look like outlets: not a place.
    ("Source: Northgate Wire, London", ("northgatewire",)),
    ("Source: Reuters, citing officials", ("reuters",)),
    # A wire's bare sign-off on the last line, as 1987 Reuters copy ends.
    ("Reuter", ("reuters",)),
    ("REUTER", ("reuters",)),
    # Republication notes that open their line.
    ("Reprinted from Plains Farmer.", ("plainsfarmer",)),
    ("Reprinted with permission from the Harbour Times.", ("harbourtimes",)),
    ("Courtesy of the Capital Observer.", ("capitalobserver",)),
    # A footer names the company behind an outlet: the outlet's key, as its address gives it.
    ("(c) 2026 Daily Ledger Co.", ("dailyledger",)),
    ("© 2026 Energy Insider Publishing Ltd.", ("energyinsider",)),
    ("Copyright 2026 Reuters Ltd. All rights reserved.", ("reuters",)),
    # "Company" ends some outlets' names; a company word never cuts a name down to a word.
    ("This article originally appeared in Fast Company.", ("fastcompany",)),
    ("Copyright 2026 The Washington Post Company", ("washingtonpost",)),
    ("This article was reprinted with permission from the Harbour Times.", ("harbourtimes",)),
    ("Article reprinted from the Harbour Gazette.", ("harbourgazette",)),
    ("(Translated from Die Welt)", ("diewelt",)),
    ("© 2024 Times Publishing Co.", ("timespublishing",)),
]

# Closing lines that credit no outlet: people, places, notes, and the phrases' ordinary uses.
NOT_CLOSING_CREDITS = [
    "Source: a person familiar with the matter",
    "Sources: officials said",
    "Reporting by the author",
    "(Reporting by Tomas Berg; Editing by Ruth Amadi)",
    "(Reporting by Michelle Nichols at the United Nations; Editing by Ruth Amadi)",
    "Additional reporting by Tomas Berg in Oslo.",
    "- Updated at 10:00",
    "- Tomas Berg",
    "Staff and agencies",
    "By Staff and agencies",
    "Tomas Berg contributed to this report.",
    "This story was provided by a reader.",
    "The ministry contributed 5 million to this fund",
    "Northgate Wire contributed to the confusion.",
    # Only the old wire sign-off "Reuter" credits alone on the last line: not an outlet's name
    # under a list, in a tag line, a picture credit or a market table.
    "Times",
    "Today",
    "Reuters",
    "Watch the debate live on:\nSky News",
    "Reuters Graphics",
    "Nikkei",
    "RT",
    # "Reprinted from" and a capitalised "Courtesy of" open their line; inside a sentence they
    # describe a document or a picture.
    "The union's letter, reprinted from the Harbour Gazette, says the talks failed.",
    "The rover's first image. Courtesy of Reuters",
]


@pytest.mark.parametrize(("line", "expected"), CLOSING_CREDITS)
def test_closing_credit_lines(line: str, expected: tuple[str, ...]) -> None:
    assert credited_outlets(f"{STORY}\n\n{line}") == expected


@pytest.mark.parametrize("line", NOT_CLOSING_CREDITS)
def test_closing_lines_that_credit_no_outlet(line: str) -> None:
    assert credits_and_citations(f"{STORY}\n\n{line}") == ((), ())


def test_a_sign_off_closes_the_story() -> None:
    # A dash before a name is a list item anywhere else ("- Fox News" in a list of outlets).
    listed = f"{STORY}\n\nThe most watched channels:\n- Fox News\n- Sky News\nViewing fell in May."
    assert credited_outlets(listed) == ()
    assert credited_outlets(f"{STORY}\n\n- Northgate Wire\n\n") == ("northgatewire",)


@pytest.mark.parametrize(("text", "expected"), CREDITED)
def test_credited(text: str, expected: tuple[str, ...]) -> None:
    assert credited_outlets(text) == expected


@pytest.mark.parametrize("text", NOT_CREDITED)
def test_not_credited(text: str) -> None:
    assert credited_outlets(text) == ()


def test_tracker_text_credits_delegates_here() -> None:
    for text, expected in CREDITED:
        assert credits(text) == expected


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("https://www.reuters.com/world/x", "Reuters"),
        ("apnews.com", "The Associated Press"),
        ("www.ft.com", "Financial Times"),
        ("themoscowtimes.com", "The Moscow Times"),
        ("https://www.theguardian.com/world", "The Guardian"),
        ("tass.com", "TASS"),
    ],
)
def test_keys_are_comparable_with_outlet_key_of_the_domain(source: str, name: str) -> None:
    assert outlet_of_name(name) == outlet_key(source)


def test_known_keys_are_outlet_keys() -> None:
    for key in KNOWN_OUTLETS.values():
        assert outlet_key(f"www.{key}.com") == key


@pytest.mark.parametrize(
    ("name", "strong", "expected"),
    [
        ("Reuters", False, "reuters"),
        ("Peskov", False, None),
        ("Peskov", True, "peskov"),
        ("Harbour Herald", False, "harbourherald"),
        ("Lenta.ru", False, "lenta"),
        ("UN", False, None),
        ("Sources", True, None),
        ("", True, None),
    ],
)
def test_outlet_of_name(name: str, strong: bool, expected: str | None) -> None:
    assert outlet_of_name(name, strong) == expected


def test_attributions_are_in_text_order_with_kind_and_evidence() -> None:
    text = "By Reuters\n\nMOSCOW (Reuters) - Talks resumed, Interfax news agency said, according to AFP."
    found = attributions(text)
    assert [(a.outlet, a.kind) for a in found] == [
        ("reuters", "byline"),
        ("reuters", "dateline"),
        ("interfax", "agency"),
        ("afp", "according_to"),
    ]
    assert found[1].evidence == "MOSCOW (Reuters) -"
    assert found[3].name == "AFP"


@pytest.mark.parametrize(("text", "credited", "cited"), [
    ("Prices will rise, Northwire reported.", (), ("northwire",)),
    ("Prices will rise, according to Northwire and its sources.", (), ("northwire",)),
    ("Prices will rise, according to Reuters. Northwire reported it too.", ("reuters",), ("northwire",)),
    ("The Kremlin will respond, according to Peskov.", (), ("peskov",)),
    ("He told Northwire on Monday that talks had failed.", (), ("northwire",)),
    ("Officials reported no damage, according to sources.", (), ()),
    ("By Guy Faulconbridge\n\nTalks resumed.", (), ()),
    ("MOSCOW (Reuters) - Talks resumed, Reuters reported.", ("reuters",), ()),
])
def test_names_reported_from_that_look_like_no_outlet_are_cited(
        text: str, credited: tuple[str, ...], cited: tuple[str, ...]) -> None:
    assert credits_and_citations(text) == (credited, cited)


def test_long_text_is_handled_line_by_line() -> None:
    text = "\n".join(["Nothing here at all."] * 2000 + ["Reuters reported it."])
    assert credited_outlets(text) == ("reuters",)


@pytest.mark.parametrize("text", [
    "The report was provided by the Ministry of Defence to lawmakers on Monday.",
    "The content is distributed by Netflix in 190 countries.",
    "This report was provided by Mayor John Smith at the hearing.",
    "Watch the match on these channels:\n- ABC News\n- CNN\n- Fox News",
    "Prices rose.\n\nRead more:\n- The Guardian",
    "Prices rose.\n\nTimes of India contributed to this report.",
    "Prices rose.\n\n- Times of India",
])
def test_sentences_and_lists_that_name_an_outlet_without_crediting_it(text: str) -> None:
    # A supplier note is a line of its own; the last item of a list is no sign-off; "Times of
    # India" is one name (not The Times), and not one that looks like an outlet.
    assert credits_and_citations(text)[0] == ()


def test_a_reporter_of_an_outlet_credits_the_outlet() -> None:
    assert credits_and_citations("Prices rose.\n\n(Reporting by Tomas Berg of Northgate Wire; Editing by "
                                 "Ruth Amadi)")[0] == ("northgatewire",)
    assert credits_and_citations("Prices rose.\n\nSource: Reuters, The Times of India")[0] == ("reuters",)


@pytest.mark.parametrize("line", ["По материалам агентства Northwire.", "Про це повідомляє агентство Northwire.",
                                  "Това съобщи Northwire.", "По данным агентства Northwire, цены выросли."])
def test_reporting_formulas_in_russian_ukrainian_and_bulgarian_cite_the_outlet(line: str) -> None:
    assert "northwire" in credits_and_citations("Цены выросли на 5 процентов.\n\n" + line)[1]


@pytest.mark.parametrize(("line", "outlet"), [
    ("Von unserer Redaktion, mit Material von Northbridge Wire.", "northbridgewire"),
    ("Die Stadt plant neue Deiche. (mit Material von dpa)", "dpa"),
    ("La ciudad construirá un dique. Con información de EFE.", "efe"),
    ("Con información de la agencia Reuters.", "reuters"),
    ("O porto fecha na segunda. Com informações da Reuters.", "reuters"),
    ("Le port fermera lundi. (Avec AFP)", "afp"),
    ("Le port fermera lundi. (avec l'AFP)", "afp"),
    ("Quelle: Northbridge Wire", "northbridgewire"),
    ("Fuente: Reuters", "reuters"),
    ("Le port fermera lundi. (Avec AFP et Reuters)", "reuters"),
    ("Die Stadt plant neue Deiche (mit Material von dpa und AFP).", "afp"),
    ("mit Material der Nachrichtenagenturen dpa und Reuters", "dpa"),
    ("Con información de Reuters y AFP.", "afp"),
    ("Der Artikel wurde mit Material der dpa erstellt.", "dpa"),
    ("Dieser Text wurde mit Material von Reuters aktualisiert.", "reuters"),
    ("Com informações do O Globo.", "oglobo"),
    ("Con información de El Universal y La Jornada.", "lajornada"),
])
def test_supplier_formulas_of_german_spanish_portuguese_and_french_copy_credit_the_outlet(line: str, outlet: str) -> None:
    assert outlet in credits_and_citations("Die Preise stiegen um 5 Prozent.\n\n" + line)[0]


@pytest.mark.parametrize("line", ["Er hat viel Material von ihm gesammelt.", "Das Material der Brücke ist Stahl.",
                                  "Avec le soutien de la ville, le port rouvrira.",
                                  "Con información de los vecinos, la policía actuó."])
def test_words_of_those_formulas_in_a_sentence_credit_no_outlet(line: str) -> None:
    assert credits_and_citations(line) == ((), ())


def test_a_suppliers_list_gives_its_outlets_and_no_verb_or_article_glued_to_them() -> None:
    assert credits_and_citations("Der Text wurde mit Material von dpa und AFP erstellt.")[0] == ("afp", "dpa")
    assert credits_and_citations("Con información de Los Angeles Times.")[0] == ("losangelestimes",)
    # English lists split as before: "y" and "e" are no separators there.
    assert credits_and_citations("(Reporting by Jane Doe and Tom Reyes for Reuters; Editing by Mark Potter)")[0] == (
        "reuters",)


@pytest.mark.parametrize(("text", "credited", "cited"), [
    # Formulas of other languages, and their "according to".
    ("Le texte.\n\n(Avec Halden Wire)", ("haldenwire",), ()),
    ("Les prix montent, selon Halden Wire.", ("haldenwire",), ()),
    ("Los precios, según la agencia EFE, suben.", ("efe",), ()),
    ("D'après l'AFP, c'est fini.", ("afp",), ()),
    ("Laut Reuters steigen die Preise.", ("reuters",), ()),
    ("Texto.\n\nFuente: Expansión Ibérica", ("expansioniberica",), ()),
    ("Originally published by Reuters.", ("reuters",), ()),
    # A language is no outlet.
    ("This article was automatically translated from German.", (), ()),
    ("Translated from the Spanish by Ana Ruiz.", (), ()),
    ("Translated from the Russian-language edition of Vostok Energo.", (), ()),
    # A person named with an office is no outlet reported from.
    ("Output fell, Energy Minister Ganbold Dorzh reported.", (), ()),
    # A one-word outlet no table knows, in the closing forms a wire's clients use: cited.
    ("Story.\n\n(Northwire)", (), ("northwire",)),
    ("Story.\n\nNorthwire contributed to this report.", (), ("northwire",)),
    ("Northwire Staff\n\nStory.", (), ("northwire",)),
    # Not where a place may stand: a byline, a sign-off, brackets after other words, a source list.
    ("By Ruth Calloway, Dallas\n\nStory.", (), ()),
    ("Story.\n\n- Jane Doe, Detroit", (), ()),
    ("Shares of Ford Motor (Detroit)", (), ()),
    ("Story.\n\nSource: Reuters, London", ("reuters",), ()),
])
def test_credits_in_other_languages_and_one_word_outlets(text: str, credited: tuple[str, ...],
                                                        cited: tuple[str, ...]) -> None:
    assert credits_and_citations(text) == (credited, cited)


@pytest.mark.parametrize(("text", "keys"), [
    ("Os preços sobem, segundo a Reuters.", ("reuters",)),
    ("Laut dem Spiegel steigen die Preise.", ("spiegel",)),
    ("Texto.\n\nFuente: Ámbito Financiero", ("ambitofinanciero",)),
    ("segundo a agência Reuters, sim.", ("reuters",)),
    ("PRAGUE (ČTK) - The vote passed.", ("ctk",)),
])
def test_other_languages_articles_and_accented_names(text: str, keys: tuple[str, ...]) -> None:
    assert credits_and_citations(text)[0] == keys


LONG_TOLD = ("After a long night of talks that went on well past the point where anyone expected an agreement, "
             "the minister told Reuters that a deal had been reached on every one of the remaining points.")


@pytest.mark.parametrize(("text", "mentions"), [
    # A mention alone credits the outlet: it is kept with up to six words of its sentence on
    # either side, as letters and digits, lower-cased.
    ("Prices rose.\n\nThe minister told Reuters on Monday that prices would rise.",
     (("reuters", "the minister", "told reuters", "on monday that prices would rise"),)),
    ("Prices rose, Northwire reported.", (("northwire", "prices rose", "northwire reported", ""),)),
    ("Energy “prices” rose. The minister answered Reuters’ questions on Monday, in writing. Then more.",
     (("reuters", "the minister answered", "reuters questions", "on monday in writing"),)),
    # Not the dateline that opens the line: a copy rewrites or drops it.
    ("LONDON, March 10 - The chief executive, Ann Lee, told Reuters on Tuesday.",
     (("reuters", "the chief executive ann lee", "told reuters", "on tuesday"),)),
    ("Sandmere — The mayor told Reuters on Friday.", (("reuters", "the mayor", "told reuters", "on friday"),)),
    # "U.S." and "Jan." end no sentence; "According" opens one.
    ("A U.S. envoy told Reuters that talks would resume on Jan. 5 in Geneva.",
     (("reuters", "a u s envoy", "told reuters", "that talks would resume on jan"),)),
    ("According to Reuters, prices rose.", (("reuters", "", "according to reuters", "prices rose"),)),
    (LONG_TOLD, (("reuters", "anyone expected an agreement the minister", "told reuters",
                  "that a deal had been reached"),)),
    # A dateline, a credit line, a sign-off, a byline, a reporting line or a supplier's
    # formula credits the outlet whatever else mentions it.
    ("LONDON (Reuters) - Prices rose, the minister told Reuters.", ()),
    ("Prices rose, the minister told Reuters.\n\nSource: Reuters", ()),
    ("Prices rose, the minister told Reuters.\n\n- Reuters", ()),
    ("Prices rose, the minister told Reuters on Monday.\n\nBy Jane Doe, Reuters", ()),
    ("Prices rose, the minister told Reuters on Monday.\n\n(Reporting by Jane Doe for Reuters; Editing by Tom Lee)", ()),
    ("Prices rose, the minister told Reuters on Monday.\n\nJane Doe of Reuters contributed to this report.", ()),
    ("Los precios subieron, dijo el ministro a Reuters.\n\nCon información de Reuters.", ()),
])
def test_mentions_are_the_in_sentence_credits_an_outlet_has_no_other(
        text: str, mentions: tuple[tuple[str, str, str, str], ...]) -> None:
    credited, cited, found = credit_signals(text)
    assert found == mentions
    assert (credited, cited) == credits_and_citations(text)


@pytest.mark.parametrize(("copy", "source", "kept"), [
    # The wire's sentence, kept by a reprint however its quotes, spaces and lines were written.
    ("Oil prices rose, the minister told Reuters on Monday.", "Oil prices rose,\nthe minister told Reuters on Monday.", True),
    ("The minister answered Reuters’ questions on Monday.", "The minister answered Reuters' questions on Monday.", True),
    ("Sales of 35\u00a0million euros, she told Reuters on Monday.", "Sales of 35 million euros, she told Reuters on Monday.", True),
    # The dateline before it rewritten, or the sentence after it cut: one side still holds.
    ("LONDON - The chief executive, Ann Lee, told Reuters on Tuesday that jobs would go.",
     "LONDON, March 10 (Reuters) - The chief executive, Ann Lee, told Reuters on Tuesday that jobs would go.", True),
    # A sentence of the copy's own.
    ("Lee later told Reuters in an interview that the plan stood.",
     "The chief executive, Ann Lee, told Reuters on Tuesday that jobs would go.", False),
    # Too little on either side to say: the whole must be there.
    ("Reuters reported on Monday.", "Prices fell, Reuters reported on Tuesday.", False),
    ("Reuters reported on Monday.", "Prices fell, Reuters reported on Monday.", True),
])
def test_a_mention_is_kept_from_its_source_by_its_words(copy: str, source: str, kept: bool) -> None:
    mention = credit_signals(copy)[2][0]
    assert mention_kept(mention[1:], text_words(source)) is kept
    assert taken_mentions(copy, source) == ({"reuters"} if kept else set())


@pytest.mark.parametrize(("text", "outlets"), [
    ("FRANKFURT (dpa-AFX) - Die Aktie des Autobauers fiel am Montag um drei Prozent.", ("dpa",)),
    ("BERLIN (dpa/AFP) - Die Regierung hat am Montag ein neues Gesetz beschlossen.", ("afp", "dpa")),
    ("PARIS (AFP/Reuters) - The government said on Monday it would raise the minimum wage.", ("afp", "reuters")),
    ("PRAGUE (RFE/RL) - The court ruled on Monday that the election was valid.", ("rferl",)),
    ("HAMBURG (dpa/lno) - Die Elbe ist am Montag über die Ufer getreten.", ("dpa",)),
    ("WASHINGTON (Reuters/Ipsos) - Most Americans back the plan, a poll found on Monday.", ("reuters",)),
    # A photo's credit is none.
    ("Photo: AFP/Reuters", ()),
])
def test_a_dateline_of_an_agency_service_or_of_two_agencies_credits_them(text: str, outlets: tuple[str, ...]) -> None:
    assert credits(text) == outlets


@pytest.mark.parametrize(("text", "outlets"), [
    # Datelines and formulas of Chinese, Japanese, Korean and Arabic copy, the agency in the
    # copy's own script.
    ("路透社北京7月8日电 — 比亚迪周一表示，将在欧洲新建一座工厂。", ("reuters",)),
    ("据路透社7月8日报道，比亚迪周一表示，将在欧洲新建一座工厂。", ("reuters",)),
    ("［東京　８日　ロイター］ - トヨタ自動車は8日、新しい工場を建設すると発表した。", ("reuters",)),
    ("ロイター通信によると、トヨタは新しい工場を建設する。", ("reuters",)),
    ("中国メディアの新浪財経は、ロイター通信の報道を引用し、輸出が増えたと伝えた。", ("reuters",)),
    ("新浪财经援引路透社消息称，出口增长了27%。", ("reuters",)),
    ("【서울=연합뉴스】 삼성전자는 8일 새 공장을 짓겠다고 밝혔다.", ("yna",)),
    ("القاهرة (رويترز) - قالت الحكومة المصرية يوم الاثنين إنها سترفع الأجور.", ("reuters",)),
    ("ذكرت وكالة رويترز أن الحكومة سترفع الأجور.", ("reuters",)),
    ("新华社北京7月8日电 国务院总理周一表示……", ("xinhuanet",)),
    # The agency as a subject of the story, not its supplier: "a Reuters reporter saw",
    # "told Reuters in an interview".
    ("路透社记者看到，工厂已经停工。", ()),
    ("他在接受路透社采访时说，工厂已经停工。", ()),
])
def test_copy_in_other_scripts_credits_its_agency_as_it_writes_it(text: str, outlets: tuple[str, ...]) -> None:
    assert credits(text) == outlets


@pytest.mark.parametrize(("byline", "outlets"), [
    ("By Hamish Boyd, Chief Reporter", ()),
    ("By Anna Berg, Senior Health Correspondent", ()),
    ("By Anna Berg, Political Editor", ()),
    ("By Anna Berg, Harbour Times", ("harbourtimes",)),
    ("By Anna Berg, Daily Reporter", ("dailyreporter",)),  # a paper may be so named
])
def test_a_journalists_job_in_a_byline_is_no_outlet(byline: str, outlets: tuple[str, ...]) -> None:
    assert credits(f"{byline}\n\nThe council met on Monday to approve the budget.") == outlets
