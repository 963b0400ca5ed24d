"""tracker.render: DOT and HTML of families, text and HTML of explanations, query result formats."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.config import ShingleConfig
from tracker.explain import explain
from tracker.model import Article
from tracker.render import (
    explanation_html, explanation_json, explanation_text, family_dot, family_html, rows_csv, rows_json,
    rows_table,
)
from tracker.shingle import extract

HOSTILE = 'Say "hi" \\ <script>alert(1)</script> & more\nsecond line'

TREE = {
    "id": "w", "parent": None, "relation": "original", "divergence": 0.0, "source": "wire.example",
    "title": HOSTILE, "published_at": "2026-02-10T08:00:00Z", "url": None, "children": [
        {"id": "c", "parent": "w", "relation": "copy", "divergence": 0.05, "source": None, "title": None,
         "published_at": None, "url": None, "children": [
             {"id": 'x"y', "parent": "c", "relation": "translation", "divergence": 0.3, "source": "b<i>",
              "title": "t", "published_at": None, "url": None, "children": []}]},
        {"id": "s", "parent": "w", "relation": "summary", "divergence": 0.7, "source": "s.example",
         "title": "s", "published_at": None, "url": None, "children": []},
    ],
}

SOURCE = """The council approved a budget of 12 million crowns on Monday for a new tram line, the city said.

"This is the most important investment in a generation," mayor Elin Sandvik told reporters.

