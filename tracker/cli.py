"""The ``tracker`` command line: a thin click layer over the library.

Each command parses options, opens the store (read-only unless it writes), calls one library
function and formats the result. Only this module reads ``os.environ`` (through click's
``auto_envvar_prefix`` and :func:`tracker.config.load_config`). ``ingest`` is imported lazily.
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
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker import __version__
from tracker.config import TrackerConfig, load_config
from tracker.errors import DatabaseLocked, TrackerError
from tracker.store import Store

if TYPE_CHECKING:
    from ingest.parse import RawItem
    from tracker.model import Article

EXAMPLES = Path(__file__).resolve().parent / "examples"


class Context:
    """What the group passes to every command."""

    def __init__(self, config: TrackerConfig) -> None:
        self.config = config
        #: Why a daemon that seems to hold the database could not be reached (see _daemon).
        self.daemon_problem: str | None = None

    def open(self, read_only: bool) -> Store:
        """The store; a database held by a daemon is named with what this command can do."""
        try:
            return Store(self.config.store.path, read_only=read_only)
        except DatabaseLocked as exc:
            if "daemon" not in str(exc):
                raise
            path = self.config.store.path
            if self.daemon_problem:
                raise DatabaseLocked(f"the database {path} is held by a running tracker daemon, and this "
                                     f"command could not reach it: {self.daemon_problem}") from exc
            command = click.get_current_context(silent=True)
            name = " ".join(command.command_path.split()[1:]) if command is not None else ""
            if not read_only and name not in ("ingest", "daemon"):
                raise DatabaseLocked(f"the database {path} is held by a running tracker daemon: "
                                     f"stop it first to run `tracker {name}`") from exc
            raise


pass_context = click.make_pass_decorator(Context)


def _fail(exc: TrackerError) -> click.ClickException:
    return click.ClickException(str(exc))


def _daemon(obj: Context) -> Any:
    """The running daemon that holds this database (a ``DaemonClient``), or ``None``.

    While a daemon runs, no other process can open its DuckDB file, so read commands go
    through its HTTP API; with no live daemon they open the file read-only.
    """
    from tracker.client import probe_daemon

    client, obj.daemon_problem = probe_daemon(obj.config.store.path, token=os.environ.get("TRACKER_TOKEN"))
    return client


def json_option(f: Any = None, /, help: str = "Print one JSON object.") -> Any:  # noqa: A002 (click's name)
    """``--json``: as a bare decorator, "Print one JSON object."; called with ``help`` for output
    of another shape (``@json_option("Print a JSON array ...")``)."""
    if isinstance(f, str):
        f, help = None, f
    option = click.option("--json", "as_json", is_flag=True, help=help)
    return option if f is None else option(f)


class _Tracker(click.Group):
    """The command group; ``--db`` and ``--config`` are read after the command's name too
    (``tracker lineage ex-summary --db news.duckdb``), as people write them."""

    GLOBAL = ("--db", "--config")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        front: list[str] = []
        rest: list[str] = []
        command_seen = False
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                rest += args[i:]
                break
            name = arg.split("=", 1)[0]
            takes_value = arg in self.GLOBAL and i + 1 < len(args)
            if name in self.GLOBAL:
                moved = [arg, args[i + 1]] if takes_value else [arg]
                (front if command_seen else rest).extend(moved)
                i += len(moved)
                continue
            if not arg.startswith("-"):
                command_seen = True
            rest.append(arg)
            i += 1
        return super().parse_args(ctx, front + rest)


@click.group(cls=_Tracker,
             context_settings={"auto_envvar_prefix": "TRACKER", "help_option_names": ["-h", "--help"]})
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="DuckDB file [env TRACKER_DB; default ~/.local/share/tracker/tracker.duckdb].")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), default=None,
              envvar="TRACKER_CONFIG", help="TOML configuration file [env TRACKER_CONFIG].")
@click.version_option(__version__, prog_name="tracker")
@click.pass_context
def main(ctx: click.Context, db: str | None, config_file: str | None) -> None:
    """Track where news articles come from: copies, rewrites, translations and summaries.

    \b
    Example:
        tracker ingest articles.jsonl
        tracker find-origin copy.txt
        tracker lineage ex-summary
    """
    overrides = {"store": {"path": db}} if db else None
    try:
        ctx.obj = Context(load_config(config_file, dict(os.environ), overrides))
    except TrackerError as exc:
        raise _fail(exc) from exc


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
            raise Interrupted(summary["ingested"], summary["duplicates"]) from None
        bar.close()
        stats = store.stats()
    summary.pop("_has_parent", None)
    summary.pop("_accepted", None)
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

    def __init__(self, ingested: int, duplicates: int) -> None:
        super().__init__(f"interrupted: {ingested} articles ingested and {duplicates} duplicates skipped in "
                         "the batches committed; run the same command again to go on (what is stored "
                         "counts as duplicates)")


def _account(summary: dict[str, Any], result: Any, bar: Any) -> None:
    summary["ingested"] += len(result.accepted)
    summary["duplicates"] += len(result.duplicates)
    summary["rejected"] += len(result.rejected)
    # "Linked" as the run leaves them: a later batch can re-decide an article's family.
    has_parent = summary.setdefault("_has_parent", {})
    has_parent.update({a: e.parent_id is not None for a, e in result.lineage.items()})
    summary.setdefault("_accepted", []).extend(result.accepted)
    summary["linked"] = sum(1 for a in summary["_accepted"] if has_parent.get(a))
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
        tracker ingest ../shared/seeds/seeds.jsonl
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
        return
    click.echo(
        f"ingested {summary['ingested']} article{'' if summary['ingested'] == 1 else 's'} "
        f"({summary['linked']} linked to a source), "
        f"{summary['duplicates']} duplicate{'' if summary['duplicates'] == 1 else 's'} skipped, "
        f"{summary['rejected']} rejected"
        + (f", {summary['skipped']} skipped (not articles)" if summary["skipped"] else "")
        + f" in {summary['seconds']:.1f}s; {summary['families']} story famil{'y' if summary['families'] == 1 else 'ies'}"
        f" in {obj.config.store.path}"
    )
    from ingest.parse import one_line

    for reason, count in sorted(summary["skip_reasons"].items(), key=lambda rc: (-rc[1], rc[0])):
        click.echo(f"  skipped {count}: {one_line(reason)}")
    for line in summary.get("examples", [])[:20]:
        click.echo(f"  rejected {line}")
    if len(summary.get("examples", [])) > 20:
        click.echo(f"  ... {len(summary['examples']) - 20} more (tracker rejects)")


def _input_kind(source: str, payload: bytes) -> str:
    """``json``, ``html`` or ``text``: by the file's extension, or by the first bytes (standard
    input, a pipe such as ``/dev/fd/63``, a file without a known extension)."""
    if source.endswith((".json", ".jsonl")):
        return "json"
    if source.endswith((".html", ".htm")):
        return "html"
    if source.endswith((".txt", ".text", ".md")):
        return "text"
    from ingest.parse import sniff_kind

    return sniff_kind(payload)


def _is_input(source: str) -> bool:
    """Whether ``source`` names an article to read rather than a stored id: ``-``, a file, or
    an ``http(s)://`` page."""
    from ingest.sources import is_url

    return source == "-" or is_url(source) or _readable_file(Path(source))


