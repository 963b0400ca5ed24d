"""tracker.sql: named queries, QueryNotFound, migration ordering, gaps and names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tracker import sql
from tracker.errors import InternalQuery, InvalidParameter, QueryNotFound, SchemaVersionError, TrackerError
from tracker.sql import bind, list_queries, migrations, parameter_kinds, queries_dir, query, user_query

QUERY_FILES = sorted(p for p in (Path(__file__).resolve().parents[2] / "queries").glob("*.sql"))


def test_queries_dir_is_the_project_folder() -> None:
    assert queries_dir() == Path(__file__).resolve().parents[2] / "queries"
    assert QUERY_FILES


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_sql_file_loads_by_its_stem(path: Path) -> None:
    text = query(path.stem)
    assert text == path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("--"), "a query starts with a comment block"
    statement = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("--")).strip()
    assert statement, "a query holds a statement"
    assert ";" not in statement.rstrip(";"), "one statement per file"


def test_list_queries_matches_the_files() -> None:
    listed = list_queries()
    assert [q.name for q in listed] == [p.stem for p in QUERY_FILES]
    for q in listed:
        assert q.path.name == f"{q.name}.sql"
        assert q.description and not q.description.startswith("--")
    assert {"lineage_of", "insert_articles", "checkpoint_set"} <= {q.name for q in listed}


def test_unknown_name_lists_the_known_names() -> None:
    with pytest.raises(QueryNotFound) as info:
        query("lineage_off")
    message = str(info.value)
    assert "'lineage_off'" in message
    for path in QUERY_FILES:
        assert path.stem in message
    assert isinstance(info.value, TrackerError)


def test_user_query_refuses_the_pipelines_own_statements() -> None:
    assert user_query("lineage_of").name == "lineage_of"
    with pytest.raises(InternalQuery, match="'insert_articles' is internal to the tracker") as info:
        user_query("insert_articles")
    assert "lineage_of" in str(info.value) and "delete_pairs" not in str(info.value)
    with pytest.raises(QueryNotFound) as unknown:
        user_query("lineage_off")
    assert "lineage_of" in str(unknown.value) and "insert_articles" not in str(unknown.value)


def test_parameter_kinds_come_from_how_the_statement_uses_them() -> None:
    assert parameter_kinds(query("top_stories")) == {"since": "timestamp", "until": "timestamp"}
    assert parameter_kinds(query("rejects_recent")) == {"limit": "count"}
    assert parameter_kinds(query("origin_of")) == {"article_id": "text"}
    assert parameter_kinds("SELECT $n::INTEGER + 1, $s") == {"n": "integer", "s": "text"}


def test_bind_checks_and_normalises_the_values() -> None:
    top = user_query("top_stories")
    assert bind(top, {"since": "20260201", "until": "2026-03-01T12:00:00Z"}) == {
        "since": "2026-02-01T00:00:00+00:00", "until": "2026-03-01T12:00:00+00:00"}
    # A date or time without a zone is UTC, whatever the session's zone, and a stated zone stays.
    assert bind(top, {"since": "2026-02-01T10:00", "until": "2026-03-01T12:00:00+01:00"}) == {
        "since": "2026-02-01T10:00:00+00:00", "until": "2026-03-01T12:00:00+01:00"}
    assert bind(user_query("rejects_recent"), {"limit": " 7 "}) == {"limit": 7}
    for given, parameter in (({"since": "yesterday", "until": "2026-03-01"}, "since"),
                             ({"since": "2026-02-01"}, "until"),
                             ({"since": "2026-02-01", "until": "2026-03-01", "limit": "3"}, "limit")):
        with pytest.raises(InvalidParameter) as info:
            bind(top, given)
        assert info.value.parameter == parameter and "top_stories" in str(info.value)


def test_a_number_too_large_for_the_database_is_named() -> None:
    with pytest.raises(InvalidParameter, match="99999999999999999999"):
        bind(user_query("rejects_recent"), {"limit": "99999999999999999999"})


def test_a_date_is_midnight_utc_in_any_session_zone() -> None:
    since = bind(user_query("top_stories"), {"since": "2026-02-01", "until": "2026-02-02"})["since"]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Pacific/Auckland'")
    row = con.execute("SELECT CAST($since AS TIMESTAMPTZ) = TIMESTAMPTZ '2026-02-01 00:00:00+00'",
                      {"since": since}).fetchone()
    assert row == (True,)


def test_schema_migrations_are_not_named_queries() -> None:
    with pytest.raises(QueryNotFound):
        query("001_init")


@pytest.fixture
def fake_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loader at a temporary folder, and drop its cache before and after."""
    monkeypatch.setattr(sql, "queries_dir", lambda: tmp_path)
    sql._all.cache_clear()
    yield tmp_path
    monkeypatch.undo()
    sql._all.cache_clear()


