"""tracker.bandtable: the same candidates as datasketch MinHashLSH, through bulk builds, inserts
and merges, on both backends."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH
from numpy.typing import NDArray

from tracker import _jit, kernels
from tracker.bandtable import BandTable, band_keys
from tracker.signature import permutations

NO_NUMBA = pytest.mark.skipif(not kernels.numba_available(), reason="numba not installed")
BACKENDS = [
    pytest.param("numba", marks=NO_NUMBA),
    "numpy",
]
BANDS, ROWS, NUM_PERM = 42, 3, 128


def clustered_signatures(n: int, seed: int) -> NDArray[np.uint32]:
    """Signatures of ``n`` sets in clusters of near-duplicates (so that queries find others)."""
    rng = np.random.default_rng(seed)
    labels = np.sort(rng.integers(0, n // 3, n))
    sets = rng.integers(0, 2**32, (n // 3, 60), dtype=np.uint32)[labels]
    replace = rng.random(sets.shape) < rng.random(n)[:, None] * 0.8
    sets[replace] = rng.integers(0, 2**32, int(replace.sum()), dtype=np.uint32)
    return kernels.sign_hashes(sets, permutations(NUM_PERM, 1))


@pytest.fixture(scope="module")
def signatures() -> NDArray[np.uint32]:
    return clustered_signatures(2000, 3)


@pytest.fixture(scope="module")
def datasketch_index(signatures: NDArray[np.uint32]) -> MinHashLSH:
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    for i, row in enumerate(signatures):
        lsh.insert(i, LeanMinHash(seed=1, hashvalues=row, scheme="affine32"))
    return lsh


def datasketch_query(lsh: MinHashLSH, values: NDArray[np.uint32]) -> list[int]:
    return sorted(lsh.query(LeanMinHash(seed=1, hashvalues=values, scheme="affine32")))


def test_band_keys_numpy_equals_compiled(signatures: NDArray[np.uint32]) -> None:
    expected = band_keys(signatures, BANDS, ROWS)
    assert expected.shape == (BANDS, len(signatures))
    assert np.array_equal(_jit.band_keys_rows(signatures, BANDS, ROWS), expected)
    assert np.array_equal(_jit.band_keys_one(signatures[5], BANDS, ROWS), expected[:, 5])


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_candidates_as_datasketch(backend: kernels.Backend, signatures: NDArray[np.uint32],
                                       datasketch_index: MinHashLSH) -> None:
    # 1,500 in one bulk build, 500 one by one through a small delta (several merges).
    table = BandTable.build(signatures[:1500], bands=BANDS, rows=ROWS, backend=backend, min_delta=64)
    for i in range(1500, 2000):
        table.insert(signatures[i], i)
    assert len(table) == 2000
    queries = np.random.default_rng(0).choice(2000, 200, replace=False)
    total = 0
    for q in queries.tolist():
        expected = datasketch_query(datasketch_index, signatures[q])
        assert table.query(signatures[q]).tolist() == expected, q
        assert table.query(signatures[q], check=signatures).tolist() == expected, q
        total += len(expected)
    assert total > 400  # the clusters give real candidates, not only the query itself


def test_backends_agree_on_unseen_queries(signatures: NDArray[np.uint32]) -> None:
    tables = [BandTable.build(signatures[:1000], bands=BANDS, rows=ROWS, backend=b, min_delta=32)
              for b in ("numba", "numpy") if b == "numpy" or kernels.numba_available()]
    for table in tables:
        table.insert_many(signatures[1000:1100])
    for q in range(1100, 1300):
        results = [t.query(signatures[q]).tolist() for t in tables]
        assert all(r == results[0] for r in results)


@pytest.mark.parametrize("backend", BACKENDS)
def test_merge_and_insert_many_keep_results(backend: kernels.Backend, signatures: NDArray[np.uint32]) -> None:
    one_by_one = BandTable(BANDS, ROWS, NUM_PERM, backend=backend)
    for i, row in enumerate(signatures[:300]):
        one_by_one.insert(row, i)
    before = [one_by_one.query(signatures[q]).tolist() for q in range(300)]
    one_by_one.merge()
    assert [one_by_one.query(signatures[q]).tolist() for q in range(300)] == before
    bulk = BandTable(BANDS, ROWS, NUM_PERM, backend=backend, min_delta=16)
    bulk.insert_many(signatures[:100])
    bulk.insert_many(signatures[100:300])  # larger than the delta: goes to the main arrays
    assert [bulk.query(signatures[q]).tolist() for q in range(300)] == before


@pytest.mark.parametrize("backend", BACKENDS)
def test_repeated_ids_and_max_bucket(backend: kernels.Backend) -> None:
    values = clustered_signatures(30, 1)
    table = BandTable(BANDS, ROWS, NUM_PERM, backend=backend)
    table.insert_many(np.vstack([values[0]] * 3), np.array([7, 7, 7], np.int32))  # three equal sentences
    table.insert(values[0], 9)
    assert table.query(values[0]).tolist() == [7, 9]
    assert table.query(values[0], max_bucket=1).tolist() == []  # every band's bucket holds 7 and 9
    assert table.query(values[0], max_bucket=2).tolist() == [7, 9]
    table.merge()
    assert table.query(values[0], max_bucket=1).tolist() == []
    assert table.query(values[0], max_bucket=2).tolist() == [7, 9]


@pytest.mark.parametrize("backend", BACKENDS)
def test_query_pair_equals_two_queries(backend: kernels.Backend, signatures: NDArray[np.uint32]) -> None:
    first = BandTable.build(signatures[:800], bands=BANDS, rows=ROWS, backend=backend, min_delta=256)
    second = BandTable.build(signatures[1000:1600], bands=30, rows=4, backend=backend, min_delta=256)
    for i in range(800, 1000):  # both tables with a delta
        first.insert(signatures[i], i)
        second.insert(signatures[i + 600], i)
    queries = np.random.default_rng(5).choice(2000, 120, replace=False).tolist()
    for merged in (False, True):
        if merged:
            first.merge()
            second.merge()
        for q in queries:
            a, b = signatures[q], signatures[(q + 600) % 2000]
            got = BandTable.query_pair(first, a, second, b)
            assert [x.tolist() for x in got] == [first.query(a).tolist(), second.query(b).tolist()], q
            checked = BandTable.query_pair(first, a, second, b, check1=signatures, check2=signatures[600:])
            assert [x.tolist() for x in checked] == [
                first.query(a, check=signatures).tolist(), second.query(b, check=signatures[600:]).tolist()]


@pytest.mark.parametrize("backend", BACKENDS)
def test_query_counts_counts_colliding_rows(backend: kernels.Backend, signatures: NDArray[np.uint32]) -> None:
    table = BandTable.build(signatures[:500], bands=BANDS, rows=ROWS, backend=backend)
    queries = signatures[[3, 4, 5, 3]]
    ids, counts = table.query_counts(queries)
    expected: dict[int, int] = {}
    for row in queries:
        for doc in table.query(row).tolist():
            expected[doc] = expected.get(doc, 0) + 1
    assert dict(zip(ids.tolist(), counts.tolist())) == expected
    assert ids.tolist() == sorted(expected)
    empty_ids, empty_counts = table.query_counts(np.empty((0, NUM_PERM), np.uint32))
    assert len(empty_ids) == len(empty_counts) == 0


def test_empty_table_and_validation() -> None:
    table = BandTable(BANDS, ROWS, NUM_PERM)
    assert len(table) == 0
    assert table.query(np.zeros(NUM_PERM, np.uint32)).tolist() == []
    assert table.nbytes > 0
    with pytest.raises(ValueError, match="must fit in num_perm"):
        BandTable(50, 3, NUM_PERM)
    with pytest.raises(ValueError, match="ids"):
        table.insert_many(np.zeros((3, NUM_PERM), np.uint32), np.arange(2, dtype=np.int32))


def test_memory_per_row_is_about_eight_bytes_per_band(signatures: NDArray[np.uint32]) -> None:
    table = BandTable.build(np.tile(signatures, (20, 1)), bands=BANDS, rows=ROWS)  # 40,000 rows
    per_row = table.nbytes / len(table)
    assert 8 * BANDS <= per_row <= 12 * BANDS
