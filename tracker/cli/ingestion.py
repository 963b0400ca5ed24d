"""The commands that write the database in batches: ``ingest``, ``reindex`` and ``reverify``.

Owns :func:`run_ingest` (batches, the progress bar, the run's summary) and the Ctrl-C
handling of an ingest run: a first Ctrl-C stops after the batch it interrupted, a second at
once. ``ingest`` is imported lazily, inside the functions, so ``tracker --help`` stays quick.
The daemon's command is not here (see :mod:`tracker.cli.service`), nor is reading one
article for a question (:mod:`tracker.cli.inputs`).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from tracker.cli.group import Context, _fail, json_option, main, pass_context
from tracker.config import TrackerConfig
from tracker.errors import TrackerError
from tracker.store import Store


def _progress(total: int | None, quiet: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="record", disable=True if quiet else None, file=sys.stderr,
                dynamic_ncols=True, mininterval=0.5)


def run_ingest(config: TrackerConfig, inputs: list[str], batch_size: int, quiet: bool,
               follow_links: bool = False) -> dict[str, Any]:
    """Ingest inputs in batches; returns the summary printed by ``tracker ingest``."""
    from ingest.pipeline import Pipeline
    from ingest.sources import count_items, is_url, iter_inputs

    for value in inputs:
        if value != "-" and not is_url(value) and not Path(value).exists():
            if Path(value).is_symlink():
                raise click.BadParameter(f"a link to nothing: {value} -> {os.readlink(value)}", param_hint="PATHS")
            raise click.BadParameter(f"no such file or folder: {value}", param_hint="PATHS")
    started = time.perf_counter()
    summary: dict[str, Any] = {"ingested": 0, "duplicates": 0, "rejected": 0, "linked": 0,
                               "reasons": Counter(), "skipped": 0, "skip_reasons": Counter()}
    with _stop_on_ctrl_c() as stop, Store(config.store.path) as store:
        pipeline = Pipeline(store, config)
        bar = _progress(count_items(inputs), quiet)
        batch = []

        def skip(reason: str) -> None:
            summary["skipped"] += 1
            summary["skip_reasons"][reason] += 1
            bar.update(1)

        try:
            for item in iter_inputs(inputs, skip, follow_links):
                if stop.is_set():
                    raise KeyboardInterrupt
                batch.append(item)
                if len(batch) >= batch_size:
                    _account(summary, pipeline.process_or_isolate(batch), bar)
                    batch = []
            if batch and not stop.is_set():
                _account(summary, pipeline.process_or_isolate(batch), bar)
            if stop.is_set():
                raise KeyboardInterrupt
        except (KeyboardInterrupt, SystemError) as exc:
            # Each batch is one transaction: the ones committed stay, the one running is gone.
            # (A Ctrl-C inside a compiled kernel comes out as a SystemError caused by it.)
            if isinstance(exc, SystemError) and not isinstance(exc.__cause__, KeyboardInterrupt):
                raise
            bar.close()
            raise Interrupted(summary["ingested"], summary["duplicates"], summary["rejected"],
                              _relinked(summary)) from None
        bar.close()
        stats = store.stats()
    summary.pop("_has_parent", None)
    summary["relinked"] = _relinked(summary)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    summary["families"] = stats["families"]
    summary["reasons"] = dict(summary["reasons"])
    summary["skip_reasons"] = dict(summary["skip_reasons"])
    return summary


@contextmanager
def _stop_on_ctrl_c() -> Iterator[threading.Event]:
    """While ingesting: a Ctrl-C is noted, and the loop stops once the batch it interrupted is
    committed; a second one stops at once (the running batch is rolled back). A Ctrl-C that
    raised inside a DuckDB query or a compiled kernel came out as that library's error, or was
    taken by it as a cancelled query: ingest then went on, or printed a traceback."""
    stop = threading.Event()

    def noted(signum: int, frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals go to the main thread only
        return
    previous = signal.signal(signal.SIGINT, noted)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


class Interrupted(Exception):
    """Ctrl-C during ``tracker ingest``: what the committed batches hold."""

    def __init__(self, ingested: int, duplicates: int, rejected: int = 0, relinked: list[str] | None = None) -> None:
        relinked = relinked or []
        super().__init__(
            f"interrupted: {ingested} articles ingested, {duplicates} duplicates skipped and {rejected} rejected "
            "in the batches committed" + (f"; {_relinked_line(relinked)}" if relinked else "")
            + "; run the same command again to go on (what is stored counts as duplicates)")


#: Ids of stored articles that the run re-linked, named on the ingest line's second line.
RELINKED_SHOWN = 5


def _relinked(summary: dict[str, Any]) -> list[str]:
    """Articles stored before the run whose row differs at its end from before the run's
    first change (the summary's working entries are used up)."""
    accepted = set(summary.pop("_accepted", ()))
    final = summary.pop("_final", {})
    return sorted(i for i, row in summary.pop("_previous", {}).items()
                  if i not in accepted and final.get(i, row) != row)


def _relinked_line(relinked: list[str]) -> str:
    shown = ", ".join(relinked[:RELINKED_SHOWN]) + (", ..." if len(relinked) > RELINKED_SHOWN else "")
    return (f"{len(relinked)} stored article{'' if len(relinked) == 1 else 's'} given a new origin, "
            f"parent or relation: {shown} (tracker lineage ID)")


def _account(summary: dict[str, Any], result: Any, bar: Any) -> None:
    summary["ingested"] += len(result.accepted)
    summary["duplicates"] += len(result.duplicates)
    summary["rejected"] += len(result.rejected)
    # "Linked" as the run leaves them: a later batch can re-decide an article's family.
    has_parent = summary.setdefault("_has_parent", {})
    has_parent.update({a: e.parent_id is not None for a, e in result.lineage.items()})
    summary.setdefault("_accepted", []).extend(result.accepted)
    summary["linked"] = sum(1 for a in summary["_accepted"] if has_parent.get(a))
    # Articles stored before the run whose family a new one joined or bridged: their row
    # before the first change, and their last.
    previous = summary.setdefault("_previous", {})
    for article_id, row in result.previous.items():
        previous.setdefault(article_id, row)
    summary.setdefault("_final", {}).update(
        {a: (e.origin_id, e.parent_id, e.relation) for a, e in result.lineage.items()})
    for r in result.rejected:
        summary["reasons"][f"{r.field}: {r.reason}"] += 1
        summary.setdefault("examples", []).append(f"{r.origin}: {r.field}: {r.reason}")
    bar.update(len(result.accepted) + len(result.duplicates) + len(result.rejected))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--batch-size", default=256, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles per transaction.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--follow-links", is_flag=True,
              help="Fetch the pages of feed entries that carry only a link.")