def test_empty_query_file_reports_its_path(fake_queries: Path) -> None:
    (fake_queries / "good.sql").write_text("-- Fine.\nSELECT 1\n", encoding="utf-8")
    bad = fake_queries / "broken.sql"
    bad.write_text("-- Only a comment, no statement.\n\n", encoding="utf-8")
    with pytest.raises(QueryNotFound, match=str(bad)):
        query("good")


def test_loader_reads_a_folder_once(fake_queries: Path) -> None:
    (fake_queries / "one.sql").write_text("-- The first.\nSELECT 1\n", encoding="utf-8")
    assert query("one") == "-- The first.\nSELECT 1\n"
    (fake_queries / "two.sql").write_text("-- Added later.\nSELECT 2\n", encoding="utf-8")
    with pytest.raises(QueryNotFound, match="one"):
        query("two")  # cached: the folder is read once per process


# --- migrations ----------------------------------------------------------------------------


def write(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text(f"-- {name}\nCREATE TABLE t_{name[:3]} (x INTEGER);\n", encoding="utf-8")


def test_project_migrations_are_numbered_from_one() -> None:
    found = migrations()
    assert [v for v, _ in found] == list(range(1, len(found) + 1))
    assert "CREATE TABLE IF NOT EXISTS articles" in found[0][1]


def test_migrations_in_order(tmp_path: Path) -> None:
    write(tmp_path, "002_add_index.sql", "001_init.sql", "003_more.sql")
    found = migrations(tmp_path)
    assert [v for v, _ in found] == [1, 2, 3]
    assert found[1][1].startswith("-- 002_add_index.sql")


def test_migration_gap_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "001_x.sql", "003_y.sql")
    with pytest.raises(SchemaVersionError, match="found 3 where 2 was expected"):
        migrations(tmp_path)


def test_migrations_must_start_at_one(tmp_path: Path) -> None:
    write(tmp_path, "002_x.sql")
    with pytest.raises(SchemaVersionError, match="without gaps"):
        migrations(tmp_path)


def test_repeated_migration_number_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "001_x.sql", "001_y.sql")
    with pytest.raises(SchemaVersionError):
        migrations(tmp_path)


@pytest.mark.parametrize(
    "name", ["1_init.sql", "001-init.sql", "001_Init.sql", "init.sql", "0001_init.sql", "001_.sql"]
)
def test_malformed_migration_name_is_an_error(tmp_path: Path, name: str) -> None:
    write(tmp_path, "001_init.sql")
    (tmp_path / name).write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(SchemaVersionError, match="NNN_description"):
        migrations(tmp_path)


def test_empty_migration_folder(tmp_path: Path) -> None:
    assert migrations(tmp_path) == []


def test_a_description_is_the_whole_leading_comment() -> None:
    described = {q.name: q.description for q in list_queries()}
    assert "compared with the origin itself (stored changes)." in described["altered_quotes"]
    assert described["altered_quotes"].endswith("rather than made it.")
    assert "Parameters" not in described["top_stories"] and described["top_stories"].endswith("[$since, $until).")
