"""JSONL on standard input (``tracker daemon --stdin``), for pipelines.

A reader thread parses nothing: it splits lines (with :func:`ingest.sources.iter_lines`, as
``tracker ingest -`` does) into a bounded queue, so a fast producer blocks on the pipe instead
of filling memory. The byte offset of the last committed line is checkpointed as ``stdin``.

Standard input is not replayable: lines read but not yet committed when the daemon is killed
with ``kill -9`` are lost, and the producer cannot tell which. Use the spool directory or the
HTTP intake when that matters. After such a crash the ``stdin`` checkpoint says how many bytes
of the stream were committed, so a file can be resumed with ``tail -c +$((OFFSET + 1))``.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from typing import BinaryIO

from ingest.intake import Delivery
from ingest.parse import RawItem
from ingest.pipeline import BatchResult
from ingest.sources import iter_lines

#: Lines buffered between the reader thread and the batch loop.
QUEUE_LINES = 1024
_EOF = RawItem("stdin:eof", b"", "json", -1)


class StdinSource:
    """Lines of a binary stream, read by a background thread.

    Args:
        stream: the stream (``sys.stdin.buffer``).
        max_queue: lines buffered before the reader blocks.
    """

    name = "stdin"

    def __init__(self, stream: BinaryIO, max_queue: int = QUEUE_LINES) -> None:
        self._stream = stream
        self._queue: queue.Queue[RawItem] = queue.Queue(maxsize=max_queue)
        self._retry: list[Delivery] = []
        self._accepting = threading.Event()
        self._accepting.set()
        self.eof = False
        self._thread = threading.Thread(target=self._read, name="stdin-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for item in iter_lines(self._stream, "stdin"):
            while self._accepting.is_set():
                try:
                    self._queue.put(item, timeout=0.2)
                    break
                except queue.Full:
                    continue
            if not self._accepting.is_set():
                return
        self._queue.put(_EOF)

    def poll(self, limit: int) -> list[Delivery]:
        """Up to ``limit`` lines already read (retried ones first)."""
        out = self._retry[:limit]
        del self._retry[:limit]
        while len(out) < limit:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _EOF:
                self.eof = True
                continue
            out.append(Delivery(item, self, "stdin"))
        return out

    def commit(self, deliveries: Sequence[Delivery], result: BatchResult) -> None:
        """Nothing to acknowledge: the checkpoint went in with the batch."""

    def abort(self, deliveries: Sequence[Delivery], error: str) -> None:
        """Hand the lines out again on the next poll."""
        self._retry = list(deliveries) + self._retry

    def stop_intake(self) -> None:
        """Stop reading the stream (lines already queued are still handed out)."""
        self._accepting.clear()

    def close(self) -> None:
        """Stop the reader (it is a daemon thread blocked on the pipe at worst)."""
        self._accepting.clear()

    def depth(self) -> int:
        """Lines read and waiting."""
        return self._queue.qsize() + len(self._retry)

    def unprocessed(self) -> int:
        """Lines read and waiting (lost at stop: standard input is not replayable)."""
        return self.depth()

    def describe(self) -> str:
        """Banner line."""
        return "stdin (JSONL; not replayable: see the README)"
