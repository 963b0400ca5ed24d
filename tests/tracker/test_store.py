"""tracker.store: migrations, schema versions, locking, transactions, record round-trips."""

from __future__ import annotations

import os

import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import numpy as np
import pytest

from tracker.errors import DatabaseLocked, SchemaVersionError, StoreError, TrackerError
from tracker.hashing import content_hash
from tracker.model import BOUND_TIMES, Article, ArticleFacts, LineageEdge, Match, PairEvidence, Rejected, Signature
from tracker.sql import migrations
from tracker.store import Store

T0 = datetime(2025, 3, 14, 6, 0, tzinfo=timezone.utc)
TABLES = {"articles", "signatures", "pairs", "matches", "lineage", "rejects", "checkpoints", "schema_version"}


def article(article_id: str, text: str = "Body text of the article.", **fields: object) -> Article:
    return Article(article_id=article_id, text=text, content_hash=content_hash(text), **fields)  # type: ignore[arg-type]


def tables(store: Store) -> set[str]:
    _, rows = store.run_sql("SELECT table_name FROM information_schema.tables")
    return {r[0] for r in rows}


def count(store: Store, table: str) -> int:
    assert table in TABLES  # identifiers from a fixed list only
    _, rows = store.run_sql(f"SELECT count(*) FROM {table}")
    return int(rows[0][0])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sub" / "tracker.duckdb"


# --- opening and migrating -----------------------------------------------------------------


def test_migrate_creates_the_tables(store: Store) -> None:
    assert TABLES <= tables(store)


def test_schema_version_is_recorded(store: Store) -> None:
    known = len(migrations())
    assert store.schema_version() == known
    _, rows = store.run_sql("SELECT version, applied_at FROM schema_version ORDER BY version")
    assert [r[0] for r in rows] == list(range(1, known + 1))
    assert all(r[1] is not None and r[1].tzinfo is not None for r in rows)


def test_file_database_is_created_and_migrated_once(db_path: Path) -> None:
    with Store(str(db_path)) as first:
        assert first.migrate() == len(migrations())
    assert db_path.exists()  # the parent folder was created too
    with Store(str(db_path)) as again:
        assert again.schema_version() == len(migrations())
        assert count(again, "schema_version") == len(migrations())


