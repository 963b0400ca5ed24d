"""Golden tests of the named queries under ``queries/``.

Each query people run has a golden file ``tests/data/golden/NAME.expected.json``: cases of
parameters and the rows they give on the fixture database built from the corpus and its
labels (``tests/queries/regen.py``). Each case is run twice: through the store, as
``tracker query`` runs it, and as the duckdb shell would run the file unchanged (``PREPARE
name AS <file>; EXECUTE name(key := value)``). The outlet_key macro is checked against the
Python function it mirrors, and the ingest pipeline is checked to store explanations for each
lineage edge against its parent and its origin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.attribution import KNOWN_OUTLETS
from tracker.config import TrackerConfig
from tracker.sql import list_queries, parameters, query, runnable
from tracker.store import Store
from tracker.text import outlet_brand, outlet_key, same_brand
from tests.queries.regen import CORPUS, GOLDEN, REGEN, build_fixture, plain

HINT = f"golden files are regenerated, never edited: run `{REGEN}` and review the diff"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("golden") / "golden.duckdb")
    build_fixture(path)
    return path


@pytest.fixture(scope="module")
def fixture_store(fixture_db: str) -> Iterator[Store]:
    with Store(fixture_db, read_only=True) as store:
        yield store


def _goldens() -> list[tuple[str, int, dict[str, Any]]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for number, case in enumerate(data["cases"]):
            cases.append((data["query"], number, case))
    return cases


GOLDEN_CASES = _goldens()


def test_every_runnable_query_has_a_golden_file() -> None:
    names = {q.name for q in list_queries() if runnable(q)}
    have = {name for name, _, _ in GOLDEN_CASES}
    assert names - have == set(), f"queries without a golden file; add them to CASES, then {HINT}"
    # the pipeline's own bulk reads (``-- Internal:``) keep their golden files too
    assert have - {q.name for q in list_queries()} == set(), f"golden files of queries that no longer exist; {HINT}"


def test_every_query_file_documents_itself() -> None:
    for named in list_queries():
        comments = [ln for ln in named.sql.splitlines() if ln.startswith("--")]
        assert comments and named.description, f"{named.path} must open with a comment block"
        wanted = parameters(named.sql)
        if wanted:
            header = " ".join(comments)
            assert "Parameters:" in header, f"{named.path} must list its parameters"
            for name in wanted:
                assert f"${name}" in header, f"{named.path}: ${name} is not documented"
        if runnable(named):
            assert any("Columns:" in ln for ln in comments), f"{named.path} must list its columns"


@pytest.mark.parametrize(("name", "number", "case"), GOLDEN_CASES,
                         ids=[f"{n}-{i}" for n, i, _ in GOLDEN_CASES])
def test_query_matches_golden(fixture_store: Store, name: str, number: int, case: dict[str, Any]) -> None:
    columns, rows = fixture_store.run_query_rows(name, case["params"])
    assert columns == case["columns"], HINT
    assert [plain(list(r)) for r in rows] == case["rows"], HINT


def _literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "NULL"}[value]
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


@pytest.mark.parametrize(("name", "number", "case"), GOLDEN_CASES,
                         ids=[f"{n}-{i}" for n, i, _ in GOLDEN_CASES])
def test_query_file_runs_unchanged_in_the_duckdb_shell(
    fixture_store: Store, name: str, number: int, case: dict[str, Any],
) -> None:
    # What a user types in the duckdb shell: the file's text as it is, prepared, then executed
    # with named arguments.
    statement = f"q_{name}_{number}"
    fixture_store.run_sql(f"PREPARE {statement} AS {query(name)}")
    args = ", ".join(f"\"{k}\" := {_literal(v)}" for k, v in case["params"].items())
    columns, rows = fixture_store.run_sql(f"EXECUTE {statement}({args})" if args else f"EXECUTE {statement}")
    fixture_store.run_sql(f"DEALLOCATE {statement}")
    assert columns == case["columns"]
    assert [plain(list(r)) for r in rows] == case["rows"], HINT


@pytest.fixture(scope="module")
def macro_store() -> Iterator[Store]:
    with Store(":memory:") as store:
        yield store


@pytest.mark.parametrize("source", [
    "www.reuters.com", "Reuters", "https://www.bbc.co.uk/news/world-123", "AP", "m.example.org",
    "Associated Press", "", None, "  Reuters.com  ", "HTTP://Edition.CNN.com/a", "uk.reuters.com",
    "amp.theguardian.com", "tass.ru", "northwind.example", "Calder", "The Guardian", "Harbour Herald",
    "  the  Moscow Times ", "RFE/RL", "Рейтер", "Daily Herald-Tribune", ".com", "St. Louis Post",
    "news.sky.com", "https://news.yahoo.com/x", "news.bbc.co.uk", "news.com.au", "news.sky.", "news..com",
    "El País", "https://elpais.com/x", "Expansión Ibérica", "expansion-iberica.example", "harbour-herald.example",
    "İstanbul Post", "Йошкар-Ола Ёлка", "Straße", "Đà Nẵng News", "https://www.le-monde.fr/a-b",
    "연합뉴스", "ไทยรัฐ.com", "https://हिन्दुस्तान.भारत/x", "עִבְרִית", "العَرَبِيَّة", "Ångström-Tidning.se",
])
def test_outlet_key_macro_mirrors_python(macro_store: Store, source: str | None) -> None:
    _, rows = macro_store.run_sql("SELECT outlet_key(NULL)" if source is None
                            else "SELECT outlet_key('" + source.replace("'", "''") + "')")
    assert rows[0][0] == outlet_key(source)


def test_an_outlets_name_and_address_give_one_key_with_accents_or_hyphens() -> None:
    assert outlet_key("El País") == outlet_key("elpais.com") == "elpais"
    assert outlet_key("Expansión Ibérica") == outlet_key("https://expansion-iberica.example/x") == "expansioniberica"
    assert outlet_key("Harbour Herald") == outlet_key("harbour-herald.example") == "harbourherald"


_ASCII_SOURCES = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789.-/: ", max_size=30),
    st.builds("news.{}".format, st.text(alphabet="abcnews.co ", max_size=12)))


def test_outlet_key_macro_mirrors_python_on_any_ascii_source(macro_store: Store) -> None:  # and below, any text
    @settings(max_examples=200, deadline=None)
    @given(_ASCII_SOURCES)
    def check(source: str) -> None:
        expected = outlet_key(source)
        _, rows = macro_store.run_sql("SELECT outlet_key('" + source.replace("'", "''") + "')")
        assert rows[0][0] == expected

    check()


def test_outlet_key_macro_mirrors_python_on_any_text(macro_store: Store) -> None:
    # Letters, marks, digits, punctuation and symbols of any script (white space beyond ASCII's,
    # which Python strips and DuckDB's regular expressions do not, is another matter).
    any_text = st.text(alphabet=st.characters(whitelist_categories=("L", "M", "N", "P", "S")), max_size=20)

    @settings(max_examples=200, deadline=None)
    @given(any_text | st.builds("{}.{}".format, any_text, st.sampled_from(["com", "co.kr", "in.th"])))
    def check(source: str) -> None:
        expected = outlet_key(source)
        _, rows = macro_store.run_sql("SELECT outlet_key('" + source.replace("'", "''") + "')")
        assert rows[0][0] == expected, source

    check()


def test_outlet_key_macro_knows_the_outlets_python_knows(macro_store: Store) -> None:
    # The macro holds its own copy of tracker.attribution.KNOWN_OUTLETS.
    for name, key in KNOWN_OUTLETS.items():
        _, rows = macro_store.run_sql("SELECT outlet_key('" + name.replace("'", "''") + "')")
        assert rows[0][0] == outlet_key(name) == key, name


@pytest.mark.parametrize("key", ["northlightnews", "northlight", "abcnews", "capitalwire", "reutersnewswire",
                                 "newsnews", "tv", "", None, "harbourheraldonline", "dailytv", "pressnews",
                                 "northlightnewstv", "skynews", "washingtonpost"])
def test_outlet_brand_macro_mirrors_python(macro_store: Store, key: str | None) -> None:
    _, rows = macro_store.run_sql("SELECT outlet_brand(NULL)" if key is None else f"SELECT outlet_brand('{key}')")
    assert rows[0][0] == outlet_brand(key)


@pytest.mark.parametrize(("a", "b", "same"), [("northlight", "northlightnews", True), ("northlightnews", "northlight", True),
                                               ("chinadaily", "chinanews", False), ("yahoo", "yahoonews", True),
                                               ("reuters", "reuters", True), ("reuters", None, False)])
def test_same_brand_macro_mirrors_python(macro_store: Store, a: str, b: str | None, same: bool) -> None:
    _, rows = macro_store.run_sql(f"SELECT same_brand('{a}', {'NULL' if b is None else repr(b)})")
    assert bool(rows[0][0]) == same_brand(a, b) == same


def test_outlet_brand_macro_mirrors_python_on_any_key(macro_store: Store) -> None:
    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="abcdeilnorstvwy", max_size=16))
    def check(key: str) -> None:
        _, rows = macro_store.run_sql(f"SELECT outlet_brand('{key}')")
        assert rows[0][0] == outlet_brand(key), key

    check()


def test_uncredited_copies_are_those_without_the_origins_key(fixture_store: Store) -> None:
    flagged = {r["article_id"] for r in fixture_store.run_query("uncredited_copies")}
    labels = json.loads((CORPUS / "labels.json").read_text())["articles"]
    assert {"wind-trim", "wind-translation-copy", "wind-summary"} <= flagged
    assert not {"wind-copy", "wind-rewrite", "wind-translation", "council-copy"} & flagged
    assert all(labels[a]["parent"] is not None for a in flagged)


def test_copies_by_divergence_takes_any_member_and_counts_changed_facts(fixture_store: Store) -> None:
    by_origin = fixture_store.run_query("copies_by_divergence", {"origin_id": "wind-wire"})
    by_member = fixture_store.run_query("copies_by_divergence", {"origin_id": "wind-summary"})
    assert by_origin == by_member and by_origin
    changed = {r["article_id"]: r["facts_changed"] for r in by_origin}
    # The verbatim copy changed nothing; the translation respelled names and reworded quotes.
    assert changed["wind-copy"] == 0 and changed["wind-translation"] > 0


def test_who_republishes_whom_leaves_out_an_outlets_own_versions(tmp_path: Path) -> None:
    path = str(tmp_path / "own.duckdb")
    with Store(path):
        pass  # creates the schema and the outlet_key macro
    con = duckdb.connect(path)
    rows = [("wire", "reuters.com"), ("update", "www.reuters.com"), ("copy", "harbourherald.example"),
            ("anon-origin", None), ("anon-copy", None)]
    for article_id, source in rows:
        con.execute("INSERT INTO articles (article_id, source, ingested_at, content_hash, n_words, text) "
                    "VALUES (?, ?, now(), ?, 10, 'x')", [article_id, source, article_id])
    for article_id, origin, parent in (("wire", "wire", None), ("update", "wire", "wire"),
                                       ("copy", "wire", "update"), ("anon-origin", "anon-origin", None),
                                       ("anon-copy", "anon-origin", "anon-origin")):
        con.execute("INSERT INTO lineage VALUES (?, ?, ?, ?, 1, 1, 0, 0, 2, now())",
                    [article_id, origin, parent, "original" if parent is None else "copy"])
    con.close()
    with Store(path, read_only=True) as store:
        pairs = [(r["origin_source"], r["copy_source"]) for r in store.run_query("who_republishes_whom")]
    assert sorted(pairs) == [("(unknown)", "(unknown)"), ("reuters.com", "harbourherald.example")]


def test_an_outlet_spelt_two_ways_is_counted_once(tmp_path: Path) -> None:
    # metroscope.co.uk and www.metroscope.co.uk are one outlet with three copies of the wire.
    path = str(tmp_path / "spelt.duckdb")
    with Store(path):
        pass
    con = duckdb.connect(path)
    rows = [("wire", "northwire.example"), ("c1", "metroscope.co.uk"), ("c2", "www.metroscope.co.uk"),
            ("c3", "metroscope.co.uk"), ("c4", "harbourherald.example")]
    for article_id, source in rows:
        con.execute("INSERT INTO articles (article_id, source, published_at, ingested_at, content_hash, n_words, "
                    "text) VALUES (?, ?, '2026-05-12T10:00:00Z', now(), ?, 10, 'x')", [article_id, source, article_id])
    for article_id, parent in (("wire", None), ("c1", "wire"), ("c2", "wire"), ("c3", "wire"), ("c4", "wire")):
        con.execute("INSERT INTO lineage VALUES (?, 'wire', ?, ?, 1, 1, 0, 0, 5, now())",
                    [article_id, parent, "original" if parent is None else "copy"])
    con.close()
    window = {"since": "2026-05-01", "until": "2026-06-01"}
    with Store(path, read_only=True) as store:
        whom = [(r["copy_source"], r["copies"]) for r in store.run_query("who_republishes_whom")]
        daily = [(r["source"], r["derived"]) for r in store.run_query("daily_syndication", window)]
        [top] = store.run_query("top_stories", window)
    assert whom == [("metroscope.co.uk", 3), ("harbourherald.example", 1)]
    assert daily == [("metroscope.co.uk", 3), ("harbourherald.example", 1)]
    assert top["outlets"] == 2


def test_a_date_without_its_hour_gives_no_lag_and_no_first_time(tmp_path: Path) -> None:
    # A copy dated only by its day is stored at that day's midnight: 8 hours "before" the wire
    # story it copied at 08:05. No lag is measured from it, and a time to the hour is first.
    path = str(tmp_path / "day.duckdb")
    with Store(path):
        pass
    con = duckdb.connect(path)
    rows = [("wire", "wire.example", "2026-05-12T08:05:00Z", None),
            ("day-copy", "portal.example", "2026-05-12T00:00:00Z", '{"published_precision": "day"}'),
            ("timed-copy", "portal.example", "2026-05-12T10:05:00Z", None)]
    for article_id, source, at, meta in rows:
        con.execute("INSERT INTO articles (article_id, source, published_at, ingested_at, content_hash, n_words, "
                    "text, meta) VALUES (?, ?, ?, now(), ?, 10, 'x', ?)", [article_id, source, at, article_id, meta])
    for article_id, parent in (("wire", None), ("day-copy", "wire"), ("timed-copy", "wire")):
        con.execute("INSERT INTO lineage VALUES (?, 'wire', ?, ?, 1, 1, 0, 0, 2, now())",
                    [article_id, parent, "original" if parent is None else "copy"])
    con.close()
    with Store(path, read_only=True) as store:
        [lag] = store.run_query("who_republishes_whom")
        [top] = store.run_query("top_stories", {"since": "2026-05-01", "until": "2026-06-01"})
    assert (lag["copies"], lag["median_lag_hours"], lag["min_lag_hours"]) == (2, 2.0, 2.0)
    assert top["derivatives"] == 2 and top["first_at"].hour == 10 and top["last_at"].hour == 10
    # Nor from a crawl time standing in for a publication time.
    with duckdb.connect(path) as con:
        con.execute("UPDATE articles SET meta = '{\"published_from\": \"fetched_at\"}' WHERE article_id = 'timed-copy'")
    with Store(path, read_only=True) as store:
        [lag] = store.run_query("who_republishes_whom")
    assert (lag["copies"], lag["median_lag_hours"]) == (2, None)
    with duckdb.connect(path) as con:
        con.execute("UPDATE articles SET meta = NULL WHERE article_id = 'timed-copy'")
    # A day-only copy of an earlier day is the first, at that day.
    with duckdb.connect(path) as con:
        con.execute("UPDATE articles SET published_at = '2026-05-10T00:00:00Z' WHERE article_id = 'day-copy'")
    with Store(path, read_only=True) as store:
        [top] = store.run_query("top_stories", {"since": "2026-05-01", "until": "2026-06-01"})
    assert top["first_at"].day == 10 and top["last_at"].hour == 10
    # A copy stamped before its origin (a zone read as UTC, set aside by the lineage) gives no
    # lag either: it is counted apart.
    with duckdb.connect(path) as con:
        con.execute("UPDATE articles SET meta = NULL, published_at = '2026-05-12T04:05:00Z' WHERE article_id = 'day-copy'")
    with Store(path, read_only=True) as store:
        [lag] = store.run_query("who_republishes_whom")
    assert (lag["copies"], lag["min_lag_hours"], lag["max_lag_hours"], lag["stamped_before_origin"]) == (2, 2.0, 2.0, 1)


def test_a_second_source_of_a_compilation_is_matched_not_unmatched(tmp_path: Path) -> None:
    # A page drew on two wire stories: it joins the family of one (its parent); the other stays
    # a family of one, yet it is a source: derivatives_of lists the page, unmatched_articles not.
    path = str(tmp_path / "two.duckdb")
    with Store(path):
        pass
    con = duckdb.connect(path)
    for article_id in ("wire-1", "wire-2", "page", "alone"):
        con.execute("INSERT INTO articles (article_id, source, published_at, ingested_at, content_hash, n_words, "
                    "text) VALUES (?, 'x.example', TIMESTAMPTZ '2026-02-10 10:00:00+00', now(), ?, 10, 'x')",
                    [article_id, article_id])
    for article_id, origin, parent, size in (("wire-1", "wire-1", None, 2), ("page", "wire-1", "wire-1", 2),
                                             ("wire-2", "wire-2", None, 1), ("alone", "alone", None, 1)):
        con.execute("INSERT INTO lineage VALUES (?, ?, ?, ?, 1, 1, 0, 0, ?, now())",
                    [article_id, origin, parent, "original" if parent is None else "rewrite", size])
    for source in ("wire-1", "wire-2"):
        con.execute("INSERT INTO matches VALUES ('page', ?, 'rewrite', 0.5, 0.4, 0.6, 0.9)", [source])
    con.close()
    with Store(path, read_only=True) as store:
        window = {"since": "2026-02-01", "until": "2026-03-01"}
        assert [r["article_id"] for r in store.run_query("unmatched_articles", window)] == ["alone"]
        taken = store.run_query("derivatives_of", {"article_id": "wire-2"})
        assert [(r["article_id"], r["is_parent"], r["same_family"]) for r in taken] == [("page", False, False)]
        assert [(r["article_id"], r["is_parent"]) for r in store.run_query(
            "derivatives_of", {"article_id": "wire-1"})] == [("page", True)]


# --- explanations stored at ingest time --------------------------------------------------------
def _ingest(config: TrackerConfig, files: list[Path]) -> None:
    from ingest.parse import RawItem
    from ingest.pipeline import Pipeline

    with Store(config.store.path) as store:
        pipeline = Pipeline(store, config)
        for path in files:
            lines = [ln for ln in path.read_bytes().splitlines() if ln.strip()]
            pipeline.process([RawItem(f"{path.name}:{n}", ln, "json") for n, ln in enumerate(lines, 1)])


def _explained(config: TrackerConfig) -> tuple[set[tuple[str, str]], set[tuple[str, str]], set[tuple[str, str]]]:
    with Store(config.store.path, read_only=True) as store:
        _, explained = store.run_sql("SELECT article_id, source_id FROM explanations")
        _, wanted = store.run_sql(
            "SELECT article_id, parent_id FROM lineage WHERE parent_id IS NOT NULL "
            "UNION SELECT article_id, origin_id FROM lineage WHERE parent_id IS NOT NULL")
        _, rows = store.run_sql(
            "SELECT DISTINCT article_id, source_id FROM alignments "
            "UNION SELECT DISTINCT article_id, source_id FROM changes")
    return set(map(tuple, explained)), set(map(tuple, wanted)), set(map(tuple, rows))  # type: ignore[arg-type]


def test_ingest_stores_an_explanation_per_edge_against_parent_and_origin(config: TrackerConfig) -> None:
    _ingest(config, [CORPUS / "wind.jsonl"])
    explained, wanted, detail = _explained(config)
    assert wanted and explained == wanted
    assert detail <= explained


def test_refamilied_articles_get_their_explanations_replaced(config: TrackerConfig, tmp_path: Path) -> None:
    # The copies arrive first (each its own origin, or one of them the origin), then the wire
    # story: the family is re-decided and the old explanation rows must go.
    records = [json.loads(ln) for ln in (CORPUS / "wind.jsonl").read_text().splitlines() if ln.strip()]
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(json.dumps(r) for r in records if r["id"] in ("wind-copy", "wind-trim")) + "\n")
    rest = tmp_path / "rest.jsonl"
    rest.write_text("\n".join(json.dumps(r) for r in records if r["id"] not in ("wind-copy", "wind-trim")) + "\n")
    _ingest(config, [first])
    before, _, _ = _explained(config)
    _ingest(config, [rest])
    explained, wanted, detail = _explained(config)
    assert before, "the two copies are related: one is explained against the other"
    assert explained == wanted
    assert detail <= explained


# --- tracker query / tracker sql ------------------------------------------------------------------
def test_query_command_formats_and_errors(fixture_db: str) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    db = ["--db", fixture_db]
    listed = CliRunner().invoke(main, db + ["query", "--list"])
    assert listed.exit_code == 0
    assert "uncredited_copies" in listed.output and "insert_articles" not in listed.output
    as_json = CliRunner().invoke(main, db + ["query", "origin_of", "-p", "article_id=council-summary",
                                             "--format", "json"])
    assert as_json.exit_code == 0
    (row,) = json.loads(as_json.output)
    assert row["origin_id"] == "council-wire"
    assert row["path"] == "council-wire > council-rewrite > council-summary"
    as_csv = CliRunner().invoke(main, db + ["query", "translation_chains", "--format", "csv"])
    assert as_csv.output.splitlines()[0] == "article_id,origin_id,depth,translations,path,relations,source"
    table = CliRunner().invoke(main, db + ["query", "top_stories", "-p", "since=2026-02-12",
                                           "-p", "until=2026-02-13"])
    assert table.exit_code == 0 and table.output.splitlines()[-1] == "(1 row)"
    missing = CliRunner().invoke(main, db + ["query", "top_stories", "-p", "since=2026-02-12"])
    assert missing.exit_code == 2 and "--param until=..." in missing.output
    unknown = CliRunner().invoke(main, db + ["query", "stats", "-p", "x=1"])
    assert unknown.exit_code == 2 and "has no parameter x" in unknown.output
    nosuch = CliRunner().invoke(main, db + ["query", "nope"])
    assert nosuch.exit_code == 2 and "no query named 'nope'" in nosuch.output


def test_sql_command_is_read_only(fixture_db: str) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    db = ["--db", fixture_db]
    counted = CliRunner().invoke(main, db + ["sql", "SELECT kind, count(*) AS n FROM changes "
                                                    "WHERE kind = 'headline_changed' GROUP BY ALL", "--format", "json"])
    assert counted.exit_code == 0 and json.loads(counted.output)[0]["kind"] == "headline_changed"
    write = CliRunner().invoke(main, db + ["sql", "DELETE FROM changes"])
    assert write.exit_code == 1 and "tracker sql only reads (DELETE statements change the database" in write.output
    # Nothing was deleted.
    again = CliRunner().invoke(main, db + ["sql", "SELECT count(*) AS n FROM changes", "--format", "json"])
    assert json.loads(again.output)[0]["n"] > 0
    create = CliRunner().invoke(main, db + ["sql", "CREATE TABLE t AS SELECT 1"])
    assert create.exit_code == 1 and "(CREATE statements change" in create.output
    # Of several, the one that writes is named.
    later = CliRunner().invoke(main, db + ["sql", "SELECT 1; SET threads = 1; DROP TABLE changes"])
    assert later.exit_code == 1 and "(DROP statements change" in later.output


def test_credits_brand_macro_mirrors_python_on_any_keys(macro_store: Store) -> None:
    # A list credits an outlet when any of its keys is of the outlet's brand (same_brand).
    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(["northlight", "northlightnews", "northlighttv", "reuters", "reuterswire",
                                     "chinadaily", "chinanews", "tv", "news", ""]), max_size=4),
           st.sampled_from(["northlight", "northlightnews", "reuters", "chinadaily", "chinanews", "tv", None]))
    def check(keys: list[str], outlet: str | None) -> None:
        _, rows = macro_store.run_sql(f"SELECT credits_brand({keys!r}, {'NULL' if outlet is None else repr(outlet)})")
        assert rows[0][0] == any(same_brand(k, outlet) for k in keys), (keys, outlet)

    check()


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"  # a real line break, not Python's escape


@pytest.mark.parametrize(("credits", "copy", "source_text", "own"), [
    # The wire's own sentence, kept by a reprint (however its lines were wrapped): no credit.
    (["reuters"], "Oil prices rose, the minister told Reuters on Monday.",
     "Oil prices rose, the minister told\nReuters on Monday, and more.", False),
    # A mention in a sentence of the copy's own: a credit.
    (["reuters"], "Later she told Reuters she would stay.", "Oil prices rose, the minister told Reuters.", True),
    # One kept mention and one of its own: a credit.
    (["reuters"], "The minister told Reuters on Monday.\n\nIt added, according to Reuters data, more.",
     "Prices rose. The minister told Reuters on Monday.", True),
    # A dateline (no mention kept for the key) credits whatever is mentioned.
    (["reuters"], "LONDON (Reuters) - The minister told Reuters on Monday.", "The minister told Reuters on Monday.", True),
    # Stored without mentions (NULL), or crediting nobody: the credits alone decide.
    (["reuters"], None, "the minister told Reuters", True),
    ([], "", "the minister told Reuters", False),
])
def test_credits_own_macro_leaves_out_mentions_kept_from_the_source(
        macro_store: Store, credits: list[str], copy: str | None, source_text: str, own: bool) -> None:
    from tracker.attribution import credit_signals

    listed = "NULL" if copy is None else "[" + ", ".join(
        f"{{'outlet': {k!r}, 'before': {b!r}, 'words': {w!r}, 'after': {a!r}}}"
        for k, b, w, a in credit_signals(copy)[2]) + "]::STRUCT(outlet VARCHAR, \"before\" VARCHAR, words VARCHAR, \"after\" VARCHAR)[]"
    _, rows = macro_store.run_sql(
        f"SELECT credits_own({credits!r}::VARCHAR[], []::VARCHAR[], {listed}, {_sql_text(source_text)}, 'reuters')")
    assert rows[0][0] is own


def test_text_words_and_mention_kept_macros_mirror_python(macro_store: Store) -> None:
    from tracker.attribution import credit_signals, mention_kept, text_words

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet="ab Reuters,.’'\u00a0\n-–_éЖ2İΣς\u0307", max_size=40),
           st.sampled_from(["the minister told Reuters on Monday that prices rose",
                            "Prices rose, Reuters reported", "She answered Reuters’ questions in writing today"]))
    def check(noise: str, sentence: str) -> None:
        source = noise + " " + sentence
        _, rows = macro_store.run_sql(f"SELECT text_words({_sql_text(source)})")
        assert rows[0][0] == f" {text_words(source)} "
        for _, before, words, after in credit_signals(sentence + ".")[2]:
            _, kept = macro_store.run_sql(
                f"SELECT mention_kept({before!r}, {words!r}, {after!r}, text_words({_sql_text(source)}))")
            assert kept[0][0] is mention_kept((before, words, after), text_words(source))

    check()


def test_derivations_give_the_relation_to_the_parent_and_to_the_origin(fixture_store: Store) -> None:
    _, rows = fixture_store.run_sql(
        "SELECT article_id, parent_id, relation, relation_to_origin FROM derivations ORDER BY article_id")
    by_id = {r[0]: r[1:] for r in rows}
    _, derived = fixture_store.run_sql("SELECT count(*) FROM lineage WHERE parent_id IS NOT NULL")
    assert len(rows) == derived[0][0]
    # A copy of another outlet's translation is a translation of the wire story; a summary of
    # a rewrite a summary of it; a direct derivative has one relation to both.
    assert by_id["wind-translation-copy"] == ("wind-translation", "copy", "translation")
    assert by_id["council-summary"] == ("council-rewrite", "summary", "summary")
    assert by_id["wind-trim"] == ("wind-wire", "copy", "copy")
    # Outlets count such a copy under the relation to the origin.
    republished = {(r["origin_source"], r["copy_source"]): r["relations"]
                   for r in fixture_store.run_query("who_republishes_whom")}
    assert republished[("northwind.example", "pressa.example")] == "translation"


def test_the_schema_says_what_its_columns_hold(fixture_store: Store) -> None:
    _, rows = fixture_store.run_sql(
        "SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE comment IS NOT NULL AND comment <> ''")
    commented = {r[0] for r in rows}
    assert {"lineage.similarity", "lineage.containment", "lineage.divergence", "pairs.a_from_b", "pairs.order",
            "matches.confidence", "derivations.relation_to_origin"} <= commented


def test_cluster_members_takes_any_member_of_the_family(fixture_store: Store) -> None:
    by_origin = fixture_store.run_query("cluster_members", {"origin_id": "council-wire"})
    by_member = fixture_store.run_query("cluster_members", {"origin_id": "council-summary"})
    assert by_origin == by_member and {r["article_id"] for r in by_origin} >= {"council-wire", "council-summary"}
