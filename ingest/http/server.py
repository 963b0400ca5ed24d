"""The sockets of the HTTP API: a threading server that hands each request to an :class:`Api`.

Owns the limits a client meets before its request reaches the API: the body size, the socket
timeout, the deadline for sending a whole request, the number of connections served at once
(more are answered 503 at once), and the HTTP framing (Content-Length, HEAD, methods). It
must not decide answers itself beyond those limits: :class:`ingest.http.api.Api` does.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ingest.http.api import Api
from ingest.http.body import MAX_BODY_BYTES
from ingest.http.reply import Reply
from ingest.parse import PAYLOAD_LIMIT


#: Socket timeout while reading a request or writing an answer (seconds): a client that
#: stalls longer is dropped, so slow clients cannot hold threads.
SOCKET_TIMEOUT_S = 10.0
#: Time a client has to send a whole request, its headers and its body (seconds): one that
#: trickles a byte every few seconds (each read within the socket timeout) is dropped then, so
#: slow clients cannot hold the connection slots (a 5 MB body needs about 0.7 Mbit/s).
REQUEST_DEADLINE_S = 60.0
#: Connections served at once; more are answered 503 at once, with this ``Retry-After`` (seconds).
MAX_CONNECTIONS = 64
BUSY_RETRY_S = 1


class ApiServer(ThreadingHTTPServer):
    """A threading HTTP server that bounds connections and hands requests to an :class:`Api`."""

    daemon_threads = True
    allow_reuse_address = True
    #: Listen backlog: socketserver's default of 5 resets connections when a few dozen clients
    #: connect at once (seen in benchmarks/daemon_load.py with 16 clients on a loaded machine).
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], api: Api, max_connections: int = MAX_CONNECTIONS) -> None:
        self.api = api
        self._slots = threading.BoundedSemaphore(max_connections)
        busy = json.dumps({"error": f"the daemon is busy (connection limit {max_connections} reached); "
                                    f"retry after {BUSY_RETRY_S} s, as the Retry-After header says",
                           "retry_after_s": BUSY_RETRY_S}).encode()
        self._busy = (f"HTTP/1.1 503 Service Unavailable\r\nRetry-After: {BUSY_RETRY_S}\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {len(busy)}\r\n"
                      "Connection: close\r\n\r\n").encode() + busy
        self.active = 0
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Refuse a connection over the limit with a 503 instead of a new thread (the request is
        not read: the answer is written at once, with a short JSON body saying why)."""
        if not self._slots.acquire(blocking=False):
            try:
                request.sendall(self._busy)
                request.shutdown(socket.SHUT_WR)
            except OSError:
                self.shutdown_request(request)
                return
            # Closing with the request unread would reset the connection, and a client still
            # sending its body would see a broken pipe instead of the 503: what it sends is
            # read and dropped for a moment first, off the accepting thread.
            threading.Thread(target=_drain_and_close, args=(request,), daemon=True).start()
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Serve one connection, then free its slot."""
        self.active += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.active -= 1
            self._slots.release()

    def serve_in_thread(self) -> threading.Thread:
        """Start ``serve_forever`` on a daemon thread."""
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                  name="http-api", daemon=True)
        thread.start()
        return thread

    @property
    def port(self) -> int:
        """The bound port (useful after binding port 0)."""
        return int(self.server_address[1])


class _Deadline:
    """Whether a request was read before its deadline: whichever of :meth:`set` (the reading
    ended) and :meth:`expire` (the deadline came) comes first wins, under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: str | None = None

    def set(self) -> bool:
        """The request is read; ``False`` when the deadline came first."""
        with self._lock:
            self._state = self._state or "read"
            return self._state == "read"

    def expire(self) -> bool:
        """The deadline came; ``True`` when the request was not read by then."""
        with self._lock:
            self._state = self._state or "expired"
            return self._state == "expired"


