"""The ``tracker explain --html`` page as a person sees it: rendered by headless Chromium.

Needs Debian's ``chromium`` package (``apt-get install -y chromium``); the test installs
nothing and is skipped with a reason where ``/usr/bin/chromium`` is absent. Chromium runs
without network, sandbox, GPU or profile state, on a page that loads nothing from outside.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium is not installed (/usr/bin/chromium); install it with "
           "`apt-get install -y chromium` to render the explain page",
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    from tracker.cli import main

    tmp = tmp_path_factory.mktemp("explain-html")
    corpus = Path(__file__).resolve().parent / "data" / "corpus" / "wind.jsonl"
    db = ["--db", str(tmp / "t.duckdb")]
    ingested = CliRunner().invoke(main, db + ["ingest", "-q", str(corpus)])
    assert ingested.exit_code == 0, ingested.output
    out = tmp / "explain.html"
    result = CliRunner().invoke(main, db + ["explain", "wind-translation", "--against", "wind-wire",
                                            "--json", "--html", str(out)])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.output)


def test_chromium_renders_the_aligned_pairs(page: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    path, data = page
    done = _chromium(tmp_path, "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    pairs = data["pairs"]
    assert isinstance(pairs, list) and pairs
    assert len(re.findall(r'<tr class="pair"', dom)) == len(pairs)
    assert "How wind-translation differs from wind-wire" in dom
    # The changes the page highlights are in the rendered document.
    assert re.search(r"<ins>[^<]*\b73\b[^<]*</ins>", dom) and re.search(r"<del>[^<]*\b37\b[^<]*</del>", dom)
    assert "37 became 73" in dom
    assert "(Note of the editors:" in dom
    assert 'class="dropped"' in dom and 'class="inserted"' in dom


def test_chromium_screenshot_of_the_page(page: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    path, _ = page
    shot = tmp_path / "explain.png"
    done = _chromium(tmp_path, "--window-size=1280,1600", f"--screenshot={shot}", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a blank page is a few kB; this one has two columns of text
