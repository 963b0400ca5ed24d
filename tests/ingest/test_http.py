"""ingest.http and tracker.client: intake answers after commit, back-pressure, the read side,
and hostile requests (oversized, malformed, unauthenticated, slow, too many)."""

from __future__ import annotations

import dataclasses
import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from click.testing import CliRunner

from ingest.clock import SystemClock
from ingest.daemon import Daemon
from ingest.http import Api, ApiServer, split_body
from ingest.http import api as http_api
from ingest.http import server as http_server
from ingest.http_intake import HttpIntake
from ingest.parse import PAYLOAD_LIMIT, RawItem
from ingest.spool import SpoolSource
from tracker.cli import main
from tracker.client import DaemonClient, advert_path, find_daemon, remove_advert, write_advert
from tracker.config import TrackerConfig
from tracker.errors import InvalidArticle
from tracker.store import Store


@dataclass
class Served:
    port: int
    daemon: Daemon
    store: Store
    api: Api
    spool: Path

    def call(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            answer = conn.getresponse()
            raw = answer.read()
            kind = answer.getheader("Content-Type", "")
            data = json.loads(raw) if "json" in kind else raw.decode()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, data
        finally:
            conn.close()


Factory = Callable[..., Served]


@pytest.fixture
def serve(tmp_path: Path, config: TrackerConfig) -> Iterator[Factory]:
    running: list[tuple[Daemon, threading.Thread | None, ApiServer, Store]] = []

    def start(token: str | None = None, capacity: int = 256, loop: bool = True, wait_s: float = 10.0,
              max_connections: int = 16) -> Served:
        cfg = dataclasses.replace(config, daemon=dataclasses.replace(config.daemon, batch_size=16, batch_age_s=0.05))
        store = Store(cfg.store.path)
        intake = HttpIntake(capacity)
        daemon = Daemon(store, cfg, [intake], SystemClock(), drain_s=1.0)
        spool = tmp_path / "spool"
        spool.mkdir(exist_ok=True)
        api = Api(daemon, intake, token, spool, wait_s)
        server = ApiServer(("127.0.0.1", 0), api, max_connections=max_connections)
        server.serve_in_thread()
        thread = None
        daemon.start()
        if loop:
            thread = threading.Thread(target=daemon.run, daemon=True)
            thread.start()
        running.append((daemon, thread, server, store))
        return Served(server.port, daemon, store, api, spool)

    yield start
    for daemon, thread, server, store in running:
        daemon.request_stop()
        if thread is not None:
            thread.join(10)
        server.shutdown()
        server.server_close()
        store.close()


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (bounded)."""
    chunks = []
    for _ in range(100):
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def drain_spool(s: Served) -> None:
    """Run the daemon (not looping on its own) on its spool until the spool is empty."""
    s.daemon.sources.append(SpoolSource(s.spool, SystemClock(), s.store.checkpoint))
    for _ in range(20):
        s.daemon.run_once()
        s.daemon.flush()
        if not [p for p in s.spool.iterdir() if p.is_file()]:
            break


def body_of(records: list[dict[str, Any]]) -> bytes:
    return b"\n".join(json.dumps(r).encode() for r in records)


def test_post_one_record_answers_after_commit(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    status, _, data = s.call("POST", "/articles", json.dumps(example_records[0]).encode())
    assert status == 200
    assert data["articles"] == [{"id": "ex-wire", "status": "stored", "origin": "ex-wire", "parent": None,
                                 "relation": "original", "lineage_url": "/lineage/ex-wire"}]
    assert s.store.has_article("ex-wire"), "acknowledged means committed"
    status, _, data = s.call("POST", "/articles", json.dumps(example_records[0]).encode())
    assert status == 200 and data["articles"][0]["status"] == "duplicate"


def test_post_jsonl_reports_each_article(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    body = body_of(example_records[:3]) + b"\n{not json\n" + json.dumps({"title": "x"}).encode()
    status, _, data = s.call("POST", "/articles", body, {"Content-Type": "application/x-ndjson"})
    assert status == 200
    got = [(a["id"], a["status"]) for a in data["articles"]]
    assert got == [("ex-wire", "stored"), ("ex-copy", "stored"), ("ex-rewrite", "stored"),
                   (None, "rejected"), (None, "rejected")]
    assert "malformed JSON" in data["articles"][3]["reason"]
    assert data["articles"][4]["reason"].startswith("text: is missing")
    assert {a["origin"] for a in data["articles"][:3]} <= {"ex-wire", "ex-copy", "ex-rewrite"}
    rejects = s.store.run_query("rejects_recent", {"limit": 10})
    assert len(rejects) == 2, "bad records are kept in the dead-letter table"
    # The same request sent again (a new ticket, so another origin): its rejects keep their rows.
    status, _, again = s.call("POST", "/articles", body, {"Content-Type": "application/x-ndjson"})
    assert status == 200 and [a["status"] for a in again["articles"]][3:] == ["rejected", "rejected"]
    assert len(s.store.run_query("rejects_recent", {"limit": 10})) == 2


def test_a_client_that_sends_a_body_over_the_limit_whole_reads_the_413(serve: Factory) -> None:
    # Python's http.client sends the whole body before it reads the answer: the daemon reads
    # on after its 413, so that the client gets it rather than a broken pipe.
    s = serve(loop=False)
    status, _, data = s.call("POST", "/articles", b"Storm " + b"x" * 12_000_000, {"Content-Type": "text/plain"})
    assert status == 413 and "over the 5000000 byte limit" in data["error"], data
    # Its dead-letter row keeps the body's head, as every refused item's does.
    s.daemon.run_once()
    s.daemon.flush()
    _, rows = s.store.run_sql("SELECT field, payload FROM rejects")
    assert [field for field, _ in rows] == ["body"]
    assert rows[0][1].startswith("Storm xxx") and len(rows[0][1]) == PAYLOAD_LIMIT, rows[0][1][:80]
    # So does one that sends it in chunks (a generator body).
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    try:
        conn.request("POST", "/articles", body=iter([b"x" * 1_000_000] * 12), encode_chunked=True,
                     headers={"Content-Type": "text/plain", "Transfer-Encoding": "chunked"})
        answer = conn.getresponse()
        assert answer.status == 413 and b"more than 5000000 bytes" in answer.read()
    finally:
        conn.close()
    assert s.store.stats()["articles"] == 0


def test_a_client_that_sends_a_body_over_the_limit_slowly_still_reads_the_413(serve: Factory) -> None:
    # Its first 1.5 s crawl (a congested uplink), longer than the daemon waits for the body's
    # head; then the rest comes fast. The daemon still reads on after its 413.
    s = serve()
    total = 12_000_000

    class Slow:
        def __init__(self) -> None:
            self.sent, self.start = 0, time.monotonic()

        def read(self, size: int = -1) -> bytes:
            crawling = time.monotonic() - self.start < 1.5
            time.sleep(0.4 if crawling else 0.005)
            part = min(16_384 if crawling else 1 << 20, total - self.sent)
            self.sent += part
            return b"x" * part

    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    try:
        conn.request("POST", "/articles", body=Slow(),  # type: ignore[arg-type]
                     headers={"Content-Type": "text/plain", "Content-Length": str(total)})
        answer = conn.getresponse()
        assert answer.status == 413 and b"over the 5000000 byte limit" in answer.read()
    finally:
        conn.close()


def test_a_pretty_printed_record_with_a_syntax_error_is_one_rejected_record(
        serve: Factory, example_records: list[dict[str, Any]]) -> None:
    # Not five "lines" of malformed JSON: one record, refused where its reading failed, as a
    # file of it is.
    s = serve()
    pretty = json.dumps(example_records[0], indent=2)
    body = (pretty[:pretty.rindex("\n")] + ",\n}").encode()  # a trailing comma
    status, _, data = s.call("POST", "/articles", body, {"Content-Type": "application/json"})
    assert status == 422 and len(data["articles"]) == 1, data
    assert data["articles"][0]["reason"].startswith("json: malformed JSON: Expecting property name") \
        and " line " in data["articles"][0]["reason"], data
    assert len(s.store.run_query("rejects_recent", {"limit": 10})) == 1
    # A JSON-lines body whose first line was cut at a comma keeps the records after it.
    cut = b'{"id": "cut-1", "text": "The harbour closed",\n' + json.dumps(example_records[2]).encode()
    for kind in ("application/x-ndjson", "application/json"):
        status, _, data = s.call("POST", "/articles", cut, {"Content-Type": kind})
        assert [a["status"] for a in data["articles"]] == ["rejected", "stored" if kind.endswith("ndjson")
                                                          else "duplicate"], data
    # JSON lines with more bad lines than good, the first among them, are read line by line.
    lines = b"{not json\n" + json.dumps(example_records[1]).encode() + b"\n{'single': 'quotes'}"
    status, _, data = s.call("POST", "/articles", lines, {"Content-Type": "application/x-ndjson"})
    assert [a["status"] for a in data["articles"]] == ["rejected", "stored", "rejected"], data


def test_an_id_sent_twice_in_one_body_is_stored_then_a_duplicate(
    serve: Factory, example_records: list[dict[str, Any]]
) -> None:
    log: list[dict[str, Any]] = []
    s = serve()
    s.daemon.log = log.append
    body = body_of([example_records[0], example_records[1], example_records[0]])
    status, _, data = s.call("POST", "/articles", body, {"Content-Type": "application/x-ndjson"})
    assert status == 200
    assert [(a["id"], a["status"]) for a in data["articles"]] == [
        ("ex-wire", "stored"), ("ex-copy", "stored"), ("ex-wire", "duplicate")]
    batches = [e for e in log if e["event"] == "batch"]
    assert sum(b["stored"] for b in batches) == 2 and sum(b["duplicates"] for b in batches) == 1


def test_a_text_posted_without_an_id_that_is_stored_answers_with_the_stored_article(
    serve: Factory, example_records: list[dict[str, Any]]
) -> None:
    s = serve()
    assert s.call("POST", "/articles", json.dumps(example_records[0]).encode())[0] == 200
    text = str(example_records[0]["text"]).encode()
    status, _, data = s.call("POST", "/articles", text, {"Content-Type": "text/plain"})
    assert status == 200
    assert (data["articles"][0]["id"], data["articles"][0]["status"]) == ("ex-wire", "duplicate"), data
    assert s.store.stats()["articles"] == 1


def test_post_array_and_plain_text(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    status, _, data = s.call("POST", "/articles", json.dumps(example_records[:2]).encode())
    assert status == 200 and [a["id"] for a in data["articles"]] == ["ex-wire", "ex-copy"]
    text = str(example_records[5]["text"]).encode()
    status, _, data = s.call("POST", "/articles?id=plain-1", text, {"Content-Type": "text/plain"})
    assert status == 200 and data["articles"][0]["id"] == "plain-1"
    # An id given beside the body is held to the record's rules, answered in time or spilled.
    for query in ("/articles?id=a%00b", "/articles?id=a%09b&wait=0", "/articles?id=" + "k" * 2500):
        status, _, data = s.call("POST", query, text + b" Again.", {"Content-Type": "text/plain"})
        assert status in (422, 202), data
        if status == 202:
            drain_spool(s)
    _, rows = s.store.run_sql("SELECT field, reason FROM rejects ORDER BY received_at")
    assert [r[0] for r in rows] == ["id", "id", "id"]
    assert "control character (U+0000" in rows[0][1] and "U+0009" in rows[1][1] and "2500 characters" in rows[2][1]
    assert s.store.stats()["articles"] == 3


def test_a_body_sent_without_a_telling_type_is_read_by_its_first_bytes(
    serve: Factory, example_records: list[dict[str, Any]]
) -> None:
    # `curl --data-binary @copy.txt URL` sends application/x-www-form-urlencoded; with no
    # type at all it is the same: plain text is one article, not lines of malformed JSON.
    s = serve()
    assert s.call("POST", "/articles", json.dumps(example_records[0]).encode())[0] == 200
    copy = str(example_records[1]["text"]).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, found = s.call("POST", "/origin", copy, form)
    assert status == 200 and found["origin"]["id"] == "ex-wire", found
    status, _, data = s.call("POST", "/articles?id=pasted", copy, form)
    assert status == 200 and [a["id"] for a in data["articles"]] == ["pasted"]
    assert s.store.run_query("rejects_recent", {"limit": 10}) == []
    # A JSON type is taken at its word: a line that is not JSON is a malformed record.
    status, _, data = s.call("POST", "/articles", b"not json\n", {"Content-Type": "application/json"})
    assert status == 422 and "malformed JSON" in data["articles"][0]["reason"]


def test_a_declared_charset_is_honoured(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    text = "Caf\xe9 owners in the old town said on Monday that the new parking rules would hurt trade."
    latin1 = {"Content-Type": "text/plain; charset=iso-8859-1"}
    status, _, data = s.call("POST", "/articles?id=cafe", text.encode("latin-1"), latin1)
    assert status == 200 and data["articles"][0]["status"] == "stored", data
    assert s.store.article("cafe").text == text  # type: ignore[union-attr]
    record = json.dumps({"id": "cafe-json", "text": text.replace("Monday", "Tuesday")}, ensure_ascii=False)
    status, _, data = s.call("POST", "/articles", record.encode("cp1252"),
                             {"Content-Type": 'application/json; charset="windows-1252"'})
    assert status == 200 and data["articles"][0]["status"] == "stored", data
    assert s.store.article("cafe-json").text.startswith("Caf\xe9 owners")  # type: ignore[union-attr]
    copy = str(example_records[1]["text"])
    s.call("POST", "/articles", json.dumps(example_records[0]).encode())
    utf16 = {"Content-Type": "text/plain; charset=utf-16"}
    status, _, found = s.call("POST", "/origin", copy.encode("utf-16"), utf16)
    assert status == 200 and found["origin"]["id"] == "ex-wire", found
    # us-ascii is read as browsers read it, as windows-1252 (curly quotes from a CMS included).
    ascii_only = {"Content-Type": "text/plain; charset=us-ascii"}
    quoted = text.replace("Caf\xe9 owners", "\u201cCaf\xe9\u201d owners")
    status, _, data = s.call("POST", "/articles?id=w", quoted.encode("cp1252"), ascii_only)
    assert status == 200 and s.store.article("w").text == quoted  # type: ignore[union-attr]
    # windows-1252's five undefined bytes are C1 controls there, as browsers read them (a page
    # declaring iso-8859-1 that holds one is still read).
    status, _, data = s.call("POST", "/articles?id=c1", text.encode("latin-1").replace(b"Caf", b"\x81Caf"),
                             {"Content-Type": "text/plain; charset=iso-8859-1"})
    assert status == 200 and "Caf\xe9 owners" in s.store.article("c1").text  # type: ignore[union-attr]
    # Bytes the declared charset cannot hold; and with no charset, or an unknown one, UTF-8 it is.
    hebrew = {"Content-Type": "text/plain; charset=iso-8859-8"}
    status, _, data = s.call("POST", "/articles?id=x", b"Caf\xbf " + text.encode("latin-1")[5:], hebrew)
    assert status == 400 and "is not valid iso-8859-8" in data["error"] and "0xbf at offset 3" in data["error"]
    status, _, data = s.call("POST", "/articles?id=y", text.encode("latin-1"), {"Content-Type": "text/plain"})
    assert status == 422 and "is not valid UTF-8" in data["articles"][0]["reason"]
    # An unknown charset is named when the body is not UTF-8 either; a UTF-8 body passes.
    unknown = {"Content-Type": "text/plain; charset=x-unknown"}
    status, _, data = s.call("POST", "/articles?id=y", text.encode("latin-1"), unknown)
    assert status == 400 and "charset 'x-unknown'" in data["error"] and "0xe9 at offset 3" in data["error"]
    status, _, data = s.call("POST", "/articles?id=z", text.encode("utf-8"), unknown)
    assert status == 200 and data["articles"][0]["status"] == "stored", data


def test_all_rejected_is_422_and_empty_is_400(serve: Factory) -> None:
    s = serve()
    status, _, data = s.call("POST", "/articles", b'{"text": ""}')
    assert status == 422 and data["articles"][0]["reason"] == "text: is empty"
    status, _, data = s.call("POST", "/articles", b"   ")
    assert status == 400 and "empty" in data["error"]
    status, _, data = s.call("POST", "/articles", b"\x1f\x8b\x08\x00", {"Content-Encoding": "gzip"})
    assert status == 400 and "is not in the gzip content encoding" in data["error"], data
    status, _, data = s.call("POST", "/articles", b"(\xb5/\xfd", {"Content-Encoding": "zstd"})
    assert status == 415 and "Content-Encoding zstd" in data["error"]
    status, _, data = s.call("POST", "/articles", b"[ ]", {"Content-Type": "application/json"})
    assert status == 400 and "holds no record" in data["error"]
    status, _, data = s.call("POST", "/articles?wait=soon", b"{}")
    assert status == 400 and "wait" in data["error"]


def test_a_compressed_body_is_read_as_the_body_it_compresses(
        serve: Factory, example_records: list[dict[str, Any]]) -> None:
    # Log shippers (Fluent Bit, Vector) gzip what they send.
    import gzip
    import zlib

    s = serve()
    body = body_of(example_records[:2])
    status, _, data = s.call("POST", "/articles", gzip.compress(body), {"Content-Encoding": "gzip"})
    assert status == 200 and [a["status"] for a in data["articles"]] == ["stored", "stored"], data
    status, _, data = s.call("POST", "/articles", zlib.compress(body_of(example_records[2:3])),
                             {"Content-Encoding": "deflate"})
    assert status == 200 and data["articles"][0]["status"] == "stored", data
    assert s.store.stats()["articles"] == 3
    # A body cut short in any encoding is refused whole, not stored cut.
    brotli = pytest.importorskip("brotli", reason="brotli comes with fastwarc")

    for encoding, packed in (("deflate", zlib.compress(body)), ("br", brotli.compress(body)),
                             ("gzip", gzip.compress(body))):
        status, _, data = s.call("POST", "/articles", packed[:len(packed) // 2], {"Content-Encoding": encoding})
        assert status == 400 and f"is not in the {encoding} content encoding" in data["error"], (encoding, data)
    # A bomb is refused once it decompresses past the body limit, and nothing is read.
    bomb = gzip.compress(b'{"text": "' + b"a" * 6_000_000 + b'"}')
    status, _, data = s.call("POST", "/articles", bomb, {"Content-Encoding": "gzip"})
    assert status == 413 and "once decompressed" in data["error"]
    assert s.store.stats()["articles"] == 3


def test_dead_letter_keeps_the_bytes_of_a_payload_that_is_not_utf8(serve: Factory) -> None:
    s = serve()
    text = "Caf\xe9 owners in the old town said on Monday that the new parking rules would hurt trade."
    latin1 = text.encode("latin-1")
    status, _, data = s.call("POST", "/articles?id=cafe", latin1, {"Content-Type": "text/plain"})
    assert status == 422 and "is not valid UTF-8 (byte 0xe9 at offset 3)" in data["articles"][0]["reason"]
    # A JSON line with a latin-1 byte, escapes and a backslash: the bytes come back exactly.
    record = b'{"id": "cafe-2", "text": "Caf\xe9 \\"Le Port\\" shut \\\\ at 10"}'
    assert s.call("POST", "/articles", record, {"Content-Type": "application/json"})[0] == 422
    assert s.call("POST", "/articles", b'{"id": "empty", "text": ""}')[0] == 422
    _, rows = s.store.run_sql("SELECT payload, payload_bytes, coalesce(payload_bytes, encode(payload)) "
                              "FROM rejects ORDER BY rowid")
    assert rows[0] == (text.replace("\xe9", "\\xe9"), latin1, latin1)
    assert rows[1][0].startswith('{"id": "cafe-2", "text": "Caf\\xe9 ') and rows[1][1:] == (record, record)
    empty = b'{"id": "empty", "text": ""}'
    assert rows[2] == (empty.decode(), None, empty), "UTF-8 needs no copy"


def test_oversized_body_is_refused_unread(serve: Factory) -> None:
    s = serve()
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: 6000000\r\n\r\n{")
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"5000000 byte limit" in answer


def test_missing_length_is_refused(serve: Factory) -> None:
    s = serve()
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 411")


def test_a_chunked_body_is_read_as_a_whole_one(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    # A client that does not know the length sends chunks (curl -T -, a generator body).
    s = serve()
    body = body_of(example_records[:3])
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    conn.request("POST", "/articles", body=iter([body[:100], body[100:2000], body[2000:]]),
                  headers={"Content-Type": "application/x-ndjson"}, encode_chunked=True)
    answer = conn.getresponse()
    data = json.loads(answer.read())
    conn.close()
    assert answer.status == 200, data
    assert [a["status"] for a in data["articles"]] == ["stored"] * 3
    # With extensions and trailer fields, which are dropped.
    raw = json.dumps(example_records[3]).encode()
    with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sock:
        sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                     + f"{len(raw):x};name=value\r\n".encode() + raw + b"\r\n0\r\nX-Sum: 1\r\n\r\n")
        assert read_all(sock).startswith(b"HTTP/1.1 200")
    assert s.store.has_article(example_records[3]["id"])


@pytest.mark.parametrize(("framing", "status", "said"), [
    (b"zz\r\n{}\r\n0\r\n\r\n", b"400", b"malformed chunk size 'zz'"),
    (b"10\r\n{}", b"400", b"ended before its size"),
    (b"2\r\n{}\r\n", b"400", b"ended before its last chunk"),
    (b"4c4b41\r\n" + b"x" * 100, b"413", b"more than 5000000 bytes"),
])
def test_a_malformed_or_oversized_chunked_body_is_refused_whole(
        serve: Factory, framing: bytes, status: bytes, said: bytes) -> None:
    s = serve()
    with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sock:
        sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + framing)
        if status == b"400" and said != b"malformed chunk size 'zz'":
            sock.shutdown(socket.SHUT_WR)  # the client stops sending
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 " + status) and said in answer, answer[:300]
    assert s.store.stats()["articles"] == 0


def test_garbage_request_line(serve: Factory) -> None:
    s = serve()
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1 and more\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 400")
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
        assert b"400" in sock.recv(4096)


def test_slow_client_is_dropped(serve: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_server._Handler, "timeout", 0.5)
    s = serve()
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        started = time.monotonic()
        answer = read_all(sock)  # the server answers and closes the connection
        assert answer.startswith(b"HTTP/1.1 400") and b"ended before its Content-Length of 100" in answer
        assert time.monotonic() - started < 5


def test_a_client_trickling_its_request_is_dropped_at_the_deadline(
        serve: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    # A byte every 0.3 s keeps each read within the socket timeout: the whole request must
    # still come within REQUEST_DEADLINE_S, or the connection is dropped.
    monkeypatch.setattr(http_server, "REQUEST_DEADLINE_S", 1.0)
    s = serve()
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        started = time.monotonic()
        sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\n")
        dropped = False
        for _ in range(30):
            try:
                sock.sendall(b"X")
                time.sleep(0.3)
            except OSError:
                dropped = True
                break
            if time.monotonic() - started > 3 and not dropped:
                sock.settimeout(0.5)
                try:
                    dropped = sock.recv(1) == b""
                except TimeoutError:
                    dropped = False
                break
        assert dropped and time.monotonic() - started < 8
    # The server goes on answering.
    assert s.call("GET", "/health")[0] == 200


def test_a_negative_length_is_a_bad_request_and_head_is_a_get_without_body(serve: Factory) -> None:
    s = serve()
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 400") and b"Content-Length -5 is negative" in answer
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(b"HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = read_all(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"Content-Length: " in head and body == b""


def test_too_many_connections_get_503(serve: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_server._Handler, "timeout", 3)
    s = serve(max_connections=1)
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as hog:
        hog.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.3)
        status, headers, data = s.call("GET", "/health")
        assert status == 503 and headers["retry-after"] == "1"
        assert data == {"error": "the daemon is busy (connection limit 1 reached); retry after 1 s, "
                                 "as the Retry-After header says", "retry_after_s": 1}
        # A client still sending a body when refused reads the 503, not a reset connection.
        body = b"x" * 2_000_000
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as late:
            late.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body))
            late.sendall(body)
            assert read_all(late).startswith(b"HTTP/1.1 503")


def test_token_is_required_when_set(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve(token="s3cret-token")
    body = json.dumps(example_records[0]).encode()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret-token"}):
        status, answer_headers, _ = s.call("POST", "/articles", body, headers)
        assert status == 401 and "bearer" in answer_headers["www-authenticate"].lower()
    # A probe without the token learns the status and nothing else; with it, everything.
    assert s.call("GET", "/health")[:3:2] == (200, {"status": "ok"})
    full = s.call("GET", "/health", headers={"Authorization": "Bearer s3cret-token"})[2]
    assert full["status"] == "ok" and "db" in full
    assert s.call("GET", "/metrics")[0] == 401
    assert s.call("GET", "/lineage/ex-wire")[0] == 401
    assert not s.store.has_article("ex-wire")
    status, _, _ = s.call("POST", "/articles", body, {"Authorization": "Bearer s3cret-token"})
    assert status == 200


def test_a_multipart_upload_is_refused(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n"
            + json.dumps(example_records[0]).encode() + b"\r\n--XyZ--\r\n")
    status, _, data = s.call("POST", "/articles", body, {"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert status == 415 and "--data-binary" in data["error"] and s.store.stats()["articles"] == 0


def test_full_queue_answers_429_with_retry_after(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve(capacity=4, loop=False, wait_s=0.2)
    logged: list[dict[str, Any]] = []
    s.daemon.log = logged.append
    held = [RawItem("held", json.dumps(r).encode(), "json") for r in example_records[5:7]]
    s.api.intake.submit(held, [None, None])  # two records of requests still waiting
    for _ in range(3):
        status, headers, data = s.call("POST", "/articles", body_of(example_records[:3]))
        assert status == 429 and headers["retry-after"] == "2" and "queue full" in data["error"]
    assert s.daemon.metrics.value("tracker_http_refused_total") == 3
    assert s.api.intake.depth() == 2, "nothing of a refused request is queued"
    # One log line when the refusals begin, one when a request fits again, not one per request.
    assert [e["event"] for e in logged] == ["intake_full"]
    assert logged[0]["error"] == "intake queue full (2 of 4 items)"
    s.api.intake.poll(10)
    assert s.call("POST", "/articles?wait=0", body_of(example_records[:1]))[0] == 202
    assert logged[1:] == [{"event": "intake_resumed", "refused": 3}]


def test_slow_batch_spools_then_answers_202(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve(loop=False)
    status, _, data = s.call("POST", "/articles?wait=0", body_of(example_records[:2]))
    assert status == 202
    assert [a["status"] for a in data["articles"]] == ["queued", "queued"]
    assert data["articles"][0]["status_url"] == "/status/ex-wire"
    spooled = [p for p in s.spool.iterdir() if p.is_file() and not p.name.startswith(".")]
    assert len(spooled) == 1 and spooled[0].name.startswith("http-"), "durable before the 202"
    assert [json.loads(line)["id"] for line in spooled[0].read_text().splitlines()] == ["ex-wire", "ex-copy"]
    assert s.api.intake.depth() == 0, "the queued copies were withdrawn"
    status, _, data = s.call("GET", "/status/ex-wire")
    assert status == 202 and data["status"] == "queued"
    assert s.call("GET", "/status/never-sent")[0] == 404
    # A text without an id, spilled too: its derived id is kept beside the spool file (not
    # written into the record, where it would read as given).
    status, _, data = s.call("POST", "/articles?wait=0", str(example_records[2]["text"]).encode(),
                             {"Content-Type": "text/plain"})
    derived = data["articles"][0]["id"]
    assert status == 202 and derived.startswith("h-")
    spilled = next(p for p in s.spool.iterdir() if p.name.startswith("http-") and "ex-wire" not in p.read_text())
    assert "id" not in json.loads(spilled.read_text())
    assert json.loads((s.spool / f".{spilled.name}.ids").read_text()) == [derived]
    # After a restart (a new API on the same spool), what waits there is still queued.
    again = Api(s.daemon, HttpIntake(16), None, s.spool)
    for article_id in ("ex-wire", "ex-copy", derived):
        reply = again.handle("GET", f"/status/{article_id}", {}, b"")
        assert (reply.status, reply.body["status"]) == (202, "queued"), article_id
    assert again.handle("GET", "/status/never-sent", {}, b"").status == 404
    drain_spool(s)
    for article_id in ("ex-wire", "ex-copy", derived):
        assert again.handle("GET", f"/status/{article_id}", {}, b"").status == 200, article_id
    assert not [p for p in s.spool.iterdir() if p.name.endswith(".ids")], "moved with their files"
    # The text of a stored article, sent again without an id and spilled: a duplicate, as it is
    # when its batch is in time, not a second article.
    status, _, data = s.call("POST", "/articles?wait=0", json.dumps({"text": example_records[0]["text"]}).encode())
    assert status == 202
    drain_spool(s)
    assert s.store.stats()["articles"] == 3


def test_a_request_over_the_queue_size_is_413_and_a_stopping_daemon_answers_503(
        serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve(capacity=3)
    status, _, data = s.call("POST", "/articles", body_of(example_records[:4]))
    assert status == 413 and "more than the intake queue holds (3, --queue-size)" in data["error"]
    s.daemon.request_stop()
    status, headers, data = s.call("POST", "/articles", body_of(example_records[:1]))
    assert (status, headers["retry-after"], data["error"]) == (503, "5", "the daemon is shutting down")


def test_status_of_stored_article(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    s.call("POST", "/articles", body_of(example_records[:2]))
    status, _, data = s.call("GET", "/status/ex-copy")
    assert status == 200 and data["status"] == "stored" and data["origin"]


def test_status_of_a_text_stored_before_under_another_id_says_duplicate(
        serve: Factory, example_records: list[dict[str, Any]]) -> None:
    # A text sent without an id or an address is named h-<content hash>; when that text was
    # stored under another id, its status is that article's, not "unknown: re-send it".
    from tracker.normalize import article_hash

    s = serve()
    s.call("POST", "/articles", body_of(example_records[:1]))
    text = str(example_records[0]["text"])
    status, _, data = s.call("GET", f"/status/h-{article_hash(text)}")
    assert status == 200 and data["status"] == "duplicate" and data["stored_as"] == example_records[0]["id"], data
    assert s.call("GET", "/status/h-0123456789abcdef")[0] == 404


def test_status_of_a_rejected_article_says_why(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    record = {**example_records[0], "id": "bad-date", "published_at": "last Tuesday"}
    assert s.call("POST", "/articles", json.dumps(record).encode())[0] == 422
    status, _, data = s.call("GET", "/status/bad-date")
    assert status == 422, data
    assert data["status"] == "rejected" and data["reason"].startswith("published_at: 'last Tuesday' is not")
    assert data["rejected_at"].endswith("Z")
    junk = bytes(range(1, 32)) * 8
    assert s.call("POST", "/articles?id=junk", junk, {"Content-Type": "text/plain"})[0] == 422
    status, _, data = s.call("GET", "/status/junk")
    assert status == 422 and data["reason"] == "text: looks like binary data, not text (control bytes found)"
    # Sent again, fixed: stored.
    assert s.call("POST", "/articles", json.dumps({**record, "published_at": None}).encode())[0] == 200
    assert s.call("GET", "/status/bad-date")[:1] == (200,)
    status, _, data = s.call("GET", "/status/never-sent")
    assert status == 404 and data["status"] == "unknown"


def test_status_of_a_spooled_article_rejected_later(serve: Factory,
                                                    example_records: list[dict[str, Any]]) -> None:
    s = serve(loop=False)
    record = {**example_records[0], "id": "late-bad", "published_at": "soon"}
    assert s.call("POST", "/articles?wait=0", json.dumps(record).encode())[0] == 202
    assert s.call("GET", "/status/late-bad")[0] == 202
    drain_spool(s)
    status, _, data = s.call("GET", "/status/late-bad")
    assert status == 422 and data["reason"].startswith("published_at: 'soon' is not"), data
    # Sent again as it was: queued until read, then rejected again (its first dead-letter row,
    # kept for the same reason, is older than the second spilling: it had stayed "queued").
    assert s.call("POST", "/articles?wait=0", json.dumps(record).encode())[0] == 202
    assert s.call("GET", "/status/late-bad")[0] == 202
    drain_spool(s)
    status, _, data = s.call("GET", "/status/late-bad")
    assert status == 422 and data["reason"].startswith("published_at: 'soon' is not"), data


def test_read_side(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    assert s.call("POST", "/articles", body_of(example_records))[0] == 200
    status, _, tree = s.call("GET", "/lineage/ex-summary")
    assert status == 200 and tree["article"] == "ex-summary" and tree["tree"]["children"]
    assert s.call("GET", "/lineage/nope")[0] == 404
    status, _, found = s.call("GET", "/origin?id=ex-copy")
    assert status == 200 and found["article"] == {**found["article"], "id": "ex-copy", "stored": True}
    status, _, found = s.call("POST", "/origin?kind=text", str(example_records[1]["text"]).encode())
    assert status == 200 and found["article"]["stored"] is True
    status, _, found = s.call("POST", "/origin", b"Nothing like any stored story, about gardening and tomatoes "
                              b"and the weather in spring, which was mild.", {"Content-Type": "text/plain"})
    assert status == 200 and found["origin"] is None and found["article"]["stored"] is False
    status, _, origin = s.call("GET", "/query/origin_of?article_id=ex-copy")
    # Times in UTC read as the CLI's tables and the intake record write them.
    assert status == 200 and origin["rows"][0]["origin_published_at"].endswith("Z"), origin
    status, _, stats = s.call("GET", "/query/stats")
    assert status == 200 and stats["rows"][0]["articles"] == len(example_records)
    status, _, rows = s.call("GET", "/query/rejects_recent?limit=3")
    # No row, but the columns still named: the CLI prints a CSV header or a table head from them.
    assert status == 200 and rows["rows"] == [] and rows["columns"][:3] == ["received_at", "origin", "field"]
    status, _, data = s.call("GET", "/query/no_such_query")
    assert status == 404 and "known:" in data["error"]
    # An id of no stored article is named (as tracker query names it), not "no rows".
    status, _, data = s.call("GET", "/query/origin_of?article_id=ex-nothing")
    assert status == 404 and data["parameter"] == "article_id" and "ex-nothing" in data["error"], data
    status, _, data = s.call("GET", "/query/checkpoint_set?source_name=x&offset=1&updated_at=2020-01-01")
    assert status == 403 and s.store.checkpoint("x") is None
    status, _, data = s.call("GET", "/query/rejects_recent")
    assert status == 400 and "limit" in data["error"]
    status, _, health = s.call("GET", "/health")
    assert status == 200 and health["status"] == "ok" and health["db"] == os.path.abspath(s.store.path)
    status, headers, text = s.call("GET", "/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain; version=0.0.4")
    assert f"tracker_articles_ingested_total {len(example_records)}" in text
    assert s.call("GET", "/nowhere")[0] == 404
    assert s.call("PUT", "/articles", b"{}")[0] == 405
    assert s.call("GET", "/articles")[0] == 405


def test_query_refuses_internal_statements_as_tracker_query_does(serve: Factory) -> None:
    s = serve()
    for name in ("checkpoint_set", "delete_changes_of", "existing_ids"):
        status, _, data = s.call("GET", f"/query/{name}")
        assert status == 403 and f"query '{name}' is internal to the tracker" in data["error"], data
    status, _, data = s.call("GET", "/query/no_such_query")
    assert status == 404 and "known: " in data["error"] and "insert_articles" not in data["error"]


def test_query_names_a_missing_or_malformed_parameter(serve: Factory) -> None:
    s = serve()
    status, _, data = s.call("GET", "/query/origin_of")
    assert (status, data) == (400, {"error": "query origin_of needs parameter article_id (any text)",
                                    "parameter": "article_id"})
    status, _, data = s.call("GET", "/query/top_stories?since=yesterday&until=2026-04-01")
    assert status == 400 and data["parameter"] == "since"
    assert data["error"].startswith("parameter since of query top_stories: 'yesterday' is not a timestamp")
    status, _, data = s.call("GET", "/query/rejects_recent?limit=ten")
    assert status == 400 and "'ten' is not a whole number of 0 or more" in data["error"]
    status, _, data = s.call("GET", "/query/stats?x=1")
    assert status == 400 and data["error"] == "query stats has no parameter x; it takes: none"
    assert s.call("GET", "/query/top_stories?since=2026-02-01&until=2026-04-01T00:00:00Z")[0] == 200


def test_sql_runs_one_reading_statement_and_reads_no_files(serve: Factory, tmp_path: Path,
                                                            example_records: list[dict[str, Any]]) -> None:
    s = serve()
    assert s.call("POST", "/articles", body_of(example_records))[0] == 200
    status, _, got = s.call("POST", "/sql", b"SELECT relation, count(*) AS n, 1 AS n FROM lineage "
                            b"GROUP BY ALL ORDER BY 2 DESC, relation", {"Content-Type": "text/plain"})
    assert status == 200 and got["columns"] == ["relation", "n", "n"], got
    assert got["rows"][0][0] == "original" and sum(r[1] for r in got["rows"]) == len(example_records)
    status, _, got = s.call("POST", "/sql", json.dumps({"sql": "DESCRIBE lineage"}).encode(),
                            {"Content-Type": "application/json"})
    assert status == 200 and "column_name" in got["columns"]
    # ...also sent as curl --data sends it, with a form type: no statement opens with a brace.
    status, _, got = s.call("POST", "/sql", json.dumps({"sql": "DESCRIBE lineage"}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and "column_name" in got["columns"], got
    # Writes, settings and several statements are refused, and nothing changes.
    for statement, named in (("DELETE FROM articles", "DELETE statements cannot run"),
                             ("SELECT 1; DELETE FROM articles", "2 SQL statements given"),
                             ("EXPLAIN ANALYZE DELETE FROM articles", "DELETE statements cannot run"),
                             ("SET threads = 1", "SET statements cannot run"),
                             ("SELECT * FROM checkpoint()", "CHECKPOINT statements cannot run"),
                             ("CREATE TEMP TABLE t AS PIVOT articles ON lang USING count(*)",
                              "MULTI (a write around a PIVOT) statements cannot run"),
                             # A write hidden in comments within comments: the snapshot is read-only.
                             ("EXPLAIN ANALYZE /* /* */ SELECT 1 -- */ DELETE FROM articles",
                              "transaction is launched in read-only mode"),
                             ("-- nothing", "no SQL statement given (only comments)")):
        status, _, got = s.call("POST", "/sql", statement.encode(), {"Content-Type": "text/plain"})
        assert status == 400 and named in got["error"], (statement, got)
    assert s.store.stats()["articles"] == len(example_records)
    for statement in ("EXPLAIN SELECT '--' AS dashes", "EXPLAIN (FORMAT json) SELECT 1", "EXPLAIN ANALYSE SELECT 1",
                      "PIVOT articles ON lang USING count(*)"):
        assert s.call("POST", "/sql", statement.encode())[0] == 200, statement
    # The daemon's account's files stay out of reach of its clients' SQL.
    secret = tmp_path / "secret.txt"
    secret.write_text("the daemon's own file\n")
    status, _, got = s.call("POST", "/sql", f"SELECT content FROM read_text('{secret}')".encode())
    assert status == 400 and "file system operations are disabled" in got["error"], got
    # A statement that runs too long is stopped, and a result too large is refused.
    status, _, got = s.call("POST", "/sql?timeout=0.2", b"SELECT count(*) FROM range(1000000) a, range(1000000) b")
    assert status == 400 and "ran longer than 0.2 s and was stopped" in got["error"], got
    status, _, got = s.call("POST", "/sql", f"SELECT * FROM range({http_api.SQL_MAX_ROWS + 1})".encode())
    assert status == 400 and f"more than {http_api.SQL_MAX_ROWS:,} rows" in got["error"]
    assert s.call("GET", "/sql")[0] == 405


def test_tracker_sql_goes_through_a_running_daemon(serve: Factory, example_records: list[dict[str, Any]]) -> None:
    s = serve()
    assert s.call("POST", "/articles", body_of(example_records))[0] == 200
    write_advert(s.store.path, {"pid": os.getpid(), "host": "127.0.0.1", "port": s.port})
    try:
        runner = CliRunner()
        got = runner.invoke(main, ["--db", s.store.path, "sql", "SELECT count(*) AS n FROM articles", "--format", "csv"])
        assert got.exit_code == 0 and got.output == f"n\n{len(example_records)}\n", got.output
        refused = runner.invoke(main, ["--db", s.store.path, "sql", "DROP TABLE lineage"])
        assert refused.exit_code == 1 and "DROP statements cannot run while the daemon holds the database" in (
            refused.output), refused.output
        assert "lock" not in refused.output.lower()
    finally:
        remove_advert(s.store.path, os.getpid())


def test_split_body_shapes() -> None:
    assert len(split_body(b'{"text": "a"}', "application/json")) == 1
    assert len(split_body(b'[{"text": "a"}, {"text": "b"}]', "")) == 2
    assert len(split_body(b'{"text": "a"}\n\n{"text": "b"}\n', "application/x-ndjson")) == 2
    assert split_body(b"<p>x</p>", "text/html; charset=utf-8")[0].kind == "html"
    with pytest.raises(InvalidArticle):
        split_body(b"\n", "")


def test_client_finds_a_live_daemon_and_ignores_stale_adverts(serve: Factory, tmp_path: Path,
                                                              example_records: list[dict[str, Any]]) -> None:
    s = serve()
    db = s.store.path
    assert find_daemon(db) is None, "no advert"
    write_advert(db, {"pid": 2**22 + 12345, "host": "127.0.0.1", "port": s.port})
    assert find_daemon(db) is None, "dead pid: stale advert ignored"
    write_advert(str(tmp_path / "other.duckdb"), {"pid": os.getpid(), "host": "127.0.0.1", "port": s.port})
    assert find_daemon(str(tmp_path / "other.duckdb")) is None, "the daemon serves another database"
    write_advert(db, {"pid": os.getpid(), "host": "127.0.0.1", "port": s.port})
    assert oct(advert_path(db).stat().st_mode & 0o777) == "0o644", "every user who may read the database finds it"
    client = find_daemon(db)
    assert isinstance(client, DaemonClient)
    s.call("POST", "/articles", body_of(example_records[:2]))
    assert client.query("stats")[0]["articles"] == 2
    assert client.lineage("nope") is None
    assert client.lineage("ex-copy")["article"] == "ex-copy"  # type: ignore[index]
    remove_advert(db, os.getpid())
    assert not advert_path(db).exists()


def test_client_reads_the_advertised_token_file(serve: Factory, tmp_path: Path) -> None:
    s = serve(token="tok-123")
    token_file = tmp_path / "token"
    token_file.write_text("tok-123\n")
    write_advert(s.store.path, {"pid": os.getpid(), "host": "127.0.0.1", "port": s.port,
                                "token_file": str(token_file)})
    assert find_daemon(s.store.path) is not None
    assert find_daemon(s.store.path, token="wrong") is None


def test_bodies_python_cannot_hold_are_answered_and_dead_lettered(serve: Factory) -> None:
    s = serve()
    surrogate = b'{"id": "sur", "text": "Harbour \\ud800 closes for six weeks of repairs."}'
    status, _, data = s.call("POST", "/articles", surrogate)
    assert status == 422 and "unpaired surrogate" in data["articles"][0]["reason"]
    status, _, data = s.call("POST", "/articles", b'[{"id": "sur-2", "text": "Port \\udc00 shut."}]')
    assert status == 422 and "unpaired surrogate" in data["articles"][0]["reason"]
    deep = b"[" * 100_000 + b"]" * 100_000
    status, _, data = s.call("POST", "/articles", deep, {"Content-Type": "application/json"})
    assert status == 422 and data["articles"][0]["reason"] == "json: malformed JSON: nested too deeply"
    overflow = b'{"id": "old", "text": "Harbour closes.", "published_at": "0001-01-01T00:00:00+01:00"}'
    status, _, data = s.call("POST", "/articles", overflow)
    assert status == 422 and data["articles"][0]["reason"].startswith("published_at: ")
    assert s.call("GET", "/status/old")[0] == 422, "the reject names the id it was sent with"
    status, _, data = s.call("POST", "/origin", overflow)
    assert 400 <= status < 500 and "published_at" in json.dumps(data)
    status, _, data = s.call("POST", "/articles", b"Harbour closes.",
                             {"Content-Type": "text/plain; charset=punycode"})
    assert status == 400 and "punycode" in data["error"]
    _, rows = s.store.run_sql("SELECT article_id FROM rejects ORDER BY rowid")
    assert [r[0] for r in rows] == ["sur", "sur-2", None, "old"]


def test_a_single_record_is_dead_lettered_as_it_was_sent(serve: Factory) -> None:
    s = serve()
    sent = b'{ "id":"as-sent",\n  "text": "" }'
    assert s.call("POST", "/articles", sent)[0] == 422
    _, rows = s.store.run_sql("SELECT payload FROM rejects")
    assert rows == [(sent.decode(),)]


def test_a_spilled_text_that_is_not_utf8_is_rejected_as_the_answered_one_is(serve: Factory) -> None:
    s = serve(loop=False)
    latin1 = "Caf\xe9 owners in the old town said the new parking rules would hurt trade.".encode("latin-1")
    status, _, data = s.call("POST", "/articles?wait=0", latin1, {"Content-Type": "text/plain"})
    assert status == 202 and data["articles"] == [{"id": None, "status": "queued"}]
    drain_spool(s)
    assert s.store.run_sql("SELECT count(*) FROM articles")[1] == [(0,)], "never stored with U+FFFD"
    _, rows = s.store.run_sql("SELECT reason FROM rejects")
    assert rows == [("is not valid UTF-8 (byte 0xe9 at character 3); convert it to UTF-8",)]


def test_a_body_refused_whole_is_answered_and_kept_as_a_dead_letter(serve: Factory) -> None:
    s = serve(loop=False)
    for body, status, reason in ((b"", 400, "is empty; send one JSON record or JSONL lines"),
                                 (b"[]", 400, "holds no record (an empty array); send one JSON record or JSONL lines")):
        code, _, data = s.call("POST", "/articles", body)
        assert code == status and data["field"] == "body" and "rejects" in data["kept"], data
    s.daemon.run_once()
    s.daemon.flush()
    _, rows = s.store.run_sql("SELECT field, reason, article_id FROM rejects ORDER BY received_at")
    assert rows == [("body", "is empty; send one JSON record or JSONL lines", None),
                    ("body", "holds no record (an empty array); send one JSON record or JSONL lines", None)]
    assert s.store.stats()["articles"] == 0


def test_a_body_that_cannot_be_read_is_kept_as_a_dead_letter_too(serve: Factory) -> None:
    # Its encoding, its framing or its length: the item is refused whole, and the refusal is
    # kept as every refused item is; a request without the token is answered and not kept.
    s = serve(token="tok", loop=False)
    auth = {"Authorization": "Bearer tok"}
    sent = [(b"(\xb5/\xfd", {"Content-Encoding": "zstd"}, 415, "Content-Encoding zstd is not read"),
            (b"\x1f\x8b\x08\x00", {"Content-Encoding": "gzip"}, 400, "is not in the gzip content encoding"),
            (b"--B\r\n\r\n{}\r\n--B--\r\n", {"Content-Type": "multipart/form-data; boundary=B"}, 415,
             "multipart/form-data is not read")]
    for body, headers, status, said in sent:
        code, _, data = s.call("POST", "/articles", body, {**headers, **auth})
        assert code == status and said in data["error"] and "rejects" in data["kept"], data
    for token, kept in ((b"tok", True), (b"wrong", False)):
        with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sock:
            sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                         + b"\r\nContent-Length: 9000000\r\n\r\n")
            answer = read_all(sock)
        assert answer.startswith(b"HTTP/1.1 413") and (b"in rejects" in answer) == kept, answer[:300]
    # Two bodies refused for one reason are two rows, each with the body as it came.
    for blank in (b" ", b"\n\n"):
        code, _, data = s.call("POST", "/articles", blank, auth)
        assert code == 400 and "rejects" in data["kept"], data
    s.daemon.run_once()
    s.daemon.flush()
    _, rows = s.store.run_sql("SELECT field, reason, payload FROM rejects ORDER BY received_at")
    assert [field for field, _, _ in rows] == ["body"] * 6, rows
    for (_, reason, _), said in zip(rows, ["Content-Encoding zstd", "gzip content encoding", "multipart/form-data",
                                           "body of 9000000 bytes is over", "is empty", "is empty"], strict=True):
        assert said in reason, rows
    assert rows[2][2].startswith("--B") and rows[3][2] == rows[3][1] and [r[2] for r in rows[4:]] == [" ", "\n\n"]
    assert s.store.stats()["articles"] == 0


def test_a_spilled_page_is_read_as_the_answered_one_is(serve: Factory) -> None:
    # A page in windows-1252 (declared in its <meta>) and a UTF-8 page with a byte-order mark,
    # both answered 202: stored as they are when their batch is in time, under the ids the
    # 202 named.
    s = serve(loop=False)
    paras = "".join(f"<p>Le conseil municipal de M\u00e9rignac a approuv\u00e9 lundi un budget de {k * 13} "
                    "millions d'euros pour le quai nord, a d\u00e9clar\u00e9 le maire.</p>" for k in range(1, 9))
    cp1252 = ('<!DOCTYPE html><html><head><meta charset="windows-1252"><title>M\u00e9rignac vote le budget</title>'
              f"</head><body><article><h1>M\u00e9rignac vote le budget</h1>{paras}</article></body></html>")
    rail = "".join(f"<p>Drivers at Ostmark Rail walked out on Friday over pay, and {k * 120} services were "
                   f"cancelled in region {k}.</p>" for k in range(1, 8))
    bom = ("<!DOCTYPE html><html><head><title>Ostmark rail strike</title></head><body><article>"
           f"<h1>Ostmark rail strike</h1>{rail}</article></body></html>")
    named = []
    for page in (cp1252.encode("cp1252"), b"\xef\xbb\xbf" + bom.encode()):
        status, _, data = s.call("POST", "/articles?wait=0", page, {"Content-Type": "text/html"})
        assert status == 202, data
        named.append(data["articles"][0]["id"])
    drain_spool(s)
    _, rows = s.store.run_sql("SELECT article_id, title FROM articles ORDER BY title")
    assert rows == [(named[0], "M\u00e9rignac vote le budget"), (named[1], "Ostmark rail strike")]
    assert s.store.run_sql("SELECT count(*) FROM rejects")[1] == [(0,)]
    for article_id in named:
        assert s.call("GET", f"/status/{article_id}")[0] == 200


def test_a_spilled_record_is_stored_as_the_answered_one_is(
        serve: Factory, example_records: list[dict[str, Any]]) -> None:
    # A pretty-printed record with CRLF line ends, and a text whose first line is its
    # headline: answered 202, each is stored under the id the 202 named, and a text sent
    # again is the same article.
    s = serve(loop=False)
    pretty = json.dumps(example_records[0], indent=2).replace("\n", "\r\n").encode()
    headline = example_records[1]["title"]
    headed = (headline + "\n\n" + example_records[1]["text"]).encode()
    named = []
    for body, kind in ((pretty, "application/json"), (headed, "text/plain")):
        status, _, data = s.call("POST", "/articles?wait=0", body, {"Content-Type": kind})
        assert status == 202, data
        named.append(data["articles"][0]["id"])
    drain_spool(s)
    assert s.store.run_sql("SELECT count(*) FROM rejects")[1] == [(0,)]
    _, rows = s.store.run_sql("SELECT article_id, title FROM articles ORDER BY article_id")
    assert sorted(rows) == sorted([(named[0], example_records[0]["title"]),
                                   (named[1], headline)])
    for article_id in named:
        assert s.call("GET", f"/status/{article_id}")[0] == 200
    status, _, data = s.call("POST", "/articles?wait=0", headed, {"Content-Type": "text/plain"})
    assert data["articles"][0]["id"] == named[1], data
    drain_spool(s)
    assert s.store.stats()["articles"] == 2, "sent again, it is the article stored"


def test_an_answer_is_valid_json_whatever_the_rows_hold() -> None:
    from datetime import timedelta
    from decimal import Decimal

    from ingest.http import Reply

    data, kind = Reply(200, {"rows": [{"ratio": float("inf"), "nan": float("nan"), "dec": Decimal("1.50"),
                                       "span": timedelta(minutes=90)}]}).encode()
    assert kind == "application/json"
    assert json.loads(data, parse_constant=lambda name: pytest.fail(f"not JSON: {name}")) == {
        "rows": [{"ratio": None, "nan": None, "dec": 1.5, "span": 5400.0}]}


def test_a_request_read_after_its_deadline_is_not_answered() -> None:
    # Whichever comes first wins: the reading's end, or the deadline (which drops the
    # connection, so a request cut short by it is never dispatched).
    read = http_server._Deadline()
    assert read.set() and not read.expire() and read.set()
    late = http_server._Deadline()
    assert late.expire() and not late.set()