def _readable_file(path: Path) -> bool:
    """A file, or something read like one: a named pipe, ``<(command)`` (``/dev/fd/63``)."""
    return path.exists() and not path.is_dir()


def _read_input(source: str, hint: str = "FILE") -> RawItem:
    """The item of a file, of standard input for ``-``, or of an ``http(s)://`` page (fetched;
    the URL is the article's ``url``); a JSON input is cut to its first record."""
    from ingest.parse import RawItem, page_kind
    from ingest.sources import is_url

    if is_url(source):
        page = _fetch_page(source, hint)
        return RawItem(source, page, page_kind(page), fields=(("fetched_from", source),))
    if source == "-":
        payload, origin = sys.stdin.buffer.read(), "stdin"
    else:
        from ingest.feeds import FEED_SUFFIXES
        from ingest.warc import WARC_SUFFIXES

        path = Path(source)
        if not _readable_file(path):
            raise click.BadParameter(f"no such file: {source}", param_hint=hint)
        if path.name.lower().endswith(FEED_SUFFIXES + WARC_SUFFIXES):
            raise click.BadParameter(f"{source} is a feed or an archive of many articles, not one article: "
                                     f"ingest it with `tracker ingest {source}`, then ask about a stored id",
                                     param_hint=hint)
        payload, origin = path.read_bytes(), str(path)
    kind = _input_kind(source, payload)
    if kind == "json":
        from ingest.sources import parse_document

        records = parse_document(payload)  # one record, pretty-printed or not, or an array
        if records:
            payload = records[0]
        else:  # JSON lines (or malformed: the first line's problem is reported)
            payload = payload.strip().splitlines()[0] if payload.strip() else b""
    return RawItem(origin, payload, kind)


