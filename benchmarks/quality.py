"""The quality benchmark: run the tracker over labelled corpora and score what the database says.

Each corpus is ingested into a fresh DuckDB file through the same code path as
``tracker ingest`` (:func:`tracker.cli.ingestion.run_ingest`), then the ``lineage`` and ``matches``
tables are read back (read-only, through :class:`tracker.store.Store`) and compared with the
labels. Corpora (see ``benchmarks/README.md`` for what every number means):

* ``seeds``: the five seed pages: origin, parent and relation per article.
* ``pan``: PAN 2013 text alignment (development split): "derived from" pair detection,
  directed and undirected, per relation; false links to hard negatives; relation accuracy.
* ``reuters``: 19,043 Reuters stories: exact-duplicate groups must come out as copy
  families; ARI of the family partition; other stories that got linked, with a sample.
* ``msrp``: the Microsoft Research Paraphrase Corpus: the sentence-alignment decision of
  :mod:`tracker.align`, with a threshold sweep.

Usage::

    .venv/bin/python benchmarks/quality.py                     # every corpus, tables
    .venv/bin/python benchmarks/quality.py --only seeds,pan --json
    .venv/bin/python benchmarks/quality.py --profile-reuters 2000

The development data is read from ``../shared`` at run time and never copied into the
repository. A corpus whose files are absent is skipped with a message. This module never
changes the tracker; it only drives it and reads its database.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    # Run as a script (python benchmarks/quality.py): make the repository importable.
    sys.path.insert(0, str(ROOT))

from benchmarks import metrics as M
from tracker.config import TrackerConfig, load_config, lsh_bands, params_id
from tracker.store import Store

CORPORA = ("seeds", "pan", "reuters", "msrp")
RELATIONS = ("copy", "rewrite", "translation", "summary")
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
#: Thresholds of the MSRP sweep table (the exact best threshold is searched separately).
SWEEP = tuple(round(0.20 + 0.05 * i, 2) for i in range(13))
#: A shared run of this many words is taken as verbatim evidence of unlabelled text reuse.
VERBATIM_RUN = 8

# Targets of the summary table: (key, label, comparison, target).
TARGETS: tuple[tuple[str, str, str, float], ...] = (
    ("seeds.origin", "seeds: origin correct", ">=", 5),
    ("seeds.relation", "seeds: relation correct (derived)", ">=", 4),
    ("pan.f1.copy", "PAN F1 copy (undirected)", ">=", 0.98),
    ("pan.f1.rewrite", "PAN F1 rewrite (undirected)", ">=", 0.95),
    ("pan.f1.translation", "PAN F1 translation (undirected)", ">=", 0.93),
    ("pan.f1.summary", "PAN F1 summary (undirected)", ">=", 0.85),
    ("pan.dir_f1.copy", "PAN F1 copy (directed)", ">=", 0.98),
    ("pan.dir_f1.rewrite", "PAN F1 rewrite (directed)", ">=", 0.95),
    ("pan.dir_f1.translation", "PAN F1 translation (directed)", ">=", 0.93),
    ("pan.dir_f1.summary", "PAN F1 summary (directed)", ">=", 0.85),
    ("pan.none_rate", "PAN false links to none pairs", "<=", 0.02),
    ("pan.relation_accuracy", "PAN relation accuracy (detected)", ">=", 0.85),
    ("msrp.f1", "MSRP F1 at SENTENCE_THRESHOLD", ">=", 0.85),
)
# Reported in the summary without a target.
INFO: tuple[tuple[str, str], ...] = (
    ("seeds.parent", "seeds: parent correct (derived)"),
    ("pan.strict_precision", "PAN precision, every other link false"),
    ("pan.other_links", "PAN other links (not labelled)"),
    ("reuters.group_recall", "Reuters dup groups fully clustered"),
    ("reuters.copy_groups", "Reuters dup groups all-copy"),
    ("reuters.origin_rate", "Reuters origin = earliest (distinct times)"),
    ("reuters.pair_precision", "Reuters same-family pair precision"),
    ("reuters.pair_recall", "Reuters same-family pair recall"),
    ("reuters.ari", "Reuters ARI families vs labels"),
    ("reuters.other_linked", "Reuters other stories linked"),
    ("reuters.labelled_one_story", "Reuters labelled one-story pairs linked"),
    ("reuters.labelled_wrong", "Reuters labelled other reports linked"),
    ("msrp.best_f1", "MSRP best F1 over thresholds"),
)


# --- options, config and ingest ------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """How a run is set up.

    Attributes:
        workdir: folder for the fresh databases (a temporary folder unless ``--workdir``).
        config_file: optional TOML passed to :func:`tracker.config.load_config`.
        batch_size: articles per ingest transaction (``tracker ingest`` default: 256).
        sample: how many other Reuters links to print.
        sample_seed: seed of that sample.
    """

    workdir: Path
    config_file: Path | None = None
    batch_size: int = 256
    sample: int = 20
    sample_seed: int = 1


def tracker_config(db_path: Path | str, config_file: Path | None = None) -> TrackerConfig:
    """The configuration the benchmark runs with: defaults, ``config_file``, ``TRACKER_*``
    variables of the environment, and ``db_path`` as the database."""
    env = {k: v for k, v in os.environ.items() if k.startswith("TRACKER_") and k != "TRACKER_DB"}
    return load_config(config_file, env, {"store": {"path": str(db_path)}})


def fresh_db(options: Options, name: str) -> Path:
    """Path of a new, empty database file ``name.duckdb`` in the work folder."""
    path = options.workdir / f"{name}.duckdb"
    for stale in (path, path.with_suffix(".duckdb.wal")):
        if stale.exists():
            stale.unlink()
    return path


def ingest(inputs: Sequence[Path], db: Path, options: Options) -> dict[str, Any]:
    """Ingest files into ``db`` exactly as ``tracker ingest`` does; returns its summary plus
    ``wall_seconds`` and ``articles_per_second``."""
    from tracker.cli import run_ingest

    config = tracker_config(db, options.config_file)
    started = time.perf_counter()
    summary = run_ingest(config, [str(p) for p in inputs], options.batch_size, True)
    wall = time.perf_counter() - started
    summary.pop("examples", None)
    summary["wall_seconds"] = round(wall, 2)
    summary["articles_per_second"] = round(summary["ingested"] / wall, 1) if wall else 0.0
    return summary


@dataclass
class DbView:
    """What the database says, read once after ingest.

    Attributes:
        lineage: ``article_id -> (origin_id, parent_id, relation, similarity)``.
        matches: ``(article_id, source_id, relation, similarity, containment)`` rows.
        titles: ``article_id -> title``.
        rejected: rows in the dead-letter table.
    """

    lineage: dict[str, tuple[str, str | None, str, float]] = field(default_factory=dict)
    matches: list[tuple[str, str, str, float, float]] = field(default_factory=list)
    titles: dict[str, str | None] = field(default_factory=dict)
    rejected: int = 0

    def origins(self) -> dict[str, str]:
        """``article_id -> origin_id``."""
        return {a: row[0] for a, row in self.lineage.items()}


def read_db(path: Path) -> DbView:
    """Read the lineage, matches and titles of a database (opened read-only)."""
    view = DbView()
    with Store(str(path), read_only=True) as store:
        _, rows = store.run_sql("SELECT article_id, origin_id, parent_id, relation, similarity FROM lineage")
        view.lineage = {r[0]: (r[1], r[2], r[3], float(r[4])) for r in rows}
        _, rows = store.run_sql(
            "SELECT article_id, source_id, relation, similarity, containment FROM matches "
            "ORDER BY article_id, source_id")
        view.matches = [(r[0], r[1], r[2], float(r[3]), float(r[4])) for r in rows]
        _, rows = store.run_sql("SELECT article_id, title FROM articles")
        view.titles = {r[0]: r[1] for r in rows}
        _, rows = store.run_sql("SELECT count(*) FROM rejects")
        view.rejected = int(rows[0][0])
    return view


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of an intake JSONL file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line (quoting off, BOM dropped)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _missing(*paths: Path) -> str | None:
    absent = [str(p) for p in paths if not p.exists()]
    return f"skipped: not found: {', '.join(absent)}" if absent else None


# --- seeds ----------------------------------------------------------------------------------------


def run_seeds(seeds_dir: Path, options: Options) -> dict[str, Any]:
    """Ingest the seed pages and score origin, parent and relation of each against labels.json."""
    jsonl, labels_path = seeds_dir / "seeds.jsonl", seeds_dir / "labels.json"
    if skip := _missing(jsonl, labels_path):
        return {"skipped": skip}
    started = time.perf_counter()
    db = fresh_db(options, "seeds")
    run = ingest([jsonl], db, options)
    view = read_db(db)
    result = score_seeds(view, json.loads(labels_path.read_text(encoding="utf-8"))["articles"])
    result["ingest"] = run
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def score_seeds(view: DbView, labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Origin (all articles), relation and parent (derived articles) against the labels."""
    derived = [a for a, lab in labels.items() if lab["relation"] != "original"]
    got_origin = {a: row[0] for a, row in view.lineage.items()}
    got_parent = {a: row[1] for a, row in view.lineage.items()}
    got_rel = {a: row[2] for a, row in view.lineage.items()}
    accepted_parents = {a: [labels[a]["parent"], *labels[a].get("parent_also_accepted", [])] for a in derived}
    origin = M.origin_accuracy(got_origin, {a: lab["origin"] for a, lab in labels.items()})
    relation = M.label_accuracy(got_rel, {a: labels[a]["relation"] for a in derived})
    parent = M.label_accuracy(got_parent, accepted_parents)
    rows = []
    for a in sorted(labels):
        lab = labels[a]
        rows.append({
            "id": a, "origin": got_origin.get(a), "origin_want": lab["origin"],
            "parent": got_parent.get(a), "parent_want": [lab["parent"], *lab.get("parent_also_accepted", [])],
            "relation": got_rel.get(a), "relation_want": lab["relation"],
            "similarity": view.lineage[a][3] if a in view.lineage else None,
        })
    return {
        "origin": {"correct": origin.correct, "total": origin.total},
        "relation": {"correct": relation.correct, "total": relation.total},
        "parent": {"correct": parent.correct, "total": parent.total},
        "articles": rows,
    }


