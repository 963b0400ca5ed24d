"""Writing records: articles, signatures, verified pairs, lineage and matches, rejects, checkpoints.

Owns the Arrow form of each batch (one schema per table) and writing a batch with its named
statement from ``queries/``. It must not open transactions: the caller wraps a batch's
writes in one (:meth:`~tracker.store.connection.Connection.transaction`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from tracker.model import Article, LineageEdge, Match, PairEvidence, Rejected, Signature
from tracker.sql import query
from tracker.store.connection import Connection, _now

_TS = pa.timestamp("us", tz="UTC")
#: One of articles.mentions (migration 015): an outlet's key and the words of its mention.
MENTION = pa.struct([("outlet", pa.string()), ("before", pa.string()), ("words", pa.string()),
                     ("after", pa.string())])
_SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("url", pa.string()), ("source", pa.string()),
        ("title", pa.string()), ("published_at", _TS), ("ingested_at", _TS),
        ("lang", pa.string()), ("content_hash", pa.string()), ("n_words", pa.int32()),
        ("text", pa.string()), ("credits", pa.list_(pa.string())), ("meta", pa.string()),
        ("cited", pa.list_(pa.string())),
        ("mentions", pa.list_(MENTION)),
    ]),
    "signatures": pa.schema([
        ("article_id", pa.string()), ("family", pa.string()), ("params_id", pa.string()),
        ("n_shingles", pa.int32()), ("sig", pa.binary()),
    ]),
    "pairs": pa.schema([
        ("a_id", pa.string()), ("b_id", pa.string()), ("a_from_b", pa.float64()),
        ("relation", pa.string()), ("relation_reverse", pa.string()),
        ("similarity", pa.float64()), ("a_coverage", pa.float64()),
        ("b_coverage", pa.float64()), ("a_divergence", pa.float64()),
        ("b_divergence", pa.float64()), ("order", pa.float64()), ("lexical", pa.float64()),
        ("n_aligned", pa.int32()), ("figures_changed", pa.int32()),
    ]),
    "matches": pa.schema([
        ("article_id", pa.string()), ("source_id", pa.string()), ("relation", pa.string()),
        ("similarity", pa.float64()), ("containment", pa.float64()),
        ("divergence", pa.float64()), ("confidence", pa.float64()),
    ]),
    "lineage": pa.schema([
        ("article_id", pa.string()), ("origin_id", pa.string()), ("parent_id", pa.string()),
        ("relation", pa.string()), ("similarity", pa.float64()),
        ("containment", pa.float64()), ("divergence", pa.float64()), ("depth", pa.int32()),
        ("family_size", pa.int32()), ("updated_at", _TS),
    ]),
    "rejects": pa.schema([
        ("received_at", _TS), ("origin", pa.string()), ("field", pa.string()),
        ("reason", pa.string()), ("payload", pa.string()), ("payload_bytes", pa.binary()),
        ("article_id", pa.string()),
    ]),
    "ids": pa.schema([("article_id", pa.string())]),
    "pair_keys": pa.schema([("a_id", pa.string()), ("b_id", pa.string())]),
}
PAIR_COLUMNS = [f.name for f in _SCHEMAS["pairs"]]


#: An HTTP request's item, or its line in the spool file a 202 wrote (insert_rejects.sql).
_HTTP_ORIGIN = re.compile(r"^http:|/http-[^/]*\.jsonl:[0-9]+$")


def mention_rows(mentions: Sequence[tuple[str, str, str, str]]) -> list[dict[str, str]]:
    """``articles.mentions`` of :func:`tracker.attribution.credit_signals`'s mentions."""
    return [{"outlet": key, "before": before, "words": words, "after": after}
            for key, before, words, after in mentions]


#: ``(article_id, credits, cited, mentions)``, as :func:`tracker.attribution.page_credits` reads them.
CreditRow = tuple[str, Sequence[str], Sequence[str], Sequence[tuple[str, str, str, str]]]


def credit_rows(rows: Sequence[CreditRow]) -> pa.Table:
    """The relation ``batch`` of ``update_credits.sql``."""
    return pa.Table.from_pylist(
        [{"article_id": i, "credits": list(credits), "cited": list(cited), "mentions": mention_rows(mentions)}
         for i, credits, cited, mentions in rows],
        schema=pa.schema([("article_id", pa.string()), ("credits", pa.list_(pa.string())),
                          ("cited", pa.list_(pa.string())), ("mentions", pa.list_(MENTION))]))