def _fetch_page(url: str, hint: str) -> bytes:
    """The body of an article page; a page that cannot be fetched, or a feed, is an error."""
    from ingest.feeds import FETCH_ERRORS, fetch_url, is_feed_payload

    try:
        payload = fetch_url(url)
    except FETCH_ERRORS as exc:
        raise click.BadParameter(f"cannot fetch {url}: {exc}", param_hint=hint) from exc
    if is_feed_payload(payload):
        raise click.BadParameter(f"{url} is a feed, not an article page: ingest its entries with "
                                 f"`tracker ingest {url}`", param_hint=hint)
    return payload


def _stored_item(article: Article) -> RawItem:
    """An intake item that is the stored article again (its id, text and fields)."""
    from ingest.parse import RawItem

    record = {"id": article.article_id, "text": article.text, "title": article.title, "url": article.url,
              "source": article.source,
              "published_at": article.published_at.isoformat() if article.published_at else None}
    return RawItem(f"article {article.article_id}", json.dumps(record).encode(), "json")


def _find(obj: Context, source: str) -> dict[str, Any]:
    from ingest.pipeline import Pipeline
    from tracker.model import Rejected
    from tracker.report import finding_json

    remote = _daemon(obj)
    if _is_input(source):
        item = _read_input(source)
    else:
        # A stored id: the article is answered from the database, as its text would be.
        if remote is not None:
            stored = remote.article(source)
        elif not os.path.exists(obj.config.store.path):
            raise click.BadParameter(f"no such file: {source} (and no database at {obj.config.store.path} "
                                     "to look it up as an article id)", param_hint="FILE|URL|ID")
        else:
            with obj.open(read_only=True) as store:
                stored = store.article(source)
        if stored is None and Path(source).is_dir():
            raise click.BadParameter(f"{source} is a folder, and no stored article: find-origin takes one "
                                     "article (ingest the folder with `tracker ingest`, then ask about a stored "
                                     "id)", param_hint="FILE|URL|ID")
        if stored is None:
            raise click.BadParameter(
                f"no such file, and no article {source!r} in {obj.config.store.path}", param_hint="FILE|URL|ID")
        item = _stored_item(stored)
    if remote is not None:
        answer: dict[str, Any] = remote.find_origin(item.payload, item.kind)
        return answer
    with obj.open(read_only=True) as store:
        pipeline = Pipeline(store, obj.config)
        found = pipeline.find(item)
        if isinstance(found, Rejected):
            raise click.ClickException(f"cannot read {item.origin}: {found.field}: {found.reason}")
        edge = found.edge
        origin_article = store.article(edge.origin_id) if edge.parent_id else None
        parent = store.article(edge.parent_id) if edge.parent_id else None
        return finding_json(found.article, found.stored, edge, origin_article, parent,
                            found.path, found.matches, found.evidence, found.refused)


@main.command("find-origin")
@click.argument("source", metavar="FILE|URL|ID|-")
@json_option
@pass_context
def find_origin(obj: Context, source: str, as_json: bool) -> None:
    """Find the origin and parent of an article, stored or not (text, HTML or one JSON record),
    or of a stored article given by its id.

    FILE is read by its extension (.json/.jsonl: the first record; .html/.htm; .txt is text);
    without one of these (standard input -, a pipe such as <(command), another name), a JSON
    record or an HTML page is recognised by its start.
    An http(s) URL is fetched and read as the page it is (the canonical URL it names, else the
    URL, becomes the article's url).

    \b
    Example:
        tracker find-origin ../shared/seeds/000_85d3b9125a906610.txt
        tracker find-origin --json copy.txt
        tracker find-origin https://example.com/world/some-story
        tracker find-origin ex-summary
    """
    from tracker.report import finding_text

    try:
        data = _find(obj, source)
    except TrackerError as exc:
        raise _fail(exc) from exc
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else finding_text(data))