def format_seeds(res: dict[str, Any]) -> str:
    """The seeds table."""
    rows = []
    for r in res["articles"]:
        rows.append([
            r["id"], _mark(r["origin"] == r["origin_want"]) + " " + str(r["origin"]),
            _mark(r["relation"] == r["relation_want"]) + " " + str(r["relation"]), r["relation_want"],
            _mark(r["parent"] in r["parent_want"]) + " " + str(r["parent"]),
            "|".join(str(p) for p in r["parent_want"]), _num(r["similarity"]),
        ])
    out = [table(["article", "origin", "relation", "(label)", "parent", "(label)", "sim"], rows)]
    out.append(f"origin {_frac(res['origin'])}   relation {_frac(res['relation'])} (derived)   "
               f"parent {_frac(res['parent'])} (derived)")
    return "\n".join(out)


# --- PAN ------------------------------------------------------------------------------------------


def run_pan(data_dir: Path, options: Options) -> dict[str, Any]:
    """Ingest the PAN 2013 development documents and score pair detection."""
    folder = data_dir / "pan13-dev"
    jsonl, pairs_path = folder / "articles.jsonl", folder / "pairs.tsv"
    if skip := _missing(jsonl, pairs_path):
        return {"skipped": skip}
    started = time.perf_counter()
    db = fresh_db(options, "pan")
    run = ingest([jsonl], db, options)
    view = read_db(db)
    records = read_jsonl(jsonl)
    labelled = [(r["derived_id"], r["source_id"], r["relation"]) for r in read_tsv(pairs_path)]
    result = score_pan(view, labelled, {r["id"]: r["text"] for r in records})
    result["ingest"] = run
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def score_pan(view: DbView, labelled: list[tuple[str, str, str]], texts: dict[str, str]) -> dict[str, Any]:
    """Pair detection scores of the matches table against the labelled PAN pairs.

    Args:
        view: the database after ingest.
        labelled: ``(derived, source, relation)`` rows of ``pairs.tsv`` (``none`` included).
        texts: ``id -> text`` of the corpus (for the verbatim check of unlabelled links).
    """
    gold = {(d, s): rel for d, s, rel in labelled if rel != "none"}
    none_pairs = {M.undirected((d, s)) for d, s, rel in labelled if rel == "none"}
    labelled_keys = {M.undirected(p) for p in gold} | none_pairs
    ids = set(texts)
    directed = {(a, s): rel for a, s, rel, _, _ in view.matches if a in ids and s in ids}
    undirected: dict[tuple[str, str], str] = {}
    for (a, s), rel in sorted(directed.items()):
        undirected.setdefault(M.undirected((a, s)), rel)
    gold_und = {M.undirected(p): rel for p, rel in gold.items()}

    # Labelled precision: only pairs with a label (positives and hard negatives) can be false.
    pred_und = {k: r for k, r in undirected.items() if k in labelled_keys}
    pred_dir = {p: r for p, r in directed.items() if M.undirected(p) in labelled_keys}
    und = M.pair_prf(pred_und, gold_und, directed=False)
    dirr = M.pair_prf(pred_dir, gold, directed=True)
    strict = M.pair_prf(directed, gold, directed=False)
    per_und = M.per_relation_prf(pred_und, gold_und, directed=False, relations=RELATIONS)
    per_dir = M.per_relation_prf(pred_dir, gold, directed=True, relations=RELATIONS)
    per_typed = M.per_relation_prf(pred_und, gold_und, directed=False, relations=RELATIONS, typed=True)

    none_hits = sorted(k for k in none_pairs if k in undirected)
    detected = [(rel, undirected[k]) for k, rel in gold_und.items() if k in undirected]
    correct, total = M.accuracy(detected)
    confusion = M.confusion_matrix(
        [(rel, undirected.get(k, "missed")) for k, rel in gold_und.items()],
        rows=RELATIONS, cols=(*RELATIONS, "missed"))

    other = sorted(k for k in undirected if k not in labelled_keys)
    kinds: Counter[str] = Counter()
    verbatim = 0
    grams: dict[str, set[int]] = {}
    for a, b in other:
        kinds[f"{_pan_kind(a)}-{_pan_kind(b)} {undirected[(a, b)]}"] += 1
        for x in (a, b):
            if x not in grams:
                grams[x] = _word_runs(texts.get(x, ""), VERBATIM_RUN)
        verbatim += bool(grams[a] & grams[b])
    per_relation = {}
    for r in RELATIONS:
        per_relation[r] = {
            "labelled": sum(1 for v in gold.values() if v == r),
            "undirected": per_und[r].as_dict(), "directed": per_dir[r].as_dict(),
            "typed": per_typed[r].as_dict(),
        }
    return {
        "documents": len(ids), "positives": len(gold), "none_pairs": len(none_pairs),
        "matches": len(directed),
        "undirected": und.as_dict(), "directed": dirr.as_dict(), "strict": strict.as_dict(),
        "per_relation": per_relation,
        "none_detected": len(none_hits), "none_rate": round(len(none_hits) / len(none_pairs), 4) if none_pairs else 0.0,
        "none_examples": [list(k) for k in none_hits[:10]],
        "reversed": sum(1 for (d, s) in gold if (s, d) in directed and (d, s) not in directed),
        "relation_accuracy": {"correct": correct, "total": total,
                              "rate": round(correct / total, 4) if total else 0.0},
        "confusion": confusion,
        "other_links": len(other), "other_verbatim": verbatim,
        "other_kinds": dict(sorted(kinds.items())),
        "other_examples": [[a, b, undirected[(a, b)]] for a, b in other[:10]],
    }


