"""The README stays true: its demo output is what `tracker demo` prints, and every command it
names exists with help."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> list[str]:
    start = README.index(marker)
    block = README[README.index("```", start) + 3:]
    return block[: block.index("```")].strip("\n").splitlines()


def test_demo_output_matches_the_readme(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "d.duckdb"), "demo"])
    assert result.exit_code == 0, result.output
    printed = [line.replace(str(Path(__file__).resolve().parent.parent) + "/", "") for line in result.output.splitlines()]
    shown = [line for line in _block_after("`bash scripts/demo` prints:") if line.strip() not in ("...", "")]
    for line in shown:
        assert line.rstrip() in printed, f"README line not printed by `tracker demo`: {line!r}"


def test_every_command_in_the_readme_exists() -> None:
    names = set(re.findall(r"^\$ tracker ([a-z-]+)", README, re.MULTILINE))
    names |= set(re.findall(r"`tracker ([a-z-]+)[ `]", README))
    assert {"ingest", "find-origin", "lineage", "explain", "query", "sql", "daemon", "demo"} <= names
    runner = CliRunner()
    for name in sorted(names):
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Example" in result.output, f"`tracker {name} --help` has no example"


def test_two_setup_commands_are_the_ci_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "bash scripts/test" in README and "bash scripts/demo" in README
    assert "bash scripts/test" in ci