@json_option
@pass_context
def ingest(obj: Context, paths: tuple[str, ...], batch_size: int, quiet: bool, follow_links: bool,
           as_json: bool) -> None:
    """Ingest articles: JSONL intake records (.jsonl, .json), text or HTML files (.txt, .html,
    .htm), WARC archives (.warc, .warc.gz), RSS/Atom feeds (.xml, .rss, .atom), http(s) URLs
    of pages or feeds, folders of these, or - for stdin.

    \b
    Example:
        tracker ingest tracker/examples/wire.jsonl
        tracker ingest CC-NEWS-20250528.warc.gz
        tracker ingest --follow-links https://example.com/world/rss.xml
        cat feed.jsonl | tracker ingest -
    """
    try:
        summary = run_ingest(obj.config, list(paths), batch_size, quiet or as_json, follow_links)
    except TrackerError as exc:
        raise _fail(exc) from exc
    except Interrupted as exc:
        click.echo(str(exc), err=True)
        sys.exit(130)
    except FileNotFoundError as exc:
        raise click.BadParameter(str(exc), param_hint="PATHS") from exc
    if as_json:
        click.echo(json.dumps({k: v for k, v in summary.items() if k != "examples"}, sort_keys=True))
    else:
        _print_summary(obj, summary)
    if summary["rejected"] and not summary["ingested"] and not summary["duplicates"]:
        sys.exit(1)  # every item was rejected: a script sees the run fail


