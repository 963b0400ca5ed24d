"""The spool directory: files dropped in are ingested, then moved to ``done/`` or ``rejected/``.

Contract for writers: write the file elsewhere (or under a name starting with ``.`` or ending
in ``.tmp``/``.part``) and ``rename`` it into the spool when complete. Such names are never
read, so a half-written file is never seen. Supported: ``.jsonl``/``.ndjson``/``.json`` (one
intake record per line; a ``.json`` file may also be one record or an array of records),
``.txt`` and ``.html`` (one article each), read with the same code as ``tracker ingest``
(:mod:`ingest.sources`).

A file is moved only after every item read from it is committed, so moving to ``done/`` is the
acknowledgement; after a ``kill -9`` a file still in the spool is read again. A JSONL file's
byte offset is checkpointed with each batch (key ``spool:<name>:<size>:<mtime_ns>``, so a new file
under an old name starts from zero), so a restart resumes inside a large file instead of
repeating it. A file none of whose items could be used goes to ``rejected/``; every rejected
item is listed in a ``<name>.reason`` file beside the moved file, and has its row in the
dead-letter table. A file of a type intake does not read is such an item (its first bytes are
the payload).

Back-pressure is natural: the daemon asks for at most what fits in its batch, so under load
the spool is simply read more slowly.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.clock import Clock
from ingest.intake import Delivery, outcome_of
from ingest.parse import PAYLOAD_LIMIT, RawItem, named_id, printable
from ingest.pipeline import BatchResult
from ingest.sources import JSONL_SUFFIXES, SUPPORTED, irregular, iter_path, unreadable

#: How often the directory is listed when idle (seconds).
SCAN_INTERVAL_S = 0.5
#: A file modified less than this long ago is not read yet (seconds): a file copied into the
#: spool, or written there by a producer, is read once it stops changing (a producer that
#: paused for longer is read, and the file, if it changes again while read, is read again).
SETTLE_S = 2.0
#: Names that are still being written and must not be read.
IN_PROGRESS_SUFFIXES = (".tmp", ".part", ".partial", ".swp", "~")


@dataclass
class _File:
    path: Path
    checkpoint: str | None
    items: Iterator[RawItem] | None = None
    skip_to: int = 0
    delivered: int = 0
    committed: int = 0
    skipped: int = 0
    eof: bool = False
    kept: bool = False
    reasons: list[str] = field(default_factory=list)
    #: Why parts of it gave no item (a feed's entry with only a link, a feed cut short).
    skips: list[str] = field(default_factory=list)
    #: ``(device, inode)`` of the file when it was opened: a new file renamed over its name
    #: meanwhile is not the one read through.
    identity: tuple[int, int] | None = None
    #: ``(size, mtime_ns)`` when it was opened: a file that changed while it was read (still
    #: being written) is not moved, but read again.
    written: tuple[int, int] | None = None


#: How long one listing of the spool answers ``waiting`` (seconds).
WAITING_CACHE_S = 1.0


class SpoolSource:
    """Reads files renamed into a directory; moves each once its items are committed.

    Args:
        directory: the spool; ``done/`` and ``rejected/`` are created inside it.
        clock: for the scan interval.
        checkpoint_of: the stored offset of a checkpoint name (``Store.checkpoint``).
        scan_interval_s: minimum time between two directory listings.
        log: where spool errors go (a listing that failed, a file that cannot be moved), one
            dict per event; the daemon's log. They never stop the source.
        settle_s: a file modified less than this long ago (by the wall clock) is left for a
            later listing: it may still be being written (``cp`` into the spool, a producer
            appending to it). The daemon waits :data:`SETTLE_S`.
    """

    name = "spool"

    def __init__(
        self, directory: Path, clock: Clock, checkpoint_of: Callable[[str], int | None],
        scan_interval_s: float = SCAN_INTERVAL_S, log: Callable[[dict[str, Any]], None] | None = None,
        settle_s: float = 0.0, stored: Callable[[list[str]], Container[str]] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.done = self.directory / "done"
        self.rejected = self.directory / "rejected"
        for folder in (self.directory, self.done, self.rejected):
            folder.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._checkpoint_of = checkpoint_of
        #: Which of some ids are stored already (see unprocessed), if known.
        self._stored = stored
        self._scan_interval = scan_interval_s
        self._log = log or (lambda event: None)
        self._settle_s = settle_s
        self._next_scan = float("-inf")
        self._ready: list[Path] = []
        self._open: dict[str, _File] = {}
        self._current: _File | None = None
        self._accepting = True
        #: Files read through that could not be moved (a full disk, ``done/`` not writable):
        #: name -> (size, mtime, folder, reasons). They are not read again; the move is retried.
        self._unmoved: dict[str, tuple[int, int, Path, list[str]]] = {}
        self._told: set[str] = set()  # ...whose failure is in the log already
        self._scan_error: str | None = None
        self._warned: set[str] = set()  # folders in the spool named in the log once
        self._waiting: tuple[float, int] | None = None  # (when, count) of the last waiting()

    # --- Source ------------------------------------------------------------------------------
    def poll(self, limit: int) -> list[Delivery]:
        """Up to ``limit`` items from the spooled files, oldest file first."""
        out: list[Delivery] = []
        while self._accepting and len(out) < limit:
            if self._current is None and not self._open_next():
                break
            current = self._current
            assert current is not None and current.items is not None
            item = next(current.items, None)
            if item is None:
                current.eof = True
                self._current = None
                self._finish_if_done(current)
                continue
            if current.checkpoint is not None and 0 <= item.offset <= current.skip_to:
                current.skipped += 1
                continue
            current.delivered += 1
            out.append(Delivery(item, self, current.checkpoint, current))
        return out

    def commit(self, deliveries: Sequence[Delivery], result: BatchResult) -> None:
        """Count committed items per file; move files whose every item is committed."""
        touched: dict[str, _File] = {}
        for delivery in deliveries:
            state: _File = delivery.handle
            state.committed += 1
            outcome = outcome_of(delivery.item, None, result)
            if outcome.status == "rejected":
                state.reasons.append(f"{delivery.item.origin}: {outcome.reason}")
            else:
                state.kept = True
            touched[state.path.name] = state
        for state in touched.values():
            self._finish_if_done(state)

    def abort(self, deliveries: Sequence[Delivery], error: str) -> None:
        """Forget the files of a failed batch; the next scan reads them again from their checkpoint."""
        for delivery in deliveries:
            state: _File = delivery.handle
            if self._open.pop(state.path.name, None) is not None:
                if self._current is state:
                    self._current = None
                if state.items is not None and hasattr(state.items, "close"):
                    state.items.close()
        self._next_scan = float("-inf")

    def stop_intake(self) -> None:
        """Read nothing more; a partly read file stays in the spool and resumes at its checkpoint."""
        self._accepting = False

    def close(self) -> None:
        """Close the file being read."""
        for state in self._open.values():
            if state.items is not None and hasattr(state.items, "close"):
                state.items.close()
        self._open.clear()
        self._current = None

    def depth(self) -> int:
        """Files are on disk, not in memory: nothing to count."""
        return 0

    def waiting(self) -> int:
        """Files in the spool not yet read through (for ``/health``): listed afresh, since the
        loop lists the spool again only once it has read what it listed (a long file can hold
        it while many more arrive)."""
        # Asked from the HTTP threads while the loop changes them: copies (atomic under the
        # GIL); a listing serves for a second (a probe hammering /health lists no more often).
        now = time.monotonic()
        cached = self._waiting
        if cached is not None and now - cached[0] < WAITING_CACHE_S:
            return cached[1]
        ready, opened = list(self._ready), dict(self._open)
        try:
            with os.scandir(self.directory) as entries:
                names = [entry.name for entry in entries if self._readable(entry)]
        except OSError:
            return len(ready) + sum(1 for state in opened.values() if not state.eof)
        count = sum(1 for name in names if name not in opened or not opened[name].eof)
        self._waiting = (now, count)
        return count

    def unprocessed(self) -> int:
        """Items waiting in the spool's files, read after a restart: the lines (or records of
        a ``.json`` document) past each file's checkpoint, and one for any other file (an
        archive or a feed file is not read through to count its records). A record whose id
        is stored already is not counted: an HTTP request spilled here after its wait ran out,
        whose batch then committed it, leaves nothing to do."""
        left = 0
        with os.scandir(self.directory) as entries:
            for entry in entries:
                if not self._readable(entry):
                    continue
                path = Path(entry.path)
                if path.suffix.lower() not in JSONL_SUFFIXES:
                    left += 1
                    continue
                done = self._checkpoint_of(_checkpoint_key(path.name, entry.stat())) or 0
                ids = [named_id(item) for item in iter_path(path) if not 0 <= item.offset <= done]
                named = [i for i in ids if i is not None]
                stored = self._stored(named) if self._stored is not None and named else ()
                left += sum(1 for i in ids if i is None or i not in stored)
        return left

    def describe(self) -> str:
        """Banner line."""
        return f"spool {self.directory} (processed files move to done/ or rejected/)"

    def error(self) -> str | None:
        """Why the spool cannot be listed now (it was replaced by a file, its permissions
        changed), or ``None``: ``/health`` says ``degraded`` meanwhile."""
        return self._scan_error

    # --- files -------------------------------------------------------------------------------
    def _scan(self) -> None:
        now = self._clock.now()
        if now < self._next_scan:
            return
        self._next_scan = now + self._scan_interval
        try:
            self._ready = self._listing()
        except OSError as exc:
            self._ready = []
            error = f"cannot list the spool {self.directory}: {exc.strerror or exc}"
            if error != self._scan_error:  # said once, not at every listing
                self._log({"event": "spool_error", "spool": str(self.directory), "error": error,
                           "action": "retrying at each listing"})
            self._scan_error = error
        else:
            self._scan_error = None

    def _listing(self) -> list[Path]:
        """The complete files in the spool, oldest first; a file that was read through but
        could not be moved is moved now instead."""
        # A spool folder removed or renamed while the daemon runs is made again.
        for folder in (self.directory, self.done, self.rejected):
            folder.mkdir(parents=True, exist_ok=True)
        found: list[tuple[int, str, Path]] = []
        with os.scandir(self.directory) as entries:
            for entry in entries:
                name = entry.name
                if name in self._open or not self._readable(entry):
                    if entry.is_dir() and not name.startswith(".") and name not in self._warned \
                            and Path(entry.path) not in (self.done, self.rejected):
                        self._warned.add(name)  # said once
                        self._log({"event": "spool_error", "spool": str(self.directory), "file": name,
                                   "error": "a folder in the spool is not read",
                                   "action": "move its files into the spool itself"})
                    continue
                try:
                    stat = entry.stat()
                except OSError:  # a link to nothing: read (and refused) as any unreadable file
                    stat = entry.stat(follow_symlinks=False)
                unmoved = self._unmoved.get(name)
                if unmoved is not None and unmoved[:2] == (stat.st_size, stat.st_mtime_ns):
                    self._unmoved.pop(name)
                    self._move(Path(entry.path), unmoved[2], unmoved[3])  # read already: move it again
                    continue
                if self._settle_s and 0 <= time.time() - stat.st_mtime < self._settle_s:
                    # Still being written, maybe: the next listing looks again. (A time in the
                    # future, a clock set back, says nothing: such a file is read.)
                    continue
                found.append((stat.st_mtime_ns, name, Path(entry.path)))
        return [path for _, _, path in sorted(found)]

    @staticmethod
    def _readable(entry: os.DirEntry[str]) -> bool:
        """A complete file renamed (or linked) into the spool: not a folder, not a name still
        being written. A symbolic link to a file is read through, and the link is what moves to
        ``done/`` or ``rejected/``."""
        name = entry.name
        return (not name.startswith(".") and not name.endswith(IN_PROGRESS_SUFFIXES)
                and (entry.is_file() or entry.is_symlink() and not entry.is_dir()))

    def _open_next(self) -> bool:
        if not self._accepting:
            return False
        if not self._ready:
            self._scan()
        while self._ready:
            path = self._ready.pop(0)
            try:
                stat = path.stat()
            except FileNotFoundError:
                if not path.is_symlink():
                    continue  # moved away meanwhile
                stat = path.lstat()  # a link to nothing: refused below, as an unreadable file is
            checkpoint = None
            skip_to = 0
            if path.suffix.lower() in JSONL_SUFFIXES:
                checkpoint = _checkpoint_key(path.name, stat)
                skip_to = self._checkpoint_of(checkpoint) or 0
            state = _File(path, checkpoint, None, skip_to, identity=(stat.st_dev, stat.st_ino),
                          written=(stat.st_size, stat.st_mtime_ns))
            state.items = _items(path, state.skips)
            self._open[path.name] = state
            self._current = state
            return True
        return False

    def _finish_if_done(self, state: _File) -> None:
        if not state.eof or state.committed < state.delivered:
            return
        self._open.pop(state.path.name, None)
        try:
            now = state.path.stat()
        except OSError:
            now = None
        if now is not None and state.identity is not None and (now.st_dev, now.st_ino) != state.identity:
            # Another file was renamed over this name while it was read: that one is still to
            # read (the next listing opens it); the one read through is gone with its name.
            self._log({"event": "spool_file", "spool": str(self.directory), "file": state.path.name,
                       "to": None, "note": "replaced under its name while read; the new file is read next"})
            return
        if now is not None and state.written is not None and (now.st_size, now.st_mtime_ns) != state.written:
            # Written to while it was read: what was read is committed, the rest is not read
            # yet. The next listing reads it again from its start (its checkpoint named its old
            # size); the items already stored count as duplicates.
            self._log({"event": "spool_file", "spool": str(self.directory), "file": state.path.name,
                       "to": None, "note": "written to while read; read again once it stops changing"})
            return
        # What gave no item, once per reason with its count (a crawl skips many requests).
        skips = [f"{state.path.name}: skipped{f' {n}' if n > 1 else ''}: {why}"
                 for why, n in Counter(state.skips).items()]
        if state.delivered == 0 and state.skipped == 0:
            self._move(state.path, self.rejected, [], skips or [f"{state.path.name}: no items (empty file)"])
        elif state.kept or not state.reasons:
            self._move(state.path, self.done, state.reasons, skips)
        else:
            self._move(state.path, self.rejected, state.reasons, skips)

    def _move(self, path: Path, folder: Path, reasons: list[str], skips: Sequence[str] = ()) -> None:
        """Move a file read through to ``folder`` (``done/`` made again if it was removed),
        with its reasons beside it (its rejected items', then what gave no item). A file that cannot be moved (a full disk, a folder not
        writable) is not read again: it is remembered, the move is retried at each listing,
        and the error reaches the daemon's log."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / path.name
            n = 1
            while target.exists():
                target = folder / f"{path.stem}.{n}{path.suffix}"
                n += 1
            if reasons or skips:
                self._write_reasons(target.with_name(target.name + ".reason"), [*reasons, *skips])
            os.replace(path, target)
            # The ids the HTTP intake kept beside a spilled request (ingest.http.spill.spooled_ids):
            # nothing of it waits any more.
            path.with_name(f".{path.name}.ids").unlink(missing_ok=True)
        except OSError as exc:
            if isinstance(exc, FileNotFoundError) and not path.exists():
                return  # taken away meanwhile
            self._unmovable(path, folder, [*reasons, *skips], exc.strerror or str(exc))
            return
        self._told.discard(path.name)
        self._log({"event": "spool_file", "spool": str(self.directory), "file": path.name, "to": folder.name,
                   **({"rejected_items": len(reasons)} if reasons else {}),
                   **({"skipped": len(skips)} if skips else {})})
        _fsync_dir(folder)
        _fsync_dir(path.parent)

    @staticmethod
    def _write_reasons(reason_file: Path, reasons: list[str]) -> None:
        tmp = reason_file.with_name("." + reason_file.name + ".tmp")
        # One line per reason, whatever a reason holds (a library's multi-line message).
        lines = [" ".join(printable(reason).split()) for reason in reasons]
        try:
            tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
            os.replace(tmp, reason_file)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise

    def _unmovable(self, path: Path, folder: Path, reasons: list[str], why: str) -> None:
        """Remember a file that could not be moved; say so once (not at every listing)."""
        try:
            stat = path.stat()
            self._unmoved[path.name] = (stat.st_size, stat.st_mtime_ns, folder, reasons)
        except OSError:
            pass
        if path.name not in self._told:
            self._told.add(path.name)
            self._log({"event": "spool_error", "spool": str(self.directory), "file": path.name,
                       "error": f"processed, but cannot be moved to {folder.name}/: {why}",
                       "action": "not read again; the move is retried at each listing"})


