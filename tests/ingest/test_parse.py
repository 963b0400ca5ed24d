"""ingest.parse: raw items -> articles; container fields, language and page ids (issue 7)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timezone

import pytest

from ingest.parse import (
    PAYLOAD_LIMIT, RawItem, dead_letter, parse_item, parse_record, parse_time, sniff_kind,
)
from tests.ingest.pages import herald_page
from tracker.errors import InvalidArticle
from tracker.model import Article, Rejected

TEXT = (
    "The harbour authority said on Tuesday it would close the northern terminal for six weeks.\n\n"
    "Repairs to the quay wall will cost an estimated 18.5 million euros, officials said."
)


def article(item: RawItem) -> Article:
    parsed = parse_item(item)
    assert isinstance(parsed, Article), parsed
    return parsed


def test_text_record_gets_a_language() -> None:
    assert article(RawItem("a.txt", TEXT.encode(), "text")).lang == "en"


def test_given_language_is_kept() -> None:
    # A valid code is the record's word, even against the detector's (a short text misread).
    record = {"text": TEXT, "lang": "fr"}
    assert article(RawItem("a.jsonl:1", json.dumps(record).encode())).lang == "fr"


GERMAN = (
    "Die Hafenbehörde teilte am Dienstag mit, dass sie das nördliche Terminal für sechs Wochen schließen "
    "werde.\n\nDie Reparatur der Kaimauer werde nach Angaben der Behörde voraussichtlich 18,5 Millionen "
    "Euro kosten. Die Reedereien sollen ihre Schiffe in dieser Zeit zum südlichen Terminal umleiten."
)


def test_a_given_language_the_text_surely_is_not_in_is_overruled() -> None:
    # A feed that labels every page "en": a German translation so labelled had been compared
    # with its English source word by word, and not linked.
    labelled = article(RawItem("l:1", json.dumps({"text": GERMAN, "lang": "en"}).encode()))
    assert labelled.lang == "de" and dict(labelled.meta)["given_lang"] == "en"
    # A bilingual release, German first, labelled by its English half: the label stands.
    both = article(RawItem("l:4", json.dumps({"text": GERMAN + "\n\n" + TEXT * 2, "lang": "en"}).encode()))
    assert both.lang == "en" and "given_lang" not in dict(both.meta)
    right = article(RawItem("l:2", json.dumps({"text": GERMAN, "lang": "de-DE"}).encode()))
    assert right.lang == "de" and "given_lang" not in dict(right.meta)
    # Between languages the detector tells apart less surely than their writers, the record's
    # word stands.
    danish = ("Havnemyndigheden meddelte tirsdag, at den vil lukke den nordlige terminal i seks uger. "
              "Reparationen af kajmuren vil ifølge myndigheden koste omkring 18,5 millioner euro, og "
              "rederierne skal i den tid sende deres skibe til den sydlige terminal.")
    assert article(RawItem("l:3", json.dumps({"text": danish, "lang": "nb"}).encode())).lang == "no"


def test_non_english_text_is_stored_and_marked() -> None:
    text = (
        "Власти порта объявили во вторник, что закроют северный терминал на шесть недель.\n\n"
        "Ремонт причальной стенки обойдется примерно в 18,5 миллиона евро."
    )
    parsed = article(RawItem("ru.txt", text.encode(), "text"))
    assert parsed.lang == "ru" and parsed.text == text


def test_container_fields_fill_only_what_the_record_lacks() -> None:
    fields = (
        ("url", "https://feed.example/a"),
        ("title", "From the feed"),
        ("published_at", "2025-02-11T08:30:00Z"),
        ("guid", "g-1"),
    )
    record = {"text": TEXT, "title": "From the record"}
    parsed = article(RawItem("f.jsonl:1", json.dumps(record).encode(), fields=fields))
    assert (parsed.url, parsed.title) == ("https://feed.example/a", "From the record")
    assert parsed.published_at == datetime(2025, 2, 11, 8, 30, tzinfo=timezone.utc)
    assert dict(parsed.meta) == {"guid": "g-1"}


def test_fetched_at_is_the_last_resort_for_the_publication_time() -> None:
    fields = (("fetched_at", "2025-05-28T10:15:00Z"),)
    crawled = article(RawItem("w:1", TEXT.encode(), "text", fields=fields))
    assert crawled.published_at == datetime(2025, 5, 28, 10, 15, tzinfo=timezone.utc)
    # Marked as a crawl time: not the time the article states (Article.stated_time).
    assert dict(crawled.meta)["published_from"] == "fetched_at" and crawled.stated_time is None
    dated = article(RawItem("w:2", herald_page().encode(), "html", fields=fields))
    assert dated.published_at == datetime(2025, 2, 11, 8, 30, tzinfo=timezone.utc)
    assert dict(dated.meta)["fetched_at"] == "2025-05-28T10:15:00Z"
    assert "published_from" not in dict(dated.meta) and dated.stated_time == dated.published_at


def test_a_day_without_its_hour_is_marked_as_a_day() -> None:
    day = article(RawItem("d:1", json.dumps({"text": TEXT, "published_at": "2025-02-11"}).encode()))
    assert day.published_at == datetime(2025, 2, 11, tzinfo=timezone.utc) and day.day_only
    assert dict(day.meta)["published_precision"] == "day"
    timed = article(RawItem("d:2", json.dumps({"text": TEXT, "published_at": "2025-02-11T00:00:00Z"}).encode()))
    assert not timed.day_only and "published_precision" not in dict(timed.meta)


@pytest.mark.parametrize(("text", "title"), [
    ("Harbour authority to close northern terminal\n\n" + TEXT, "Harbour authority to close northern terminal"),
    ("  HARBOUR   TERMINAL REPAIRS \n \n" + TEXT, "HARBOUR TERMINAL REPAIRS"),
    ("Log in\n\n" + TEXT, None),  # a menu word, not a headline
    ("By Jane Doe, Harbour Times\n\n" + TEXT, None),  # a byline
    ("Jane Doe, Staff Writer\n\n" + TEXT, None),  # ... without "By": not the text's words
    ("Tuesday, 12 November 2026\n\n" + TEXT, None),  # a date line
    ("Updated 12 November 2026 14:05 GMT\n\n" + TEXT, None),
    ("Home > Harbour > Northern terminal\n\n" + TEXT, None),  # a menu
    ("The terminal will close on Tuesday.\n\n" + TEXT, None),  # a sentence
    ("Harbour authority to close northern terminal\n" + TEXT, None),  # no blank line after it
    ("Harbour authority to close northern terminal\n\n", None),  # nothing after it
])
def test_a_pasted_texts_first_line_is_its_headline_when_it_reads_as_one(text: str, title: str | None) -> None:
    got = parse_item(RawItem("pasted.txt", text.encode(), "text"))
    assert isinstance(got, Article) and got.title == title and got.text.strip().startswith(text.strip()[:10])
    # A title the container gives wins.
    given = parse_item(RawItem("pasted.txt", text.encode(), "text", fields=(("title", "Given"),)))
    assert isinstance(given, Article) and given.title == "Given"


@pytest.mark.parametrize("blank", ["", "  ", "\t\n", None])
def test_a_blank_publication_time_is_none_given(blank: str | None) -> None:
    got = article(RawItem("b:1", json.dumps({"text": TEXT, "published_at": blank}).encode()))
    assert got.published_at is None and got.stated_time is None


def test_a_given_language_is_a_bare_code_or_detected() -> None:
    def lang(value: object) -> tuple[str | None, str | None]:
        got = article(RawItem("l:1", json.dumps({"text": TEXT, "lang": value}).encode()))
        return got.lang, dict(got.meta).get("given_lang")

    assert lang("en-GB") == ("en", None) and lang("DE") == ("de", None)
    # ISO 639-2 codes, bibliographic or terminological, and retired ones, read as ISO 639-1.
    assert lang("eng") == ("en", None) and lang("ger") == ("de", None) and lang("deu") == ("de", None)
    assert lang("iw") == ("he", None) and lang("en_GB") == ("en", None)
    # Not a code, or no language: detected from the text, and what the record said is kept.
    for value in ("english", "xx", "und", "de-", "12", "x-default", "mul", "zxx", "qaa"):
        assert lang(value) == ("en", value), value
    # As the detector writes it: Filipino is "tl".
    assert lang("fil") == ("tl", None) and lang("tl") == ("tl", None)
    assert lang("nb-NO") == ("no", None) and lang("cmn") == ("zh", None)


@pytest.mark.parametrize(("head", "named"), [(b"%PDF-1.4\n", "a PDF document"),
                                             (b"PK\x03\x04", "a zip archive"), (b"{\\rtf1\\ansi ", "an RTF document")])
def test_a_document_file_is_named_not_read_as_text(head: bytes, named: str) -> None:
    # A file named on the command line is read by its first bytes: a document whose bytes
    # happen to be text is no article.
    parsed = parse_item(RawItem("r.pdf", head + TEXT.encode(), "text"))
    assert isinstance(parsed, Rejected) and parsed.field == "file" and named in parsed.reason


@pytest.mark.parametrize(("head", "named"), [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf0", "is a program (ELF executable), not article text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image, not article text"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "is a gzip archive, not article text or HTML: decompress it first"),
    (b"\x00\x01\x02\x03 header of some format", "looks like binary data, not text"),
])
def test_a_binary_file_is_named_binary_not_text_in_a_wrong_encoding(head: bytes, named: str) -> None:
    # Its first byte that is not UTF-8 would say "convert the file to UTF-8", as if it were text.
    parsed = parse_item(RawItem("x.txt", head + bytes(range(256)) * 4, "text"))
    assert isinstance(parsed, Rejected) and named in parsed.reason, parsed.reason
    assert parsed.field == ("text" if "binary data" in named else "file") and "UTF-8" not in parsed.reason


def test_text_with_a_form_feed_or_in_latin_1_is_not_called_binary() -> None:
    paged = parse_item(RawItem("p.txt", ("Page one.\f" + TEXT).encode(), "text"))
    assert not isinstance(paged, Rejected)
    latin = parse_item(RawItem("l.txt", ("Caf\u00e9 " + TEXT).encode("latin-1"), "text"))
    assert isinstance(latin, Rejected) and "is not valid UTF-8" in latin.reason


def test_bad_container_time_names_the_field() -> None:
    parsed = parse_item(RawItem("w:1", TEXT.encode(), "text", fields=(("published_at", "yesterday"),)))
    assert isinstance(parsed, Rejected) and parsed.field == "published_at"


def test_page_ids() -> None:
    page = herald_page().encode()
    by_canonical = article(RawItem("a.html", page, "html"))
    by_record_url = article(RawItem("b.html", page, "html", fields=(("url", "https://mirror.example/x"),)))
    assert by_canonical.article_id.startswith("p-") and by_record_url.article_id.startswith("p-")
    assert by_canonical.article_id != by_record_url.article_id
    assert by_canonical.content_hash == by_record_url.content_hash
    # A text keeps its content-derived id.
    assert article(RawItem("c.txt", TEXT.encode(), "text")).article_id.startswith("h-")


def test_html_in_another_charset_is_decoded() -> None:
    page = herald_page().replace('charset="utf-8"', 'charset="windows-1251"').replace("Verrin", "Веррин")
    parsed = article(RawItem("a.html", page.encode("cp1251"), "html"))
    assert "Веррин" in parsed.text


def test_a_number_too_large_for_a_float_keeps_its_text_alone_or_in_an_array() -> None:
    # 1e400 is valid JSON; no float holds it: an id so written is the id as sent ("inf" had
    # been stored), and the same record read out of an array reads the same.
    from ingest.sources import parse_document

    line = b'{"id": 1e400, "score": -2e999, "text": "The harbour council voted on Monday."}'
    alone = parse_item(RawItem("big.jsonl:1", line))
    assert isinstance(alone, Article) and alone.article_id == "1e400"
    [element] = parse_document(b"[" + line + b"]") or []
    again = parse_item(RawItem("big.json:1", element))
    assert isinstance(again, Article) and again.article_id == "1e400"


def test_record_must_be_an_object() -> None:
    with pytest.raises(InvalidArticle) as info:
        parse_record(["not", "an", "object"])
    assert info.value.field == "record"


@pytest.mark.parametrize(("line", "reason"), [
    (b'{"id": "a", "text": "unfinished', "malformed JSON: Unterminated string starting at column 21"),
    (b"The harbour authority said", "malformed JSON: Expecting value at column 1"),
    # Python's reader takes these; JSON has none of them (an id "nan" was stored).
    (b'{"id": NaN, "text": "The council voted."}',
     "malformed JSON: NaN is no JSON value (JSON has no NaN or Infinity; send null or a string)"),
    (b'{"id": "a", "score": -Infinity, "text": "The council voted."}',
     "malformed JSON: -Infinity is no JSON value (JSON has no NaN or Infinity; send null or a string)"),
])
def test_malformed_json_names_the_problem_and_its_column(line: bytes, reason: str) -> None:
    rejected = parse_item(RawItem("bad.jsonl:3", line))
    assert isinstance(rejected, Rejected)
    assert (rejected.field, rejected.reason) == ("json", reason)


@pytest.mark.parametrize(("payload", "kind"), [
    (b'{"text": "x"}', "json"),
    (b'\xef\xbb\xbf  [\n  {"text": "x"}]', "json"),
    (b"[]", "json"),
    (b"[Updated 10:00] Dockworkers at Port Alder walked out.", "text"),
    (b'["The harbour council voted.", "The quay reopens."]', "json"),  # records of the wrong type
    (b'[1, "x", null]', "json"),
    (b"[" * 5000 + b"]" * 5000, "json"),  # nested too deeply, said so
    (b'["Updated"] Dockworkers at Port Alder walked out.', "text"),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    (b"<b>Bold</b> claims in a plain note.", "text"),
    (b"Plain words.", "text"),
    # A bare JSON value: a record of the wrong type, named so (curl sends
    # no telling Content-Type), not a text too short to be an article.
    (b"42", "json"),
    (b" null\n", "json"),
    (b"[[Updated]] Flood waters rose overnight in the valley, officials said.", "text"),
    (b"NULL", "text"),
    (b"2024 was a year of floods in the valley, officials said.", "text"),
])
def test_sniff_kind(payload: bytes, kind: str) -> None:
    assert sniff_kind(payload) == kind


def test_a_bare_json_value_is_named_as_a_record_of_the_wrong_type() -> None:
    rejected = parse_item(RawItem("http:1", b"42", sniff_kind(b"42")))
    assert isinstance(rejected, Rejected) and rejected.reason == "must be a JSON object, got a number"


def test_dead_letter_keeps_bytes_the_text_cannot_hold() -> None:
    assert dead_letter("a", "text", "r", "Café".encode()) == Rejected("a", "text", "r", "Café")
    latin1 = dead_letter("a", "text", "r", "Café".encode("latin-1"))
    assert (latin1.payload, latin1.payload_bytes) == ("Caf\\xe9", b"Caf\xe9")
    nul = dead_letter("a", "text", "r", b"x\x00y")
    assert (nul.payload, nul.payload_bytes) == ("x\\0y", b"x\x00y")


def test_dead_letter_of_a_long_payload_does_not_split_a_character() -> None:
    # "é" is two bytes; the 64 KiB cut falls between them.
    raw = b"a" * (PAYLOAD_LIMIT - 1) + "é".encode() * 10
    kept = dead_letter("a", "text", "r", raw)
    assert kept.payload == "a" * (PAYLOAD_LIMIT - 1) and kept.payload_bytes is None
    whole = dead_letter("a", "text", "r", b"a" * (PAYLOAD_LIMIT - 2) + "é".encode() * 10)
    assert whole.payload == "a" * (PAYLOAD_LIMIT - 2) + "é" and whole.payload_bytes is None


def test_a_time_in_the_future_is_rejected_by_name() -> None:
    record = {"text": TEXT, "published_at": "2126-05-28T10:00:00Z"}
    parsed = parse_item(RawItem("a.jsonl:1", json.dumps(record).encode()))
    assert isinstance(parsed, Rejected) and parsed.field == "published_at"
    assert "2126-05-28T10:00:00+00:00 is in the future" in parsed.reason


def test_a_time_a_day_ahead_is_accepted_as_an_embargo_or_a_zone_slip() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    ahead = parse_time("2026-03-02T11:00:00+00:00", now=now)
    assert ahead == datetime(2026, 3, 2, 11, tzinfo=UTC)
    with pytest.raises(InvalidArticle, match="in the future"):
        parse_time("2026-03-04T11:00:00Z", now=now)


def test_epoch_milliseconds_are_named_as_such() -> None:
    with pytest.raises(InvalidArticle, match="milliseconds"):
        parse_time(1748426400000)
    assert parse_time(1748426400) == datetime(2025, 5, 28, 10, tzinfo=timezone.utc)


def test_a_record_without_text_names_the_keys_it_has() -> None:
    labels = {"story": "x", "note": "y", "articles": {}}
    parsed = parse_item(RawItem("labels.json", json.dumps(labels).encode()))
    assert isinstance(parsed, Rejected) and parsed.field == "text"
    assert parsed.reason == 'is missing (give "text" or "html"; the object has story, note, articles)'
    empty = parse_item(RawItem("e.jsonl:1", b"{}"))
    assert isinstance(empty, Rejected) and empty.reason.endswith("the object has no key)")


def test_a_null_text_is_named_null_and_a_record_in_another_encoding_keeps_its_id() -> None:
    null = parse_item(RawItem("n.jsonl:1", b'{"id": "nl-1", "text": null}'))
    assert isinstance(null, Rejected) and (null.field, null.reason, null.article_id) == (
        "text", "is null (give the article's text as a string)", "nl-1")
    latin1 = parse_item(RawItem("l.jsonl:1", '{"id": "l1-1", "text": "Caf\u00e9 prices rose."}'.encode("latin-1")))
    assert isinstance(latin1, Rejected) and latin1.reason.startswith("is not valid UTF-8")
    assert latin1.article_id == "l1-1"
    # An id that is itself unreadable is no id.
    unreadable = parse_item(RawItem("l.jsonl:2", '{"id": "caf\u00e9", "text": "x"}'.encode("latin-1")))
    assert isinstance(unreadable, Rejected) and unreadable.article_id is None


@pytest.mark.parametrize(("line", "field", "reason"), [
    ('{"text": "Harbour closes.", "published_at": "0001-01-01T00:00:00+01:00"}', "published_at",
     "is out of range in UTC"),
    ('{"text": "Harbour closes.", "published_at": "0001-01-01T00:00:00Z"}', "published_at", "is before 1600"),
    ('{"text": "Harbour closes.", "published_at": "1970-01-01T00:00:00Z"}', "published_at", "is the Unix epoch"),
    ('{"text": "Harbour closes.", "published_at": "2025-05-28T10:00:00+19:00"}', "published_at",
     "is +19:00 from UTC: no time zone is more than 14 hours from UTC"),
    ('{"text": "Harbour closes.", "published_at": 0}', "published_at", "is the Unix epoch"),
    ('{"text": "Harbour closes.", "published_at": -1}', "published_at", "is the Unix epoch"),
    ('{"id": ' + "3" * 5000 + ', "text": "Harbour closes."}', "json", "a number of 5000 digits"),
    ('{"text": "Harbour closes.", "url": "https://a.example/\\u0000x"}', "url", "holds a control character (U+0000"),
    ('{"text": "Harbour closes.", "source": "a\\u0007.example"}', "source", "holds a control character (U+0007"),
    ('{"text": "Harbour closes.", "published_at": 0.5}', "published_at", "is the Unix epoch"),
    ('{"text": "Harbour closes.", "published_at": "1969-12-31"}', "published_at", "is the Unix epoch"),
    ('{"text": "Harbour closes.", "published_at": "1970-01-01T00:00:00+01:00"}', "published_at", "is the Unix epoch"),
    ('{"text": "Harbour closes.' + " The quay reopened later." * 1000 + '\\u0000\\u0000"}', "text",
     "holds a NUL byte (at character 25015): binary data"),
    ('{"text": "Harbour closes.", "published_at": "2026-02-30T10:00:00Z"}', "published_at",
     "day is out of range for month"),
    ('{"text": "Harbour \\ud800 closes."}', "text", "holds an unpaired surrogate (\\ud800 at character 8)"),
    ('{"text": "Harbour closes.", "title": "Port \\udc00"}', "title", "unpaired surrogate"),
    ("[" * 100_000 + "]" * 100_000, "json", "malformed JSON: nested too deeply"),
])
def test_records_that_python_cannot_hold_are_rejected_by_name(line: str, field: str, reason: str) -> None:
    parsed = parse_item(RawItem("bad.jsonl:1", line.encode()))
    assert isinstance(parsed, Rejected) and parsed.field == field and reason in parsed.reason, parsed


def test_utf16_text_without_its_byte_order_mark_is_named() -> None:
    text = "The harbour closed on Monday after a storm.\n\nShips waited offshore for two days."
    for encoding in ("utf-16-le", "utf-16-be"):
        parsed = parse_item(RawItem("a.txt", text.encode(encoding), "text"))
        assert isinstance(parsed, Rejected) and parsed.reason.startswith("looks like UTF-16 without a byte-order mark")


def test_utf16_is_named() -> None:
    parsed = parse_item(RawItem("u.txt", "Harbour closes.".encode("utf-16"), "text"))
    assert isinstance(parsed, Rejected) and "UTF-16 byte-order mark" in parsed.reason


def test_an_origin_that_is_not_utf8_is_kept_with_its_bytes_escaped() -> None:
    import os

    origin = os.fsdecode(b"spool/caf\xe9.txt")
    parsed = parse_item(RawItem(origin, b"", "text"))
    assert isinstance(parsed, Rejected) and parsed.origin == "spool/caf\\xe9.txt"
    parsed.origin.encode("utf-8")


def test_an_unforeseen_failure_is_a_reject_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.parse

    def broken(text: str) -> str:
        raise TypeError("predict(): incompatible function arguments.\nThe following are supported")

    monkeypatch.setattr(ingest.parse, "language_of", broken)
    parsed = parse_item(RawItem("a.jsonl:1", b'{"id": "x", "text": "Harbour closes."}'))
    assert isinstance(parsed, Rejected) and parsed.field == "item" and parsed.article_id == "x"
    assert parsed.reason == ("could not be read (TypeError: predict(): incompatible function arguments. "
                             "The following are supported)")


@pytest.mark.parametrize(("line", "what"), [(b"null", "null"), (b"[1, 2]", "an array"), (b'"text"', "a string"),
                                            (b"3", "a number"), (b"true", "a boolean")])
def test_a_record_that_is_not_an_object_is_named_in_json_terms(line: bytes, what: str) -> None:
    parsed = parse_item(RawItem("x.jsonl:1", line))
    assert isinstance(parsed, Rejected) and parsed.reason == f"must be a JSON object, got {what}"


@pytest.mark.parametrize("day", ["2025-05-28", "20250528", "2025-W22-3"])
def test_a_day_in_any_iso_form_is_marked_as_a_day(day: str) -> None:
    parsed = parse_item(RawItem("x.jsonl:1", json.dumps({"text": "Harbour closes.", "published_at": day}).encode()))
    assert isinstance(parsed, Article) and dict(parsed.meta)["published_precision"] == "day"
    assert parsed.published_at == datetime(2025, 5, 28, tzinfo=timezone.utc)


@pytest.mark.parametrize("week", ["2025-W22", " 2025W22 ", "2025-W22Z", "2025-W22+00:00", "2025-W22T10:00:00Z"])
def test_a_week_without_its_day_is_refused_not_read_as_its_monday(week: str) -> None:
    parsed = parse_item(RawItem("x.jsonl:1", json.dumps({"text": "Harbour closes.", "published_at": week}).encode()))
    assert isinstance(parsed, Rejected) and parsed.field == "published_at"
    assert f"{week.strip()!r} names a week, not a day" in parsed.reason
    assert isinstance(parse_item(RawItem("x.jsonl:1", json.dumps({"text": "Harbour closes.",
                                                               "published_at": "2025-W22-3T10:00:00Z"}).encode())),
                      Article)


@pytest.mark.parametrize(("given", "reason"), [
    ("a\u0000b", "holds a control character (U+0000 at character 1)"),
    ("line\nbreak", "holds a control character (U+000A at character 4)"),
    ("csi\x9bname", "holds a control character (U+009B at character 3)"),
    ("https://example.com/" + "x" * 2000, "is 2020 characters long, over the 2000 taken"),
])
def test_an_id_that_could_not_be_named_again_is_refused(given: str, reason: str) -> None:
    parsed = parse_item(RawItem("x.jsonl:1", json.dumps({"id": given, "text": "Harbour closes."}).encode()))
    assert isinstance(parsed, Rejected) and parsed.field == "id" and reason in parsed.reason


def test_a_dead_letter_names_its_origin_on_one_line() -> None:
    from ingest.parse import dead_letter

    forged = "evil\nrejected fake.jsonl:1: text: all good\x1b[31mRED.txt"
    assert dead_letter(forged, "text", "is empty", b"").origin == (
        "evil\\x0arejected fake.jsonl:1: text: all good\\x1b[31mRED.txt")


def test_json_lines_in_utf16_without_a_byte_order_mark_are_named() -> None:
    line = json.dumps({"id": "a", "text": "The harbour closed."}).encode("utf-16-le")
    for payload in (line, b"\x00" + line):  # as the second line of a file split at its newline byte
        parsed = parse_item(RawItem("u.jsonl:1", payload))
        assert isinstance(parsed, Rejected) and "UTF-16 without a byte-order mark" in parsed.reason


def test_an_empty_text_beside_a_page_reads_the_page() -> None:
    record = {"id": "p", "text": "  ", "html": herald_page()}
    found = article(RawItem("r:1", json.dumps(record).encode()))
    assert "terminal" in found.text.lower()
    empty = parse_item(RawItem("r:2", json.dumps({"id": "q", "text": " ", "html": " "}).encode()))
    assert isinstance(empty, Rejected) and empty.field == "text" and empty.reason == "is empty"


def test_fields_written_in_another_case_or_style_are_read_and_said() -> None:
    # A feed of camelCase records had been stored undated and untitled without a word.
    record = {"ID": "k", "Text": TEXT, "publishedAt": "2025-02-11T09:00:00Z", "Title": "Terminal shut",
              "URL": "https://a.example/x"}
    found = article(RawItem("x:1", json.dumps(record).encode()))
    assert (found.article_id, found.title, found.url) == ("k", "Terminal shut", "https://a.example/x")
    assert found.published_at is not None and found.published_at.isoformat() == "2025-02-11T09:00:00+00:00"
    assert dict(found.meta)["fields_read_as"] == ("ID as id, Text as text, publishedAt as published_at, "
                                                  "Title as title, URL as url")
    # The field under its own name wins; the other is left alone.
    both = article(RawItem("x:2", json.dumps({"text": TEXT, "title": "Own", "Title": "Other"}).encode()))
    assert both.title == "Own" and "fields_read_as" not in dict(both.meta)


def test_fields_under_other_names_feeds_give_them_are_read_and_said() -> None:
    record = {"id": "n", "text": TEXT, "published": "2025-02-11T09:00:00Z", "headline": "Terminal shut",
              "link": "https://a.example/n", "publisher": "a.example"}
    found = article(RawItem("x:1", json.dumps(record).encode()))
    assert (found.title, found.url, found.source) == ("Terminal shut", "https://a.example/n", "a.example")
    assert found.published_at is not None and found.published_at.isoformat() == "2025-02-11T09:00:00+00:00"
    assert dict(found.meta)["fields_read_as"] == ("published as published_at, headline as title, link as url, "
                                                  "publisher as source")
    # Of another type, it is some other field: a publisher described by an object.
    other = article(RawItem("x:2", json.dumps({"text": TEXT, "publisher": {"name": "A"}}).encode()))
    assert other.source is None
    # A time is read from a written time only ("published": 1 is a flag, "date": 20240301 no
    # epoch), the most specific name first.
    for flag in (1, 0, "yes", 20240301):
        kept = article(RawItem("x:3", json.dumps({"text": TEXT, "published": flag, "date": flag}).encode()))
        assert kept.published_at is None and "fields_read_as" not in dict(kept.meta), flag
    # RSS writes its dates as e-mail does.
    rss = article(RawItem("x:5", json.dumps({"text": TEXT, "pubDate": "Wed, 04 Mar 2026 09:15:00 +0100"}).encode()))
    assert rss.published_at is not None and rss.published_at.isoformat() == "2026-03-04T08:15:00+00:00"
    both = article(RawItem("x:4", json.dumps({"text": TEXT, "date": "2024-03-01",
                                               "published": "2024-03-02T10:00:00Z"}).encode()))
    assert both.published_at is not None and both.published_at.isoformat() == "2024-03-02T10:00:00+00:00"


@pytest.mark.parametrize("text", ["<p></p><p></p><p></p>", "<div><p></p><br/></div>", "&nbsp;&nbsp;", "<p>--</p>"])
def test_a_text_of_markup_alone_holds_no_words(text: str) -> None:
    parsed = parse_item(RawItem("m:1", json.dumps({"id": "m", "text": text}).encode()))
    assert isinstance(parsed, Rejected) and parsed.field == "text" and parsed.reason.startswith("holds no words")


def test_control_characters_of_a_title_are_spaces() -> None:
    found = article(RawItem("t:1", json.dumps({"text": TEXT, "title": "Terminal\u0000 shut\nfor weeks"}).encode()))
    assert found.title == "Terminal shut for weeks"


def test_a_control_byte_or_two_framing_a_wire_copy_is_no_binary_file() -> None:
    # SOH/STX framing and a backspace in a headline had made a wire copy "binary data".
    framed = b"\x01\x02" + ("Terminal shut\x08 for weeks\n\n" + TEXT * 3).encode() + b"\x03"
    assert "Terminal shut" in article(RawItem("w.txt", framed, "text")).text


def test_records_files_in_utf16_or_with_one_odd_first_line_are_not_binary() -> None:
    from ingest.parse import binary_file

    record = json.dumps({"id": "a", "text": TEXT}) + "\n"
    assert not binary_file(record.encode("utf-16-be")) and not binary_file(("\n" + record).encode("utf-16-le"))
    assert not binary_file(b"\x01export v2\n" + record.encode() * 3)
    assert binary_file(b"\x7fELF\x02\x01\x01" + b"\x00" * 100) and binary_file(bytes(range(1, 32)) * 16)


def test_random_bytes_are_binary_and_a_legacy_encoding_is_text() -> None:
    import random

    from ingest.parse import binary_file

    rng = random.Random(7)
    heads = [bytes(rng.randrange(256) for _ in range(4096)) for _ in range(200)]
    assert sum(binary_file(h) for h in heads) >= 190  # (a head opening with "{" or NUL is left to JSON)
    cyrillic = parse_item(RawItem("r.txt", ("Привет, мир. " * 40).encode("cp1251"), "text"))
    assert isinstance(cyrillic, Rejected) and "is not valid UTF-8" in cyrillic.reason


def test_a_field_of_another_type_in_another_spelling_is_left_alone() -> None:
    from ingest.parse import named_id

    record = {"text": TEXT, "Source": {"name": "BBC News"}, "URL": ["https://a.example/x"]}
    found = article(RawItem("x:3", json.dumps(record).encode()))
    assert found.source is None and found.url is None and "fields_read_as" not in dict(found.meta)
    # The id a rejected record names, in any spelling, is its dead letter's (GET /status finds it).
    bad = RawItem("x:4", json.dumps({"ID": "story-8", "text": "   "}).encode())
    assert named_id(bad) == "story-8"
    rejected = parse_item(bad)
    assert isinstance(rejected, Rejected) and rejected.article_id == "story-8"
