"""Stored divergence explanations: the tables of migration 002, kept up to date with lineage.

Owns which (article, source) pairs have a stored explanation, replacing stale ones and
computing missing ones through a caller's function. It must not explain anything itself:
the caller passes in the function that does (:func:`tracker.explain.explainer`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa

from tracker.model import LineageEdge
from tracker.sql import query
from tracker.store.connection import Connection


class Explanations(Connection):
    """The divergence explanations of a :class:`~tracker.store.Store`."""

    @staticmethod
    def _explain_schema(table: str) -> pa.Schema:
        key = [("article_id", pa.string()), ("source_id", pa.string())]
        return pa.schema({
            "keys": key,
            "explanations": key + [
                ("divergence", pa.float64()), ("kept", pa.float64()),
                ("inserted_share", pa.float64()), ("n_aligned", pa.int32()),
                ("n_changes", pa.int32()),
            ],
            "alignments": key + [
                ("seq", pa.int32()), ("derived_index", pa.int32()), ("source_index", pa.int32()),
                ("derived_text", pa.string()), ("source_text", pa.string()),
                ("score", pa.float64()), ("lexical", pa.float64()),
            ],
            "changes": key + [
                ("seq", pa.int32()), ("kind", pa.string()), ("source_index", pa.int32()),
                ("derived_index", pa.int32()), ("source_text", pa.string()),
                ("derived_text", pa.string()), ("detail", pa.string()),
            ],
        }[table])

    def _batch_rows(self, name: str, schema: pa.Schema, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Run a named statement over ``rows`` registered as the relation ``batch``."""
        if not rows:
            return []
        batch = pa.Table.from_pylist(rows, schema=schema)
        with self._lock, self._registered(batch):
            cur = self._execute(query(name), {}, f"{name} ({len(rows)} rows)")
            return cur.fetchall() if cur.description else []

    def explanation_sources(self, ids: Sequence[str]) -> dict[str, set[str]]:
        """For each article, the sources it already has a stored explanation against."""
        found: dict[str, set[str]] = {i: set() for i in ids}
        ids_schema = pa.schema([("article_id", pa.string())])
        for article_id, source_id in self._batch_rows(
                "explanation_sources", ids_schema, [{"article_id": i} for i in sorted(set(ids))]):
            found.setdefault(article_id, set()).add(source_id)
        return found

    def titles(self, ids: Sequence[str]) -> dict[str, str | None]:
        """The stored headline of each article (``None`` when it has none)."""
        ids_schema = pa.schema([("article_id", pa.string())])
        rows = self._batch_rows("titles_of", ids_schema, [{"article_id": i} for i in sorted(set(ids))])
        return {article_id: title for article_id, title in rows}

    def replace_explanations(
        self, stale: Sequence[tuple[str, str]], fresh: Sequence[dict[str, list[dict[str, Any]]]],
    ) -> None:
        """Delete the explanations of the ``stale`` (article, source) pairs, insert ``fresh`` ones.

        Args:
            stale: ``(article_id, source_id)`` pairs whose rows go.
            fresh: rows of new explanations (:func:`tracker.explain.rows`).
        """
        keys = [{"article_id": a, "source_id": s} for a, s in sorted(set(stale))]
        for name in ("delete_explanations_of", "delete_alignments_of", "delete_changes_of"):
            self._batch_rows(name, self._explain_schema("keys"), keys)
        for table in ("explanations", "alignments", "changes"):
            self._batch_rows(f"insert_{table}", self._explain_schema(table),
                             [row for rows in fresh for row in rows.get(table, [])])

    def refresh_explanations(
        self, edges: Sequence[LineageEdge],
        explain_pair: Callable[[str, str, str | None, str | None], dict[str, list[dict[str, Any]]]],
    ) -> int:
        """Bring the stored explanations of these lineage edges up to date.

        Each derived article is explained against its parent and its origin. A pair already
        explained is kept (texts never change); pairs no longer wanted (the family was
        re-decided) are deleted; missing ones are computed with ``explain_pair(derived_id,
        source_id, derived_title, source_title)`` and inserted. Call it inside the batch's
        transaction, after the lineage rows are written.

        Returns:
            The number of explanations computed.
        """
        wanted = {e.article_id: {s for s in (e.parent_id, e.origin_id) if s and s != e.article_id}
                  for e in edges}
        stored = self.explanation_sources(list(wanted))
        stale = [(a, s) for a, sources in stored.items() for s in sources - wanted.get(a, set())]
        todo = sorted((a, s) for a, sources in wanted.items() for s in sources - stored.get(a, set()))
        titles = self.titles(sorted({i for pair in todo for i in pair})) if todo else {}
        fresh = [explain_pair(a, s, titles.get(a), titles.get(s)) for a, s in todo]
        self.replace_explanations(stale, fresh)
        return len(fresh)