def _pan_kind(doc_id: str) -> str:
    return "susp" if "susp" in doc_id else "src" if "src" in doc_id else "doc"


_WORDS = re.compile(r"[a-z0-9]+")


def _word_runs(text: str, n: int) -> set[int]:
    """Hashes of every run of ``n`` lower-cased words (Python's hash: within one process only)."""
    words = _WORDS.findall(text.lower())
    return {hash(tuple(words[i:i + n])) for i in range(len(words) - n + 1)}


def format_pan(res: dict[str, Any]) -> str:
    """The PAN tables: per relation, overall, confusion, false links."""
    out = [(f"{res['documents']} documents, {res['positives']} labelled positive pairs, "
            f"{res['none_pairs']} labelled none pairs, {res['matches']} match rows")]
    rows = []
    for r in RELATIONS:
        pr = res["per_relation"][r]
        u, d, t = pr["undirected"], pr["directed"], pr["typed"]
        rows.append([r, pr["labelled"], u["tp"], _num(u["recall"]), _num(u["precision"]), _num(u["f1"]),
                     d["tp"], _num(d["recall"]), _num(d["precision"]), _num(d["f1"]), _num(t["f1"])])
    for name, key in (("all", "undirected"),):
        u, d = res[key], res["directed"]
        rows.append([name, res["positives"], u["tp"], _num(u["recall"]), _num(u["precision"]), _num(u["f1"]),
                     d["tp"], _num(d["recall"]), _num(d["precision"]), _num(d["f1"]), ""])
    out.append(table(["relation", "n", "found", "R", "P", "F1", "dir.ok", "dir.R", "dir.P", "dir.F1", "typed.F1"],
                     rows))
    s = res["strict"]
    out.append(f"false links to none pairs: {res['none_detected']}/{res['none_pairs']} = {_pct(res['none_rate'])}"
               f"   labelled positives found only reversed: {res['reversed']}")
    out.append(f"other links between PAN documents (not labelled): {res['other_links']} "
               f"({res['other_verbatim']} share a verbatim {VERBATIM_RUN}-word run: likely unlabelled real reuse)")
    out.append(f"strict precision (every other link counted false): {_num(s['precision'])}  "
               f"F1 {_num(s['f1'])}")
    if res["other_kinds"]:
        out.append("  other links by kind: " + ", ".join(f"{k} {v}" for k, v in res["other_kinds"].items()))
    acc = res["relation_accuracy"]
    out.append(f"relation accuracy on detected positives: {acc['correct']}/{acc['total']} = {_num(acc['rate'])}")
    cols = (*RELATIONS, "missed")
    out.append(table(["labelled \\ predicted", *cols],
                     [[g, *[res["confusion"][g][p] for p in cols]] for g in RELATIONS]))
    return "\n".join(out)


