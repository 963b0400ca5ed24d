"""ingest.spool: files renamed in are read, moved only after commit, resumed at their checkpoint;
half-written names are never read; unusable files go to rejected/ with a reason file."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.clock import FakeClock
from ingest.daemon import Daemon
from ingest.parse import RawItem
from ingest.pipeline import Pipeline
from ingest.spool import SpoolSource, write_spool_file
from tracker.config import TrackerConfig
from tracker.store import Store


@pytest.fixture
def small(config: TrackerConfig) -> TrackerConfig:
    return dataclasses.replace(config, daemon=dataclasses.replace(config.daemon, batch_size=2, batch_age_s=1.0))


@pytest.fixture
def db(config: TrackerConfig) -> Iterator[Store]:
    with Store(config.store.path) as store:
        yield store


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def step_until_idle(daemon: Daemon, clock: FakeClock, rounds: int = 30) -> None:
    for _ in range(rounds):
        taken = daemon.run_once()
        clock.advance(1.0)
        if taken == 0 and not daemon.queue_depth():
            daemon.run_once()
            if daemon.run_once() == 0:
                return


def test_files_are_ingested_and_moved_to_done(tmp_path: Path, small: TrackerConfig, db: Store,
                                              example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:3]))
    write_spool_file(spool, "b.txt", str(example_records[3]["text"]).encode())
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 4
    assert sorted(p.name for p in (spool / "done").iterdir()) == ["a.jsonl", "b.txt"]
    assert [p.name for p in spool.iterdir() if p.is_file()] == []


def test_half_written_files_are_not_read(tmp_path: Path, small: TrackerConfig, db: Store,
                                         example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    (spool / ".incoming.jsonl").write_bytes(jsonl(example_records[:1]))
    (spool / "x.jsonl.tmp").write_bytes(jsonl(example_records[1:2]))
    (spool / "y.jsonl.part").write_bytes(b'{"text": "half a rec')
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 0
    assert sorted(p.name for p in spool.iterdir() if p.is_file()) == [".incoming.jsonl", "x.jsonl.tmp", "y.jsonl.part"]
    os.replace(spool / "x.jsonl.tmp", spool / "x.jsonl")
    clock.advance(5)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 1


def test_a_file_still_being_written_is_read_once_it_stops_changing(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    # A producer writes into the spool itself (cp, or "producer > spool/feed.jsonl"): a file
    # modified within the settle time is not read yet.
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint, settle_s=60.0)
    (spool / "feed.jsonl").write_bytes(jsonl(example_records[:2]))
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 0 and (spool / "feed.jsonl").exists()
    old = os.stat(spool / "feed.jsonl").st_mtime - 120
    os.utime(spool / "feed.jsonl", (old, old))
    clock.advance(5)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 2 and (spool / "done" / "feed.jsonl").exists()
    # A file dated in the future (a clock set back) is read, not left for ever.
    (spool / "future.jsonl").write_bytes(jsonl(example_records[2:3]))
    ahead = os.stat(spool / "future.jsonl").st_mtime + 600
    os.utime(spool / "future.jsonl", (ahead, ahead))
    clock.advance(5)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 3


def test_a_file_written_to_while_read_is_read_again_not_moved(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    # Three records and half of the fourth are there when the file is read through; the rest
    # is written after (a producer writing into the spool itself). The file is not moved to
    # done/ with a record never read whole: it changed since it was opened, and is read again
    # (its stored records are duplicates).
    whole = jsonl(example_records[:5])
    cut = len(jsonl(example_records[:3])) + 20
    spool = tmp_path / "spool"

    class Written(SpoolSource):
        rest = True

        def commit(self, deliveries: Any, result: Any) -> None:
            super().commit(deliveries, result)
            if self.rest and any(not d.item.payload.rstrip().endswith(b"}") for d in deliveries):
                self.rest = False
                with open(spool / "feed.jsonl", "ab") as fh:
                    fh.write(whole[cut:])

    clock = FakeClock()
    source = Written(spool, clock, db.checkpoint)
    (spool / "feed.jsonl").write_bytes(whole[:cut])
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert not source.rest and db.stats()["articles"] == 5
    assert (spool / "done" / "feed.jsonl").read_bytes() == whole


def test_unusable_files_go_to_rejected_with_reasons(tmp_path: Path, small: TrackerConfig, db: Store,
                                                    example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    write_spool_file(spool, "bad.jsonl", b'{"title": "no text"}\nnot json\n')
    write_spool_file(spool, "mixed.jsonl", jsonl(example_records[:1]) + b'{"text": 5}\n')
    write_spool_file(spool, "empty.jsonl", b"")
    write_spool_file(spool, "notes.pdf", b"%PDF-1.4")
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    rejected = spool / "rejected"
    assert sorted(p.name for p in rejected.iterdir()) == [
        "bad.jsonl", "bad.jsonl.reason", "empty.jsonl", "empty.jsonl.reason", "notes.pdf", "notes.pdf.reason"]
    reasons = (rejected / "bad.jsonl.reason").read_text().splitlines()
    assert len(reasons) == 2 and "text: is missing" in reasons[0] and "malformed JSON" in reasons[1]
    assert "unsupported file type .pdf" in (rejected / "notes.pdf.reason").read_text()
    done = spool / "done"
    assert sorted(p.name for p in done.iterdir()) == ["mixed.jsonl", "mixed.jsonl.reason"]
    assert "text: must be a string" in (done / "mixed.jsonl.reason").read_text()
    assert "empty file: it holds no item" in (rejected / "empty.jsonl.reason").read_text()
    assert db.stats() == {**db.stats(), "articles": 1, "rejects": 5}, "bad.jsonl 2, mixed.jsonl 1, empty, pdf"
    _, rows = db.run_sql("SELECT field, reason FROM rejects WHERE origin LIKE '%empty.jsonl'")
    assert rows == [("file", "empty file: it holds no item")]


def test_a_file_of_an_unsupported_type_gets_a_dead_letter_row(tmp_path: Path, small: TrackerConfig,
                                                               db: Store) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    junk = b"\x89BIN\x00\x01\xfe" * 4
    write_spool_file(spool, "junk.bin", junk)
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert sorted(p.name for p in (spool / "rejected").iterdir()) == ["junk.bin", "junk.bin.reason"]
    _, rows = db.run_sql("SELECT origin, field, reason, payload_bytes FROM rejects")
    assert rows == [(str(spool / "junk.bin"), "file", rows[0][2], junk)]
    assert rows[0][2].startswith("unsupported file type .bin; use one of .jsonl, ")
    assert f"{spool / 'junk.bin'}: file: {rows[0][2]}" in (spool / "rejected" / "junk.bin.reason").read_text()


def test_a_compressed_warc_is_read_not_taken_for_an_unsupported_gz(tmp_path: Path, small: TrackerConfig,
                                                                   db: Store) -> None:
    pytest.importorskip("warcio", reason="warcio (dev extra) writes the test archive")
    from tests.ingest.test_warc import crawl, write_warc

    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    write_warc(tmp_path / "crawl.warc.gz", crawl())
    os.replace(tmp_path / "crawl.warc.gz", spool / "crawl.warc.gz")
    step_until_idle(Daemon(db, small, [source], clock), clock)
    assert db.stats()["articles"] >= 1
    assert sorted(p.name for p in (spool / "done").iterdir()) == ["crawl.warc.gz", "crawl.warc.gz.reason"]
    # Beside it, what gave no article, once per reason.
    said = (spool / "done" / "crawl.warc.gz.reason").read_text().splitlines()
    assert "crawl.warc.gz: skipped: warc: HTTP 404" in said and len(said) == len(set(said))


def test_file_stays_until_its_items_commit_and_is_reread_after_abort(
        tmp_path: Path, db: Store, example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:2]))
    first = source.poll(10)
    assert len(first) == 2
    assert (spool / "a.jsonl").exists(), "not moved before the batch commits"
    source.abort(first, "simulated failure")
    again = source.poll(10)
    assert [d.item.payload for d in again] == [d.item.payload for d in first]
    assert (spool / "a.jsonl").exists()


def test_restart_resumes_a_large_file_at_its_checkpoint(tmp_path: Path, small: TrackerConfig,
                                                        example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    write_spool_file(spool, "big.jsonl", jsonl(example_records[:5]))
    clock = FakeClock()
    with Store(small.store.path) as store:
        source = SpoolSource(spool, clock, store.checkpoint)
        daemon = Daemon(store, small, [source], clock)
        daemon.run_once()
        assert store.stats()["articles"] == 2
    # "crash": the file is still in the spool; a new daemon resumes after the committed lines
    with Store(small.store.path) as store:
        source = SpoolSource(spool, clock, store.checkpoint)
        daemon = Daemon(store, small, [source], clock)
        step_until_idle(daemon, clock)
        assert store.stats()["articles"] == 5
        assert daemon.metrics.value("tracker_articles_duplicate_total") == 0, "committed lines are not repeated"
    assert (spool / "done" / "big.jsonl").exists()


def test_a_new_file_under_an_old_name_starts_from_zero(tmp_path: Path, small: TrackerConfig, db: Store,
                                                       example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    daemon = Daemon(db, small, [source], clock)
    write_spool_file(spool, "feed.jsonl", jsonl(example_records[:3]))
    step_until_idle(daemon, clock)
    write_spool_file(spool, "feed.jsonl", jsonl(example_records[3:7]))
    clock.advance(5)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 7
    assert sorted(p.name for p in (spool / "done").iterdir()) == ["feed.1.jsonl", "feed.jsonl"]


def test_stop_counts_the_items_left_in_the_spool(tmp_path: Path, small: TrackerConfig, db: Store,
                                                example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:5]))
    os.utime(spool / "a.jsonl", ns=(1, 1))  # read first
    write_spool_file(spool, "b.txt", str(example_records[5]["text"]).encode())
    write_spool_file(spool, "c.json", json.dumps(example_records[6:9]).encode())
    write_spool_file(spool, ".d.jsonl.tmp", jsonl(example_records[9:10]))
    log: list[dict[str, Any]] = []
    daemon = Daemon(db, small, [source], clock, log=log.append)
    daemon.run_once()
    assert db.stats()["articles"] == 2, "one batch of two lines of a.jsonl is committed"
    daemon.request_stop()
    assert daemon.run() == 0
    stopped = log[-1]
    assert stopped["event"] == "stopped"
    assert stopped["left_unprocessed"] == 3 + 1 + 3, "a.jsonl past its checkpoint, b.txt, c.json's records"
    assert stopped["left_by_source"] == {"spool": 7}
    assert sorted(p.name for p in spool.iterdir() if p.is_file()) == [
        ".d.jsonl.tmp", "a.jsonl", "b.txt", "c.json"]


def test_records_stored_already_are_not_counted_as_left(tmp_path: Path, small: TrackerConfig, db: Store,
                                                       example_records: list[dict[str, Any]]) -> None:
    # An HTTP request spilled to the spool after its wait ran out, whose batch then committed
    # its records: nothing of it is left to do.
    spool = tmp_path / "spool"
    Pipeline(db, small).process([RawItem("http", json.dumps(r).encode()) for r in example_records[:3]])
    counting = SpoolSource(spool, FakeClock(), db.checkpoint, stored=lambda ids: db.existing(ids))
    write_spool_file(spool, "http-1a2b-1.jsonl", jsonl(example_records[:5]))
    assert counting.unprocessed() == 2
    assert SpoolSource(spool, FakeClock(), db.checkpoint).unprocessed() == 5


def test_a_link_to_nothing_is_rejected_and_a_folder_is_named_once(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    log: list[dict[str, Any]] = []
    source = SpoolSource(spool, clock, db.checkpoint, log=log.append)
    (spool / "dangling.jsonl").symlink_to(tmp_path / "not-there.jsonl")
    (spool / "batch-7").mkdir()
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:1]))
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 1
    _, rows = db.run_sql("SELECT origin, reason FROM rejects")
    assert rows == [(f"{spool}/dangling.jsonl",
                     f"cannot be read: a link to nothing ({tmp_path}/not-there.jsonl: no such file or directory)")]
    assert sorted(p.name for p in (spool / "rejected").iterdir()) == ["dangling.jsonl", "dangling.jsonl.reason"]
    for _ in range(3):
        clock.advance(5)
        daemon.run_once()
    folders = [e for e in log if e.get("error") == "a folder in the spool is not read"]
    assert [e["file"] for e in folders] == ["batch-7"]


def test_a_link_to_a_named_pipe_or_a_device_is_rejected_unread(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    # Opening the pipe had blocked the daemon's loop until a writer came; /dev/zero never ends.
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    os.mkfifo(tmp_path / "pipe")
    (spool / "pipe.txt").symlink_to(tmp_path / "pipe")
    (spool / "pipe.bin").symlink_to(tmp_path / "pipe")
    (spool / "zero.jsonl").symlink_to("/dev/zero")
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:1]))
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 1
    _, rows = db.run_sql("SELECT origin, reason FROM rejects ORDER BY origin")
    assert rows == [(f"{spool}/pipe.bin", "cannot be read: not a regular file (a named pipe)"),
                    (f"{spool}/pipe.txt", "cannot be read: not a regular file (a named pipe)"),
                    (f"{spool}/zero.jsonl", "cannot be read: not a regular file (a character device)")]
    assert sorted(p.name for p in (spool / "rejected").iterdir() if not p.name.endswith(".reason")) == [
        "pipe.bin", "pipe.txt", "zero.jsonl"]


def test_a_file_renamed_over_one_being_read_is_read_too(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    # The new file had been moved to done/ unread: its records were acknowledged and lost.
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    first = [dict(r, id=f"first-{n}") for n, r in enumerate(example_records[:6])]
    second = [dict(r, id=f"second-{n}") for n, r in enumerate(example_records[6:9])]
    write_spool_file(spool, "feed.jsonl", jsonl(first))
    daemon = Daemon(db, small, [source], clock)
    daemon.run_once()  # one batch of the first file read
    assert 0 < db.stats()["articles"] < len(first)
    write_spool_file(spool, "feed.jsonl", jsonl(second))  # renamed over it
    step_until_idle(daemon, clock)
    _, rows = db.run_sql("SELECT article_id FROM articles ORDER BY article_id")
    stored = [r[0] for r in rows]
    assert [i for i in stored if i.startswith("second-")] == ["second-0", "second-1", "second-2"]
    assert (spool / "done" / "feed.jsonl").read_bytes() == jsonl(second)


def test_a_file_of_the_same_size_and_time_renamed_over_one_being_read_is_read_too(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    # Copied with its time kept (cp -p, rsync -t), it had taken the old file's checkpoint: its
    # records were skipped as read, and the file moved to done/.
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    first = [dict(r, id=f"first-{n}") for n, r in enumerate(example_records[:6])]
    other = [dict(r, id=f"other-{n}") for n, r in enumerate(example_records[:6])]
    path = write_spool_file(spool, "feed.jsonl", jsonl(first))
    daemon = Daemon(db, small, [source], clock)
    daemon.run_once()
    assert 0 < db.stats()["articles"] < len(first)
    held = path.stat()
    tmp = spool / ".feed.jsonl.tmp"
    tmp.write_bytes(jsonl(other))
    assert tmp.stat().st_size == held.st_size
    os.utime(tmp, ns=(held.st_atime_ns, held.st_mtime_ns))
    os.replace(tmp, path)
    step_until_idle(daemon, clock)
    _, rows = db.run_sql("SELECT article_id FROM articles WHERE article_id LIKE 'other-%' ORDER BY 1")
    assert [r[0] for r in rows] == [f"other-{n}" for n in range(6)]


def test_waiting_counts_the_files_that_arrived_while_one_is_read(
        tmp_path: Path, db: Store, example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    write_spool_file(spool, "big.jsonl", jsonl(example_records * 3))
    assert len(source.poll(2)) == 2, "the big file is open, its rest unread"
    for n in range(5):
        write_spool_file(spool, f"more-{n}.jsonl", jsonl(example_records[:1]))
    assert source.waiting() == 6


def test_write_spool_file_leaves_no_temporary(tmp_path: Path) -> None:
    path = write_spool_file(tmp_path, "x.jsonl", b"{}\n")
    assert path.read_bytes() == b"{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.jsonl"]


def test_a_linked_file_and_a_file_name_that_is_not_utf8_are_read(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    outside = tmp_path / "outside.jsonl"
    outside.write_bytes(jsonl(example_records[:1]))
    (spool / "linked.jsonl").symlink_to(outside)
    # A latin-1 file name (as a Windows share or an old archive gives it): bytes, not UTF-8.
    write_spool_file(spool, "x.jsonl", jsonl(example_records[1:2]))
    os.rename(os.path.join(os.fsencode(spool), b"x.jsonl"), os.path.join(os.fsencode(spool), b"caf\xe9.jsonl"))
    write_spool_file(spool, "empty.txt", b"")
    os.rename(os.path.join(os.fsencode(spool), b"empty.txt"), os.path.join(os.fsencode(spool), b"vide\xe9.txt"))
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 2
    assert sorted(os.listdir(os.fsencode(spool / "done"))) == [b"caf\xe9.jsonl", b"linked.jsonl"]
    assert outside.exists(), "the link moved, not the file it points to"
    _, rows = db.run_sql("SELECT origin, reason FROM rejects")
    assert rows == [(f"{spool}/vide\\xe9.txt", "is empty")]
    reason = os.listdir(os.fsencode(spool / "rejected"))
    assert sorted(reason) == [b"vide\xe9.txt", b"vide\xe9.txt.reason"]


def test_spool_folders_removed_while_running_are_made_again(tmp_path: Path, small: TrackerConfig, db: Store,
                                                          example_records: list[dict[str, Any]]) -> None:
    import shutil

    spool = tmp_path / "spool"
    clock = FakeClock()
    events: list[dict[str, Any]] = []
    source = SpoolSource(spool, clock, db.checkpoint, log=events.append)
    daemon = Daemon(db, small, [source], clock, log=events.append)
    shutil.rmtree(spool / "done")  # a clean-up job took done/ away
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:2]))
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 2 and (spool / "done" / "a.jsonl").exists()
    shutil.rmtree(spool)  # the whole spool, even
    step_until_idle(daemon, clock)
    write_spool_file(spool, "b.jsonl", jsonl(example_records[2:3]))
    for _ in range(5):
        daemon.run_once()
        clock.advance(1.0)
    assert db.stats()["articles"] == 3 and (spool / "done" / "b.jsonl").exists()
    assert not [e for e in events if e["event"] in ("source_error", "spool_error")]


def test_a_file_that_cannot_be_moved_is_not_read_again(tmp_path: Path, small: TrackerConfig, db: Store,
                                                      example_records: list[dict[str, Any]],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    events: list[dict[str, Any]] = []
    source = SpoolSource(spool, clock, db.checkpoint, log=events.append)
    daemon = Daemon(db, small, [source], clock, log=events.append)
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:2]))
    real_replace = os.replace

    def full_disk(src: Any, dst: Any) -> None:
        if "done" in str(dst):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("ingest.spool.os.replace", full_disk)
    read: list[int] = []
    process = daemon.flush

    def counting() -> Any:
        read.append(len(daemon._batch))
        return process()

    monkeypatch.setattr(daemon, "flush", counting)
    step_until_idle(daemon, clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 2 and (spool / "a.jsonl").exists()
    assert sum(read) == 2, "the file's items were read once, not at every listing"
    assert [e["file"] for e in events if e["event"] == "spool_error"] == ["a.jsonl"], "said once"
    monkeypatch.setattr("ingest.spool.os.replace", real_replace)  # space again: the move is retried
    step_until_idle(daemon, clock)
    assert (spool / "done" / "a.jsonl").exists() and not (spool / "a.jsonl").exists()
    assert sum(read) == 2
    assert [(e["file"], e["to"]) for e in events if e["event"] == "spool_file"] == [("a.jsonl", "done")]


def test_a_spool_file_named_with_a_control_character_is_rejected_as_any_other(
        tmp_path: Path, small: TrackerConfig, db: Store) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    write_spool_file(spool, "bad\x1bname.jsonl", b'{"text": ""}\n')
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert [p.name for p in (spool / "rejected").iterdir()] and not list((spool / "done").iterdir())
    assert db.stats()["rejects"] == 1


def test_a_source_that_fails_is_logged_and_retried_and_the_daemon_goes_on(
        tmp_path: Path, small: TrackerConfig, db: Store, example_records: list[dict[str, Any]]) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    events: list[dict[str, Any]] = []
    source = SpoolSource(spool, clock, db.checkpoint, log=events.append)
    calls = {"n": 0}
    poll = source.poll

    def failing(limit: int) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(5, "Input/output error")
        return poll(limit)

    source.poll = failing  # type: ignore[method-assign]
    daemon = Daemon(db, small, [source], clock, log=events.append)
    write_spool_file(spool, "a.jsonl", jsonl(example_records[:2]))
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 0  # the source is asked again after SOURCE_RETRY_S
    clock.advance(10.0)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 2
    [error] = [e for e in events if e["event"] == "source_error"]
    assert error["source"] == "spool" and "Input/output error" in error["error"]


def test_a_spool_that_cannot_be_listed_makes_the_daemon_degraded(tmp_path: Path, small: TrackerConfig,
                                                               db: Store) -> None:
    spool = tmp_path / "spool"
    clock = FakeClock()
    source = SpoolSource(spool, clock, db.checkpoint)
    daemon = Daemon(db, small, [source], clock)
    daemon.ready.set()
    step_until_idle(daemon, clock)
    assert daemon.health()["status"] == "ok" and "source_errors" not in daemon.health()
    for folder in (spool / "done", spool / "rejected"):
        folder.rmdir()
    spool.rmdir()
    spool.write_text("a file where the spool folder was")  # a clean-up job's mistake
    clock.advance(5)
    step_until_idle(daemon, clock)
    health = daemon.health()
    assert health["status"] == "degraded" and "cannot list the spool" in health["source_errors"]["spool"]
    assert "tracker_sources_failing 1" in daemon.metrics.render()
    spool.unlink()  # put right: the folder is made again at the next listing
    clock.advance(5)
    step_until_idle(daemon, clock)
    assert daemon.health()["status"] == "ok"


def test_a_feed_file_whose_entries_give_no_article_says_why(tmp_path: Path, small: TrackerConfig, db: Store,
                                                            example_records: list[dict[str, Any]]) -> None:
    # Entries with only a link go to rejected/ with that reason, not "no items (empty file)";
    # a feed cut short keeps the entries before the break and says the rest are lost.
    spool = tmp_path / "spool"
    clock = FakeClock()
    links = ('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
             '<item><title>Harbour strike</title><link>https://w.example/1</link></item></channel></rss>')
    items = "".join(f"<item><title>{r['title']}</title><link>https://w.example/{r['id']}</link>"
                    f"<content:encoded><![CDATA[<p>{r['text']}</p>]]></content:encoded></item>"
                    for r in example_records[:2])
    whole = ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
             f"<channel><title>W</title>{items}</channel></rss>")
    events: list[dict[str, Any]] = []
    source = SpoolSource(spool, clock, db.checkpoint, log=events.append)
    write_spool_file(spool, "links.xml", links.encode())
    write_spool_file(spool, "cut.xml", whole[:whole.rindex("<item>") + 40].encode())
    daemon = Daemon(db, small, [source], clock)
    step_until_idle(daemon, clock)
    assert db.stats()["articles"] == 1
    assert (spool / "rejected" / "links.xml").exists() and (spool / "done" / "cut.xml").exists()
    said = (spool / "rejected" / "links.xml.reason").read_text()
    assert "gave no article: feed: entry has only a link" in said and "empty file" not in said
    assert "not well-formed XML" in (spool / "done" / "cut.xml.reason").read_text()
    moved = {e["file"]: e for e in events if e.get("event") == "spool_file"}
    assert moved["links.xml"]["rejected_items"] == 1 and "skipped" not in moved["links.xml"]
    assert moved["cut.xml"]["skipped"] >= 1 and "rejected_items" not in moved["cut.xml"]
    # The file that gave nothing is a dead letter, as a file of a type intake does not read is.
    _, rows = db.run_sql("SELECT field, reason FROM rejects")
    assert [(f, r.split(":")[0]) for f, r in rows] == [("file", "gave no article")], rows