@main.command()
@click.argument("article_id")
@json_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "dot", "html"]), default="text",
              show_default=True, help="text tree, JSON, Graphviz DOT, or a self-contained HTML page.")
@pass_context
def lineage(obj: Context, article_id: str, as_json: bool, fmt: str = "text") -> None:
    """Print the family tree of an article's story (origin at the root).

    \b
    Example:
        tracker lineage ex-summary
        tracker lineage ex-summary --format dot | dot -Tsvg > family.svg
        tracker lineage ex-summary --format html > family.html
    """
    from tracker.report import family_json, family_text

    as_json = as_json or fmt == "json"

    try:
        remote = _daemon(obj)
        found = remote.lineage(article_id) if remote is not None else None
        if remote is not None:
            if found is None:
                raise click.BadParameter(f"no article {article_id!r} in {obj.config.store.path}",
                                         param_hint="ARTICLE_ID")
            origin_id, tree = found["origin"], found["tree"]
        else:
            with obj.open(read_only=True) as store:
                edge = store.lineage(article_id)
                if edge is None:
                    raise click.BadParameter(f"no article {article_id!r} in {obj.config.store.path}",
                                         param_hint="ARTICLE_ID")
                origin_id, tree = edge.origin_id, family_json(edge.origin_id, store.family(edge.origin_id))
    except TrackerError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps({"article": article_id, "origin": origin_id, "tree": tree}))
    elif fmt in ("dot", "html"):
        from tracker.render import family_dot, family_html

        click.echo((family_dot if fmt == "dot" else family_html)(tree, focus=article_id), nl=False)
    else:
        click.echo(family_text(tree, focus=article_id))


@main.command()
@json_option
@pass_context
def stats(obj: Context, as_json: bool) -> None:
    """Counts of articles, story families, links and rejects.

    \b
    Example:
        tracker stats
    """
    try:
        remote = _daemon(obj)
        if remote is not None:
            counts = remote.query("stats")[0]
        else:
            with obj.open(read_only=True) as store:
                counts = store.stats()
    except TrackerError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(counts))
    else:
        click.echo("  ".join(f"{k} {v}" for k, v in counts.items()))


@main.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="Show this many, the most recent first.")
@json_option("Print a JSON array, one object per rejected item.")
@pass_context
def rejects(obj: Context, limit: int, as_json: bool) -> None:
    """List the most recent dead-letter rows (rejected intake items and why).

    \b
    Example:
        tracker rejects --limit 5
    """
    try:
        remote = _daemon(obj)
        if remote is not None:
            from datetime import datetime

            rows = [{**r, "received_at": datetime.fromisoformat(r["received_at"])}
                    for r in remote.query("rejects_recent", {"limit": limit})]
        else:
            with obj.open(read_only=True) as store:
                rows = store.run_query("rejects_recent", {"limit": limit})
    except TrackerError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps([{**r, "received_at": r["received_at"].astimezone(timezone.utc).isoformat()
                                .replace("+00:00", "Z")} for r in rows], default=str))
        return
    if not rows:
        click.echo(f"no rejected items in {obj.config.store.path}")
    for r in rows:
        click.echo(f"{r['received_at']:%Y-%m-%d %H:%M:%S}  {r['origin']}  {r['field']}: {r['reason']}")