# --- Reuters --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """What the Reuters evaluation needs of one story.

    Attributes:
        title: headline.
        published_at: publication time, if known.
    """

    title: str | None
    published_at: datetime | None


def read_reuters(jsonl: Path, limit: int | None = None) -> dict[str, Story]:
    """``id -> Story`` of the first ``limit`` records (all when ``None``)."""
    out: dict[str, Story] = {}
    with jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            if limit is not None and len(out) >= limit:
                break
            rec = json.loads(line)
            out[rec["id"]] = Story(rec.get("title"), _time(rec.get("published_at")))
    return out


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read_groups(path: Path, present: Iterable[str] | None = None) -> list[list[str]]:
    """Duplicate groups of ``exact-duplicate-groups.tsv``; with ``present``, only groups whose
    members are all present."""
    keep = set(present) if present is not None else None
    groups = [row["article_ids"].split(",") for row in read_tsv(path)]
    return [g for g in groups if keep is None or all(m in keep for m in g)]


#: Match rows between Reuters stories outside the duplicate groups, labelled blind by reading
#: both texts: sample A, 240 of the 1,310 such rows of the 2026-12-07 08:51 run (90 summary,
#: 110 rewrite, 40 copy rows); sample B, drawn after TOLD_COVERAGE was set on A: 120 rows
#: still linked and 60 that the rule unlinked. See benchmarks/README.md ("Labelled other links").
LINK_LABELS = Path(__file__).resolve().parent / "reuters_link_labels.tsv"
#: The labels, in the order printed: the pair is one story (a re-send, a longer or shorter
#: version, a brief), a follow-up that carries lines of the other over, an independent
#: report of one event, or an item of a series (another issuer, day or quarter).
LINK_KINDS = ("one_story", "follow_up", "independent", "series")


def read_link_labels(path: Path, present: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
    """``(article_id, source_id, label)`` of the labelled sample; with ``present``, only pairs
    of stories that are present."""
    keep = set(present) if present is not None else None
    return [(r["article_id"], r["source_id"], r["label"]) for r in read_tsv(path)
            if keep is None or (r["article_id"] in keep and r["source_id"] in keep)]


def score_link_labels(matches: Iterable[tuple[Any, ...]],
                      labelled: Sequence[tuple[str, str, str]]) -> dict[str, dict[str, int]]:
    """Per label, how many labelled pairs have a match row (in either direction)."""
    linked = {frozenset(m[:2]) for m in matches}
    out = {kind: {"correct": 0, "total": 0} for kind in LINK_KINDS}
    for a, b, kind in labelled:
        out[kind]["total"] += 1
        out[kind]["correct"] += frozenset((a, b)) in linked
    return out


def run_reuters(data_dir: Path, options: Options) -> dict[str, Any]:
    """Ingest every Reuters story and score the duplicate groups and the other links."""
    folder = data_dir / "reuters21578"
    jsonl, groups_path = folder / "articles.jsonl", folder / "exact-duplicate-groups.tsv"
    if skip := _missing(jsonl, groups_path):
        return {"skipped": skip}
    started = time.perf_counter()
    db = fresh_db(options, "reuters")
    run = ingest([jsonl], db, options)
    view = read_db(db)
    stories = read_reuters(jsonl)
    result = score_reuters(view, stories, read_groups(groups_path, stories))
    labelled = read_link_labels(LINK_LABELS, stories) if LINK_LABELS.exists() else []
    if labelled:
        result["link_labels"] = score_link_labels(view.matches, labelled)
    result["sample"] = link_sample(db, view, result.pop("_other_rows"), options.sample, options.sample_seed)
    result["ingest"] = run
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def score_reuters(view: DbView, stories: dict[str, Story], groups: list[list[str]]) -> dict[str, Any]:
    """Duplicate groups as families, ARI and pair scores of the partition, and other links.

    Returns a JSON-ready dict, plus ``_other_rows``: the match rows that are not inside a
    labelled group (for :func:`link_sample`; removed by the caller before printing).
    """
    origins = {a: view.lineage[a][0] if a in view.lineage else a for a in stories}
    gold: dict[str, str] = {a: a for a in stories}
    group_of: dict[str, int] = {}
    for i, g in enumerate(groups):
        for m in g:
            gold[m] = f"group-{i}"
            group_of[m] = i
    members_of: dict[str, list[str]] = defaultdict(list)
    for a, o in origins.items():
        members_of[o].append(a)

    full = clean = copy_ok = inside = 0
    time_kinds: Counter[str] = Counter()
    origin_ok: Counter[str] = Counter()
    non_origin = non_origin_copy = 0
    failures: list[dict[str, Any]] = []
    for g in groups:
        fam = {origins[m] for m in g}
        kind, earliest = _earliest(g, stories)
        time_kinds[kind] += 1
        if len(fam) != 1:
            failures.append({"group": g, "why": "split", "origins": sorted(fam),
                             "relations": [view.lineage.get(m, ("", None, "?", 0))[2] for m in g]})
            continue
        full += 1
        origin = fam.pop()
        family = set(members_of[origin])
        clean += family == set(g)
        inside += origin in g
        rels = [view.lineage[m][2] for m in g if m != origin and m in view.lineage]
        non_origin += len(rels)
        non_origin_copy += sum(r == "copy" for r in rels)
        if all(r == "copy" for r in rels):
            copy_ok += 1
        else:
            failures.append({"group": g, "why": "relation", "relations": rels, "origins": [origin],
                             "family_size": len(family)})
        if kind != "missing" and origin in earliest:
            origin_ok[kind] += 1
    other_ids = sorted(a for a, o in origins.items() if a not in group_of and len(members_of[o]) > 1)
    other_rows = [m for m in view.matches
                  if m[0] in stories and m[1] in stories
                  and not (m[0] in group_of and group_of.get(m[1]) == group_of[m[0]])]
    sizes = Counter(len(v) for v in members_of.values())
    largest = sorted(members_of.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10]
    pairs = M.pair_counting_prf(origins, gold)
    n = len(groups)
    return {
        "stories": len(stories), "in_lineage": sum(1 for a in stories if a in view.lineage),
        "rejected": view.rejected, "groups": n,
        "group_recall": {"correct": full, "total": n}, "groups_clean": clean,
        "origin_in_group": inside,
        "copy_groups": {"correct": copy_ok, "total": n},
        "copy_members": {"correct": non_origin_copy, "total": non_origin},
        "time_kinds": dict(time_kinds),
        "origin_distinct": {"correct": origin_ok["distinct"], "total": time_kinds["distinct"]},
        "origin_tie": {"correct": origin_ok["tie"], "total": time_kinds["tie"]},
        "pairs": pairs.as_dict(), "ari": round(M.adjusted_rand_index(origins, gold), 4),
        "families_linked": sum(1 for v in members_of.values() if len(v) > 1),
        "family_sizes": {str(k): v for k, v in sorted(sizes.items()) if k > 1},
        "largest_families": [{"origin": o, "size": len(v), "title": stories[o].title if o in stories else None,
                              "labelled": sum(1 for m in v if m in group_of)} for o, v in largest if len(v) > 1],
        "other_linked": len(other_ids), "other_links": len(other_rows),
        "other_relations": dict(Counter(r[2] for r in other_rows)),
        "other_by_headline": headline_agreement(other_rows, stories),
        "failures": failures[:10], "n_failures": len(failures),
        "_other_rows": other_rows,
    }


def headline_agreement(rows: Sequence[tuple[Any, ...]],
                       stories: dict[str, Story]) -> dict[str, dict[str, int]]:
    """Match rows ``(article, source, relation, ...)`` counted by relation and by how their
    headlines agree: ``same`` content terms (re-issue marks such as "CORRECTED -" removed),
    ``agreeing`` (Jaccard >= 0.5), ``different``, ``unknown`` (a headline missing).

    Rows outside the labelled groups whose headlines are the same are mostly re-filings and
    corrections with a changed line: near-duplicates that exact-duplicate labels leave out.
    """
    from tracker.align import set_jaccard
    from tracker.text import content_terms, headline, tokens

    def terms(story_id: str) -> frozenset[str] | None:
        title = stories[story_id].title if story_id in stories else None
        return frozenset(content_terms(tokens(headline(title)))) if title else None

    out: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        a, b = terms(row[0]), terms(row[1])
        if not a or not b:
            kind = "unknown"
        else:
            kind = "same" if a == b else "agreeing" if set_jaccard(a, b) >= 0.5 else "different"
        out[row[2]][kind] += 1
    return {rel: dict(sorted(c.items())) for rel, c in sorted(out.items())}


def _earliest(group: list[str], stories: dict[str, Story]) -> tuple[str, set[str]]:
    """``(kind, earliest members)``: kind ``distinct`` (one earliest), ``tie`` or ``missing``."""
    times = {m: stories[m].published_at for m in group if m in stories}
    if len(times) < len(group) or any(t is None for t in times.values()):
        return "missing", set()
    first = min(t for t in times.values() if t is not None)
    earliest = {m for m, t in times.items() if t == first}
    return ("distinct" if len(earliest) == 1 else "tie"), earliest


def link_sample(
    db: Path, view: DbView, rows: list[tuple[str, str, str, float, float]], k: int, seed: int,
) -> list[dict[str, Any]]:
    """A seeded random sample of match rows, with titles and the first aligned sentence pair.

    The sentence pair comes from :func:`tracker.align.align` on
    :func:`tracker.shingle.extract` features of the two stored texts.
    """
    from tracker.align import align
    from tracker.config import ShingleConfig
    from tracker.shingle import extract

    picked = random.Random(seed).sample(rows, min(k, len(rows))) if rows else []
    out = []
    cfg = ShingleConfig()
    with Store(str(db), read_only=True) as store:
        for a, s, rel, sim, cont in picked:
            art, src = store.article(a), store.article(s)
            first: tuple[str, str] | None = None
            n_links = 0
            if art is not None and src is not None:
                fa, fs = extract(art.text, cfg), extract(src.text, cfg)
                links = align(fa, fs, cfg.min_sentence_terms)
                n_links = len(links)
                if links:
                    first = (fa.sentences[links[0].left].text, fs.sentences[links[0].right].text)
            out.append({"article_id": a, "source_id": s, "relation": rel, "similarity": sim,
                        "containment": cont, "title": view.titles.get(a), "source_title": view.titles.get(s),
                        "aligned": n_links, "first_pair": list(first) if first else None})
    return out


def format_sample(sample: list[dict[str, Any]], width: int = 100) -> str:
    """The sample of links, one block per link, for a person to judge."""
    out = []
    for i, s in enumerate(sample, 1):
        out.append(f"{i:>2}. {s['article_id']} <- {s['source_id']}  {s['relation']}  "
                   f"similarity {s['similarity']:.3f}  containment {s['containment']:.3f}  "
                   f"aligned {s['aligned']}")
        out.append(f"      {_clip(s['title'] or '', width)}")
        out.append(f"   <- {_clip(s['source_title'] or '', width)}")
        if s["first_pair"]:
            out.append(f"      [{_clip(_flat(s['first_pair'][0]), width)}]")
            out.append(f"      [{_clip(_flat(s['first_pair'][1]), width)}]")
    return "\n".join(out)


def format_reuters(res: dict[str, Any]) -> str:
    """The Reuters tables: groups, partition scores, other links and their sample."""
    tk = res["time_kinds"]
    p = res["pairs"]
    rows = [
        ["stories in corpus / in lineage / rejected", f"{res['stories']} / {res['in_lineage']} / {res['rejected']}"],
        ["dup groups fully clustered (group recall)", _frac(res["group_recall"], True)],
        ["  ... and family = group exactly", f"{res['groups_clean']}/{res['groups']}"],
        ["  ... and family origin is a group member", f"{res['origin_in_group']}/{res['groups']}"],
        ["  ... all non-origin members 'copy'", _frac(res["copy_groups"], True)],
        ["non-origin group members with relation copy", _frac(res["copy_members"], True)],
        ["origin = earliest, distinct times", _frac(res["origin_distinct"], True)],
        ["origin = earliest, tied times (either)", _frac(res["origin_tie"], True)],
        ["groups without times (origin not judged)", str(tk.get("missing", 0))],
        ["same-family pairs: precision", f"{_num(p['precision'])}  ({p['tp']} of {p['tp'] + p['fp']})"],
        ["same-family pairs: recall", f"{_num(p['recall'])}  ({p['tp']} of {p['tp'] + p['fn']})"],
        ["ARI families vs labels", _num(res["ari"])],
        ["families of size > 1", str(res["families_linked"])],
        ["OTHER stories linked (not in a dup group)", str(res["other_linked"])],
        ["OTHER match rows", f"{res['other_links']}  {res['other_relations']}"],
        *[[f"  ... {rel}, by headline", "  ".join(f"{k} {v}" for k, v in kinds.items())]
          for rel, kinds in res["other_by_headline"].items()],
    ]
    if res.get("link_labels"):
        ll = res["link_labels"]
        rows.append(["labelled OTHER pairs still linked", "  ".join(
            f"{kind.replace('_', '-')} {ll[kind]['correct']}/{ll[kind]['total']}" for kind in LINK_KINDS)])
    out = [table(["measure", "value"], rows, align_numbers=False)]
    if res["family_sizes"]:
        out.append("family sizes: " + ", ".join(f"{k}:{v}" for k, v in res["family_sizes"].items()))
    if res["largest_families"]:
        out.append(table(["largest families", "size", "in groups", "origin title"],
                         [[f["origin"], f["size"], f["labelled"], _clip(f["title"] or "", 60)]
                          for f in res["largest_families"]]))
    if res["failures"]:
        out.append(f"groups not clustered as copies ({res['n_failures']}; first 10):")
        for f in res["failures"]:
            size = f" (family of {f['family_size']})" if "family_size" in f else ""
            out.append(f"  {','.join(f['group'])}: {f['why']}; origin {','.join(f['origins'])}{size}; "
                       f"relations {f['relations']}")
    if res.get("sample"):
        out.append(f"sample of {len(res['sample'])} OTHER links (derived <- source):")
        out.append(format_sample(res["sample"]))
    return "\n".join(out)


# --- MSRP -----------------------------------------------------------------------------------------


def sentence_of(text: str, config: Any) -> Any:
    """One :class:`tracker.shingle.Sentence` for an MSRP string: the single extracted sentence,
    or the extracted sentences merged when the splitter cut it (at abbreviations with full
    stops, such as "J.K. Bramble Co. Inc.")."""
    from tracker.shingle import Sentence, extract
    from tracker.text import content_terms, numbers, tokens

    sents = extract(text, config).sentences
    if len(sents) == 1:
        return sents[0]
    if not sents:
        words = tokens(text)
        return Sentence(0, 0, text, tuple(words), frozenset(content_terms(words)), numbers(words))
    return Sentence(0, 0, " ".join(s.text for s in sents), tuple(w for s in sents for w in s.words),
                    frozenset().union(*(s.terms for s in sents)),
                    frozenset().union(*(s.numbers for s in sents)))


def run_msrp(data_dir: Path, options: Options) -> dict[str, Any]:
    """Score the sentence-alignment decision on MSRP pairs, with a threshold sweep."""
    path = data_dir / "msrp" / "train.tsv"
    if skip := _missing(path):
        return {"skipped": skip}
    started = time.perf_counter()
    rows = read_tsv(path)
    result = score_msrp([(r["Quality"], r["#1 String"], r["#2 String"]) for r in rows])
    seconds = time.perf_counter() - started
    result["seconds"] = round(seconds, 2)
    result["pairs_per_second"] = round(len(rows) / seconds, 1) if seconds else 0.0
    return result


def score_msrp(rows: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Precision, recall and F1 of ``sentence_similarity >= SENTENCE_THRESHOLD`` for label 1.

    Args:
        rows: ``(quality, sentence 1, sentence 2)``; quality ``"1"`` is a paraphrase.
    """
    from tracker import align
    from tracker.config import ShingleConfig

    cfg = ShingleConfig()
    scores: list[float] = []
    labels: list[bool] = []
    short = 0
    for quality, s1, s2 in rows:
        a, b = sentence_of(s1, cfg), sentence_of(s2, cfg)
        scores.append(align.sentence_similarity(a, b))
        labels.append(quality.strip() == "1")
        short += labels[-1] and len(a.terms & b.terms) < align.MIN_SHARED_TERMS
    threshold = align.SENTENCE_THRESHOLD
    at = M.threshold_sweep(scores, labels, [threshold])[0][1]
    sweep = M.threshold_sweep(scores, labels, sorted({*SWEEP, threshold}))
    best_t, best = M.best_threshold(scores, labels)
    return {
        "pairs": len(rows), "positives": sum(labels), "threshold": threshold,
        "at_threshold": at.as_dict(), "best_threshold": round(best_t, 4), "best": best.as_dict(),
        "sweep": [{"threshold": t, **prf.as_dict()} for t, prf in sweep],
        "positives_below_min_shared": short, "min_shared_terms": align.MIN_SHARED_TERMS,
    }


