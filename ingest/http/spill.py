"""What the HTTP intake leaves in the spool when a request is not committed within its wait.

Owns the form of a spilled request: each item as one JSONL line of the intake record, the
hidden ids file beside the data file, and finding those ids again after a restart (so
``GET /status`` answers ``queued``, not "unknown"). Writing the files durably is
:func:`ingest.spool.write_spool_file`'s job, and reading them the spool source's.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ingest.parse import TITLE_FROM_FIRST_LINE, TITLE_FROM_KEY, RawItem, decode, pasted_headline, record_bytes
from tracker.errors import InvalidArticle


#: Ids of spilled records remembered for ``GET /status`` (the oldest are forgotten first, and
#: answered "unknown": re-sending is always safe).
SPILLED_KEPT = 200_000


def _as_record(item: RawItem) -> bytes:
    """The item as one JSONL line of the intake record (for the spool). An id the pipeline
    derives is not written in: a given id is stored even when its text is stored already,
    a derived one makes a duplicate (see :func:`spooled_ids` for how it is found again)."""
    if item.kind == "json":
        # One line: a line break of any kind (CRLF, a bare CR, which the spool's reader
        # also takes for one) stands between JSON's tokens, where a space is the same.
        return item.payload.replace(b"\r", b" ").replace(b"\n", b" ")
    # Decoded as the item is read when its batch takes it directly (ingest.parse.parse_item):
    # a page is read in its declared charset ("windows-1252" in its <meta>), a byte-order mark
    # is dropped, so the spilled record is stored as the same text, under the same derived id
    # that the 202 answer named. Bytes that decode in no way travel as escapes ("\\udce9" for
    # 0xe9), which the pipeline rejects as it rejects the bytes themselves: never replaced by
    # U+FFFD and stored.
    try:
        if item.kind == "html":
            from ingest.html import decode_html  # (trafilatura: loaded only for pages)

            text = decode_html(item.payload)
        else:
            text = decode(item.payload, "text")
    except InvalidArticle:
        text = item.payload.decode("utf-8", "surrogateescape")
    record: dict[str, Any] = {"html" if item.kind == "html" else "text": text}
    if item.kind == "text" and (headline := pasted_headline(text)):
        # Its headline line is read as the text read directly reads it: the same title, and
        # the same content hash and derived id as the 202 answer named.
        record.update({"title": headline, TITLE_FROM_KEY: TITLE_FROM_FIRST_LINE})
    if item.hint_id:
        record["id"] = item.hint_id
    return record_bytes(record)


def _ids_file(spool_file: Path) -> Path:
    """Where the ids of a spilled request's records are kept beside it (a hidden file, which
    the spool does not read)."""
    return spool_file.with_name(f".{spool_file.name}.ids")


def spooled_ids(spool: Path) -> dict[str, tuple[datetime, Path]]:
    """Ids of the records the HTTP intake spilled to the spool and the daemon has not read yet
    (``http-*.jsonl`` files waiting there; their ids, given or derived, in the hidden
    ``.NAME.ids`` beside each), with their files' times, at most SPILLED_KEPT: ``GET /status``
    answers them ``queued`` after a restart, not "unknown; re-send it". The ids files of
    spool files read since are removed. Each id comes with the data file that holds it."""
    found: dict[str, tuple[datetime, Path]] = {}
    try:
        kept = list(spool.glob(".http-*.jsonl.ids"))
    except OSError:
        return found
    for ids_file in sorted(kept, key=lambda p: p.name):
        data = ids_file.with_name(ids_file.name[1:-len(".ids")])
        try:
            if not data.is_file():
                ids_file.unlink()  # read through and moved: nothing of it waits
                continue
            at = datetime.fromtimestamp(data.stat().st_mtime, timezone.utc)
            ids = json.loads(ids_file.read_bytes())
        except (OSError, ValueError):
            continue
        for article_id in ids if isinstance(ids, list) else ():
            if isinstance(article_id, str) and len(found) < SPILLED_KEPT:
                found[article_id] = (at, data)
    return found
