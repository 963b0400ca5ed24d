"""Shared fixtures: a small config, an in-memory store, an article factory, the bundled
example corpus, and the shared development data (skipped with a reason when absent)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tracker.config import TrackerConfig, load_config
from tracker.hashing import content_hash
from tracker.model import Article
from tracker.normalize import clean
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tracker" / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def config(tmp_path: Path) -> TrackerConfig:
    """Default parameters, a database in the test's temporary folder."""
    return load_config(env={}, overrides={"store": {"path": str(tmp_path / "t.duckdb")}})


@pytest.fixture
def store() -> Iterator[Store]:
    """An in-memory store, migrated."""
    with Store(":memory:") as s:
        yield s


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Build an Article from text and optional fields."""

    def make(text: str, article_id: str = "a1", **fields: object) -> Article:
        return Article(article_id=article_id, text=text, content_hash=content_hash(clean(text)), **fields)  # type: ignore[arg-type]

    return make


@pytest.fixture(scope="session")
def example_records() -> list[dict[str, object]]:
    """The bundled example corpus (written for this project)."""
    with (EXAMPLES / "wire.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def example_labels() -> dict[str, dict[str, object]]:
    """Labels of the bundled example corpus."""
    labels: dict[str, dict[str, object]] = json.loads((EXAMPLES / "labels.json").read_text())["articles"]
    return labels


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared development data not present ({path}); these tests need ../shared beside the repo")
    return path


@pytest.fixture(scope="session")
def seed_records() -> list[dict[str, object]]:
    """The five seed pages (skipped without ../shared)."""
    path = shared_path("seeds", "seeds.jsonl")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def seed_labels() -> dict[str, dict[str, object]]:
    """Labels of the seeds (skipped without ../shared)."""
    labels: dict[str, dict[str, object]] = json.loads(shared_path("seeds", "labels.json").read_text())["articles"]
    return labels
