"""Acceptance check of issue 2: the seeds in a haystack of 19,043 Reuters stories.

Ingests every Reuters story and then the five seed pages into one fresh DuckDB database
(through :func:`tracker.cli.ingestion.run_ingest`, as ``tracker ingest`` does) and checks that:

1. no seed is linked to a Reuters story and no Reuters story to a seed (``matches`` and
   ``lineage``);
2. every exact-duplicate group of ``exact-duplicate-groups.tsv`` comes out as one family whose
   non-origin members are ``copy``;

and prints, for human judgement, how many other Reuters stories got linked and a seeded
sample of those links with their titles and first aligned sentence pair
(:func:`tracker.align.align` on :func:`tracker.shingle.extract` features). The seeds' own
lineage is printed too. Exit code 0 when checks 1 and 2 pass, 1 otherwise.

Usage::

    .venv/bin/python benchmarks/reuters_haystack.py               # all 19,043 stories
    .venv/bin/python benchmarks/reuters_haystack.py --limit 2000  # a quick run

Reads ``../shared`` at run time; never changes the tracker.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import quality as Q


def first_lines(src: Path, dst: Path, n: int) -> Path:
    """Copy the first ``n`` non-blank lines of a JSONL file (a slice for ``--limit``)."""
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        kept = 0
        for line in fin:
            if kept >= n:
                break
            if line.strip():
                fout.write(line)
                kept += 1
    return dst


def cross_links(view: Q.DbView, seed_ids: set[str], reuters_ids: set[str]) -> list[dict[str, Any]]:
    """Every match or lineage row joining a seed and a Reuters story."""
    out: list[dict[str, Any]] = []

    def crosses(a: str | None, b: str | None) -> bool:
        return a is not None and b is not None and (
            (a in seed_ids and b in reuters_ids) or (a in reuters_ids and b in seed_ids))

    for a, s, rel, sim, _ in view.matches:
        if crosses(a, s):
            out.append({"table": "matches", "article_id": a, "other": s, "relation": rel, "similarity": sim})
    for a, (origin, parent, rel, sim) in sorted(view.lineage.items()):
        for other in {origin, parent} - {a, None}:
            if crosses(a, other):
                out.append({"table": "lineage", "article_id": a, "other": other, "relation": rel,
                            "similarity": sim})
    return out


def run_haystack(data_dir: Path, seeds_dir: Path, options: Q.Options, limit: int | None) -> dict[str, Any]:
    """Ingest Reuters (optionally its first ``limit`` stories) then the seeds; check and score."""
    reuters = data_dir / "reuters21578" / "articles.jsonl"
    groups_path = data_dir / "reuters21578" / "exact-duplicate-groups.tsv"
    seeds, labels_path = seeds_dir / "seeds.jsonl", seeds_dir / "labels.json"
    absent = [str(p) for p in (reuters, groups_path, seeds, labels_path) if not p.exists()]
    if absent:
        return {"skipped": f"skipped: not found: {', '.join(absent)}"}
    started = time.perf_counter()
    source = first_lines(reuters, options.workdir / f"reuters-first-{limit}.jsonl", limit) if limit else reuters
    db = Q.fresh_db(options, "haystack")
    run = Q.ingest([source, seeds], db, options)
    view = Q.read_db(db)
    stories = Q.read_reuters(source)
    seed_ids = {r["id"] for r in Q.read_jsonl(seeds)}
    crossing = cross_links(view, seed_ids, set(stories))
    scored = Q.score_reuters(view, stories, Q.read_groups(groups_path, stories))
    scored["sample"] = Q.link_sample(db, view, scored.pop("_other_rows"), options.sample, options.sample_seed)
    seeds_scored = Q.score_seeds(view, json.loads(labels_path.read_text(encoding="utf-8"))["articles"])
    checks = {
        "no seed linked to a Reuters story (and vice versa)": not crossing,
        "every duplicate group is one family": scored["group_recall"]["correct"] == scored["groups"],
        "non-origin members of every group are copies": scored["copy_groups"]["correct"] == scored["groups"],
    }
    return {"reuters_stories": len(stories), "limit": limit, "ingest": run, "cross_links": crossing,
            "checks": checks, "reuters": scored, "seeds": seeds_scored,
            "seconds": round(time.perf_counter() - started, 2)}


def format_haystack(res: dict[str, Any]) -> str:
    """Checks, the seeds' lineage, the Reuters table and the sample of other links."""
    run = res["ingest"]
    out = [(f"ingested {run['ingested']} articles ({res['reuters_stories']} Reuters + seeds) in "
            f"{run['wall_seconds']:.1f}s ({run['articles_per_second']:.1f}/s); {run['rejected']} rejected, "
            f"{run['duplicates']} duplicates skipped; whole check {res['seconds']:.1f}s")]
    out.append(Q.table(["check", "status"], [[k, "PASS" if v else "FAIL"] for k, v in res["checks"].items()]))
    for c in res["cross_links"][:20]:
        out.append(f"  cross link ({c['table']}): {c['article_id']} ~ {c['other']} {c['relation']} "
                   f"{c['similarity']:.3f}")
    out.append("\nseeds in the haystack:")
    out.append(Q.format_seeds(res["seeds"]))
    out.append("\nReuters:")
    out.append(Q.format_reuters(res["reuters"]))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: 0 when the checks pass (or the data is absent), 1 when one fails."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Q.DEFAULT_DATA, help="development data folder [../shared/data]")
    ap.add_argument("--seeds", type=Path, default=Q.DEFAULT_SEEDS, help="seed pages folder [../shared/seeds]")
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N Reuters stories")
    ap.add_argument("--json", action="store_true", help="print the result as one JSON object")
    ap.add_argument("--config", type=Path, default=None, help="tracker TOML configuration to run with")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the database in this folder")
    ap.add_argument("--batch-size", type=int, default=256, help="articles per ingest transaction [256]")
    ap.add_argument("--sample", type=int, default=20, help="other links to print [20]")
    ap.add_argument("--sample-seed", type=int, default=1, help="seed of that sample [1]")
    args = ap.parse_args(list(sys.argv[1:] if argv is None else argv))
    with tempfile.TemporaryDirectory(prefix="haystack-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        options = Q.Options(workdir=workdir, config_file=args.config, batch_size=args.batch_size,
                            sample=args.sample, sample_seed=args.sample_seed)
        head = Q.header(Q.tracker_config(workdir / "unused.duckdb", args.config),
                        list(sys.argv[1:] if argv is None else argv))
        head["command"] = head["command"].replace("quality.py", "reuters_haystack.py")
        head["title"] = "reuters haystack"
        res = run_haystack(args.data, args.seeds, options, args.limit)
    if args.json:
        print(json.dumps({"header": head, **res}, default=str))
    else:
        print(Q.format_header(head))
        print(res["skipped"] if "skipped" in res else format_haystack(res))
    return 0 if "skipped" in res or all(res["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