def _items(path: Path, skips: list[str]) -> Iterator[RawItem]:
    """The items of a spooled file; why a part gave none goes to ``skips``. A file of a type
    intake does not read is one item that the pipeline rejects: it gets a dead-letter row (with
    its first bytes) like any unusable item, and the file goes to ``rejected/``. So does a file
    whose every part gave no item (a feed of entries with only a link), with their reasons."""
    if path.name.lower().endswith(SUPPORTED):
        given = 0
        for item in iter_path(path, skips.append):
            given += 1
            yield item
        if not given and skips:
            said = "; ".join(f"{why}{f' ({n} times)' if n > 1 else ''}" for why, n in Counter(skips).items())
            skips.clear()
            yield RawItem(str(path), f"gave no article: {said}".encode(), "refused", -1)
        return
    try:
        odd = irregular(path)
        if odd is not None:
            yield odd
            return
        with path.open("rb") as fh:
            head = fh.read(PAYLOAD_LIMIT)
    except OSError as exc:
        yield unreadable(path, exc)
        return
    yield RawItem(str(path), head, "unsupported", len(head))


def _checkpoint_key(name: str, stat: os.stat_result) -> str:
    """The checkpoint of a JSONL file: a new file under an old name starts from zero, even one
    of the same size and time (copied with ``cp -p`` or ``rsync -t``): its inode is another."""
    return f"spool:{printable(name)}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_spool_file(directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` into the spool the safe way: a hidden temporary file, fsync, rename.

    Used by the HTTP intake to make an accepted-but-not-yet-committed request durable (read at
    once: the file is dated back by :data:`SETTLE_S`), and handy for tests and tools.

    Returns:
        The final path.
    """
    directory = Path(directory)
    tmp = directory / f".{name}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # Complete when it is renamed: dated :data:`SETTLE_S` back, so that the spool reads it
        # at once rather than wait to see whether it is still being written.
        settled = time.time() - SETTLE_S
        os.utime(tmp, (settled, settled))
        final = directory / name
        os.replace(tmp, final)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
    _fsync_dir(directory)
    return final
