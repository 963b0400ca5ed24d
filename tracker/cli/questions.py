"""The commands that ask about an article: ``find-origin``, ``lineage``, ``explain`` and ``demo``.

Owns answering from the database opened read-only, or through a running daemon that holds
it, and printing the answer as text, JSON, DOT or HTML. These commands never write the
database (``demo`` ingests into a throw-away one through :func:`run_ingest`); reading the
article a command names is :mod:`tracker.cli.inputs`' job. ``ingest`` is imported lazily.
"""

from __future__ import annotations

import dataclasses

import json
import os
from pathlib import Path
from typing import Any

import click

from tracker.cli.group import Context, _daemon, _fail, json_option, main, pass_context
from tracker.cli.ingestion import run_ingest
from tracker.cli.inputs import _is_input, _read_input, _stored_item
from tracker.config import load_config
from tracker.errors import TrackerError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _find(obj: Context, source: str) -> dict[str, Any]:
    from ingest.pipeline import Pipeline
    from tracker.model import Rejected
    from tracker.report import finding_json

    remote = _daemon(obj)
    if _is_input(source):
        item = _read_input(source, "FILE|URL|ID")
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
                            found.path, found.matches, found.evidence, found.refused, found.note)


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
        tracker find-origin tracker/examples/copy_of_wire.txt
        tracker find-origin --json tracker/examples/next_year_results.txt
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
        tracker explain tracker/examples/copy_of_wire.txt
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
                if finding.get("note"):
                    click.echo(f"note: {finding['note']}", err=True)
                article = parsed
                if finding.get("article", {}).get("stored"):
                    # A file that repeats a stored article is that article, as locally.
                    article = remote.article(finding["article"]["id"]) or parsed
                    finding_made = False
                elif finding.get("note"):  # its id is stored with another text: the id it was answered under
                    article = dataclasses.replace(parsed, article_id=finding["article"]["id"])
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
                    if found.note:
                        click.echo(f"note: {found.note}", err=True)
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
            # Not shown as commands to type: they ran on a database of the demo's own.
            where = f"into {path}" if keep else "into a throw-away database; --keep: into --db's"
            click.echo(f"== ingest {_shown(EXAMPLES / 'wire.jsonl')} ({where})")
            dups = summary["duplicates"]
            click.echo(f"{summary['ingested']} article{'' if summary['ingested'] == 1 else 's'} ingested, "
                       f"{summary['linked']} of them linked to a source"
                       + (f", {dups} duplicate{'' if dups == 1 else 's'} (stored already)" if dups else ""))
            click.echo(f"\n== find-origin {_shown(EXAMPLES / 'copy_of_wire.txt')}")
            click.echo(finding_text(_find(Context(config), str(EXAMPLES / "copy_of_wire.txt"))))
        except TrackerError as exc:
            raise _fail(exc) from exc


def _shown(path: Path) -> str:
    """A path as a person types it: relative to the current folder when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