def format_msrp(res: dict[str, Any]) -> str:
    """The MSRP table: the decision at the threshold, the sweep and the best threshold."""
    a = res["at_threshold"]
    out = [(f"{res['pairs']} pairs, {res['positives']} labelled 1; SENTENCE_THRESHOLD = {res['threshold']}: "
            f"P {_num(a['precision'])}  R {_num(a['recall'])}  F1 {_num(a['f1'])}")]
    rows = [[f"{s['threshold']:.2f}", "*" if s["threshold"] == res["threshold"] else "", s["tp"], s["fp"], s["fn"],
             _num(s["precision"]), _num(s["recall"]), _num(s["f1"])] for s in res["sweep"]]
    out.append(table(["threshold", "now", "tp", "fp", "fn", "P", "R", "F1"], rows))
    b = res["best"]
    out.append(f"best F1 over all thresholds: {_num(b['f1'])} at {res['best_threshold']} "
               f"(P {_num(b['precision'])}, R {_num(b['recall'])}); "
               f"{res['positives_below_min_shared']} positives share fewer than {res['min_shared_terms']} "
               "content terms (score 0 at any threshold)")
    return "\n".join(out)


# --- header, summary, tables ----------------------------------------------------------------------


def header(config: TrackerConfig, argv: Sequence[str]) -> dict[str, Any]:
    """Parameters, seed, calibration constants and code version of the run."""
    from ingest import pipeline
    from tracker import align, anchors, lineage, pairstats, shingle, text, verify

    constants: dict[str, Any] = {}
    listed: set[str] = set()  # a constant imported by a later module is listed once, where defined
    for mod in (text, anchors, shingle, align, pairstats, verify, lineage, pipeline):
        for name, value in sorted(vars(mod).items()):
            if name.isupper() and not name.startswith("_") and not name.endswith("VERSION") \
                    and isinstance(value, int | float) \
                    and not isinstance(value, bool) and name not in listed:
                constants[f"{mod.__name__.rsplit('.', 1)[-1]}.{name}"] = value
                listed.add(name)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["benchmarks/quality.py", *argv]),
        "git": _git(),
        "params": {f: params_id(config, f) for f in ("verbatim", "content", "sentence")},
        "seed": config.minhash.seed, "num_perm": config.minhash.num_perm,
        "bands": {f: list(v) for f, v in lsh_bands(config).items()},
        "shingle": vars(config.shingle), "lsh": vars(config.lsh),
        "constants": constants,
        "python": platform.python_version(), "cpus": os.cpu_count(),
    }


