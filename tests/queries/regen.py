"""Build the golden-test fixture database and (re)write the golden files of the named queries.

The fixture database holds the corpus of ``tests/data/corpus`` with the lineage of its
labels (``labels.json``), not the tracker's own decisions, so the golden files test the SQL;
scores and stored explanations come from the real alignment (:mod:`tracker.verify`,
:mod:`tracker.explain`), through the same ``Store.refresh_explanations`` call as ingest.
Clock-dependent columns (``ingested_at``, ``updated_at``, ``received_at``) are pinned.

Regenerate after changing a query, the corpus, or the alignment and explanation code::

    .venv/bin/python -m tests.queries.regen

then review ``git diff tests/data/golden``. Golden files are never edited by hand.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from tracker.config import load_config
from tracker.explain import explainer
from tracker.hashing import content_hash
from tracker.model import Article, LineageEdge, Match, Rejected
from tracker.normalize import clean
from tracker.shingle import Features, extract
from tracker.store import Store
from tracker.verify import compare, divergence_of, similarity_of

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus"
GOLDEN = ROOT / "tests" / "data" / "golden"
#: Every clock-dependent timestamp of the fixture database is set to this.
PINNED = "2026-02-14 00:00:00+00"
REGEN = ".venv/bin/python -m tests.queries.regen"

Params = dict[str, Any]
#: Parameters of each golden case, per query; a callable gets the open fixture store.
CASES: dict[str, list[Params | Callable[[Store], Params]]] = {
    # issue 6: lineage questions
    "origin_of": [{"article_id": "wind-translation-copy"}, {"article_id": "council-summary"},
                  {"article_id": "offshore-auction"}],
    "story_family": [{"article_id": "wind-summary"}, {"article_id": "council-summary"}],
    "copies_by_divergence": [{"origin_id": "wind-wire"}],
    "who_republishes_whom": [{}],
    "uncredited_copies": [{}],
    "translation_chains": [{}],
    "top_stories": [{"since": "2026-02-10", "until": "2026-02-15"},
                    {"since": "2026-02-12T00:00:00Z", "until": "2026-02-13T00:00:00Z"}],
    "unmatched_articles": [{"since": "2026-02-01", "until": "2026-03-01"}],
    "daily_syndication": [{"since": "2026-02-01", "until": "2026-03-01"}],
    "altered_quotes": [{}],
    "changes_of": [{"article_id": "wind-translation"}],
    # the pipeline's own reads
    "all_article_ids": [{}],
    "all_pairs": [{}],
    "article_by_hash": [lambda store: {"content_hash": _hash_of(store, "council-copy")}],
    "article_by_id": [{"article_id": "museum-wire"}, {"article_id": "no-such-article"}],
    "checkpoint_get": [{"source_name": "corpus"}, {"source_name": "elsewhere"}],
    "cluster_members": [{"origin_id": "council-wire"}],
    "lineage_of": [{"article_id": "wind-translation-copy"}],
    "lineage_row": [{"article_id": "council-summary"}],
    "matches_of": [{"article_id": "wind-translation-copy"}],
    "derivatives_of": [{"article_id": "wind-wire"}, {"article_id": "wind-translation"}],
    "pair_between": [{"article_id": "wind-copy", "other_id": "wind-wire"},
                     {"article_id": "wind-rewrite", "other_id": "wind-copy"},
                     {"article_id": "wind-wire", "other_id": "council-wire"}],
    "rejects_recent": [{"limit": 5}],
    "reject_of": [{"article_id": "empty-text"}, {"article_id": "council-wire"}],
    "stats": [{}],
}


def _hash_of(store: Store, article_id: str) -> str:
    article = store.article(article_id)
    assert article is not None, article_id
    return article.content_hash


def _timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def read_corpus() -> tuple[list[dict[str, Any]], list[Rejected]]:
    """The corpus records, and the lines intake would reject (empty text)."""
    records: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not str(record.get("text", "")).strip():
                rejected.append(Rejected(f"{path.name}:{number}", "text", "is empty", line,
                                         article_id=record.get("id")))
            else:
                records.append(record)
    return records, rejected


def build_fixture(path: str) -> None:
    """Write the fixture database to ``path`` (a new file)."""
    config = load_config(env={}, overrides={"store": {"path": path}})
    records, rejected = read_corpus()
    labels: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text())["articles"]
    features: dict[str, Features] = {r["id"]: extract(r["text"], config.shingle) for r in records}
    missing = sorted(set(features) ^ set(labels))
    if missing:
        raise SystemExit(f"corpus and labels.json disagree on: {', '.join(missing)}")

    def origin(article_id: str) -> str:
        parent = labels[article_id]["parent"]
        return article_id if parent is None else origin(parent)

    def depth(article_id: str) -> int:
        parent = labels[article_id]["parent"]
        return 0 if parent is None else depth(parent) + 1

    sizes: dict[str, int] = {}
    for article_id in labels:
        sizes[origin(article_id)] = sizes.get(origin(article_id), 0) + 1
    min_terms = config.shingle.min_sentence_terms
    edges: list[LineageEdge] = []
    matches: list[Match] = []
    for article_id, label in sorted(labels.items()):
        parent, root = label["parent"], origin(article_id)
        if parent is None:
            edges.append(LineageEdge(article_id, root, None, "original", 1.0, 1.0, 0.0, 0, sizes[root]))
            continue
        for source, relation in ((parent, label["relation"]), (root, label.get("origin_relation"))):
            if source == parent or relation:
                stats = compare(features[article_id], features[source], min_terms)
                matches.append(Match(article_id, source, relation, similarity_of(stats),
                                     round(stats.a_coverage, 4), divergence_of(stats), 1.0))
                if source == parent:
                    edges.append(LineageEdge(article_id, root, parent, relation, similarity_of(stats),
                                             round(stats.a_coverage, 4), divergence_of(stats),
                                             depth(article_id), sizes[root]))
    articles = [
        (Article(article_id=r["id"], text=r["text"], content_hash=content_hash(clean(r["text"])),
                 url=r.get("url"), source=r.get("source"), title=r.get("title"),
                 published_at=_timestamp(r.get("published_at"))),
         features[r["id"]].n_words, features[r["id"]].credits)
        for r in records
    ]
    with Store(path) as store:
        with store.transaction():
            store.add_articles(articles)
            store.replace_lineage(edges, matches)
            store.refresh_explanations(edges, explainer(features.__getitem__, min_terms))
            store.record_rejects(rejected)
            store.set_checkpoint("corpus", len(records) + len(rejected))
        store.run_sql(f"UPDATE articles SET ingested_at = TIMESTAMPTZ '{PINNED}'")
        store.run_sql(f"UPDATE lineage SET updated_at = TIMESTAMPTZ '{PINNED}'")
        store.run_sql(f"UPDATE rejects SET received_at = TIMESTAMPTZ '{PINNED}'")


def plain(value: Any) -> Any:
    """A query value as stable JSON: ISO timestamps in UTC, floats to 4 places, blob sizes."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, (float, Decimal)):
        return round(float(value), 4)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(bytes(value))} bytes>"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def run_case(store: Store, name: str, params: Params) -> dict[str, Any]:
    """One golden case: the query's columns and rows on the fixture store."""
    columns, rows = store.run_query_rows(name, params)
    return {"params": params, "columns": columns, "rows": [plain(list(r)) for r in rows]}


def golden_path(name: str) -> Path:
    """Where the golden file of a query lives."""
    return GOLDEN / f"{name}.expected.json"


def regenerate(fixture: str) -> list[Path]:
    """Rebuild the goldens of every query in :data:`CASES` from the fixture database."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    written = []
    with Store(fixture, read_only=True) as store:
        for name, cases in sorted(CASES.items()):
            resolved = [case(store) if callable(case) else case for case in cases]
            payload = {"query": name, "regenerate_with": REGEN,
                       "cases": [run_case(store, name, params) for params in resolved]}
            path = golden_path(name)
            path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(path)
    return written


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        fixture = str(Path(tmp) / "golden.duckdb")
        build_fixture(fixture)
        for path in regenerate(fixture):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
