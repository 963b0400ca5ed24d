"""The seeds served as web pages: the same lineage as from their text.

Each seed's text (../shared/seeds/seeds.jsonl, read at run time and never copied here) is
wrapped in page chrome written for this project, alternating two sites' layouts, then ingested
as ``.html`` files and as a WARC archive. Skipped without ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.ingest.pages import wrap_text
from tracker.cli import run_ingest
from tracker.config import TrackerConfig, load_config
from tracker.store import Store


def _seed_pages() -> dict[str, tuple[str, str]]:
    """seed id -> (page URL, page HTML)."""
    with shared_path("seeds", "seeds.jsonl").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    pages = {}
    for number, record in enumerate(records):
        seed_id = str(record["id"])
        url = f"https://site{number}.example/news/{seed_id}"
        chrome = "herald" if number % 2 else "digest"
        pages[seed_id] = (url, wrap_text(str(record["text"]), f"Story {number}", url, chrome))
    return pages


def _lineage(db: str, key: str) -> dict[str, tuple[str, str | None, str]]:
    """``key`` (``article_id`` or ``url``) -> (origin, parent, relation), by that key."""
    with Store(db, read_only=True) as store:
        _, rows = store.run_sql(
            f"SELECT a.{key}, o.{key}, p.{key}, l.relation FROM articles a JOIN lineage l USING (article_id) "
            "JOIN articles o ON o.article_id = l.origin_id LEFT JOIN articles p ON p.article_id = l.parent_id"
        )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


@pytest.fixture(scope="module")
def text_lineage(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str | None, str]]:
    db = str(tmp_path_factory.mktemp("text") / "t.duckdb")
    config = load_config(env={}, overrides={"store": {"path": db}})
    run_ingest(config, [str(shared_path("seeds", "seeds.jsonl"))], 64, True)
    return _lineage(db, "article_id")


def _by_seed(
    lineage: dict[str, tuple[str, str | None, str]], pages: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str | None, str]]:
    seed_of = {url: seed_id for seed_id, (url, _) in pages.items()}
    return {
        seed_of[a]: (seed_of[o], seed_of.get(p) if p else None, rel) for a, (o, p, rel) in lineage.items()
    }


def test_seed_pages_as_html_files(
    tmp_path: Path,
    config: TrackerConfig,
    text_lineage: dict[str, tuple[str, str | None, str]],
    seed_labels: dict[str, dict[str, object]],
) -> None:
    pages = _seed_pages()
    folder = tmp_path / "site"
    folder.mkdir()
    for seed_id, (_, page) in pages.items():
        (folder / f"{seed_id}.html").write_text(page, encoding="utf-8")
    summary = run_ingest(config, [str(folder)], 64, True)
    assert (summary["ingested"], summary["rejected"]) == (5, 0)
    from_html = _by_seed(_lineage(config.store.path, "url"), pages)
    assert from_html == text_lineage
    assert {a: o for a, (o, _, _) in from_html.items()} == {a: "seed-001" for a in seed_labels}


def test_seed_pages_in_a_warc(
    tmp_path: Path, config: TrackerConfig, text_lineage: dict[str, tuple[str, str | None, str]]
) -> None:
    pytest.importorskip("warcio", reason="warcio (dev extra) writes the test archive")
    from tests.ingest.test_warc import write_warc

    pages = _seed_pages()
    archive = tmp_path / "seeds.warc.gz"
    write_warc(
        archive,
        [
            ("response", url, "200 OK", {"Content-Type": "text/html; charset=utf-8"}, page.encode())
            for url, page in pages.values()
        ],
    )
    summary = run_ingest(config, [str(archive)], 64, True)
    assert (summary["ingested"], summary["rejected"], summary["skipped"]) == (5, 0, 0)
    assert _by_seed(_lineage(config.store.path, "url"), pages) == text_lineage
