"""The commands that print rows: ``stats``, ``rejects``, ``query``, ``sql`` and ``config``.

Owns running named queries from ``queries/`` and ad-hoc SQL on the database opened
read-only (or through a running daemon), checking a named query's ``--param`` values, and
printing rows as a table, JSON or CSV; and printing the settings in force. These commands
never write the database and never import ``ingest``.
"""

from __future__ import annotations

import json
from datetime import timezone
from typing import Any

import click

from tracker.cli.group import Context, _daemon, _fail, json_option, main, pass_context
from tracker.errors import TrackerError


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
        if fmt == "table":  # what each answers, whole, wrapped under its name for a terminal
            import textwrap

            for query_name, takes, answers in found:
                click.echo(query_name + "".join(f" -p {param}=..." for param in takes.split(", ") if param))
                click.echo(textwrap.fill(answers, width=96, initial_indent="    ", subsequent_indent="    "))
                click.echo()
        else:
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