def test_db_migrate_says_what_it_did(db_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    last = len(migrations())
    runner = CliRunner()
    made = runner.invoke(main, ["--db", str(db_path), "db", "migrate"])
    assert made.exit_code == 0 and f"created at schema version {last}" in made.output, made.output
    with Store(str(db_path)) as s:  # as a database made before the last migration
        s.run_sql(f"DELETE FROM schema_version WHERE version = {last}")
    upgraded = runner.invoke(main, ["--db", str(db_path), "db", "migrate"])
    assert f"upgraded from schema version {last - 1} to {last}" in upgraded.output, upgraded.output
    again = runner.invoke(main, ["--db", str(db_path), "db", "migrate"])
    assert f"schema version {last}, already up to date" in again.output, again.output


def test_newer_schema_is_refused(db_path: Path) -> None:
    with Store(str(db_path)) as s:
        s.run_sql("INSERT INTO schema_version VALUES (99, now())")
    for read_only in (False, True):
        with pytest.raises(SchemaVersionError, match="newer than this code") as info:
            Store(str(db_path), read_only=read_only)
        assert "99" in str(info.value)


def test_read_only_open_of_an_unmigrated_database_asks_for_a_migration(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    duckdb.connect(str(db_path)).close()  # an empty DuckDB file
    with pytest.raises(SchemaVersionError, match="migrate"):
        Store(str(db_path), read_only=True)


def test_read_only_open_of_a_missing_file_has_a_hint(db_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at") as info:
        Store(str(db_path), read_only=True)
    assert "tracker ingest" in str(info.value) or "--db" in str(info.value)
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_empty_path_is_refused() -> None:
    with pytest.raises(StoreError, match="no database path"):
        Store("")


def test_read_only_store_reads_and_refuses_writes(db_path: Path) -> None:
    with Store(str(db_path)) as s:
        s.add_articles([(article("a1"), 4, ())])
    with Store(str(db_path), read_only=True) as ro:
        assert ro.has_article("a1")
        with pytest.raises(StoreError, match="read-only"):
            with ro.transaction():
                pass  # pragma: no cover
        with pytest.raises(StoreError):
            ro.add_articles([(article("a2"), 4, ())])


def test_close_is_idempotent_and_context_manager_closes(db_path: Path) -> None:
    s = Store(str(db_path))
    s.close()
    s.close()
    with pytest.raises(StoreError):
        s.has_article("a1")
    with Store(str(db_path)) as s2:
        assert not s2.has_article("a1")
    with pytest.raises(StoreError):
        s2.has_article("a1")


def test_driver_errors_are_wrapped(store: Store) -> None:
    with pytest.raises(StoreError, match="SQL statement failed") as info:
        store.run_sql("SELECT * FROM no_such_table")
    assert not isinstance(info.value, duckdb.Error)
    assert isinstance(info.value.__cause__, duckdb.Error)
    assert isinstance(info.value, TrackerError)


# --- another process holds the file --------------------------------------------------------

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
con.close()
"""


@pytest.fixture(params=["other", "daemon"])
def held_database(db_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, Callable[[], None]]]:
    """A migrated database file held open read-write by another process, and a release function.
    The process's command line ends in "tracker daemon" for the ``daemon`` case."""
    Store(str(db_path)).close()
    extra = ["tracker", "daemon"] if request.param == "daemon" else []
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None

    def release() -> None:
        if holder.poll() is None:
            holder.stdin.close()  # type: ignore[union-attr]
            try:
                holder.wait(timeout=30)
            except subprocess.TimeoutExpired:  # pragma: no cover
                holder.kill()
                holder.wait()

    try:
        assert holder.stdout.readline().strip() == "ready"
        yield db_path, release
    finally:
        release()
        holder.stdout.close()


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "read-write"])
def test_database_held_by_another_process_raises_database_locked(
    held_database: tuple[Path, Callable[[], None]], read_only: bool
) -> None:
    path, _ = held_database
    with pytest.raises(DatabaseLocked, match="held by another process") as info:
        Store(str(path), read_only=read_only)
    assert isinstance(info.value, StoreError)
    assert not isinstance(info.value, duckdb.Error)
    message = str(info.value)
    if "tracker daemon" not in message:
        # Another program (a long `tracker ingest`): named with its process id; no daemon advice.
        assert re.search(r"\(process \d+: .*python.* -c ", message) and "wait for it to finish" in message
        return
    # A daemon: what to do instead depends on what the command wanted: readers are told which
    # commands reach a daemon, writers where to send articles.
    assert re.search(r"\(process \d+: tracker daemon\)", message)
    assert ("stop the daemon first" in message) == read_only
    assert ("POST /articles" in message) != read_only


@pytest.mark.parametrize("args", [["demo", "--keep"], ["sql", "SELECT 1"], ["explain", "x"],
                                  ["ingest", "-"]], ids=["demo", "sql", "explain", "ingest"])
def test_commands_on_a_held_database_say_what_to_do(
    held_database: tuple[Path, Callable[[], None]], args: list[str]
) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    path, _ = held_database
    result = CliRunner().invoke(main, ["--db", str(path), *args], input="")
    assert result.exit_code == 1, result.output
    assert "held by another process" in result.output
    assert result.exc_info is None or result.exc_info[0] is SystemExit


def test_database_opens_once_released(held_database: tuple[Path, Callable[[], None]]) -> None:
    path, release = held_database
    with pytest.raises(DatabaseLocked):
        Store(str(path), read_only=True)
    release()
    with Store(str(path), read_only=True) as ro:
        assert ro.schema_version() == len(migrations())


# --- transactions --------------------------------------------------------------------------


def test_transaction_rolls_back_on_exception(store: Store) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        with store.transaction():
            store.add_articles([(article("a1"), 4, ())])
            store.set_checkpoint("feed", 10)
            assert store.has_article("a1")  # visible inside the transaction
            raise RuntimeError("boom")
    assert not store.has_article("a1")
    assert store.checkpoint("feed") is None
    assert count(store, "articles") == 0


def test_transaction_commits(store: Store) -> None:
    with store.transaction():
        store.add_articles([(article("a1"), 4, ())])
        store.set_checkpoint("feed", 10)
    assert store.has_article("a1")
    assert store.checkpoint("feed") == 10


def test_nothing_is_committed_into_a_deleted_or_replaced_file(db_path: Path) -> None:
    # A clean-up job removes the file under a running daemon: its commits would go to an
    # unlinked file and be lost at the stop, after being acknowledged.
    with Store(str(db_path)) as store:
        with store.transaction():
            store.set_checkpoint("a", 1)
        for name in os.listdir(db_path.parent):
            if name.startswith(db_path.name):
                os.unlink(db_path.parent / name)
        with pytest.raises(StoreError, match="was deleted while this process held it"):
            with store.transaction():
                store.set_checkpoint("a", 2)
        db_path.write_bytes(b"another file now")
        with pytest.raises(StoreError, match="was replaced by another file"):
            with store.transaction():
                store.set_checkpoint("a", 3)


def test_closing_interrupts_a_statement_running_in_a_snapshot(db_path: Path) -> None:
    # The daemon stops while a client's long SQL runs: the store closes, the client is told.
    import threading

    store = Store(str(db_path))
    failed: list[str] = []
    started = threading.Event()

    def long_read() -> None:
        try:
            with store.snapshot() as view:
                started.set()
                view.run_sql("SELECT count(*) FROM range(100000000000) a WHERE a.range = -1")
        except StoreError as exc:
            failed.append(str(exc))

    reader = threading.Thread(target=long_read)
    reader.start()
    assert started.wait(5)
    time.sleep(0.2)
    store.close()  # no "connection is busy"
    reader.join(10)
    assert not reader.is_alive() and failed and "nterrupt" in failed[0]
    with pytest.raises(StoreError, match="is closing"):
        with store.snapshot():
            pass


def test_a_snapshot_does_not_wait_for_a_batch_in_progress(db_path: Path) -> None:
    # The daemon's API reads while a batch holds the connection: with read cursors opened
    # beforehand, a read sees the last commit at once instead of waiting for the batch.
    import threading

    with Store(str(db_path)) as store:
        with store.transaction():
            store.set_checkpoint("a", 1)
        store.warm_read_cursors(2)
        holding, release = threading.Event(), threading.Event()

        def batch() -> None:
            with store.transaction():
                store.set_checkpoint("a", 2)
                holding.set()
                release.wait(10)

        writer = threading.Thread(target=batch)
        writer.start()
        assert holding.wait(5)
        began = time.monotonic()
        with store.snapshot() as view:
            seen = view.checkpoint("a")
        waited = time.monotonic() - began
        release.set()
        writer.join(10)
        assert seen == 1 and waited < 2.0, (seen, waited)
        with store.snapshot() as view:
            assert view.checkpoint("a") == 2
        assert len(store._idle) == 2, "the cursors went back to the pool"


def test_a_cursor_that_ran_a_clients_statement_leaves_the_pool(db_path: Path) -> None:
    # A client's SQL may set its session's state (a random seed); the next request must not
    # inherit it through a pooled cursor.
    with Store(str(db_path)) as store:
        store.warm_read_cursors(1)
        with store.snapshot() as view:
            view.run_sql("SELECT setseed(0.42)")
        assert store._idle == [], "not returned to the pool"
        with store.snapshot() as view:
            view.stats()
        assert len(store._idle) == 1, "a cursor used by the tracker's own reads is"


def test_store_usable_after_a_rollback(store: Store) -> None:
    with pytest.raises(ValueError):
        with store.transaction():
            raise ValueError
    with store.transaction():
        store.add_articles([(article("a2"), 4, ())])
    assert store.has_article("a2")


# --- records -------------------------------------------------------------------------------


def test_article_round_trip(store: Store) -> None:
    cet = timezone(timedelta(hours=1))
    original = article(
        "wire-1",
        "Dockworkers walked off the job.\n\nTalks resume Saturday.",
        url="https://tidewater.example/strike",
        source="tidewater.example",
        title="Port strike",
        published_at=datetime(2025, 3, 14, 7, 0, tzinfo=cet),
        lang="en",
        meta=(("author", "Marta Leone"), ("section", "business")),
    )
    store.add_articles([(original, 8, ("reuters",))])
    got = store.article("wire-1")
    assert got == Article(
        article_id="wire-1",
        text=original.text,
        content_hash=original.content_hash,
        url=original.url,
        source=original.source,
        title=original.title,
        published_at=T0,
        lang="en",
        meta=original.meta,
    )
    assert got is not None and got.published_at is not None
    assert got.published_at.utcoffset() == timedelta(0)
    assert store.article("missing") is None


def test_add_articles_is_idempotent_on_article_id(store: Store) -> None:
    store.add_articles([(article("a1", "First version."), 2, ())])
    store.add_articles([(article("a1", "Second version."), 2, ()), (article("a2"), 4, ())])
    store.add_articles([(article("a1", "Third version."), 2, ())])
    assert count(store, "articles") == 2
    stored = store.article("a1")
    assert stored is not None and stored.text == "First version."


def test_add_nothing(store: Store) -> None:
    store.add_articles([])
    store.save_signatures([])
    store.replace_lineage([], [])
    assert count(store, "articles") == 0


def test_ids_with_hash(store: Store) -> None:
    a, b = article("b", "Same text."), article("a", "Same text.")
    store.add_articles([(a, 2, ()), (b, 2, ()), (article("c", "Other text."), 2, ())])
    assert store.ids_with_hash(a.content_hash) == ["a", "b"]
    assert store.ids_with_hash("0" * 16) == []


def test_facts_round_trip(store: Store) -> None:
    store.add_articles(
        [
            (article("w", published_at=T0, source="reuters.com"), 420, ()),
            (article("c", source="dailycourier.com"), 90, ("afp", "reuters")),
        ]
    )
    got = store.facts(["w", "c", "missing"])
    raw = len(article("w").text)
    assert got == {
        "w": ArticleFacts("w", published_at=T0, source="reuters.com", n_words=420, credits=(), raw_chars=raw),
        "c": ArticleFacts(
            "c", published_at=None, source="dailycourier.com", n_words=90, credits=("afp", "reuters"),
            raw_chars=raw,
        ),
    }
    assert store.facts([]) == {}


def test_signatures_round_trip_in_index_order(store: Store) -> None:
    values = np.arange(8, dtype=np.uint32)
    blob = bytes([1]) + values.astype("<u4").tobytes()
    sigs = [
        Signature("b", "verbatim", "v8-x", blob, 12),
        Signature("a", "verbatim", "v8-x", blob, 3),
        Signature("a", "content", "c8-y", blob, 5),
    ]
    store.save_signatures(sigs)
    store.save_signatures([Signature("b", "verbatim", "v8-x", blob, 13)])  # replaced, not duplicated
    got = list(store.signatures())
    assert [(s.article_id, s.family) for s in got] == [("a", "content"), ("a", "verbatim"), ("b", "verbatim")]
    assert got[0] == sigs[2]
    assert got[2].n_shingles == 13
    assert all(isinstance(s.values, bytes) and s.values == blob for s in got)


def test_pairs_round_trip(store: Store) -> None:
    p = PairEvidence("a", "b", 0.42, "copy", "summary", 0.8, 0.9, 0.5, 0.1, 0.3, 1.0, 0.95, 7)
    store.save_pairs([p])
    store.save_pairs([p])
    assert store.pairs() == [p]


ORIGIN = LineageEdge("w", "w", None, "original", 1.0, 1.0, 0.0, 0, 3)
REWRITE = LineageEdge("r", "w", "w", "rewrite", 0.7, 0.9, 0.3, 1, 3)
SUMMARY = LineageEdge("s", "w", "r", "summary", 0.4, 0.8, 0.6, 2, 3)
MATCHES = [
    Match("r", "w", "rewrite", 0.7, 0.9, 0.3, 0.8),
    Match("s", "r", "summary", 0.4, 0.8, 0.6, 0.7),
    Match("s", "w", "summary", 0.35, 0.7, 0.65, 0.75),
]


@pytest.fixture
def family_store(store: Store) -> Store:
    store.add_articles([(article(i, f"Text {i}.", source=f"{i}.example"), 2, ()) for i in ("w", "r", "s")])
    store.replace_lineage([ORIGIN, REWRITE, SUMMARY], MATCHES)
    return store


def test_lineage_round_trip(family_store: Store) -> None:
    assert family_store.lineage("w") == ORIGIN
    assert family_store.lineage("r") == REWRITE
    assert family_store.lineage("s") == SUMMARY
    assert family_store.lineage("missing") is None


def test_path_to_origin(family_store: Store) -> None:
    assert family_store.path_to_origin("s") == ["w", "r", "s"]
    assert family_store.path_to_origin("r") == ["w", "r"]
    assert family_store.path_to_origin("w") == ["w"]
    assert family_store.path_to_origin("missing") == []


def test_matches_of_round_trip(family_store: Store) -> None:
    assert family_store.matches_of("s") == [MATCHES[1], MATCHES[2]]  # most similar first
    assert family_store.matches_of("r") == [MATCHES[0]]
    assert family_store.matches_of("w") == []


def test_replace_lineage_replaces_a_re_decided_family(family_store: Store) -> None:
    # The summary turns out to derive from the origin directly; its old match rows go.
    summary = LineageEdge("s", "w", "w", "summary", 0.35, 0.7, 0.65, 1, 3)
    family_store.replace_lineage([summary], [MATCHES[2]])
    assert family_store.lineage("s") == summary
    assert family_store.matches_of("s") == [MATCHES[2]]
    assert family_store.path_to_origin("s") == ["w", "s"]
    assert count(family_store, "lineage") == 3


def test_family_and_stats(family_store: Store) -> None:
    members = family_store.family("w")
    assert [m["article_id"] for m in members] == ["w", "r", "s"]  # by depth
    assert members[2]["parent_id"] == "r" and members[2]["source"] == "s.example"
    family_store.record_rejects([Rejected("feed.jsonl:3", "text", "text is empty", "{}")])
    assert family_store.stats() == {"articles": 3, "families": 1, "derived": 2, "matches": 3, "rejects": 1}


def test_rejects_and_checkpoints(store: Store) -> None:
    store.record_rejects(
        [
            Rejected("stdin:1", "json", "not JSON", "{oops"),
            Rejected("stdin:2", "published_at", "no time zone", "{}"),
        ]
    )
    rows = store.run_query("rejects_recent", {"limit": 10})
    # One batch shares its time: the later record comes first, every time.
    assert [(r["origin"], r["field"], r["reason"]) for r in rows] == [
        ("stdin:2", "published_at", "no time zone"),
        ("stdin:1", "json", "not JSON"),
    ]
    assert store.checkpoint("feed") is None
    store.set_checkpoint("feed", 5)
    store.set_checkpoint("feed", 9)
    assert store.checkpoint("feed") == 9
    assert store.checkpoint("other") is None


def test_migration_3_marks_the_crawl_times_of_articles_stored_before(store: Store) -> None:
    # Stored as intake did before it marked crawl times: published_at is the fetch time.
    crawled = article("crawled", published_at=T0, meta=(("fetched_at", "2025-03-14T06:00:00Z"),))
    dated = article("dated", text="Another body.", published_at=T0 - timedelta(days=2),
                    meta=(("fetched_at", "2025-03-14T06:00:00Z"),))
    store.add_articles([(crawled, 5, ()), (dated, 2, ())])
    assert store.article("crawled").stated_time == T0  # type: ignore[union-attr]
    store.run_sql("DELETE FROM schema_version WHERE version >= 3")  # later migrations re-run too
    assert store.migrate() == len(migrations())
    marked = store.article("crawled")
    assert marked is not None and marked.stated_time is None and marked.published_at == T0
    assert dict(marked.meta) == {"fetched_at": "2025-03-14T06:00:00Z", "published_from": "fetched_at"}
    assert store.article("dated").stated_time == T0 - timedelta(days=2)  # type: ignore[union-attr]
    facts = store.facts(["crawled", "dated"])
    assert facts["crawled"].time_bound and not facts["dated"].time_bound


@pytest.mark.parametrize("mark", BOUND_TIMES)
def test_every_kind_of_bound_time_reaches_the_lineage_facts(store: Store, mark: str) -> None:
    bound = article("bound", published_at=T0, meta=(("published_from", mark),))
    stated = article("stated", text="Another body.", published_at=T0, meta=(("published_from", "page"),))
    store.add_articles([(bound, 5, ()), (stated, 2, ())])
    assert store.article("bound").stated_time is None  # type: ignore[union-attr]
    facts = store.facts(["bound", "stated"])
    assert facts["bound"].time_bound and not facts["stated"].time_bound
    assert facts["bound"].published_at == T0


def test_a_reject_repeats_only_from_its_own_origin_or_another_http_request(store: Store) -> None:
    unreadable = "cannot be read: no such file or directory"
    store.record_rejects([Rejected("in/a.txt", "file", unreadable, "no such file or directory"),
                          Rejected("in/b.txt", "file", unreadable, "no such file or directory")])
    store.record_rejects([Rejected("in/a.txt", "file", unreadable, "no such file or directory")])  # again
    # One request sent twice (two tickets), and read back from the spool after a 202: one item.
    empty = '{"id": "x", "text": ""}'
    store.record_rejects([Rejected("http:1a2b-1:0", "text", "is empty", empty)])
    store.record_rejects([Rejected("http:1a2b-2:0", "text", "is empty", empty),
                          Rejected("/var/lib/t.duckdb.spool/http-1a2b-1.jsonl:1", "text", "is empty", empty)])
    rows = store.run_query("rejects_recent", {"limit": 10})
    assert sorted(r["origin"] for r in rows) == ["http:1a2b-1:0", "in/a.txt", "in/b.txt"]


def test_the_upgrade_to_schema_12_rewrites_stored_credits_as_keys_are_now_written(db_path: Path) -> None:
    # Keys lost their accents and hyphens in schema 11; credits stored before kept "harbour-herald",
    # and a credited copy would have been listed by uncredited_copies after the upgrade.
    # (Schema 12 rewrites them; a database already at 11 gets it too.)
    with Store(str(db_path)) as s:
        s.run_sql("INSERT INTO articles (article_id, source, ingested_at, content_hash, n_words, text, credits, cited) "
                  "VALUES ('a', 'copier.example', now(), 'h', 3, 'x', ['harbour-herald', 'elpaís'], ['expansión'])")
        s.run_sql("DELETE FROM schema_version WHERE version >= 12")
    with Store(str(db_path)) as s:
        _, rows = s.run_sql("SELECT credits, cited FROM articles")
        assert rows == [(["harbourherald", "elpais"], ["expansion"])]
        _, credited = s.run_sql("SELECT credits_brand(credits, outlet_key('https://harbour-herald.example/x')) "
                                "FROM articles")
        assert credited == [(True,)]


def test_migration_016_reads_the_mentions_of_the_articles_stored_before_it(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # At 14 (no mentions), and at 15 (mentions of outlet and words, as migration 015 made them).
    for before in (14, 15):
        _mentions_after_upgrade(db_path.with_name(f"v{before}.duckdb"), before, monkeypatch)


def _mentions_after_upgrade(db_path: Path, version: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.store import backfill, connection

    monkeypatch.setattr(connection, "migrations", lambda: migrations()[:version])
    with Store(str(db_path)) as old:
        assert old.schema_version() == version
        for n, (text, source) in enumerate([
                ("Prices rose, the minister told Reuters on Monday.", "copier.example"),
                ("Prices rose, the minister told Reuters on Monday.", "reuters.com"),  # its own name
                ("LONDON (Reuters) - Prices rose.", "copier.example"),
                ("Nothing credited here at all.", None)]):
            old.run_sql(f"INSERT INTO articles (article_id, source, ingested_at, content_hash, n_words, text) "
                        f"VALUES ('a{n}', {'NULL' if source is None else repr(source)}, now(), 'h{n}', 8, {text!r})")
        if version == 15:  # as 015 wrote them: read again
            old.run_sql("UPDATE articles SET mentions = [{'outlet': 'reuters', 'words': 'the minister told Reuters'}] "
                        "WHERE article_id IN ('a0', 'a1')")
    monkeypatch.undo()
    monkeypatch.setattr(backfill, "CHUNK", 3)  # more than one chunk
    with Store(str(db_path)) as new:
        assert new.schema_version() == len(migrations())
        _, rows = new.run_sql("SELECT article_id, mentions FROM articles ORDER BY article_id")
    assert rows == [("a0", [{"outlet": "reuters", "before": "prices rose the minister", "words": "told reuters",
                             "after": "on monday"}]), ("a1", []), ("a2", []), ("a3", [])]


def test_migration_017_hashes_the_words_of_the_articles_stored_before_it(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.normalize import article_hash
    from tracker.store import backfill, connection

    monkeypatch.setattr(connection, "migrations", lambda: migrations()[:16])
    # a0 is a pasted text whose first line is its headline; a3 a record whose text repeats its
    # title, which counts.
    texts = [("Harbour budget approved\n\nThe council approved it.\n", "Harbour budget approved"),
             ("The council approved it.", None), ("Other news.\n\n\nMore of it.", "Other"),
             ("Harbour budget approved\n\nThe council approved it.", "Harbour budget approved")]
    with Store(str(db_path)) as old:
        for n, (text, title) in enumerate(texts):
            sql_text = " || chr(10) || ".join(repr(line) for line in text.split("\n"))
            meta = "'{\"title_from\": \"first line\"}'" if n == 0 else "NULL"
            old.run_sql(f"INSERT INTO articles (article_id, title, ingested_at, content_hash, n_words, text, meta) "
                        f"VALUES ('a{n}', {'NULL' if title is None else repr(title)}, now(), "
                        f"{content_hash(text)!r}, 4, {sql_text}, {meta})")
    monkeypatch.undo()
    monkeypatch.setattr(backfill, "CHUNK", 2)  # more than one chunk
    with Store(str(db_path)) as new:
        assert new.schema_version() == len(migrations())
        _, rows = new.run_sql("SELECT article_id, content_hash FROM articles ORDER BY article_id")
        assert new.run_sql("SELECT text FROM articles ORDER BY article_id")[1] == [(text,) for text, _ in texts]
        assert rows == [(f"a{n}", article_hash(text, title if n == 0 else None)) for n, (text, title) in enumerate(texts)]
        # The first two are one text now: a headline on top and a trailing newline aside.
        assert rows[0][1] == rows[1][1] != rows[2][1] and rows[3][1] not in (rows[0][1], rows[2][1])
        assert new.ids_with_hash(article_hash("The council approved it.\n\n")) == ["a0", "a1"]