@main.command()
@click.option("--keep", is_flag=True, help="Use --db instead of a throw-away database.")
@pass_context
def demo(obj: Context, keep: bool) -> None:
    """Ingest the bundled example corpus and find the origin of a pasted copy.

    \b
    Example:
        tracker demo
    """
    import tempfile

    from tracker.report import finding_text

    with tempfile.TemporaryDirectory() as tmp:
        path = obj.config.store.path if keep else os.path.join(tmp, "demo.duckdb")
        config = load_config(env={}, overrides={"store": {"path": path}})
        try:
            summary = run_ingest(config, [str(EXAMPLES / "wire.jsonl")], 256, True)
            click.echo(f"$ tracker ingest {_shown(EXAMPLES / 'wire.jsonl')}")
            dups = summary["duplicates"]
            click.echo(f"ingested {summary['ingested']} article{'' if summary['ingested'] == 1 else 's'} "
                       f"({summary['linked']} linked to a source)"
                       + (f", {dups} duplicate{'' if dups == 1 else 's'} (stored already)" if dups else ""))
            click.echo(f"\n$ tracker find-origin {_shown(EXAMPLES / 'copy_of_wire.txt')}")
            click.echo(finding_text(_find(Context(config), str(EXAMPLES / "copy_of_wire.txt"))))
        except TrackerError as exc:
            raise _fail(exc) from exc


def _shown(path: Path) -> str:
    """A path as a person types it: relative to the current folder when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@main.command()
@click.option("--listen", default=None, metavar="HOST:PORT",
              help="Address of the HTTP API [env TRACKER_LISTEN; default 127.0.0.1:8765; port 0 picks a free one].")
@click.option("--spool", type=click.Path(file_okay=False), default=None,
              help="Spool directory watched for files renamed into it [default: <db>.spool].")
@click.option("--stdin", "use_stdin", is_flag=True, help="Also read JSONL from standard input (not replayable).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="RSS/Atom feed to poll (repeatable).")
@click.option("--feed-interval", type=click.FloatRange(1, 86_400), default=300.0, show_default=True,
              help="Seconds between two polls of a feed.")
@click.option("--follow-links", is_flag=True, help="Fetch each feed entry's page and ingest its text.")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="File holding the bearer token every request must carry [or env TRACKER_TOKEN]; "
                   "required to listen on anything but loopback.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=None,
              help="Items per batch [default 64; TRACKER_BATCH_SIZE; config daemon.batch_size].")
@click.option("--batch-age", type=click.FloatRange(0.01, 3600), default=None,
              help="Seconds the oldest item may wait before its batch runs [config daemon.batch_age_s].")
@click.option("--wait", "wait_s", type=click.FloatRange(0, 60), default=10.0, show_default=True,
              help="Seconds POST /articles waits for its batch before answering 202.")
@click.option("--queue-size", type=click.IntRange(1, 1_000_000), default=4096, show_default=True,
              help="HTTP intake queue (items); when full, POST answers 429 + Retry-After.")
@pass_context
def daemon(obj: Context, listen: str | None, spool: str | None, use_stdin: bool, feeds: tuple[str, ...],
           feed_interval: float, follow_links: bool, token_file: str | None, batch_size: int | None,
           batch_age: float | None, wait_s: float, queue_size: int) -> None:
    """Run the streaming ingest daemon in the foreground (spool, HTTP, stdin, feeds).

    SIGINT/SIGTERM/SIGHUP finish the current batch and exit 0. While it runs, find-origin, lineage,
    explain, query, stats, rejects and sql (reading statements) go through its HTTP API.

    \b
    Example:
        tracker --db news.duckdb daemon --spool incoming/ --listen 127.0.0.1:8765
        curl -s --data-binary @article.json http://127.0.0.1:8765/articles
    """
    import dataclasses

    from ingest.daemon import DaemonOptions, serve

    token, token_env = None, None
    if token_file:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except UnicodeDecodeError as exc:
            raise click.BadParameter(f"{token_file} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                     "a token is one line of text", param_hint="--token-file") from exc
        except OSError as exc:
            raise click.BadParameter(f"cannot read {token_file}: {exc.strerror or exc}",
                                     param_hint="--token-file") from exc
        if not token:
            raise click.BadParameter(f"{token_file} is empty", param_hint="--token-file")
    elif os.environ.get("TRACKER_TOKEN"):
        token, token_env = os.environ["TRACKER_TOKEN"], "TRACKER_TOKEN"
    try:
        config = obj.config
        daemon_config = config.daemon
        if batch_size is not None:
            daemon_config = dataclasses.replace(daemon_config, batch_size=batch_size)
        if batch_age is not None:
            daemon_config = dataclasses.replace(daemon_config, batch_age_s=batch_age)
        config = dataclasses.replace(config, daemon=daemon_config)
        options = DaemonOptions(
            listen=listen or config.daemon.listen, spool=Path(spool) if spool else None, stdin=use_stdin,
            feeds=feeds, feed_interval_s=feed_interval, follow_links=follow_links, token=token,
            token_file=str(Path(token_file).resolve()) if token_file else None, token_env=token_env,
            wait_s=wait_s, queue_size=queue_size,
        )
        status = serve(config, options)
    except TrackerError as exc:
        raise _fail(exc) from exc
    sys.exit(status)


@main.group()
def db() -> None:
    """Database maintenance.

    \b
    Example:
        tracker --db news.duckdb db migrate
    """


@db.command()
@pass_context
def migrate(obj: Context) -> None:
    """Create the database or bring its schema up to date.

    \b
    Example:
        tracker db migrate
    """
    try:
        with obj.open(read_only=False) as store:
            now, before = store.schema_version(), store.schema_before
            if before == now:
                click.echo(f"{obj.config.store.path}: schema version {now}, already up to date")
            elif not before:
                click.echo(f"{obj.config.store.path}: created at schema version {now}")
            else:
                click.echo(f"{obj.config.store.path}: upgraded from schema version {before} to {now}")
    except TrackerError as exc:
        raise _fail(exc) from exc


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
    try:
        with obj.open(read_only=False) as store:
            ids = store.article_ids()
            for start in range(0, len(ids), batch_size):
                signatures = [
                    sig
                    for article_id, text, title in store.texts(ids[start:start + batch_size])
                    for sig in sign(article_id, extract(text, config.shingle, title), config)
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
    explanations, in one transaction. Pairs the new rules would accept but that were never
    candidates are not searched for (re-ingest into a fresh database for that). Stop the
    daemon first.

    \b
    Example:
        tracker reverify
    """
    from ingest.pipeline import Pipeline

    try:
        with obj.open(read_only=False) as store:
            result = Pipeline(store, obj.config).reverify()
    except TrackerError as exc:
        raise _fail(exc) from exc
    click.echo(f"re-verified {result.checked} pairs in {result.seconds:.1f}s: "
               f"{result.checked - len(result.dropped)} kept ({result.changed} with new evidence), "
               f"{len(result.dropped)} dropped; {result.families} "
               f"famil{'y' if result.families == 1 else 'ies'} re-decided, {result.lineage_changed} "
               f"article{'' if result.lineage_changed == 1 else 's'} with a new origin, parent or relation")


