"""Reading records back: articles, their facts, signatures, pairs, lineage, matches, rejects.

Owns the named reads of ``queries/`` that return records, and the row factories that turn a
row into a record (one place per record type). It must not write, and callers never see a
cursor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

import duckdb
import pyarrow as pa

from tracker.errors import StoreError
from tracker.model import (
    Article, ArticleFacts, LineageEdge, Match, PairEvidence, Rejected, Signature,
)
from tracker.sql import query
from tracker.store.connection import Connection


class Reads(Connection):
    """The record reads of a :class:`~tracker.store.Store`."""

    def checkpoint(self, source_name: str) -> int | None:
        """Last committed offset of an intake source."""
        rows = self._named("checkpoint_get", {"source_name": source_name})
        return int(rows[0][0]) if rows else None

    def article(self, article_id: str) -> Article | None:
        """One article, or ``None``."""
        rows = self._named("article_by_id", {"article_id": article_id})
        return _article(rows[0]) if rows else None

    def has_article(self, article_id: str) -> bool:
        """True when the id is stored."""
        return bool(self._named("article_by_id", {"article_id": article_id}))

    def ids_with_hash(self, content_hash: str) -> list[str]:
        """Ids of stored articles with this content hash."""
        return [r[0] for r in self.with_hash(content_hash)]

    def with_hash(self, content_hash: str) -> list[tuple[str, str | None]]:
        """``(id, url)`` of the stored articles with this content hash, by id."""
        return [(r[0], r[1]) for r in self._named("article_by_hash", {"content_hash": content_hash})]

    def _rows_for_ids(self, name: str, ids: Sequence[str], what: str,
                      column: str = "article_id") -> list[tuple[Any, ...]]:
        """Run a named query that joins the relation ``batch`` holding ``ids`` in ``column``."""
        if not ids:
            return []
        batch = pa.Table.from_pylist([{column: i} for i in ids], schema=pa.schema([(column, pa.string())]))
        with self._lock, self._registered(batch):
            rows: list[tuple[Any, ...]] = self._execute(query(name), {}, what).fetchall()
        return rows

    def existing(self, ids: Sequence[str]) -> dict[str, str]:
        """Content hash of each of ``ids`` that is stored (one query for a whole batch)."""
        return {r[0]: r[1] for r in self._rows_for_ids("existing_ids", ids, "look up stored ids")}

    def with_hashes(self, hashes: Sequence[str]) -> dict[str, list[tuple[str, str | None]]]:
        """``(id, url)`` of the stored articles with each of these content hashes, by id (one
        query for a whole batch); hashes nothing has are left out."""
        found: dict[str, list[tuple[str, str | None]]] = {}
        for digest, article_id, url in self._rows_for_ids("articles_with_hashes", sorted(set(hashes)),
                                                           "look up stored texts", "content_hash"):
            found.setdefault(digest, []).append((article_id, url))
        return found

    def article_ids(self) -> list[str]:
        """Every stored article id, sorted."""
        return [r[0] for r in self._named("all_article_ids")]

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``ids``, by id (one query)."""
        return {r[0]: _article(r) for r in self._rows_for_ids("articles_of", ids, "read articles")}

    def texts(self, ids: Sequence[str]) -> list[tuple[str, str, str | None, str | None]]:
        """``(article_id, text, title, lang)`` of each of ``ids`` that is stored, sorted by id."""
        return [(r[0], r[1], r[2], r[3]) for r in self._rows_for_ids("texts_of", ids, "read article texts")]

    def facts(self, ids: Sequence[str]) -> dict[str, ArticleFacts]:
        """What the lineage rules need of each article."""
        return {
            r[0]: ArticleFacts(r[0], _utc(r[1]), r[2], int(r[3]), tuple(r[4] or ()), int(r[5]), bool(r[6]),
                               bool(r[7]), tuple(r[8] or ()), r[9], r[10])
            for r in self._rows_for_ids("facts_of", ids, "read article facts")
        }

    def signatures(self) -> Iterator[Signature]:
        """Every stored signature (for rebuilding the index), streamed in chunks."""
        with self._lock:
            cur = self._con.cursor()
        try:
            cur.execute(query("signatures_for_index"))
            while True:
                chunk = cur.fetchmany(10_000)
                if not chunk:
                    break
                for article_id, family, params, n, blob in chunk:
                    yield Signature(article_id, family, params, bytes(blob), int(n))
        except duckdb.Error as exc:
            raise StoreError(f"reading signatures failed: {exc}") from exc
        finally:
            cur.close()

    def pairs(self) -> list[PairEvidence]:
        """Every verified pair."""
        return [PairEvidence(*row) for row in self._named("all_pairs")]

    def last_reject(self, article_id: str) -> tuple[datetime, Rejected] | None:
        """The most recent dead-letter row of an item that named this id, with its time."""
        rows = self._named("reject_of", {"article_id": article_id})
        if not rows:
            return None
        received, origin, field, reason, payload, payload_bytes = rows[0]
        received_at = _utc(received)
        assert received_at is not None  # rejects.received_at is NOT NULL
        kept = None if payload_bytes is None else bytes(payload_bytes)
        return received_at, Rejected(origin, field, reason, payload, kept, article_id)

    def lineage(self, article_id: str) -> LineageEdge | None:
        """The lineage row of one article."""
        rows = self._named("lineage_row", {"article_id": article_id})
        return LineageEdge(*rows[0]) if rows else None

    def lineage_links(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None, str]]:
        """``(origin_id, parent_id, relation)`` of each of ``ids`` that has a lineage row (one
        query)."""
        return {r[0]: (r[1], r[2], r[3]) for r in self._rows_for_ids("lineage_rows_of", ids, "read lineage")}

    def path_to_origin(self, article_id: str) -> list[str]:
        """Ids from the origin down to ``article_id``."""
        rows = self._named("lineage_of", {"article_id": article_id})
        return [r[0] for r in reversed(rows)]

    def matches_of(self, article_id: str) -> list[Match]:
        """Every verified source of an article."""
        return [Match(article_id, *row) for row in self._named("matches_of", {"article_id": article_id})]


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _article(row: tuple[Any, ...]) -> Article:
    meta = json.loads(row[11]) if row[11] else {}
    return Article(
        article_id=row[0], url=row[1], source=row[2], title=row[3],
        published_at=_utc(row[4]), lang=row[6], content_hash=row[7], text=row[9],
        meta=tuple(sorted((str(k), str(v)) for k, v in meta.items())),
    )
