"""tracker.cli commands not covered elsewhere: reindex after the signature parameters change,
reverify, find-origin on stdin."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from tracker.cli import main
from tracker.config import TrackerConfig
from tracker.model import PairEvidence
from tracker.signature import family_params

ROOT = Path(__file__).resolve().parents[2]
WIRE = ROOT / "tracker" / "examples" / "wire.jsonl"
COPY = ROOT / "tracker" / "examples" / "copy_of_wire.txt"


def test_reindex_re_signs_a_database_made_with_other_parameters(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    made = runner.invoke(main, ["--db", db, "ingest", str(WIRE)], env={"TRACKER_NUM_PERM": "64"})
    assert made.exit_code == 0, made.output

    refused = runner.invoke(main, ["--db", db, "find-origin", str(COPY)])
    assert refused.exit_code != 0
    assert "tracker reindex" in refused.output

    done = runner.invoke(main, ["--db", db, "reindex", "--batch-size", "2"])
    assert done.exit_code == 0, done.output
    with duckdb.connect(db, read_only=True) as con:
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        params = {r[0] for r in con.execute("SELECT DISTINCT params_id FROM signatures").fetchall()}
        per_article = con.execute(
            "SELECT min(c), max(c) FROM (SELECT count(*) AS c FROM signatures GROUP BY article_id)").fetchone()
    assert f"re-signed {n_articles} articles" in done.output
    assert params == set(family_params(TrackerConfig()))
    assert per_article == (4, 4)

    found = runner.invoke(main, ["--db", db, "find-origin", str(COPY)])
    assert found.exit_code == 0, found.output
    assert "origin" in found.output.lower()


def test_ingesting_a_file_again_does_not_repeat_its_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": ""}\n{bad\n', encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    # (Every item rejected: the run exits 1, for scripts.)
    for _ in range(3):
        again = runner.invoke(main, ["--db", db, "ingest", str(bad)])
        assert again.exit_code == 1 and "2 rejected" in again.output, again.output
    twice = runner.invoke(main, ["--db", db, "ingest", str(bad), str(bad)])  # in one run
    assert twice.exit_code == 1 and "4 rejected" in twice.output, twice.output
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM rejects").fetchone() == (2,)
    # Another reason for the same line is a new row.
    bad.write_text('{"id": "a", "text": "   "}\n{bad\n', encoding="utf-8")
    assert runner.invoke(main, ["--db", db, "ingest", str(bad)]).exit_code == 1
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM rejects").fetchone() == (3,)
    # One item stored (or one already stored) is a run that did something: exit 0.
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "b", "text": "The harbour board named a new chairman on Monday, the board said."}\n{bad\n',
                    encoding="utf-8")
    for _ in range(2):
        assert runner.invoke(main, ["--db", db, "ingest", str(good)]).exit_code == 0


def test_ctrl_c_during_ingest_says_what_was_committed(tmp_path: Path) -> None:
    import re
    import signal
    import subprocess
    import sys
    import time

    words = ("harbour council budget tram ferry market quay vote strike crane terminal union "
             "mayor river bridge school clinic rail depot tariff").split()
    records = tmp_path / "many.jsonl"
    with records.open("w", encoding="utf-8") as fh:
        for i in range(4000):
            text = " ".join(words[(i * 7 + k * 3) % len(words)] + str(k % 9) for k in range(60))
            fh.write(json.dumps({"id": f"m{i}", "text": f"Item {i}. {text}. Story {i} ends here."}) + "\n")
    db = tmp_path / "int.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    proc = subprocess.Popen([sys.executable, "-m", "tracker.cli", "--db", str(db), "ingest", "-q",
                             "--batch-size", "64", str(records)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not db.exists():
        time.sleep(0.1)
    time.sleep(3.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before the interrupt")
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted:" in err, err
    said = int(re.search(r"interrupted: (\d+) articles ingested, \d+ duplicates skipped and 0 rejected",
                         err).group(1))  # type: ignore[union-attr]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (said,)


def test_explain_says_what_ingest_kept_between_two_stored_articles(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    # The translation and the rewrite resemble each other through the wire story.
    pruned = runner.invoke(main, ["--db", db, "explain", "ex-translation", "--against", "ex-rewrite"])
    assert "ingest: verified, but not kept as a match" in pruned.output, pruned.output
    data = json.loads(runner.invoke(main, ["--db", db, "explain", "--json", "ex-translation",
                                           "--against", "ex-rewrite"]).output)
    assert data["stored"] == {"pair": True, "matched": False}
    # A pair verification takes but that ingest never stored.
    with duckdb.connect(db) as con:
        con.execute("DELETE FROM pairs WHERE (a_id, b_id) IN (('ex-rewrite', 'ex-translation'), "
                    "('ex-translation', 'ex-rewrite'))")
    missing = runner.invoke(main, ["--db", db, "explain", "ex-translation", "--against", "ex-rewrite"])
    assert "ingest: no verified pair is stored between them" in missing.output, missing.output
    # The parent: nothing to say.
    parent = runner.invoke(main, ["--db", db, "explain", "ex-translation"])
    assert "ingest:" not in parent.output


def test_db_and_config_may_follow_the_command(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(WIRE), "--db", db]).exit_code == 0
    after = runner.invoke(main, ["lineage", "ex-summary", "--db", db])
    assert after.exit_code == 0 and after.output.startswith("ex-wire  original"), after.output
    joined = runner.invoke(main, ["query", "origin_of", "-p", "article_id=ex-summary", f"--db={db}"])
    assert joined.exit_code == 0 and "ex-wire" in joined.output, joined.output
    # A value that happens to read "--db" is an argument, not the option.
    sql = runner.invoke(main, ["--db", db, "sql", "SELECT '--db' AS x"])
    assert sql.exit_code == 0 and "--db" in sql.output, sql.output


def test_find_origin_of_a_stored_id(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    found = runner.invoke(main, ["--db", db, "find-origin", "ex-summary"])
    assert found.exit_code == 0, found.output
    assert "ex-summary (stored)" in found.output and "relation:    summary" in found.output
    assert "origin:      ex-wire" in found.output
    unknown = runner.invoke(main, ["--db", db, "find-origin", "ex-nothing"])
    assert unknown.exit_code == 2 and "no article 'ex-nothing'" in unknown.output, unknown.output
    # The same usage error for lineage and for an id a named query takes; no NAME lists them.
    tree = runner.invoke(main, ["--db", db, "lineage", "ex-nothing"])
    assert tree.exit_code == 2 and "no article 'ex-nothing'" in tree.output, tree.output
    typo = runner.invoke(main, ["--db", db, "query", "copies_by_divergence", "-p", "origin_id=ex-wyre"])
    assert typo.exit_code == 2 and "no article 'ex-wyre'" in typo.output and "(origin_id)" in typo.output
    fine = runner.invoke(main, ["--db", db, "query", "copies_by_divergence", "-p", "origin_id=ex-wire"])
    assert fine.exit_code == 0 and "ex-summary" in fine.output
    listed = runner.invoke(main, ["--db", db, "query"])
    assert listed.exit_code == 0 and "origin_of" in listed.output and "top_stories" in listed.output


def test_a_database_path_that_cannot_be_made_or_does_not_exist_is_named(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "notes.txt").write_text("a file, not a folder\n", encoding="utf-8")
    under_a_file = str(tmp_path / "notes.txt" / "news.duckdb")
    for args in (["ingest", str(WIRE)], ["db", "migrate"], ["daemon", "--spool", str(tmp_path / "in")], ["daemon"]):
        done = runner.invoke(main, ["--db", under_a_file, *args])
        assert done.exit_code == 1 and done.exception is None or isinstance(done.exception, SystemExit), done.output
        assert "notes.txt is a file, not a folder" in done.output, (args, done.output)
    # A link to nothing on the way is named so.
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    done = runner.invoke(main, ["--db", str(tmp_path / "gone" / "news.duckdb"), "db", "migrate"])
    assert done.exit_code == 1 and "gone is a link to nothing" in done.output, done.output
    # Commands that rewrite a database do not make a new, empty one of a mistyped --db.
    for verb in ("reindex", "reverify"):
        done = runner.invoke(main, ["--db", str(tmp_path / "typo.duckdb"), verb])
        assert done.exit_code == 1 and "no database at" in done.output, done.output
    assert not (tmp_path / "typo.duckdb").exists()


def test_reindex_of_an_empty_database(tmp_path: Path) -> None:
    db = str(tmp_path / "e.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "db", "migrate"]).exit_code == 0
    done = runner.invoke(main, ["--db", db, "reindex"])
    assert done.exit_code == 0, done.output
    assert "re-signed 0 articles" in done.output


def _record(article_id: str) -> str:
    return next(line for line in WIRE.read_text(encoding="utf-8").splitlines() if f'"id": "{article_id}"' in line)


def test_find_origin_answers_the_text_given_under_an_id_stored_with_other_content(tmp_path: Path) -> None:
    import json

    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    # The rewrite's text under the copy's id: the rewrite is answered, not the stored copy.
    mislabelled = _record("ex-rewrite").replace('"id": "ex-rewrite"', '"id": "ex-copy"')
    found = runner.invoke(main, ["--db", db, "find-origin", "-"], input=mislabelled + "\n")
    assert found.exit_code == 0, found.output
    assert "id 'ex-copy' is stored with other content" in found.output
    assert "this text is stored as 'ex-rewrite'" in found.output and "relation:    rewrite" in found.output
    # Another text under it: answered as a new article, as ingest would see it (and refuse it).
    fields = {"text": "The council of Brenmoor voted on Tuesday to close the old swimming baths next year. "
              "Councillors said repairs would cost 4 million pounds.", "url": "https://brenmoor.example/baths"}
    other = json.dumps({"id": "ex-copy", **fields})
    found = runner.invoke(main, ["--db", db, "find-origin", "--json", "-"], input=other + "\n")
    answer = json.loads(found.output)
    assert answer["article"]["stored"] is False and answer["origin"] is None
    assert answer["note"].endswith("this text is answered as a new article")
    # Under the id ingest gives the text without one (its address counts).
    elsewhere = str(tmp_path / "other.duckdb")
    assert runner.invoke(main, ["--db", elsewhere, "ingest", "-"], input=json.dumps(fields) + "\n").exit_code == 0
    stored = runner.invoke(main, ["--db", elsewhere, "sql", "SELECT article_id FROM articles", "--format", "csv"])
    assert answer["article"]["id"] == stored.output.splitlines()[1], stored.output
    plain = runner.invoke(main, ["--db", db, "find-origin", "--json", "-"], input=_record("ex-copy") + "\n")
    assert "note" not in json.loads(plain.output)


def test_find_origin_of_a_file_of_many_records_says_it_answers_for_the_first(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    found = runner.invoke(main, ["--db", db, "find-origin", str(WIRE)])
    assert found.exit_code == 0 and "holds 14 records: this is the answer for the first one" in found.output
    assert "article:     ex-wire (stored)" in found.output
    one = tmp_path / "one.jsonl"
    one.write_text(_record("ex-copy") + "\n", encoding="utf-8")
    assert "records" not in runner.invoke(main, ["--db", db, "find-origin", str(one)]).output
    # One pretty-printed record that does not parse is no file of many records.
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "id": "x",\n  "text": "Port Alder dockworkers walked out.",\n}\n', encoding="utf-8")
    refused = runner.invoke(main, ["--db", db, "find-origin", str(bad)])
    assert refused.exit_code != 0 and "records" not in refused.output, refused.output


def test_find_origin_reads_a_json_record_on_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    found = runner.invoke(main, ["--db", db, "find-origin", "-"], input=_record("ex-translation") + "\n")
    assert found.exit_code == 0, found.output
    # Read as a record (its id and title), not as text that happens to contain JSON.
    assert "ex-translation (stored)" in found.output
    assert "relation:    translation" in found.output


def test_find_origin_and_ingest_read_a_pretty_printed_record_on_stdin(tmp_path: Path) -> None:
    import json

    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    pretty = json.dumps(json.loads(_record("ex-translation")), indent=2) + "\n"
    found = runner.invoke(main, ["--db", db, "find-origin", "-"], input=pretty)
    assert found.exit_code == 0, found.output
    assert "ex-translation (stored)" in found.output
    again = runner.invoke(main, ["--db", db, "ingest", "-"], input=pretty)
    assert again.exit_code == 0 and "1 duplicate skipped, 0 rejected" in again.output, again.output


def test_empty_standard_input_is_named_and_kept_as_a_dead_letter(tmp_path: Path) -> None:
    import duckdb

    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    for given in ("", "\n  \n"):
        ingested = runner.invoke(main, ["--db", db, "ingest", "-"], input=given)
        assert ingested.exit_code == 1, ingested.output
        assert "1 rejected" in ingested.output and "standard input is empty" in ingested.output
        found = runner.invoke(main, ["--db", db, "find-origin", "-"], input=given)
        assert found.exit_code == 1 and "standard input is empty" in found.output, found.output
    with duckdb.connect(db, read_only=True) as con:
        rows = con.execute("SELECT field, reason FROM rejects").fetchall()
    assert ("input", "standard input is empty: it holds no item") in rows


def test_find_origin_reads_an_html_page_on_stdin(tmp_path: Path) -> None:
    import html as html_lib
    import json

    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    text = json.loads(_record("ex-copy"))["text"]
    body = "".join(f"<p>{html_lib.escape(p)}</p>\n" for p in text.split("\n\n"))
    page = f"<!DOCTYPE html>\n<html><head><title>Copy</title></head><body><nav>Home | World</nav>{body}</body></html>"
    found = runner.invoke(main, ["--db", db, "find-origin", "--json", "-"], input=page)
    assert found.exit_code == 0, found.output
    answer = json.loads(found.output)
    assert answer["origin"]["id"] == "ex-wire"
    assert answer["relation"] == "copy"
    assert answer["evidence"] and "<p>" not in " ".join(e["derived"] for e in answer["evidence"])


def test_reverify_checks_the_stored_pairs_again(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", "-q", str(WIRE)]).exit_code == 0
    with duckdb.connect(db) as con:
        n_pairs = con.execute("SELECT count(*) FROM pairs").fetchone()[0]
        # A pair an older version stored between two unrelated stories.
        con.execute("INSERT INTO pairs SELECT 'ex-offtopic-1', 'ex-offtopic-2', 0.5, 'rewrite', 'rewrite', "
                    "0.3, 0.4, 0.4, 0.5, 0.5, 0.9, 0.3, 2, 0")
    done = runner.invoke(main, ["--db", db, "reverify"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"re-verified {n_pairs + 1} pairs in ")
    assert f"{n_pairs} kept (0 with new evidence), 1 dropped" in done.output
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM pairs").fetchone()[0] == n_pairs


def test_a_pasted_copy_that_starts_with_its_headline_finds_the_stored_story(tmp_path: Path) -> None:
    # "Headline, blank line, text", as a reader pastes a story: the headline line is not new
    # text that would make the stored, dated story look derived from the paste. Pasted whole,
    # it is the stored story itself.
    import json

    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    record = json.loads(_record("ex-other-4"))
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(record["title"] + "\n\n" + record["text"] + "\n", encoding="utf-8")
    itself = json.loads(runner.invoke(main, ["--db", db, "find-origin", "--json", str(pasted)]).output)
    assert itself["article"]["id"] == "ex-other-4" and itself["article"]["stored"] is True
    again = runner.invoke(main, ["--db", db, "ingest", str(pasted)])
    assert again.exit_code == 0 and "1 duplicate skipped" in again.output, again.output
    pasted.write_text(record["title"] + "\n\n" + record["text"] + "\n\nShared from the Port City Post app.",
                      encoding="utf-8")
    found = runner.invoke(main, ["--db", db, "find-origin", "--json", str(pasted)])
    assert found.exit_code == 0, found.output
    answer = json.loads(found.output)
    assert answer["origin"]["id"] == "ex-other-4"
    assert answer["relation"] == "copy"
    kept = runner.invoke(main, ["--db", db, "ingest", str(pasted)])
    assert kept.exit_code == 0, kept.output
    with duckdb.connect(db, read_only=True) as con:
        stored = con.execute("SELECT origin_id, parent_id FROM lineage WHERE article_id = 'ex-other-4'").fetchone()
    assert stored == ("ex-other-4", None)


def test_query_lists_and_runs_only_the_queries_people_run(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", "-q", str(WIRE)]).exit_code == 0
    internal = ("delete_changes_of", "insert_articles", "checkpoint_set", "existing_ids", "facts_of",
                "signatures_for_index", "all_pairs", "all_article_ids", "checkpoint_get")
    listed = runner.invoke(main, ["--db", db, "query", "--list"])
    assert listed.exit_code == 0 and "origin_of" in listed.output
    assert "\u2026" not in listed.output, "what each query answers is shown whole"
    assert max(len(line) for line in listed.output.splitlines()) <= 100, "wrapped for a terminal"
    assert "top_stories -p since=... -p until=...\n" in listed.output
    assert not [name for name in internal if name in listed.output]
    for name in internal:
        refused = runner.invoke(main, ["--db", db, "query", name])
        assert refused.exit_code == 2, refused.output  # a usage error, as a missing parameter is
        assert f"query '{name}' is internal to the tracker" in refused.output and "Error:" in refused.output
        assert "Catalog Error" not in refused.output
    unknown = runner.invoke(main, ["--db", db, "query", "nope"])
    assert unknown.exit_code == 2 and "no query named 'nope'; known: " in unknown.output
    assert "origin_of" in unknown.output and not [name for name in internal if name in unknown.output]
    typo = runner.invoke(main, ["--db", db, "query", "orign_of"])
    assert typo.exit_code == 2 and "no query named 'orign_of' (did you mean origin_of?)" in typo.output


def test_query_names_a_parameter_whose_value_is_of_the_wrong_form(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", "-q", str(WIRE)]).exit_code == 0
    top = ["--db", db, "query", "top_stories", "-p", "until=2026-04-01", "-p"]
    bad = runner.invoke(main, [*top, "since=yesterday"])
    assert bad.exit_code == 2, bad.output
    assert ("parameter since of query top_stories: 'yesterday' is not a timestamp: an ISO 8601 date or time, "
            "e.g. 2026-02-01 or 2026-03-01T12:00:00Z") in bad.output
    assert "Conversion Error" not in bad.output
    negative = runner.invoke(main, ["--db", db, "query", "rejects_recent", "-p", "limit=-1"])
    assert negative.exit_code == 2
    assert "parameter limit of query rejects_recent: '-1' is not a whole number" in negative.output
    compact = runner.invoke(main, [*top, "since=20260301"])
    assert compact.exit_code == 0 and "ex-wire" in compact.output, compact.output


def test_rejects_says_when_there_are_none_and_explain_refuses_an_article_against_itself(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    none = runner.invoke(main, ["--db", db, "rejects"])
    assert none.exit_code == 0 and none.output == f"no rejected items in {db}\n"
    itself = runner.invoke(main, ["--db", db, "explain", "ex-copy", "--against", "ex-copy"])
    assert itself.exit_code == 1 and "ex-copy is the article itself" in itself.output


def test_an_empty_sql_statement_is_named_not_a_traceback(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    for statement in ("", "   ", " ; ", "-- what links?\n;", "/* nothing */ ;", "/* a\n -- b */"):
        result = runner.invoke(main, ["--db", db, "sql", "--", statement])
        assert result.exit_code == 1 and "no SQL statement given" in result.output, statement
        assert ("only comments" in result.output) == ("-" in statement or "*" in statement), statement
        assert result.exception is None or isinstance(result.exception, SystemExit)
    kept = runner.invoke(main, ["--db", db, "sql", "SELECT '--' AS dashes /* a comment */"])
    assert kept.exit_code == 0 and "dashes" in kept.output


def test_rejects_json_is_an_array_with_iso_utc_times(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": ""}\n{"id": "b"\n', encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(bad)]).exit_code == 1
    found = runner.invoke(main, ["--db", db, "rejects", "--json"])
    rows = json.loads(found.output)
    assert isinstance(rows, list) and len(rows) == 2
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", r["received_at"]) for r in rows)
    assert "Print a JSON array" in runner.invoke(main, ["rejects", "--help"]).output


def test_the_ingest_summary_counts_links_as_the_run_leaves_them(tmp_path: Path) -> None:
    import json

    from tracker.cli import run_ingest
    from tracker.config import load_config

    records = {json.loads(line)["id"]: line for line in WIRE.read_text(encoding="utf-8").splitlines() if line}
    path = tmp_path / "copy_first.jsonl"
    # The copy comes first, alone in its batch: it is linked only once the wire story arrives.
    path.write_text(records["ex-copy"] + "\n" + records["ex-wire"] + "\n", encoding="utf-8")
    config = load_config(env={}, overrides={"store": {"path": str(tmp_path / "t.duckdb")}})
    summary = run_ingest(config, [str(path)], 1, True)
    assert (summary["ingested"], summary["linked"]) == (2, 1)
    assert "_accepted" not in summary and "_has_parent" not in summary
    # The copy, re-linked within the run that stored it, was no stored article re-linked.
    assert summary["relinked"] == []


def test_the_ingest_line_names_the_stored_articles_a_late_wire_story_relinked(tmp_path: Path) -> None:
    records = {json.loads(line)["id"]: line for line in WIRE.read_text(encoding="utf-8").splitlines() if line}
    (tmp_path / "rest.jsonl").write_text("\n".join(v for k, v in records.items() if k != "ex-wire") + "\n")
    (tmp_path / "wire.jsonl").write_text(records["ex-wire"] + "\n")
    db, runner = str(tmp_path / "t.duckdb"), CliRunner()
    first = runner.invoke(main, ["--db", db, "ingest", str(tmp_path / "rest.jsonl")])
    assert first.exit_code == 0 and "given a new origin" not in first.output
    late = runner.invoke(main, ["--db", db, "ingest", str(tmp_path / "wire.jsonl")])
    assert late.exit_code == 0
    line = late.output.splitlines()[1]
    assert line.startswith("  4 stored articles given a new origin, parent or relation: ex-copy, ")
    assert line.endswith(" (tracker lineage ID)")
    again = runner.invoke(main, ["--db", db, "ingest", "--json", str(tmp_path / "wire.jsonl")])
    assert json.loads(again.output)["relinked"] == []


def test_an_interrupted_ingest_names_what_its_committed_batches_relinked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.pipeline import Pipeline

    records = {json.loads(line)["id"]: line for line in WIRE.read_text(encoding="utf-8").splitlines() if line}
    (tmp_path / "rest.jsonl").write_text("\n".join(v for k, v in records.items() if k != "ex-wire") + "\n")
    (tmp_path / "late.jsonl").write_text(records["ex-wire"] + "\n" + '{"id": "bad", "text": ""}\n'
                                         + '{"id": "never", "text": "Not reached before the interrupt."}\n')
    db, runner = str(tmp_path / "t.duckdb"), CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(tmp_path / "rest.jsonl")]).exit_code == 0
    real, calls = Pipeline.process_or_isolate, []

    def interrupted_second(self: Pipeline, batch: Any) -> Any:
        calls.append(batch)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, batch)

    monkeypatch.setattr(Pipeline, "process_or_isolate", interrupted_second)
    late = runner.invoke(main, ["--db", db, "ingest", "--batch-size", "2", str(tmp_path / "late.jsonl")])
    assert late.exit_code == 130
    assert late.stderr.startswith("interrupted: 1 articles ingested, 0 duplicates skipped and 1 rejected in the "
                                  "batches committed; 4 stored articles given a new origin, parent or relation: "
                                  "ex-copy, "), late.stderr


def test_find_origin_reads_a_pipe_named_as_a_file(tmp_path: Path) -> None:
    # `tracker find-origin <(command)` names a pipe such as /dev/fd/63.
    import os

    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    read, write = os.pipe()
    os.write(write, (_record("ex-copy") + "\n").encode())
    os.close(write)
    try:
        found = runner.invoke(main, ["--db", db, "find-origin", f"/dev/fd/{read}"])
    finally:
        os.close(read)
    assert found.exit_code == 0, found.output
    # Read by its first bytes, as a record: its id is the record's.
    assert "ex-copy (stored)" in found.output and "origin:      ex-wire" in found.output


def test_find_origin_of_a_stored_origin_names_its_family(tmp_path: Path) -> None:
    import json

    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    found = runner.invoke(main, ["--db", db, "find-origin", "-"], input=_record("ex-wire") + "\n")
    assert found.exit_code == 0, found.output
    assert "family:      it is the origin of a family of 5 (tracker lineage ex-wire;" in found.output
    data = json.loads(runner.invoke(main, ["--db", db, "find-origin", "--json", "-"],
                                    input=_record("ex-wire") + "\n").output)
    assert data["origin"] is None and data["family_size"] == 5


def test_find_origin_refuses_a_folder_a_feed_and_an_archive_by_name(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", "-q", str(WIRE)]).exit_code == 0
    feed = tmp_path / "news.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title></channel></rss>')
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(b"")
    for given, says in ((tmp_path, "is a folder, and no stored article"),
                        (feed, "is a feed or an archive of many articles"),
                        (archive, "is a feed or an archive of many articles")):
        refused = runner.invoke(main, ["--db", db, "find-origin", str(given)])
        assert refused.exit_code == 2 and says in refused.output, refused.output
    # A stored id is a stored id, whatever folders the current one holds.
    (tmp_path / "ex-wire").mkdir()
    monkeypatch.chdir(tmp_path)
    assert "article:     ex-wire (stored)" in runner.invoke(main, ["--db", db, "find-origin", "ex-wire"]).output


def test_a_link_to_nothing_named_on_the_command_line_is_named_so(tmp_path: Path) -> None:
    link = tmp_path / "story.txt"
    link.symlink_to(tmp_path / "gone.txt")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "t.duckdb"), "ingest", str(link)])
    assert result.exit_code == 2 and f"a link to nothing: {link} -> {tmp_path / 'gone.txt'}" in result.output


def test_the_demo_shows_paths_as_typed_from_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    shown = CliRunner().invoke(main, ["demo"])
    assert shown.exit_code == 0 and shown.output.startswith("== ingest tracker/examples/wire.jsonl (")


def test_config_prints_the_settings_in_force_as_a_file_config_reads_back(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text("[minhash]\nnum_perm = 64\n\n[daemon]\nlisten = \"127.0.0.1:9000\"\n")
    shown = CliRunner().invoke(main, ["--config", str(mine), "--db", str(tmp_path / "t.duckdb"), "config"], env={})
    assert shown.exit_code == 0, shown.output
    assert "[minhash]\nnum_perm = 64\n" in shown.output and 'listen = "127.0.0.1:9000"' in shown.output
    again = tmp_path / "again.toml"
    again.write_text(shown.output)
    from tracker.config import load_config

    assert load_config(again, env={}) == load_config(mine, env={}, overrides={"store": {"path": str(tmp_path / "t.duckdb")}})


def test_explain_of_a_missing_file_or_id_is_a_usage_error_as_find_origin_says(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(WIRE)]).exit_code == 0
    for command in ("explain", "find-origin"):
        missing = runner.invoke(main, ["--db", db, command, str(tmp_path / "missing.txt")])
        assert missing.exit_code == 2 and "no such file, and no article" in missing.output, (command, missing.output)
    against = runner.invoke(main, ["--db", db, "explain", "ex-summary", "--against", "nosuch"])
    assert against.exit_code == 2 and "no article 'nosuch'" in against.output


def test_config_writes_any_path_toml_reads_back(tmp_path: Path) -> None:
    from tracker.config import as_toml, load_config

    for path in ("new\nline.duckdb", 'quo"te\\back.duckdb', "caf\u00e9.duckdb", "del\x7f.duckdb"):
        config = load_config(env={}, overrides={"store": {"path": path}})
        written = tmp_path / "c.toml"
        written.write_text(as_toml(config), encoding="utf-8")
        assert load_config(written, env={}) == config, path


def test_an_item_that_breaks_processing_costs_that_item_only(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A figure of 5,000 digits (int() refuses one of 4,300) had stopped the run with a traceback
    # and rolled back its batch; a bug met on one item is now that item's dead letter.
    from ingest.pipeline import Pipeline

    db = str(tmp_path / "p.duckdb")
    records = tmp_path / "r.jsonl"
    story = "The harbour of Verrin stayed closed on {} as the strike by dockworkers went into a second week."
    records.write_text("\n".join(json.dumps(r) for r in [
        {"id": "before", "text": story.format("Monday")},
        {"id": "pi", "text": "The figure was " + "3" * 5000 + " units, officials said in Verrin."},
        {"id": "boom", "text": "BOOM " + story.format("Tuesday")},
        {"id": "after", "text": story.format("Wednesday")},
    ]) + "\n")
    real = Pipeline.process

    def process(self: Pipeline, batch: list, checkpoint: tuple[str, int] | None = None):  # type: ignore[no-untyped-def]
        if any(b"BOOM" in item.payload for item in batch):
            raise RuntimeError("simulated bug")
        return real(self, batch, checkpoint)

    monkeypatch.setattr(Pipeline, "process", process)
    ran = CliRunner().invoke(main, ["--db", db, "ingest", str(records)])
    assert ran.exit_code == 0, ran.output
    assert "3 articles" in ran.output and "1 rejected" in ran.output
    con = duckdb.connect(db, read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()) == ["after", "before", "pi"]
    assert con.execute("SELECT field, article_id FROM rejects").fetchall() == [("internal", "boom")]
    con.close()


def test_a_database_error_is_no_item_of_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A raw DuckDB error (a read outside the store's wrappers) had been taken for a bug met on
    # one item: every item of the batch dead-lettered as "internal", and the run said done.
    from ingest.pipeline import Pipeline
    from tracker.store import Store

    def broken(self: Store, ids: list[str]) -> dict[str, str]:
        raise duckdb.IOException("disk I/O error")

    monkeypatch.setattr(Store, "existing", broken)
    db = str(tmp_path / "d.duckdb")
    ran = CliRunner().invoke(main, ["--db", db, "ingest", str(WIRE)])
    assert ran.exit_code == 1 and "the database failed" in ran.output, ran.output
    assert Pipeline  # (the fallback under test lives there)
    monkeypatch.undo()
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM rejects").fetchall() == [(0,)]
    con.close()


def test_a_failure_after_the_commit_keeps_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Retried item by item, the committed articles had been reported as duplicates.
    from ingest.pipeline import Pipeline

    real = Pipeline._remember
    failed: list[bool] = []

    def remember(self: Pipeline, pair: PairEvidence) -> None:
        if not failed:  # once: the caches are then read again from the store
            failed.append(True)
            raise RuntimeError("cache broke")
        real(self, pair)

    monkeypatch.setattr(Pipeline, "_remember", remember)
    db = str(tmp_path / "c.duckdb")
    ran = CliRunner().invoke(main, ["--db", db, "ingest", str(WIRE)])
    assert ran.exit_code == 0 and "0 duplicates" in ran.output and "0 rejected" in ran.output, ran.output
    assert failed and "linked to a source" in ran.output and "(0 linked" not in ran.output


def test_a_copy_that_drops_a_hedge_is_told_and_stored(tmp_path: Path) -> None:
    wire = json.loads(_record("ex-wire"))
    sentence = "The port's operator said the strike may cost shippers about $40 million a day."
    text = wire["text"] + "\n\n" + sentence
    copy = text.replace("may cost shippers about $40 million", "will cost shippers $40 million")
    records = tmp_path / "pair.jsonl"
    records.write_text(json.dumps({**wire, "text": text}) + "\n" + json.dumps(
        {**wire, "id": "hedged-copy", "url": "https://copier.example/a", "source": "copier.example",
         "published_at": "2026-03-04T12:00:00Z", "text": copy}) + "\n", encoding="utf-8")
    db, runner = str(tmp_path / "t.duckdb"), CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(records)]).exit_code == 0
    told = runner.invoke(main, ["--db", db, "explain", "hedged-copy"])
    assert "claims changed (hedges, approximations, negations) (1):" in told.output, told.output
    assert 'hedge dropped: "may"; "about $40" became "$40": the figure is given as exact' in told.output, told.output
    with duckdb.connect(db, read_only=True) as con:
        stored = con.execute("SELECT detail FROM changes WHERE article_id = 'hedged-copy' AND kind = 'claim_changed'").fetchall()
    assert len(stored) == 1 and stored[0][0].startswith('hedge dropped: "may"')