# --- issue 6: named SQL queries, ad-hoc SQL and divergence explanations ---------------------
_ROW_FORMATS = ("table", "json", "csv")


def rows_format_option(f: Any) -> Any:
    return click.option("--format", "fmt", type=click.Choice(_ROW_FORMATS), default="table",
                        show_default=True, help="Output format.")(f)


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    from tracker.render import rows_csv, rows_json, rows_table

    if fmt == "json":
        click.echo(json.dumps(rows_json(columns, rows), ensure_ascii=False))
    elif fmt == "csv":
        click.echo(rows_csv(columns, rows), nl=False)
    else:
        click.echo(rows_table(columns, rows))


def _query_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint="--param")
        params[key.strip().lstrip("$")] = val
    return params


@main.command("query")
@click.argument("name", required=False)
@click.option("--param", "-p", "param_values", multiple=True, metavar="KEY=VALUE",
              help="Value of the query's parameter $KEY (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and what they answer.")
@rows_format_option
@pass_context
def query_command(obj: Context, name: str | None, param_values: tuple[str, ...], list_only: bool,
                  fmt: str) -> None:
    """Run a named lineage query from queries/ (the same file runs in the duckdb shell).

    \b
    Example:
        tracker query --list          (or no NAME)
        tracker query origin_of --param article_id=ex-translation
        tracker query top_stories -p since=2026-02-01 -p until=2026-03-01 --format csv
    """
    from tracker.errors import InvalidParameter
    from tracker.sql import bind, list_queries, parameters, runnable, user_query

    if list_only or not name:
        found = [(q.name, ", ".join(parameters(q.sql)), q.description) for q in list_queries() if runnable(q)]
        _print_rows(["name", "parameters", "answers"], found, fmt)
        return
    params = _query_params(param_values)
    from tracker.errors import InternalQuery, QueryNotFound

    try:
        try:
            named = user_query(name)
        except (QueryNotFound, InternalQuery) as exc:  # a usage error, as a missing parameter is
            raise click.BadParameter(str(exc), param_hint="NAME") from exc
        wanted = parameters(named.sql)
        missing = [p for p in wanted if p not in params]
        if missing:
            raise click.UsageError(
                f"query {name} needs " + " ".join(f"--param {p}=..." for p in missing))
        unknown = sorted(set(params) - set(wanted))
        if unknown:
            raise click.BadParameter(
                f"query {name} has no parameter {', '.join(unknown)}; it takes: "
                f"{', '.join(wanted) or 'none'}", param_hint="--param")
        try:
            args = bind(named, params)
        except InvalidParameter as exc:
            raise click.BadParameter(str(exc), param_hint="--param") from exc
        # An id names an article (article_id, origin_id, other_id): one that is not stored is a
        # typo to name, not "no rows".
        ids = [(p, str(v)) for p, v in args.items() if p.endswith("_id")]
        remote = _daemon(obj)
        if remote is not None:
            columns, rows = remote.query_rows(name, args)
            missing_ids = [(p, v) for p, v in ids if not rows and remote.article(v) is None]
        else:
            with obj.open(read_only=True) as store:
                columns, rows = store.run_query_rows(name, args)
                missing_ids = [(p, v) for p, v in ids if not rows and not store.has_article(v)]
    except TrackerError as exc:
        raise _fail(exc) from exc
    if missing_ids:
        p, v = missing_ids[0]
        raise click.BadParameter(f"no article {v!r} in {obj.config.store.path} ({p})", param_hint="--param")
    _print_rows(columns, rows, fmt)