Shopkeepers on Quay Street oppose the plan because of two years of building works near the market."""
COPY = SOURCE.replace("12 million", "15 million").replace("most important", "greatest").replace(
    "Shopkeepers on Quay Street oppose the plan because of two years of building works near the market.",
    "Our readers <b>know</b> this street well & will follow the works closely every single day.")


def _explained() -> tuple[dict[str, object], object]:
    config = ShingleConfig()
    found = explain(extract(COPY, config), extract(SOURCE, config), HOSTILE, "Council backs tram")
    derived = Article("copy<1>", COPY, "0" * 16, source="copy.example", title=HOSTILE)
    source = Article("src", SOURCE, "0" * 16, source="wire.example", title="Council backs tram",
                     published_at=datetime(2026, 2, 10, 8, tzinfo=timezone.utc))
    return explanation_json(derived, source, "parent", found), found


def test_family_dot_escapes_and_labels_edges() -> None:
    dot = family_dot(TREE, focus="c")
    assert dot.startswith("digraph family {") and dot.rstrip().endswith("}")
    assert '"w" -> "c" [label="copy\\n0.05"];' in dot
    assert '"c" -> "x\\"y" [label="translation\\n0.30"];' in dot
    assert 'Say \\"hi\\" \\\\ <script>' in dot and "\nsecond line" not in dot
    assert re.search(r'"c" \[[^\]]*penwidth=3', dot)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_family_dot_is_valid_graphviz() -> None:
    done = subprocess.run(["dot", "-Tsvg"], input=family_dot(TREE), capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert "<svg" in done.stdout


def test_family_html_is_escaped_and_self_contained() -> None:
    page = family_html(TREE, focus="s")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page and "b&lt;i&gt;" in page
    assert "x&quot;y" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert 'class="node summary focus"' in page


def test_explanation_text_lists_every_kind() -> None:
    data, _ = _explained()
    text = explanation_text(data)  # type: ignore[arg-type]
    assert text.splitlines()[0] == "copy<1> against src (parent)"
    for section in ("headline changed:", "inserted in the copy (1):", "dropped from the source (1):",
                    "quotes changed (1):", "numbers changed (1):", "aligned pairs"):
        assert section in text, section
    assert "12 became 15" in text and "[-12-]" in text and "{+15+}" in text


def test_a_quote_no_longer_quoted_is_shown_with_its_sentence_unquoted() -> None:
    config = ShingleConfig()
    reported = SOURCE.replace('"This is the most important investment in a generation," mayor Elin Sandvik told '
                              'reporters.', "Mayor Elin Sandvik told reporters this was the most important "
                              "investment in a generation.")
    found = explain(extract(reported, config), extract(SOURCE, config))
    derived = Article("copy", reported, "0" * 16)
    source = Article("src", SOURCE, "0" * 16)
    data = explanation_json(derived, source, "parent", found)
    text = explanation_text(data)
    assert '  + "Mayor Elin Sandvik' not in text
    assert "  +   #1 Mayor Elin Sandvik told reporters" in text and "no longer quoted" in text
    page = explanation_html(data, found)
    assert "“Mayor Elin" not in page and "<ins>Mayor Elin Sandvik" in page


def test_a_dropped_credit_says_which_outlets_the_copy_credits() -> None:
    config = ShingleConfig()
    wire = "OSLO, Feb 10 (Meridian) - " + SOURCE
    miscredited = SOURCE + "\n\nSource: Harbour Press Agency"
    found = explain(extract(miscredited, config), extract(wire, config))
    data = explanation_json(Article("copy", miscredited, "0" * 16, source="copy.example"),
                            Article("src", wire, "0" * 16, source="meridian.example"), "parent", found)
    text = explanation_text(data)
    assert 'credits dropped (1):\n  - Meridian: dateline "OSLO, Feb 10 (Meridian) -"' in text
    assert "  copy credits harbourpressagency\n" in text
    plain = explanation_json(Article("copy", SOURCE, "0" * 16, source="copy.example"),
                             Article("src", wire, "0" * 16, source="meridian.example"), "parent", found)
    assert "  copy credits no outlet" in explanation_text(plain)
    # Against a story it did not take from, an article dropped no credit of it.
    other = "Wheat prices fell on Tuesday as rain reached the plains, traders in Chicago said."
    unrelated = explanation_json(Article("copy", other, "0" * 16, source="copy.example"),
                                 Article("src", wire, "0" * 16, source="meridian.example"), "other",
                                 explain(extract(other, config), extract(wire, config)))
    assert not unrelated["verdict"]["related"] and unrelated["credits"]["dropped"] == []
    assert "credits dropped" not in explanation_text(unrelated)


def test_explanation_html_shows_pairs_side_by_side_escaped() -> None:
    data, found = _explained()
    page = explanation_html(data, found)  # type: ignore[arg-type]
    assert page.count('<tr class="pair"') == len(found.pairs) == 2  # type: ignore[attr-defined]
    assert page.count('<tr class="dropped"') == 1 and page.count('<tr class="inserted"') == 1
    assert "<b>know</b>" not in page and "&lt;b&gt;know&lt;/b&gt;" in page and "&amp; will" in page
    assert "<script>" not in page and "copy&lt;1&gt;" in page
    assert "<del>12</del>" in page and "<ins>15</ins>" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    json.dumps(data)


def test_query_result_formats() -> None:
    columns = ["id", "at", "n", "tags", "blob"]
    rows = [("a", datetime(2026, 2, 10, 8, tzinfo=timezone.utc), 0.123456, ["x", "y"], b"\x00\x01"),
            ("b,c", None, 2, None, None)]
    assert rows_json(columns, rows)[0] == {"id": "a", "at": "2026-02-10T08:00:00Z", "n": 0.123456,
                                           "tags": ["x", "y"], "blob": "0001"}
    assert rows_csv(columns, rows).splitlines() == [
        "id,at,n,tags,blob", "a,2026-02-10T08:00:00Z,0.1235,\"[x, y]\",0001", '"b,c",,2,,']
    table = rows_table(columns, rows).splitlines()
    assert table[0].split() == columns and table[-1] == "(2 rows)"
    # What JSON cannot write (NaN, infinities) is null; decimals are numbers, intervals seconds.
    from decimal import Decimal

    odd = rows_json(["inf", "nan", "dec", "span"], [(float("inf"), float("nan"), Decimal("1.50"), timedelta(minutes=90))])
    assert odd == [{"inf": None, "nan": None, "dec": 1.5, "span": 5400.0}]


def test_lineage_formats_on_the_cli(tmp_path: Path) -> None:
    from tracker.cli import main

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus" / "council.jsonl"
    db = ["--db", str(tmp_path / "t.duckdb")]
    assert CliRunner().invoke(main, db + ["ingest", "-q", str(corpus)]).exit_code == 0
    dot = CliRunner().invoke(main, db + ["lineage", "council-copy", "--format", "dot"])
    assert dot.exit_code == 0 and dot.output.startswith("digraph family {")
    page = CliRunner().invoke(main, db + ["lineage", "council-copy", "--format", "html"])
    assert page.exit_code == 0 and page.output.startswith("<!DOCTYPE html>") and "council-copy" in page.output
    as_json = CliRunner().invoke(main, db + ["lineage", "council-copy", "--format", "json"])
    alias = CliRunner().invoke(main, db + ["lineage", "council-copy", "--json"])
    assert as_json.exit_code == 0 and json.loads(as_json.output) == json.loads(alias.output)
    text = CliRunner().invoke(main, db + ["lineage", "council-copy"])
    assert text.exit_code == 0 and "council-copy *" in text.output
    bad = CliRunner().invoke(main, db + ["lineage", "council-copy", "--format", "svg"])
    assert bad.exit_code == 2