class Writes(Connection):
    """The writes of a :class:`~tracker.store.Store`."""

    def _with_batch(self, name: str, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        batch = pa.Table.from_pylist(rows, schema=_SCHEMAS[table])
        with self._lock, self._registered(batch):
            self._execute(query(name), {}, f"{name} ({len(rows)} rows)")

    def add_articles(self, articles: Sequence[tuple[Article, int, tuple[str, ...]]],
                     cited: dict[str, tuple[str, ...]] | None = None,
                     mentions: dict[str, tuple[tuple[str, str, str, str], ...]] | None = None) -> None:
        """Insert ``(article, n_words, credits)`` rows, with the names each cites and the
        mentions that alone credit an outlet (by id); existing ids are left untouched."""
        now = _now()
        self._with_batch("insert_articles", "articles", [
            {
                "article_id": a.article_id, "url": a.url, "source": a.source, "title": a.title,
                "published_at": a.published_at, "ingested_at": now, "lang": a.lang,
                "content_hash": a.content_hash, "n_words": n_words, "text": a.text,
                "credits": list(credits), "meta": json.dumps(dict(a.meta)) if a.meta else None,
                "cited": list((cited or {}).get(a.article_id, ())),
                "mentions": mention_rows((mentions or {}).get(a.article_id, ())),
            }
            for a, n_words, credits in articles
        ])

    def update_credits(self, rows: Sequence[CreditRow]) -> None:
        """Replace the credits, cited names and mentions of stored articles (read again from
        their text with the current rules)."""
        if not rows:
            return
        with self._lock, self._registered(credit_rows(rows)):
            self._execute(query("update_credits"), {}, f"update_credits ({len(rows)} rows)")

    def save_signatures(self, signatures: Sequence[Signature]) -> None:
        """Insert or replace signature blobs."""
        self._with_batch("insert_signatures", "signatures", [
            {"article_id": s.article_id, "family": s.family, "params_id": s.params_id,
             "n_shingles": s.n_shingles, "sig": s.values}
            for s in signatures
        ])

    def save_pairs(self, pairs: Sequence[PairEvidence]) -> None:
        """Insert or replace verified pair evidence."""
        self._with_batch("insert_pairs", "pairs",
                         [{c: getattr(p, c) for c in PAIR_COLUMNS} for p in pairs])

    def delete_pairs(self, keys: Sequence[tuple[str, str]]) -> None:
        """Remove the verified pairs ``(a_id, b_id)`` (``a_id < b_id``)."""
        self._with_batch("delete_pairs", "pair_keys", [{"a_id": a, "b_id": b} for a, b in keys])

    def replace_lineage(self, edges: Sequence[LineageEdge], matches: Sequence[Match]) -> None:
        """Write re-decided families: their lineage rows and all their match rows."""
        ids = sorted({e.article_id for e in edges})
        self._with_batch("delete_matches_of", "ids", [{"article_id": i} for i in ids])
        self._with_batch("insert_matches", "matches", [
            {"article_id": m.article_id, "source_id": m.source_id, "relation": m.relation,
             "similarity": m.similarity, "containment": m.containment,
             "divergence": m.divergence, "confidence": m.confidence}
            for m in matches
        ])
        now = _now()
        self._with_batch("insert_lineage", "lineage", [
            {"article_id": e.article_id, "origin_id": e.origin_id, "parent_id": e.parent_id,
             "relation": e.relation, "similarity": e.similarity, "containment": e.containment,
             "divergence": e.divergence, "depth": e.depth, "family_size": e.family_size,
             "updated_at": now}
            for e in edges
        ])

    def record_rejects(self, rejects: Sequence[Rejected]) -> None:
        """Keep rejected items in the dead-letter table (an item rejected again for the same
        reason, earlier in this batch or stored, keeps its first row: an item is known by its
        origin and payload, and the origins of HTTP requests are one, see insert_rejects.sql)."""
        now = _now()

        def key(r: Rejected) -> tuple[Any, ...]:
            origin = "http" if _HTTP_ORIGIN.search(r.origin) else r.origin
            return (origin, r.field, r.reason, r.payload, r.payload_bytes)

        unique = {key(r): r for r in reversed(rejects)}
        self._with_batch("insert_rejects", "rejects", [
            {"received_at": now, "origin": r.origin, "field": r.field, "reason": r.reason,
             "payload": r.payload, "payload_bytes": r.payload_bytes, "article_id": r.article_id}
            for r in rejects if unique[key(r)] is r
        ])

    def set_checkpoint(self, source_name: str, offset: int) -> None:
        """Record an intake offset (call inside the batch's transaction)."""
        self._named("checkpoint_set", {"source_name": source_name, "offset": offset,
                                       "updated_at": _now()})
