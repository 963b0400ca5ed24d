"""The commands that run or set up the database's service: ``daemon`` and ``db migrate``.

Owns turning the daemon's flags and token into :class:`ingest.daemon.DaemonOptions` and
starting it in the foreground, and creating or upgrading the schema. The daemon itself is
:mod:`ingest.daemon`, imported lazily inside the command.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tracker.cli.group import Context, _fail, main, pass_context
from tracker.errors import TrackerError


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
        curl -s --data-binary @tracker/examples/wire.jsonl http://127.0.0.1:8765/articles
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