def _git() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tracker", "ingest", "queries"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + (" (tracker/ingest/queries modified)" if dirty else "")


def format_header(h: dict[str, Any]) -> str:
    """The header lines printed above the tables."""
    return "\n".join([
        f"{h.get('title', 'quality benchmark')}  {h['date']}  git {h['git']}  python {h['python']}  cpus {h['cpus']}",
        f"command: {h['command']}",
        "params: " + "  ".join(f"{f}={p}" for f, p in h["params"].items())
        + f"  seed={h['seed']}  num_perm={h['num_perm']}",
        "bands (b, r): " + "  ".join(f"{f}={tuple(v)}" for f, v in h["bands"].items()),
        "lsh: " + "  ".join(f"{k}={v}" for k, v in h["lsh"].items()),
        "constants: " + "  ".join(f"{k}={v}" for k, v in h["constants"].items()),
    ])


def summary_values(results: dict[str, dict[str, Any]]) -> dict[str, float]:
    """The flat ``key -> value`` view of the results used by the summary table."""
    v: dict[str, float] = {}
    s = results.get("seeds", {})
    if "origin" in s:
        v["seeds.origin"] = s["origin"]["correct"]
        v["seeds.relation"] = s["relation"]["correct"]
        v["seeds.parent"] = s["parent"]["correct"]
    p = results.get("pan", {})
    if "per_relation" in p:
        for rel in RELATIONS:
            v[f"pan.f1.{rel}"] = p["per_relation"][rel]["undirected"]["f1"]
            v[f"pan.dir_f1.{rel}"] = p["per_relation"][rel]["directed"]["f1"]
        v["pan.none_rate"] = p["none_rate"]
        v["pan.relation_accuracy"] = p["relation_accuracy"]["rate"]
        v["pan.strict_precision"] = p["strict"]["precision"]
        v["pan.other_links"] = p["other_links"]
    r = results.get("reuters", {})
    if "groups" in r:
        v["reuters.group_recall"] = _rate(r["group_recall"])
        v["reuters.copy_groups"] = _rate(r["copy_groups"])
        v["reuters.origin_rate"] = _rate(r["origin_distinct"])
        v["reuters.pair_precision"] = r["pairs"]["precision"]
        v["reuters.pair_recall"] = r["pairs"]["recall"]
        v["reuters.ari"] = r["ari"]
        v["reuters.other_linked"] = r["other_linked"]
    if r.get("link_labels"):
        ll = r["link_labels"]
        v["reuters.labelled_one_story"] = _rate(ll["one_story"])
        wrong = [ll["independent"], ll["series"]]
        v["reuters.labelled_wrong"] = _rate({"correct": sum(w["correct"] for w in wrong),
                                              "total": sum(w["total"] for w in wrong)})
    m = results.get("msrp", {})
    if "at_threshold" in m:
        v["msrp.f1"] = m["at_threshold"]["f1"]
        v["msrp.best_f1"] = m["best"]["f1"]
    return v


