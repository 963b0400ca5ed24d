"""ingest.sources: which files and URLs become which items; skipped records reach the caller."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.sources import count_items, is_url, iter_inputs
from tests.ingest.pages import herald_page

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>
<item><title>Only a link</title><link>https://t.example/a</link></item></channel></rss>"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("A text.", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.html").write_text(herald_page(), encoding="utf-8")
    (sub / "d.rss").write_bytes(RSS)
    (sub / "notes.md").write_text("ignored", encoding="utf-8")
    return tmp_path


def test_folder_walk_dispatches_by_suffix(folder: Path) -> None:
    reasons: list[str] = []
    items = list(iter_inputs([str(folder)], reasons.append))
    assert [(Path(i.origin.split(":")[0]).name, i.kind) for i in items] == [
        ("a.jsonl", "json"),
        ("a.jsonl", "json"),
        ("b.txt", "text"),
        ("c.html", "html"),
    ]
    assert reasons == ["feed: entry has only a link (use --follow-links to fetch it)"]


def test_a_folders_record_files_come_before_its_text_files(tmp_path: Path) -> None:
    # A text file sorted before the records that repeat it must not take the article first,
    # under an id made from its content: the records name their articles.
    (tmp_path / "000_story.txt").write_text("A text.", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text('{"id": "s1", "text": "A text."}\n', encoding="utf-8")
    (tmp_path / "zz.json").write_text('{"id": "s2", "text": "B."}', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "more.jsonl").write_text('{"id": "s3", "text": "C."}\n', encoding="utf-8")
    names = [Path(i.origin.split(":")[0]).name for i in iter_inputs([str(tmp_path)])]
    # Those of the whole tree: a text file of the top folder waits for a subfolder's records.
    assert names == ["records.jsonl", "zz.json", "more.jsonl", "000_story.txt"]


def test_count_items(folder: Path) -> None:
    assert count_items([str(folder / "a.jsonl"), str(folder / "b.txt")]) == 3
    # A feed or a WARC is counted only by reading it through: no total.
    assert count_items([str(folder)]) is None
    assert count_items(["https://t.example/feed.xml"]) is None


def test_is_url() -> None:
    assert is_url("https://x.example/feed") and is_url("HTTP://x.example") and not is_url("feed.xml")


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(iter_inputs([str(tmp_path / "nope.warc.gz")]))


def test_a_json_file_is_one_document_or_json_lines(tmp_path: Path) -> None:
    # A pretty-printed record is one item, not one malformed record per line; an array gives
    # one item per record; a .json file of JSON lines is still read line by line.
    (tmp_path / "one.json").write_text('{\n  "id": "x",\n  "text": "A text."\n}\n', encoding="utf-8")
    (tmp_path / "many.json").write_text('[{"text": "one"}, {"text": "two"}]', encoding="utf-8")
    (tmp_path / "lines.json").write_text('{"text": "one"}\n{"text": "two"}\n{"text": "three"}\n', encoding="utf-8")
    for name, count in (("one.json", 1), ("many.json", 2), ("lines.json", 3)):
        items = list(iter_inputs([str(tmp_path / name)]))
        assert len(items) == count == count_items([str(tmp_path / name)]), name
        assert all(json.loads(i.payload)["text"] for i in items)
    assert [i.origin for i in iter_inputs([str(tmp_path / "one.json")])] == [str(tmp_path / "one.json")]


def test_standard_input_is_json_lines_or_one_pasted_article() -> None:
    from io import BytesIO

    from ingest.sources import iter_stdin

    lines = list(iter_stdin(BytesIO(b'\n{"text": "one"}\n\n{"text": "two"}\n')))
    assert [(i.origin, i.kind) for i in lines] == [("stdin:2", "json"), ("stdin:4", "json")]
    pasted = b"Dockworkers at Port Alder walked out on Monday.\n\nThe union said the plan would cost jobs.\n"
    assert [(i.origin, i.kind, i.payload) for i in iter_stdin(BytesIO(pasted))] == [("stdin", "text", pasted)]
    page = herald_page().encode()
    assert [i.kind for i in iter_stdin(BytesIO(page))] == ["html"]
    assert [(i.origin, i.kind) for i in iter_stdin(BytesIO(b"\n  \n"))] == [("stdin", "empty")]
    assert [(i.origin, i.kind) for i in iter_stdin(BytesIO(b""))] == [("stdin", "empty")]



def test_standard_input_edge_cases() -> None:
    from io import BytesIO

    from ingest import sources
    from ingest.sources import iter_stdin

    # A byte-order mark alone on the first line is blank.
    assert [i.origin for i in iter_stdin(BytesIO(b'\xef\xbb\xbf\n{"text": "one"}\n'))] == ["stdin:2"]
    # A JSON array over several lines: one item per record.
    items = list(iter_stdin(BytesIO(b'[\n {"text": "one"},\n {"text": "two"}\n]\n')))
    assert [(i.origin, json.loads(i.payload)["text"]) for i in items] == [("stdin:1", "one"), ("stdin:2", "two")]
    # Malformed JSON lines stay lines (each is reported on its own).
    assert len(list(iter_stdin(BytesIO(b'{"text": \n{"text": "two"}\n')))) == 2
    # Deeply nested brackets are not a crash.
    assert len(list(iter_stdin(BytesIO(b"[" * 100_000)))) == 1


def test_standard_input_never_reads_more_than_the_item_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from io import BytesIO

    from ingest import sources

    monkeypatch.setattr(sources, "MAX_ITEM_BYTES", 100)
    long_line = BytesIO(b"x" * 500 + b"\nmore\n")
    assert [i.kind for i in sources.iter_stdin(long_line)] == ["oversized"]
    assert long_line.tell() <= 101
    pasted = BytesIO(b"A line of text.\n" * 50)
    assert [i.kind for i in sources.iter_stdin(pasted)] == ["oversized"]
    assert pasted.tell() <= 101


@pytest.mark.parametrize(("name", "content"), [
    ("empty.jsonl", b""), ("blank.jsonl", b"\n  \n\n"), ("empty.json", b"[]"), ("empty.ndjson", b" "),
])
def test_a_records_file_without_records_is_one_rejected_item(tmp_path: Path, name: str, content: bytes) -> None:
    from ingest.parse import parse_item
    from tracker.model import Rejected

    path = tmp_path / name
    path.write_bytes(content)
    (item,) = iter_inputs([str(path)])
    parsed = parse_item(item)
    assert isinstance(parsed, Rejected)
    assert (parsed.field, parsed.reason) == ("file", "empty file: it holds no item")


def test_a_utf16_records_file_is_one_item_rejected_for_its_encoding(tmp_path: Path) -> None:
    from ingest.parse import parse_item
    from tracker.model import Rejected

    path = tmp_path / "wire.jsonl"
    path.write_bytes('{"id": "a", "text": "Harbour closes."}\n{"id": "b", "text": "Port shut."}\n'.encode("utf-16"))
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1
    parsed = parse_item(items[0])
    assert isinstance(parsed, Rejected) and "UTF-16 byte-order mark" in parsed.reason


def test_a_file_that_cannot_be_read_is_one_rejected_item_and_the_folder_goes_on(tmp_path: Path) -> None:
    from ingest.parse import parse_item
    from tracker.model import Rejected

    (tmp_path / "a.txt").write_text("The harbour closed on Monday after a storm damaged the quay, officials said.")
    (tmp_path / "b_gone.txt").symlink_to(tmp_path / "nowhere.txt")  # a dangling link
    (tmp_path / "c.txt").write_text("The ferry service resumed on Tuesday, the operator said in a statement.")
    items = list(iter_inputs([str(tmp_path)]))
    assert [Path(i.origin).name for i in items] == ["a.txt", "b_gone.txt", "c.txt"]
    parsed = [parse_item(i) for i in items]
    assert isinstance(parsed[1], Rejected) and not isinstance(parsed[0], Rejected) and not isinstance(parsed[2], Rejected)
    assert (parsed[1].field, parsed[1].reason) == (
        "file", f"cannot be read: a link to nothing ({tmp_path / 'nowhere.txt'}: no such file or directory)")
    assert count_items([str(tmp_path)]) == 3


def test_a_malformed_json_document_is_one_item_named_by_its_line(tmp_path: Path) -> None:
    from ingest.parse import parse_item
    from tracker.model import Rejected

    path = tmp_path / "record.json"
    path.write_text('{\n  "id": "a",\n  "text": "The harbour closed.",\n}\n')  # a trailing comma
    (item,) = iter_inputs([str(path)])
    parsed = parse_item(item)
    assert isinstance(parsed, Rejected) and parsed.reason == (
        "malformed JSON: Expecting property name enclosed in double quotes at line 4 column 1")
    assert count_items([str(path)]) == 1
    lines = tmp_path / "lines.json"  # JSON lines under a .json name are still read line by line
    lines.write_text('{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."\n')
    assert len(list(iter_inputs([str(lines)]))) == 2
    lines.write_text('{"id": "a", "text": "One."\n{"id": "b", "text": "Two."}\n{"id": "c", "text": "3."}\n')
    assert len(list(iter_inputs([str(lines)]))) == 3, "a bad first line does not cost the good ones"


def test_an_unpaired_surrogate_in_a_json_document_rejects_its_record_only(tmp_path: Path) -> None:
    from ingest.parse import parse_item
    from tracker.model import Rejected

    path = tmp_path / "three.json"
    path.write_text('[{"id": "g1", "text": "One."},\n {"id": "bad", "text": "x \\udc00 y"},\n'
                    ' {"id": "g2", "text": "Two."}]\n')
    assert count_items([str(path)]) == 3
    parsed = [parse_item(item) for item in iter_inputs([str(path)])]
    assert [getattr(p, "article_id", None) for p in parsed] == ["g1", "bad", "g2"]
    assert isinstance(parsed[1], Rejected) and "unpaired surrogate" in parsed[1].reason
    assert not isinstance(parsed[0], Rejected) and not isinstance(parsed[2], Rejected)


def test_records_ended_by_a_carriage_return_alone_are_lines(tmp_path: Path) -> None:
    path = tmp_path / "mac.jsonl"
    data = b'{"id": "a", "text": "One."}\r{"id": "b", "text": "Two."}\r\r{"id": "c", "text": "Three."}\r'
    path.write_bytes(data)
    items = list(iter_inputs([str(path)]))
    assert [(i.origin.rsplit(":", 1)[1], json.loads(i.payload)["id"]) for i in items] == [
        ("1", "a"), ("2", "b"), ("4", "c")]
    assert items[-1].offset == len(data) and items[0].offset == data.index(b"\r") + 1
    assert count_items([str(path)]) == 3


def test_a_text_or_html_file_keeps_its_path_in_the_articles_meta(tmp_path: Path) -> None:
    from ingest.parse import parse_item
    from tracker.model import Article

    (tmp_path / "note.txt").write_text("The harbour closed its northern terminal on Monday.\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(herald_page(), encoding="utf-8")
    for name in ("note.txt", "page.html"):
        [item] = iter_inputs([str(tmp_path / name)])
        parsed = parse_item(item)
        assert isinstance(parsed, Article) and dict(parsed.meta)["file"] == str(tmp_path / name)


@pytest.mark.parametrize("name", ["prog.jsonl", "prog.json", "prog.ndjson"])
def test_a_program_named_as_records_is_one_item_named_for_what_it_is(tmp_path: Path, name: str) -> None:
    from ingest.parse import parse_item
    from tracker.model import Rejected

    path = tmp_path / name
    # An ELF program: its bytes hold newlines, NULs and fragments that parse as JSON ("42").
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\n42\n\x00\x01{\n" * 200)
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1
    parsed = parse_item(items[0])
    assert isinstance(parsed, Rejected) and parsed.reason == "is a program (ELF executable), not article text or HTML"
    binary = tmp_path / ("bytes" + path.suffix)
    binary.write_bytes(bytes(range(1, 32)) + b"\n" + bytes(range(128, 256)) + b"\n" * 50)
    (item,) = iter_inputs([str(binary)])
    assert "looks like binary data" in getattr(parse_item(item), "reason", "")


def test_records_with_a_bad_byte_on_one_line_are_still_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"id": "a", "text": "One."}\n{"id": "b", "text": "T\x01wo."}\n{"id": "c", "text": "3."}\n')
    assert len(list(iter_inputs([str(path)]))) == 3


def test_a_subfolder_that_cannot_be_listed_is_a_rejected_item(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # Root lists any folder, so the refusal is the one os.walk reports for a folder without
    # permission; it had been skipped without a word.
    import os

    from ingest.parse import parse_item
    from tracker.model import Rejected

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("A text.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # type: ignore[no-untyped-def]
        for root, dirs, files in real_walk(top, onerror=onerror, **kwargs):
            if "locked" in dirs:
                dirs.remove("locked")
                if onerror is not None:
                    onerror(PermissionError(13, "Permission denied", str(locked)))
            yield root, dirs, files

    monkeypatch.setattr("ingest.sources.os.walk", walk)
    items = list(iter_inputs([str(tmp_path)]))
    parsed = [parse_item(i) for i in items]
    refused = [p for p in parsed if isinstance(p, Rejected)]
    assert [(r.origin, r.reason) for r in refused] == [(str(locked), "cannot be read: permission denied")]
    assert len(parsed) == 2


def test_a_malformed_pretty_printed_record_with_a_list_is_one_item_in_a_file_and_on_stdin(tmp_path: Path) -> None:
    # Its list's items on lines of their own parse as JSON ("harbour"): it had been read as
    # JSON lines, one reject per line.
    import io

    from ingest.parse import parse_item
    from ingest.sources import iter_stdin
    from tracker.model import Rejected

    data = b'{\n  "id": "a",\n  "tags": [\n    "port",\n    42\n  ],\n  "text": "The harbour closed.",\n}\n'
    path = tmp_path / "record.json"
    path.write_bytes(data)
    for items in (list(iter_inputs([str(path)])), list(iter_stdin(io.BytesIO(data)))):
        assert len(items) == 1
        parsed = parse_item(items[0])
        assert isinstance(parsed, Rejected) and parsed.reason.endswith("at line 8 column 1"), parsed.reason
    # A list of objects on lines of their own, each a JSON object alone.
    objects = b'{\n "id": "a",\n "authors": [\n  {"name": "Jane Doe"}\n ],\n "text": "T",\n}\n'
    path.write_bytes(objects)
    for items in (list(iter_inputs([str(path)])), list(iter_stdin(io.BytesIO(objects)))):
        assert len(items) == 1 and isinstance(parse_item(items[0]), Rejected)
    assert count_items([str(path)]) == 1
    # JSON lines with one bad line are still read line by line, on stdin too.
    lines = b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."\n{"id": "c", "text": "3."}\n'
    assert len(list(iter_stdin(io.BytesIO(lines)))) == 3


def test_a_line_over_the_limit_is_skipped_unread_and_the_next_ones_read(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # A file of one 200 MB line had been read into memory whole (1.25 GB).
    from ingest.parse import parse_item
    from tracker.model import Rejected

    monkeypatch.setattr("ingest.sources.MAX_ITEM_BYTES", 1000)
    path = tmp_path / "big.jsonl"
    long = json.dumps({"id": "long", "text": "word " * 3000}).encode()
    data = b'{"id": "a", "text": "One."}\n' + long + b"\n" + b'{"id": "b", "text": "Two."}\n'
    path.write_bytes(data)
    items = list(iter_inputs([str(path)]))
    assert [i.kind for i in items] == ["json", "refused", "json"]
    refused = parse_item(items[1])
    assert isinstance(refused, Rejected) and refused.reason == f"a line of more than 0 MB ({len(long) + 1:,} bytes), not read"
    assert [i.offset for i in items] == [data.index(b"\n") + 1, data.index(b"\n") + len(long) + 2, len(data)]
