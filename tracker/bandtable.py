"""A compact LSH band table: the candidate lookup of one signature family, in flat arrays.

Pure; no I/O. Same banding as datasketch's ``MinHashLSH`` with ``params=(bands, rows)``: two
signatures are candidates when all ``rows`` values of at least one band are equal. What
differs is the storage (issue 4: datasketch keeps a dict of byte-string keys to sets, about
8.5 KB per document; this keeps about 8 bytes per band):

* **main**: per band, ``key << 32 | id`` as one uint64 per entry, grouped by the top
  ``bits`` bits of the 32-bit band key (a counting sort, no comparison sort), with a
  directory of bucket offsets, one per two to four entries. A lookup reads two offsets and
  scans about three entries, mostly one cache line. Built in bulk from a ``(n, num_perm)``
  matrix (start-up) and rebuilt when the delta fills.
* **delta**: rows inserted since the last build: their keys, and per band an
  open-addressing hash table (linear probing) of row numbers. It holds up to an eighth of
  the main size (at least ``min_delta`` rows), then is merged into the main arrays in one
  O(n) pass, so inserts cost O(1) amortised.

The 32-bit key is a hash of the band's values, so two different bands can share a key: at
``n`` indexed rows a query meets about ``bands * n / 2**32`` such strangers (0.01 at 1M and
42 bands). Pass the signature matrix as ``check`` to drop them; with it the candidate set is
exactly datasketch's. Rows cannot be removed (the tracker's index never removes).

Backends: ``"numba"`` compiles the loops (:mod:`tracker._jit`); ``"numpy"`` builds with
``np.sort`` and runs the same insert and query loops as plain Python (about 50 times slower,
same candidates). None picks numba when it is installed.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tracker.kernels import Backend, resolve_backend

_MIN_DELTA = 4096


@cache
def _loops() -> ModuleType:
    """The loops of :mod:`tracker._jit`, imported on first use (it imports numba)."""
    from tracker import _jit

    return _jit


def _bits_for(n: int) -> int:
    """Directory bits giving 2-4 entries per bucket on average.

    Measured at 1M random signatures, 42 bands, median query: 2-4 per bucket 5.5 us at 445
    bytes per row; 4-8 per bucket 6.5 us at 424 bytes; 8-16 per bucket 9.5 us.
    """
    return max(1, min(30, (n // 4).bit_length()))


def band_keys(values: NDArray[np.uint32], bands: int, rows: int) -> NDArray[np.uint32]:
    """32-bit band keys of every row of a signature matrix, vectorised in numpy.

    Equal to what the compiled loops compute (:func:`tracker._jit.band_key`).

    Args:
        values: ``(n, num_perm)`` signatures (``num_perm >= bands * rows``).
        bands: number of bands.
        rows: values per band.

    Returns:
        ``(bands, n)`` keys.
    """
    v = np.ascontiguousarray(values[:, : bands * rows]).reshape(len(values), bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        h = np.full((len(values), bands), 0x9E3779B97F4A7C15, dtype=np.uint64)
        for r in range(rows):
            h = (h ^ v[:, :, r]) * np.uint64(0xFF51AFD7ED558CCD)
            h ^= h >> np.uint64(32)
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xC4CEB9FE1A85EC53)
        h ^= h >> np.uint64(33)
    return np.ascontiguousarray((h >> np.uint64(32)).astype(np.uint32).T)


def _bucket_numpy(
    keys: NDArray[np.uint32], ids: NDArray[np.int32], old: NDArray[np.uint64], bits: int
) -> tuple[NDArray[np.uint64], NDArray[np.int32]]:
    """The numpy twin of :func:`tracker._jit.bucket_build` (sorted, hence also grouped)."""
    new = (keys.astype(np.uint64) << np.uint64(32)) | ids.astype(np.uint32).astype(np.uint64)
    entries = np.sort(np.concatenate([old, new], axis=1), axis=1)
    offsets = np.zeros((len(entries), (1 << bits) + 1), dtype=np.int32)
    for band, row in enumerate(entries):
        counts = np.bincount((row >> np.uint64(64 - bits)).astype(np.int64), minlength=1 << bits)
        np.cumsum(counts, out=offsets[band, 1:])
    return entries, offsets


class BandTable:
    """Band table of one family.

    Args:
        bands: number of bands.
        rows: values per band (``bands * rows <= num_perm``).
        num_perm: length of the signatures.
        backend: ``"numba"``, ``"numpy"``, or None for numba when installed.
        min_delta: smallest delta capacity (rows inserted between rebuilds).

    Example:
        >>> table = BandTable.build(matrix, bands=42, rows=3)   # doctest: +SKIP
        >>> table.query(matrix[0])                              # doctest: +SKIP
        array([0, 17], dtype=int32)
    """

    def __init__(self, bands: int, rows: int, num_perm: int, *, backend: Backend | None = None,
                 min_delta: int = _MIN_DELTA) -> None:
        if bands < 1 or rows < 1 or bands * rows > num_perm:
            raise ValueError(f"bands x rows must fit in num_perm: {bands} x {rows} > {num_perm}")
        if min_delta < 1:
            raise ValueError(f"min_delta must be positive, got {min_delta}")
        self.bands = bands
        self.rows = rows
        self.num_perm = num_perm
        self.backend: Backend = resolve_backend(backend)
        self._min_delta = min_delta
        self._no_check = np.empty((0, num_perm), dtype=np.uint32)
        self._set_main(np.empty((bands, 0), np.uint64), np.zeros((bands, 3), np.int32), 1)

    # ------------------------------------------------------------------ construction

    @classmethod
    def build(cls, values: NDArray[np.uint32], ids: NDArray[np.int32] | None = None, *, bands: int,
              rows: int, backend: Backend | None = None, min_delta: int = _MIN_DELTA) -> BandTable:
        """A table holding every row of a signature matrix (start-up in one O(n) pass).

        Args:
            values: ``(n, num_perm)`` signatures.
            ids: ``(n,)`` non-negative ids below 2**31; ``arange(n)`` when None.
            bands: number of bands.
            rows: values per band.
            backend: as for the constructor.
            min_delta: as for the constructor.

        Returns:
            The table.
        """
        table = cls(bands, rows, values.shape[1], backend=backend, min_delta=min_delta)
        table.insert_many(values, ids)
        return table

    def _set_main(self, entries: NDArray[np.uint64], offsets: NDArray[np.int32], bits: int) -> None:
        self._entries = entries
        self._offsets = offsets
        self._bits = bits
        capacity = max(self._min_delta, entries.shape[1] // 8)
        slots = 1 << (2 * capacity - 1).bit_length()
        self._delta_keys = np.zeros((capacity, self.bands), dtype=np.uint32)
        self._delta_ids = np.zeros(capacity, dtype=np.int32)
        self._slots = np.zeros((self.bands, slots), dtype=np.int32)
        self._n_delta = 0
        self._state = (self.rows, entries, offsets, bits, self._delta_keys, self._delta_ids, self._slots)

    def _keys(self, values: NDArray[np.uint32]) -> NDArray[np.uint32]:
        if self.backend == "numba":
            keys: NDArray[np.uint32] = _loops().band_keys_rows(values, self.bands, self.rows)
            return keys
        return band_keys(values, self.bands, self.rows)

    def _rebuild(self, keys: NDArray[np.uint32], ids: NDArray[np.int32]) -> None:
        """Fold the delta and ``(keys, ids)`` into new main arrays."""
        nd = self._n_delta
        keys = np.concatenate([self._delta_keys[:nd].T, keys], axis=1)
        ids = np.concatenate([self._delta_ids[:nd], ids])
        bits = max(self._bits, _bits_for(self._entries.shape[1] + len(ids)))  # never fewer bits
        if self.backend == "numba":
            entries = np.empty((self.bands, self._entries.shape[1] + len(ids)), dtype=np.uint64)
            offsets = np.empty((self.bands, (1 << bits) + 1), dtype=np.int32)
            _loops().bucket_build(np.ascontiguousarray(keys), ids, self._entries, self._offsets,
                                  entries, offsets)
        else:
            entries, offsets = _bucket_numpy(keys, ids, self._entries, bits)
        self._set_main(entries, offsets, bits)

    # ------------------------------------------------------------------ updates

    def _delta_insert(self, values: NDArray[np.uint32], ids: NDArray[np.int32]) -> None:
        jit = _loops()
        args = (values, ids, self.rows, self._n_delta, self._delta_keys, self._delta_ids, self._slots)
        if self.backend == "numba":
            jit.delta_insert(*args)
        else:
            with np.errstate(over="ignore"):
                jit.py_func(jit.delta_insert)(*args)
        self._n_delta += len(ids)

    def insert(self, values: NDArray[np.uint32], doc_id: int) -> None:
        """Index one signature under ``doc_id`` (ids may repeat, e.g. one per sentence)."""
        if self._n_delta == len(self._delta_ids):
            self.merge()
        if self.backend == "numba":
            _loops().delta_insert_one(values, doc_id, self.rows, self._n_delta, self._delta_keys,
                                      self._delta_ids, self._slots)
            self._n_delta += 1
        else:
            self._delta_insert(values.reshape(1, -1), np.full(1, doc_id, dtype=np.int32))

    def insert_many(self, values: NDArray[np.uint32], ids: NDArray[np.int32] | None = None) -> None:
        """Index many signatures; a batch that does not fit in the delta is merged in directly.

        Args:
            values: ``(k, num_perm)`` signatures.
            ids: ``(k,)`` ids; ``len(self) + arange(k)`` when None.
        """
        values = np.ascontiguousarray(values, dtype=np.uint32)
        if ids is None:
            ids = np.arange(len(self), len(self) + len(values), dtype=np.int32)
        ids = np.ascontiguousarray(ids, dtype=np.int32)
        if len(ids) != len(values):
            raise ValueError(f"{len(values)} signatures but {len(ids)} ids")
        if self._n_delta + len(ids) <= len(self._delta_ids):
            self._delta_insert(values, ids)
        else:
            self._rebuild(self._keys(values), ids)

    def merge(self) -> None:
        """Fold the delta into the main arrays now (done automatically when it fills)."""
        self._rebuild(np.empty((self.bands, 0), np.uint32), np.empty(0, np.int32))

    # ------------------------------------------------------------------ queries

    def _args(self, check: NDArray[np.uint32] | None, max_bucket: int) -> tuple[Any, ...]:
        return (*self._state, self._n_delta, self._no_check if check is None else check, max_bucket)

    def query(self, values: NDArray[np.uint32], *, check: NDArray[np.uint32] | None = None,
              max_bucket: int = 0) -> NDArray[np.int32]:
        """Ids of the indexed signatures sharing at least one band with ``values``.

        Args:
            values: ``(num_perm,)`` query signature.
            check: optional ``(N, num_perm)`` signatures indexed by id; when given, an id is
                returned only if its band values are equal to the query's, not just their
                32-bit keys (then the result equals datasketch's ``MinHashLSH.query``).
            max_bucket: ignore bands whose bucket holds more than this many ids (0: no
                limit); repeats of one id inserted one after the other count once.

        Returns:
            Sorted distinct ids.
        """
        if self.backend == "numba":
            # The hot path: one call with the arguments prepared once per build (about 1 us
            # of the 5-8 us a query takes at 1M rows is Python and numba call overhead).
            found: NDArray[np.int32] = _loops().table_query(
                values, *self._state, self._n_delta, self._no_check if check is None else check, max_bucket)
            return found
        jit = _loops()
        with np.errstate(over="ignore"):
            found = jit.py_func(jit.table_query)(values, *self._args(check, max_bucket))
        return found

    @staticmethod
    def query_pair(first: BandTable, values1: NDArray[np.uint32], second: BandTable,
                   values2: NDArray[np.uint32], *, check1: NDArray[np.uint32] | None = None,
                   check2: NDArray[np.uint32] | None = None) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
        """``(first.query(values1, check=check1), second.query(values2, check=check2))`` in one
        compiled call (an article's two document families): one call's overhead, not two."""
        if first.backend == "numba" and second.backend == "numba":
            found: tuple[NDArray[np.int32], NDArray[np.int32]] = _loops().table_query_pair(
                values1, *first._state, first._n_delta, values2, *second._state, second._n_delta,
                first._no_check if check1 is None else check1, second._no_check if check2 is None else check2)
            return found
        return first.query(values1, check=check1), second.query(values2, check=check2)

    def query_counts(self, values: NDArray[np.uint32], *, check: NDArray[np.uint32] | None = None,
                     max_bucket: int = 0) -> tuple[NDArray[np.int32], NDArray[np.int64]]:
        """For several query signatures at once (e.g. an article's sentences): the ids that
        collide with at least one of them, and with how many.

        Args:
            values: ``(k, num_perm)`` query signatures.
            check: as for :meth:`query`.
            max_bucket: as for :meth:`query`.

        Returns:
            Sorted distinct ids, and for each the number of query rows it collides with.
        """
        values = np.ascontiguousarray(values, dtype=np.uint32)
        jit = _loops()
        if self.backend == "numba":
            out: tuple[NDArray[np.int32], NDArray[np.int64]] = jit.table_query_counts(
                values, *self._args(check, max_bucket))
            return out
        with np.errstate(over="ignore"):
            out = jit.py_func(jit.table_query_counts)(values, *self._args(check, max_bucket))
        return out

    # ------------------------------------------------------------------ sizes

    def __len__(self) -> int:
        return int(self._entries.shape[1]) + self._n_delta

    @property
    def nbytes(self) -> int:
        """Bytes held by the table's arrays (main, directory and delta)."""
        return sum(a.nbytes for a in (self._entries, self._offsets, self._delta_keys,
                                      self._delta_ids, self._slots))
