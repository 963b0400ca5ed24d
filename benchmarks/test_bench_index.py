"""Micro-benchmarks of the LSH candidate index: the band table (bulk build, insert, query) and
today's :class:`tracker.index.LSHIndex` (add, query) on the same synthetic corpora.

Run with timings: ``.venv/bin/python -m pytest benchmarks/test_bench_index.py --benchmark-enable``.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tracker.bandtable import BandTable
from tracker.config import TrackerConfig
from tracker.index import LSHIndex
from tracker.shingle import Features
from tracker.signature import sign


def _table(sigs: dict[str, NDArray[np.uint32]], family: str) -> BandTable:
    return BandTable.build(sigs[family], bands=42, rows=3)


def test_bandtable_bulk_build(benchmark: Any, lsh_signatures: dict[str, NDArray[np.uint32]]) -> None:
    table = benchmark(_table, lsh_signatures, "content")
    assert len(table) == 5000


def test_bandtable_insert(benchmark: Any, lsh_signatures: dict[str, NDArray[np.uint32]]) -> None:
    table = _table(lsh_signatures, "content")
    rows = itertools.cycle(lsh_signatures["content"][:1000])
    ids = itertools.count(5000)
    benchmark(lambda: table.insert(next(rows), next(ids)))
    assert len(table) > 5000


def test_bandtable_query(benchmark: Any, lsh_signatures: dict[str, NDArray[np.uint32]]) -> None:
    table = _table(lsh_signatures, "content")
    rows = itertools.cycle(enumerate(lsh_signatures["content"][:1000]))

    def query() -> bool:
        i, row = next(rows)
        return i in table.query(row)

    assert benchmark(query)


def test_bandtable_query_both_families(benchmark: Any, lsh_signatures: dict[str, NDArray[np.uint32]]) -> None:
    tables = {f: _table(lsh_signatures, f) for f in lsh_signatures}
    rows = itertools.cycle(range(1000))

    def query() -> int:
        i = next(rows)
        return sum(len(t.query(lsh_signatures[f][i])) for f, t in tables.items())

    assert benchmark(query) >= 2


def test_lshindex_today_add(benchmark: Any, synthetic_features: list[Features],
                            bench_config: TrackerConfig) -> None:
    index = LSHIndex(bench_config)
    signed = [sign(str(i), f, bench_config) for i, f in enumerate(synthetic_features)]
    ids = itertools.count()

    def add() -> None:
        n = next(ids)
        index.add(f"a{n}", signed[n % len(signed)])

    benchmark(add)
    assert len(index) >= 1


def test_lshindex_today_query(benchmark: Any, synthetic_features: list[Features],
                              bench_config: TrackerConfig) -> None:
    signed = [sign(str(i), f, bench_config) for i, f in enumerate(synthetic_features)]
    index = LSHIndex(bench_config)
    for i, sigs in enumerate(signed):
        index.add(str(i), sigs)
    found = benchmark(index.query, signed[1], "1")
    assert "0" in {c.article_id for c in found}  # article 1 is an edited copy of article 0
