"""Where each labelled PAN pair is won or lost: candidate index, candidate limit, verification.

The quality benchmark (``quality.py``) scores what the database says after a real ingest. This
script answers the question behind a miss, stage by stage, with every document indexed (so
ingest order plays no part):

* ``no candidate``: the index does not propose the source for the derived document
  (:meth:`tracker.index.LSHIndex.query`);
* ``cut``: it is proposed, but not among the candidates the pipeline verifies
  (:func:`ingest.pipeline.choose_candidates`);
* ``not verified``: verification says the two are unrelated (:func:`tracker.verify.evidence`);
* ``found``: proposed, kept and verified.

A pair found here can still be missing from ``matches`` after an ingest: the family decision
drops links explained by a common source (:mod:`tracker.lineage`). ``--show`` lists the lost
pairs with their candidate scores and alignment, which is where a calibration starts.

Usage::

    .venv/bin/python benchmarks/pan_stages.py            # counts per relation and stage (~10 s)
    .venv/bin/python benchmarks/pan_stages.py --show     # and every lost pair
    .venv/bin/python benchmarks/pan_stages.py --json     # one JSON object
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from ingest.pipeline import choose_candidates  # noqa: E402
from tracker.config import TrackerConfig, load_config  # noqa: E402
from tracker.index import LSHIndex  # noqa: E402
from tracker.shingle import extract  # noqa: E402
from tracker.signature import sign  # noqa: E402
from tracker.verify import compare, evidence  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
STAGES = ("found", "no candidate", "cut", "not verified")


def load(folder: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str]]]:
    """The PAN documents by id and the labelled ``(derived, source, relation)`` rows."""
    docs = {}
    with (folder / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                docs[record["id"]] = record
    with (folder / "pairs.tsv").open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh][1:]
    return docs, [(r[0], r[1], r[2]) for r in rows if len(r) >= 3]


def stages(folder: Path, config: TrackerConfig) -> list[dict[str, Any]]:
    """One row per labelled pair: its stage and what each stage saw."""
    docs, pairs = load(folder)
    feats = {k: extract(d["text"], config.shingle, d.get("title")) for k, d in docs.items()}
    signed = {k: sign(k, f, config) for k, f in feats.items() if f.sentences}
    index = LSHIndex.rebuild(config, [s for sigs in signed.values() for s in sigs])
    out = []
    for derived, source, relation in pairs:
        if derived not in signed or source not in signed:
            out.append({"derived": derived, "source": source, "relation": relation, "stage": "no candidate",
                        "candidates": 0, "candidate": None, "aligned": 0})
            continue
        candidates = index.query(signed[derived], exclude=derived)
        cand = next((c for c in candidates if c.article_id == source), None)
        kept = cand is not None and any(c.article_id == source for c in choose_candidates(candidates))
        verified = evidence(derived, feats[derived], source, feats[source],
                            config.shingle.min_sentence_terms) is not None
        stage = "no candidate" if cand is None else "cut" if not kept else "found" if verified else "not verified"
        stats = compare(feats[derived], feats[source], config.shingle.min_sentence_terms)
        out.append({
            "derived": derived, "source": source, "relation": relation, "stage": stage,
            "candidates": len(candidates),
            "candidate": None if cand is None else {
                "jaccard": cand.estimated_jaccard, "sentence_hits": cand.sentence_hits,
                "sentence_share": cand.sentence_share, "anchor_weight": cand.anchor_weight},
            "aligned": stats.n_aligned, "derived_coverage": round(stats.a_coverage, 3),
            "source_coverage": round(stats.b_coverage, 3),
        })
    return out


def table(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Counts per relation and stage."""
    counts: Counter[tuple[str, str]] = Counter((r["relation"], r["stage"]) for r in rows)
    relations = sorted({r["relation"] for r in rows})
    return {rel: {st: counts[(rel, st)] for st in STAGES} for rel in relations}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="development data folder [../shared/data]")
    ap.add_argument("--config", type=Path, help="tracker configuration file")
    ap.add_argument("--show", action="store_true", help="list every pair not found")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    folder = args.data / "pan13-dev"
    if not (folder / "articles.jsonl").exists() or not (folder / "pairs.tsv").exists():
        print(f"skipped: not found: {folder}/articles.jsonl, pairs.tsv")
        return 0
    rows = stages(folder, load_config(args.config))
    counts = table(rows)
    if args.json:
        print(json.dumps({"stages": counts, "pairs": rows}))
        return 0
    print(f"{'relation':<12}" + "".join(f"{s:>14}" for s in STAGES) + f"{'pairs':>8}")
    for rel, by_stage in counts.items():
        print(f"{rel:<12}" + "".join(f"{by_stage[s]:>14}" for s in STAGES) + f"{sum(by_stage.values()):>8}")
    print("('none' pairs: 'found' is a false link; 'not verified' is right.)")
    if args.show:
        for r in rows:
            if r["stage"] != "found" and r["relation"] != "none":
                print(f"{r['relation']:<12} {r['stage']:<13} {r['derived']} <- {r['source']}  "
                      f"candidates {r['candidates']}  scores {r['candidate']}  aligned {r['aligned']} "
                      f"coverage {r.get('derived_coverage')}/{r.get('source_coverage')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
