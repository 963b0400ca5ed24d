"""The README stays true: its demo output is what `tracker demo` prints, and every command it
names exists with help."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> list[str]:
    start = README.index(marker)
    block = README[README.index("```", start) + 3:]
    return block[: block.index("```")].strip("\n").splitlines()


def _blocks_between(marker: str, end: str) -> list[str]:
    """The lines of every code block from ``marker`` to ``end``."""
    text = README[README.index(marker):README.index(end, README.index(marker))]
    return [line for block in text.split("```")[1::2] for line in block.strip("\n").splitlines()]


def test_demo_output_matches_the_readme(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "d.duckdb"), "demo"])
    assert result.exit_code == 0, result.output
    printed = [line.replace(str(Path(__file__).resolve().parent.parent) + "/", "") for line in result.output.splitlines()]
    shown = [line for line in _block_after("asks it for the origin of a pasted copy. It prints:") if line.strip() not in ("...", "")]
    for line in shown:
        assert line.rstrip() in printed, f"README line not printed by `tracker demo`: {line!r}"


def test_every_command_in_the_readme_exists() -> None:
    names = set(re.findall(r"^\$ tracker (?:--\S+ \S+ )*([a-z][a-z-]*)", README, re.MULTILINE))
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


def test_sql_cookbook_output_is_what_the_commands_print(tmp_path: Path) -> None:
    # Each "$ tracker ..." command of the cookbook block, run against a fresh ingest of the
    # golden-test corpus, prints the lines shown under it ("..." marks a cut).
    block = _blocks_between("The output below is what these commands print", "The other named queries:")
    root = Path(__file__).resolve().parent.parent
    db = ["--db", str(tmp_path / "news.duckdb")]
    runner = CliRunner()
    commands: list[tuple[str, list[str]]] = []
    for line in block:
        if line.startswith("$ tracker "):
            commands.append((line[len("$ tracker "):], []))
        elif line.strip() and line.strip() != "...":
            commands[-1][1].append(line.rstrip())
    assert [c.split()[0] for c, _ in commands][:2] == ["ingest", "query"]
    for command, shown in commands:
        args = shlex.split(command)
        if args[0] == "ingest":
            args = ["ingest", *sorted(str(p) for p in (root / "tests" / "data" / "corpus").glob("*.jsonl"))]
        result = runner.invoke(main, [*db, *args])
        assert result.exit_code == 0, (command, result.output)
        printed = [re.sub(r" in [0-9.]+s;", " in 1.0s;", line.replace(str(root) + "/", "")
                          .replace(str(tmp_path / "news.duckdb"), "news.duckdb")).rstrip()
                   for line in result.output.splitlines()]
        for line in shown:
            assert line in printed, f"`tracker {command}` does not print the README's line {line!r}"


def _shown_under(command: str) -> list[str]:
    """The lines the README shows under ``$ <command>`` ("..." marks a cut)."""
    start = README.index(f"$ {command}\n") + len(command) + 3
    lines = README[start:README.index("```", start)].splitlines()
    return [line.rstrip() for line in lines if line.strip() not in ("...", "")]


def test_example_corpus_outputs_are_what_the_commands_print(tmp_path: Path) -> None:
    # The README's find-origin, lineage and explain examples, on the bundled example corpus.
    root = Path(__file__).resolve().parent.parent
    wire = root / "tracker" / "examples" / "wire.jsonl"
    db = ["--db", str(tmp_path / "ex.duckdb")]
    runner = CliRunner()
    assert runner.invoke(main, [*db, "ingest", str(wire)]).exit_code == 0
    translation = next(line for line in wire.read_text(encoding="utf-8").splitlines() if '"ex-translation"' in line)
    runs = {
        "grep '\"ex-translation\"' tracker/examples/wire.jsonl | tracker find-origin -":
            (["find-origin", "-"], translation + "\n"),
        "tracker lineage ex-summary": (["lineage", "ex-summary"], None),
        "tracker explain ex-translation": (["explain", "ex-translation"], None),
        "tracker find-origin tracker/examples/next_year_results.txt":
            (["find-origin", str(root / "tracker" / "examples" / "next_year_results.txt")], None),
    }
    for command, (args, stdin) in runs.items():
        result = runner.invoke(main, [*db, *args], input=stdin)
        assert result.exit_code == 0, (command, result.output)
        printed = [line.rstrip() for line in result.output.splitlines()]
        at = 0
        for line in _shown_under(command):
            assert line in printed[at:], f"`{command}` does not print the README's line {line!r} (in this order)"
            at = printed.index(line, at) + 1