def summary_rows(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per target (PASS/FAIL, or SKIP when its corpus did not run) and per info value."""
    values = summary_values(results)
    rows: list[dict[str, Any]] = []
    for key, label, op, target in TARGETS:
        value = values.get(key)
        if value is None:
            status = "SKIP"
        else:
            ok = value >= target if op == ">=" else value <= target
            status = "PASS" if ok else "FAIL"
        rows.append({"key": key, "measure": label, "value": value, "target": f"{op} {_target(key, target)}",
                     "status": status})
    for key, label in INFO:
        if key in values:
            rows.append({"key": key, "measure": label, "value": values[key], "target": "", "status": "info"})
    return rows


def _target(key: str, target: float) -> str:
    if key == "seeds.origin":
        return "5/5"
    if key == "seeds.relation":
        return "4/4"
    if key == "pan.none_rate":
        return _pct(target)
    return f"{target:.2f}"


def format_summary(rows: list[dict[str, Any]], timing: list[list[Any]]) -> str:
    """The final summary table and the timing table."""
    body = []
    for r in rows:
        value = r["value"]
        if value is None:
            shown = "-"
        elif r["key"] in ("seeds.origin", "seeds.relation", "seeds.parent"):
            shown = f"{int(value)}/{5 if r['key'] == 'seeds.origin' else 4}"
        elif r["key"] in ("pan.other_links", "reuters.other_linked"):
            shown = str(int(value))
        elif r["key"] == "pan.none_rate":
            shown = _pct(value)
        else:
            shown = _num(value)
        body.append([r["measure"], shown, r["target"], r["status"]])
    failed = sum(1 for r in rows if r["status"] == "FAIL")
    passed = sum(1 for r in rows if r["status"] == "PASS")
    return "\n".join([
        table(["measure", "value", "target", "status"], body),
        f"{passed} passed, {failed} failed",
        "",
        table(["corpus", "items", "ingest s", "items/s", "total s"], timing),
    ])


def timing_rows(results: dict[str, dict[str, Any]], total: float) -> list[list[Any]]:
    """Wall time and throughput per corpus, and for the whole run."""
    rows: list[list[Any]] = []
    items = 0
    for name, res in results.items():
        if "skipped" in res:
            continue
        if name == "msrp":
            rows.append([name + " (pairs)", res["pairs"], "", f"{res['pairs_per_second']:.0f}", f"{res['seconds']:.1f}"])
            continue
        run = res["ingest"]
        items += run["ingested"]
        rows.append([name, run["ingested"], f"{run['wall_seconds']:.1f}", f"{run['articles_per_second']:.1f}",
                     f"{res['seconds']:.1f}"])
    rows.append(["whole run (articles)", items, "", f"{items / total:.1f}" if total else "", f"{total:.1f}"])
    return rows


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], align_numbers: bool = True) -> str:
    """A fixed-width text table: numbers right-aligned (unless ``align_numbers`` is False),
    text left-aligned."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def numeric(text: str) -> bool:
        return align_numbers and (text == "-" or bool(re.fullmatch(r"[-+]?[\d.,/%]+", text)))

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if numeric(c) else c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    return "\n".join([line(list(headers)), "  ".join("-" * w for w in widths), *(line(r) for r in cells)])


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _rate(score: dict[str, int]) -> float:
    return round(score["correct"] / score["total"], 4) if score["total"] else 0.0


def _frac(score: dict[str, int], rate: bool = False) -> str:
    base = f"{score['correct']}/{score['total']}"
    return f"{base} = {_num(_rate(score))}" if rate and score["total"] else base


def _mark(ok: bool) -> str:
    return "ok" if ok else "XX"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- profile --------------------------------------------------------------------------------------


def profile_reuters(data_dir: Path, options: Options, n: int, top: int = 25) -> str:
    """cProfile of ingesting the first ``n`` Reuters stories; the ``top`` functions by cumulative time."""
    import cProfile
    import io
    import pstats

    jsonl = data_dir / "reuters21578" / "articles.jsonl"
    if skip := _missing(jsonl):
        return skip
    part = options.workdir / f"reuters-first-{n}.jsonl"
    with jsonl.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    db = fresh_db(options, "reuters-profile")
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    summary = ingest([part], db, options)
    prof.disable()
    wall = time.perf_counter() - started
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    return (f"ingest of the first {n} Reuters stories: {summary['ingested']} articles in {wall:.1f}s "
            f"({summary['ingested'] / wall:.1f}/s) under cProfile\n{buf.getvalue()}")


# --- main -----------------------------------------------------------------------------------------


RUNNERS = {"seeds": run_seeds, "pan": run_pan, "reuters": run_reuters, "msrp": run_msrp}
FORMATTERS = {"seeds": format_seeds, "pan": format_pan, "reuters": format_reuters, "msrp": format_msrp}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(CORPORA),
                    help=f"comma-separated corpora to run, of {','.join(CORPORA)} (default: all)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="development data folder [../shared/data]")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="seed pages folder [../shared/seeds]")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object instead of tables")
    ap.add_argument("--config", type=Path, default=None, help="tracker TOML configuration to run with")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="keep the databases in this folder (default: a temporary folder, removed)")
    ap.add_argument("--batch-size", type=int, default=256, help="articles per ingest transaction [256]")
    ap.add_argument("--sample", type=int, default=20, help="other Reuters links to print [20]")
    ap.add_argument("--sample-seed", type=int, default=1, help="seed of that sample [1]")
    ap.add_argument("--profile-reuters", type=int, metavar="N", default=None,
                    help="only profile the ingest of the first N Reuters stories (cProfile, top 25)")
    args = ap.parse_args(argv)
    args.corpora = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in args.corpora if c not in CORPORA]
    if unknown:
        ap.error(f"unknown corpus {', '.join(unknown)}; choose from {', '.join(CORPORA)}")
    return args