def _print_summary(obj: Context, summary: dict[str, Any]) -> None:
    click.echo(
        f"ingested {summary['ingested']} article{'' if summary['ingested'] == 1 else 's'} "
        f"({summary['linked']} linked to a source), "
        f"{summary['duplicates']} duplicate{'' if summary['duplicates'] == 1 else 's'} skipped, "
        f"{summary['rejected']} rejected"
        + (f", {summary['skipped']} skipped (not articles)" if summary["skipped"] else "")
        + f" in {summary['seconds']:.1f}s; {summary['families']} story famil{'y' if summary['families'] == 1 else 'ies'}"
        f" of 2+ articles in {obj.config.store.path}"
    )
    from ingest.parse import one_line

    if relinked := summary["relinked"]:
        click.echo(f"  {_relinked_line(relinked)}")
    for reason, count in sorted(summary["skip_reasons"].items(), key=lambda rc: (-rc[1], rc[0])):
        click.echo(f"  skipped {count}: {one_line(reason)}")
    for line in summary.get("examples", [])[:20]:
        click.echo(f"  rejected {line}")
    if len(summary.get("examples", [])) > 20:
        click.echo(f"  ... {len(summary['examples']) - 20} more (tracker rejects)")


def _existing(path: str) -> None:
    """A command that rewrites what a database holds does not make a new one of a mistyped --db."""
    if path != ":memory:" and not os.path.exists(path):
        raise click.ClickException(f"no database at {path}: nothing to do (is --db or TRACKER_DB mistyped?)")


@main.command()
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Articles re-signed per transaction.")
@pass_context
def reindex(obj: Context, batch_size: int) -> None:
    """Re-sign every stored article with the current parameters.

    Needed when the signatures' parameters changed: a new version of the tracker shingles
    text differently, or [minhash]/[shingle] settings were changed. Commands then stop with
    "re-sign with 'tracker reindex'". Stored pairs, lineage and explanations are kept; only
    the signatures the candidate index is built from are rewritten, batch by batch (an
    interrupted run can simply be started again). Stop the daemon first.

    \b
    Example:
        tracker reindex
    """
    from tracker.shingle import extract
    from tracker.signature import sign

    config = obj.config
    started = time.monotonic()
    done = 0
    _existing(config.store.path)
    try:
        with obj.open(read_only=False) as store:
            ids = store.article_ids()
            for start in range(0, len(ids), batch_size):
                signatures = [
                    sig
                    for article_id, text, title, lang in store.texts(ids[start:start + batch_size])
                    # (its language too: the anchors carry it, see tracker.anchors)
                    for sig in sign(article_id, extract(text, config.shingle, title, lang=lang), config)
                ]
                with store.transaction():
                    store.save_signatures(signatures)
                done = min(len(ids), start + batch_size)
    except TrackerError as exc:
        raise _fail(exc) from exc
    click.echo(f"re-signed {done} articles in {time.monotonic() - started:.1f}s; "
               f"{config.store.path} is ready")


@main.command()
@pass_context
def reverify(obj: Context) -> None:
    """Check every stored pair again with the current verification rules.

    After an upgrade whose verification rules changed, pairs stored by older rules are kept
    or dropped, and the families they touch are decided again: lineage, matches and
    explanations, in one transaction; the credits of the articles they link are read again
    from their text. Pairs the new rules would accept but that were never
    candidates are not searched for (re-ingest into a fresh database for that). Stop the
    daemon first.

    \b
    Example:
        tracker reverify
    """
    from ingest.pipeline import Pipeline

    _existing(obj.config.store.path)
    try:
        with obj.open(read_only=False) as store:
            result = Pipeline(store, obj.config).reverify()
    except TrackerError as exc:
        raise _fail(exc) from exc
    click.echo(f"re-verified {result.checked} pairs in {result.seconds:.1f}s: "
               f"{result.checked - len(result.dropped)} kept ({result.changed} with new evidence), "
               f"{len(result.dropped)} dropped; {result.families} "
               f"famil{'y' if result.families == 1 else 'ies'} re-decided, {result.lineage_changed} "
               f"article{'' if result.lineage_changed == 1 else 's'} with a new origin, parent or relation"
               + (f"; credits of {result.credits_changed} article{'' if result.credits_changed == 1 else 's'} "
                  "read again with the current rules" if result.credits_changed else ""))