@main.command("config")
@pass_context
def config_command(obj: Context) -> None:
    """Print the settings in force as a TOML file that --config reads back.

    Defaults, then a --config file (or TRACKER_CONFIG), the environment and flags, merged:
    a starting point for one's own file (keep the tables and keys to change).

    \b
    Example:
        tracker config > my.toml
        tracker --config my.toml config
    """
    from tracker.config import as_toml

    click.echo(as_toml(obj.config), nl=False)


@main.command("sql")
@click.argument("statement")
@rows_format_option
@pass_context
def sql_command(obj: Context, statement: str, fmt: str) -> None:
    """Run an ad-hoc SQL statement on the database, opened read-only.

    While a daemon holds the database, the statement runs through it: one reading statement
    (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN SELECT), at most 100,000 rows and
    120 s, and no files read.

    \b
    Example:
        tracker sql "SELECT relation, count(*) AS n FROM lineage GROUP BY ALL ORDER BY n DESC"
        tracker sql "SELECT kind, count(*) FROM changes GROUP BY ALL" --format json
    """
    try:
        remote = _daemon(obj)
        if remote is not None:
            columns, rows = remote.sql(statement)
        else:
            with obj.open(read_only=True) as store:
                columns, rows = store.run_sql(statement)
    except TrackerError as exc:
        raise _fail(exc) from exc
    _print_rows(columns, rows, fmt)


@main.command("explain")
@click.argument("article_id", metavar="ARTICLE_ID|FILE|-")
@click.option("--against", "against_id", default=None, metavar="ID",
              help="Compare with this article (its origin, say) instead of its parent.")
@json_option
@click.option("--html", "html_out", type=click.Path(dir_okay=False), default=None, metavar="OUT.html",
              help="Also write a self-contained side-by-side HTML page.")