def run(args: argparse.Namespace, workdir: Path, argv: Sequence[str]) -> dict[str, Any]:
    """Run the selected corpora; returns ``{"header", "corpora", "summary", "timing"}``."""
    options = Options(workdir=workdir, config_file=args.config, batch_size=args.batch_size,
                      sample=args.sample, sample_seed=args.sample_seed)
    head = header(tracker_config(workdir / "unused.duckdb", args.config), argv)
    if not args.json:
        print(format_header(head), flush=True)
    started = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    for name in args.corpora:
        where = args.seeds if name == "seeds" else args.data
        res = RUNNERS[name](where, options)
        results[name] = res
        if not args.json:
            took = f" ({res['seconds']:.1f}s)" if "seconds" in res else ""
            print(f"\n== {name}{took} " + "=" * max(0, 60 - len(name) - len(took)), flush=True)
            print(res["skipped"] if "skipped" in res else FORMATTERS[name](res), flush=True)
    total = time.perf_counter() - started
    rows = summary_rows(results)
    timing = timing_rows(results, total)
    return {"header": head, "corpora": results, "summary": rows,
            "timing": {"rows": timing, "seconds": round(total, 2)}}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code: 0 even when targets fail (it measures), 2
    when no corpus was found (nothing was measured)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.profile_reuters:
            print(profile_reuters(args.data, Options(workdir=workdir, config_file=args.config,
                                                     batch_size=args.batch_size), args.profile_reuters))
            return 0
        out = run(args, workdir, argv)
    if args.json:
        print(json.dumps(out, default=str, sort_keys=False))
    else:
        print("\n== summary " + "=" * 52)
        print(format_summary(out["summary"], out["timing"]["rows"]))
    if all("skipped" in res for res in out["corpora"].values()):
        print(f"error: no corpus found, nothing was measured; give the seeds and data folders "
              f"(--seeds {args.seeds}, --data {args.data})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
