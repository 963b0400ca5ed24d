"""The ``tracker`` click group: the context every command receives and the options they share.

Owns the group itself (``--db``, ``--config`` and their parsing after a command's name), the
:class:`Context` that opens the store, the reach of a running daemon, ``--json`` and the
mapping of a :class:`~tracker.errors.TrackerError` to a click error. Commands do not live
here: they register on :func:`main` from their own modules, which import this one, so this
module must not import any of them. Only the CLI reads ``os.environ`` (through click's
``auto_envvar_prefix`` and :func:`tracker.config.load_config`); no ``ingest`` import here.
"""

from __future__ import annotations

import os
from typing import Any

import click

from tracker import __version__
from tracker.config import TrackerConfig, load_config
from tracker.errors import DatabaseLocked, TrackerError
from tracker.store import Store


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