class _Handler(BaseHTTPRequestHandler):
    server: ApiServer
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_S
    server_version = "tracker"
    sys_version = ""
    # Errors raised by http.server itself (a malformed request line or headers) get a status
    # line and a JSON body too, like every other answer.
    default_request_version = "HTTP/1.1"
    error_content_type = "application/json"
    error_message_format = '{"error": "%(code)d %(message)s"}'

    def handle_one_request(self) -> None:
        """Read and answer one request, the reading within :data:`REQUEST_DEADLINE_S`."""
        self._read_done = read = _Deadline()
        timer = threading.Timer(REQUEST_DEADLINE_S, self._expire, (read,))
        timer.daemon = True
        timer.start()
        try:
            super().handle_one_request()
        finally:
            timer.cancel()

    def _expire(self, read: _Deadline) -> None:
        """The client took too long to send its request: drop the connection (unless the
        reading ended meanwhile; a request cut short is then never answered)."""
        if read.expire():
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def do_GET(self) -> None:
        self._serve(b"")

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's name)
        """A GET's status and headers without its body (monitors probe ``HEAD /health``)."""
        if not self._read_done.set():
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._send(self.server.api.handle("GET", self.path, headers, b""))

    def do_POST(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            # What a client sends when it does not know the length: a pipe (curl -T -), a
            # generator (requests, httpx), a log shipper.
            chunked, problem = _read_chunked(self.rfile, MAX_BODY_BYTES)
            if chunked is None:
                status = 413 if problem.startswith("body of more than") else 400
                self._send(self._refuse(status, problem), close=True)
                headers = {k.lower(): v for k, v in self.headers.items()}
                if status == 413 and self.server.api.takes_items(self.command, self.path, headers):
                    self._linger(LINGER_BYTES)  # the rest of its chunks, as for a Content-Length body
                return
            self._receive(chunked)
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(self._refuse(411, "a Content-Length header is required"), close=True)
            return
        if length < 0:
            self._send(self._refuse(400, f"Content-Length {length} is negative"), close=True)
            return
        if length > MAX_BODY_BYTES:
            # The head of a body the intake refuses is kept in its dead-letter row, as every
            # refused item's is. Then read on a while before closing: a client of the intake
            # that sends its whole body before it reads the answer (Python's http.client,
            # requests) then reads the 413, not a reset. (Only for one the daemon takes items
            # from: a connection's slot is held.)
            headers = {k.lower(): v for k, v in self.headers.items()}
            takes = self.server.api.takes_items(self.command, self.path, headers)
            expects = "100-continue" in self.headers.get("Expect", "").lower()  # sends nothing before an answer
            head = self._read_up_to(PAYLOAD_LIMIT, HEAD_S) if takes and not expects else b""
            self._send(self._refuse(413, f"body of {length} bytes is over the {MAX_BODY_BYTES} byte limit", head),
                       close=True)
            if takes:
                self._linger(length - len(head))
            return
        body = _read_exactly(self.rfile, length)
        if body is None:
            # The client stopped sending (or the socket timed out): say so, if it still listens.
            self._send(self._refuse(400, f"the body ended before its Content-Length of {length} bytes; "
                                         "nothing was read: re-send it whole"), close=True)
            return
        self._receive(body)

    def _receive(self, body: bytes) -> None:
        """Serve a POST whose body is read whole."""
        if self.headers.get("Content-Type", "").lower().startswith("multipart/"):
            # (Answered once the body is read: a client still sending would see a reset.)
            self._read_done.set()
            self._send(self._refuse(415, "multipart/form-data is not read: send the file's bytes as the "
                                         "body (curl --data-binary @FILE), with its own Content-Type", body))
            return
        self._serve(body)

    def _refuse(self, status: int, why: str, body: bytes = b"") -> Reply:
        """The answer to a body that cannot be read, kept as a refused item when it was sent
        to ``POST /articles`` (see :meth:`Api.refuse_body`)."""
        headers = {k.lower(): v for k, v in self.headers.items()}
        return self.server.api.refuse_body(self.command, self.path, headers, status, why, body)

    def do_PUT(self) -> None:
        self._send(Reply(405, {"error": "use GET or POST"}), close=True)

    do_DELETE = do_PATCH = do_PUT

    def _serve(self, body: bytes) -> None:
        if not self._read_done.set():
            return  # the deadline came first: the connection is gone, the request half read
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply = self.server.api.handle(self.command, self.path, headers, body)
        self._send(reply)

    def _send(self, reply: Reply, close: bool = False) -> None:
        data, content_type = reply.encode()
        self.server.api.backend.metrics.inc("tracker_http_requests_total", code=str(reply.status))
        try:
            self.send_response(reply.status, HTTPStatus(reply.status).phrase)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for key, value in reply.headers.items():
                if key != "Content-Type":
                    self.send_header(key, value)
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:
            self.close_connection = True

    def _read_up_to(self, size: int, seconds: float) -> bytes:
        """Up to ``size`` bytes of the request body: what arrives within ``seconds``. Waited
        for with ``select``, not a socket timeout: a read that times out leaves the socket's
        reader unusable, and the body could not be read on after the answer (:meth:`_linger`)."""
        deadline = time.monotonic() + seconds
        chunks: list[bytes] = []
        got = 0
        try:
            while got < size and (remaining := deadline - time.monotonic()) > 0:
                if not select.select([self.connection], [], [], remaining)[0]:
                    break
                chunk = self.rfile.read1(size - got)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        except (OSError, ValueError):
            pass
        return b"".join(chunks)

    def _linger(self, length: int) -> None:
        """Read and drop up to ``length`` bytes of the request (at most :data:`LINGER_BYTES`,
        for at most :data:`LINGER_S`)."""
        deadline = time.monotonic() + LINGER_S
        left = min(length, LINGER_BYTES)
        try:
            while left > 0 and (remaining := deadline - time.monotonic()) > 0:
                self.connection.settimeout(remaining)  # a client trickling bytes is not waited for
                chunk = self.rfile.read1(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)
        except (OSError, ValueError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request lines: the daemon logs batches, and /metrics counts requests."""


#: How long the head of a body over the limit (its first PAYLOAD_LIMIT bytes, kept in its
#: dead-letter row) is waited for before the 413.
HEAD_S = 1.0
#: How long, and how much, of a body over the limit is read and dropped after its 413.
LINGER_S = 5.0
LINGER_BYTES = 64_000_000
#: How long, and how much, a refused connection's request is read and dropped before it is closed.
DRAIN_S = 1.0
DRAIN_BYTES = 2 * MAX_BODY_BYTES


def _drain_and_close(request: socket.socket) -> None:
    try:
        request.settimeout(DRAIN_S)
        deadline = time.monotonic() + DRAIN_S
        left = DRAIN_BYTES
        while left > 0 and time.monotonic() < deadline:
            chunk = request.recv(1 << 16)
            if not chunk:
                break
            left -= len(chunk)
    except OSError:
        pass
    finally:
        request.close()


def _read_chunked(stream: Any, limit: int) -> tuple[bytes, str] | tuple[None, str]:
    """A body sent in HTTP/1.1 chunks (RFC 9112 7.1): ``(body, "")``, or ``(None, what was
    wrong)`` for a body over ``limit`` bytes ("body of more than ..."), a malformed chunk size
    or a body cut short. Chunk extensions and trailer fields are read and dropped."""
    parts: list[bytes] = []
    total = 0
    try:
        while True:
            line = stream.readline(4096)
            if not line.endswith(b"\n"):
                return None, ("the chunked body ended before its last chunk (a chunk of size 0); "
                              "nothing was read: re-send it whole")
            size_text = line.split(b";", 1)[0].strip()
            if not size_text or any(c not in b"0123456789abcdefABCDEF" for c in size_text):
                return None, f"malformed chunk size {size_text[:20].decode('latin-1')!r} in a chunked body"
            size = int(size_text, 16)
            if size == 0:
                while (trailer := stream.readline(4096)) not in (b"\r\n", b"\n", b""):
                    if not trailer.endswith(b"\n"):
                        break
                return b"".join(parts), ""
            total += size
            if total > limit:
                return None, f"body of more than {limit} bytes (the byte limit), sent in chunks"
            data = _read_exactly(stream, size)
            if data is None or stream.readline(4096).strip():
                return None, "a chunk of the chunked body ended before its size; nothing was read: re-send it whole"
            parts.append(data)
    except OSError:
        return None, "the chunked body ended before its last chunk; nothing was read: re-send it whole"


def _read_exactly(stream: Any, length: int) -> bytes | None:
    chunks: list[bytes] = []
    left = length
    try:
        while left > 0:
            chunk = stream.read(min(left, 1 << 16))
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    return b"".join(chunks)