@pass_context
def explain_command(obj: Context, article_id: str, against_id: str | None, as_json: bool,
                    html_out: str | None) -> None:
    """Explain how an article differs from its parent (or --against another article).

    Aligned sentence pairs with word changes, inserted and dropped sentences, quotes, numbers
    and names that changed, and the headline change. The article is a stored id, or a file
    (text, HTML or one JSON record; - for standard input) or an http(s) page URL that need not
    be stored: it is compared with the parent find-origin gives it.

    \b
    Example:
        tracker explain ex-translation
        tracker explain ex-summary --against ex-wire --json
        tracker explain ex-translation --html ex-translation.html
        tracker explain copy.txt
    """
    from ingest.parse import parse_item
    from ingest.pipeline import Pipeline
    from tracker.explain import explain_articles
    from tracker.model import Rejected
    from tracker.render import explanation_html, explanation_json, explanation_text

    def unknown(article_id: str) -> click.ClickException:
        # A usage error, as find-origin's for the same argument (exit code 2).
        return click.BadParameter(f"no such file, and no article {article_id!r} in {obj.config.store.path}",
                                  param_hint="ARTICLE_ID|FILE|-")

    stored_pair: list[dict[str, Any]] | None = None  # both stored: what ingest kept between them
    finding_made = False
    try:
        remote = _daemon(obj)
        if remote is not None:
            # The daemon holds the file: the texts come through its API, the comparison is local.
            article = remote.article(article_id)
            row = remote.lineage_row(article_id) if article is not None else None
            parent, origin_id = (row["parent_id"], row["origin_id"]) if row else (None, None)
            if article is None:
                if not _is_input(article_id):
                    raise unknown(article_id)
                item = _read_input(article_id, "ARTICLE_ID")
                parsed = parse_item(item)
                if isinstance(parsed, Rejected):
                    raise click.ClickException(f"cannot read {item.origin}: {parsed.field}: {parsed.reason}")
                finding = remote.find_origin(item.payload, item.kind)
                finding_made = True
                article = parsed
                if finding.get("article", {}).get("stored"):
                    # A file that repeats a stored article is that article, as locally.
                    article = remote.article(finding["article"]["id"]) or parsed
                    finding_made = False
                parent = (finding.get("parent") or {}).get("id")
                origin_id = (finding.get("origin") or {}).get("id")
            target = against_id or parent
            source = remote.article(target) if target else None
            if source is not None and not finding_made:
                stored_pair = remote.query("pair_between", {"article_id": article.article_id, "other_id": target})
        else:
            with obj.open(read_only=True) as store:
                article = store.article(article_id)
                if article is not None:
                    edge = store.lineage(article_id)
                elif _is_input(article_id):
                    item = _read_input(article_id, "ARTICLE_ID")
                    found = Pipeline(store, obj.config).find(item)
                    if isinstance(found, Rejected):
                        raise click.ClickException(
                            f"cannot read {item.origin}: {found.field}: {found.reason}")
                    article, edge = found.article, found.edge
                else:
                    raise unknown(article_id)
                parent, origin_id = (edge.parent_id, edge.origin_id) if edge else (None, None)
                target = against_id or parent
                source = store.article(target) if target else None
                if source is not None and store.has_article(article.article_id):
                    stored_pair = store.run_query("pair_between", {"article_id": article.article_id,
                                                                   "other_id": target})
    except TrackerError as exc:
        raise _fail(exc) from exc
    if target is None:
        raise click.ClickException(
            f"{article.article_id} is an origin: it derives from no stored article; "
            "pass --against ID to compare it with another")
    if source is None:
        if against_id is not None:  # a usage error, as an unknown ARTICLE_ID is
            raise click.BadParameter(f"no article {target!r} in {obj.config.store.path}", param_hint="--against")
        raise click.ClickException(f"no article {target!r} in {obj.config.store.path}")
    if source.article_id == article.article_id:
        raise click.ClickException(f"{target} is the article itself: pass --against another article")
    roles = [r for r, i in (("parent", parent), ("origin", origin_id)) if i == target]
    explanation = explain_articles(article, source, obj.config.shingle)
    data = explanation_json(article, source, " and ".join(roles) or "other", explanation)
    if stored_pair is not None:
        data["stored"] = {"pair": bool(stored_pair), "matched": bool(stored_pair and stored_pair[0]["matched"])}
    if html_out:
        try:
            Path(html_out).write_text(explanation_html(data, explanation), encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"cannot write {html_out}: {exc}", param_hint="--html") from exc
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else explanation_text(data))
    if html_out and not as_json:
        click.echo(f"\nside-by-side page: {html_out}", err=True)


if __name__ == "__main__":
    main(prog_name="tracker")  # as the installed command names itself, not "python -m tracker.cli"
