"""Compiled loops behind :mod:`tracker.kernels` and :mod:`tracker.bandtable`.

Pure; no I/O, no module state. Importing this module imports numba when it is installed;
callers import it lazily, so ``import tracker`` and ``tracker --help`` stay fast. Without
numba every function here is plain Python over numpy scalars: the same arithmetic, only
slower, which is how :class:`tracker.bandtable.BandTable` runs without a compiler. (The
signature fallback does not use these loops; it hashes with the xxhash package, see
:mod:`tracker.kernels`.)

Arithmetic is modulo 2**32 (``np.uint32``) or 2**64 (``np.uint64``); a ``np.uint32(...)``
around an expression marks the intended wrap-around. Python callers of the plain functions
wrap them in ``np.errstate(over="ignore")``.

Hashing reproduces, bit for bit: ``xxhash.xxh32_intdigest`` (the 32-bit shingle hash of
:mod:`tracker.hashing`), datasketch's ``affine32`` MinHash (fmix32 pre-mix, then
``min((a * hv + b) mod 2**32)``) and the word n-gram shingles of
:func:`tracker.shingle.verbatim_shingles` taken from tokens joined by single spaces.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import NDArray

F = TypeVar("F", bound=Callable[..., Any])


def _import_numba() -> ModuleType | None:
    try:
        return importlib.import_module("numba")
    except ImportError:  # exercised in a subprocess test (tests/tracker/test_kernels.py)
        return None


numba = _import_numba()

#: True when the functions below are numba-compiled.
COMPILED = numba is not None


def _jit(fn: F) -> F:
    """Compile ``fn`` with numba (cached on disk) when numba is installed."""
    if numba is None:
        return fn
    return cast(F, numba.njit(cache=True, nogil=True)(fn))


def _inline(fn: F) -> F:
    """Like :func:`_jit`, for small helpers that are inlined into their callers."""
    if numba is None:
        return fn
    return cast(F, numba.njit(cache=True, inline="always")(fn))


def py_func(fn: F) -> F:
    """The plain-Python version of a function of this module (itself when not compiled)."""
    return cast(F, getattr(fn, "py_func", fn))


EMPTY32 = np.uint32(0xFFFFFFFF)
_SPACE = 32

# xxh32 primes (Yann Collet's reference implementation).
_P1 = np.uint32(0x9E3779B1)
_P2 = np.uint32(0x85EBCA77)
_P3 = np.uint32(0xC2B2AE3D)
_P4 = np.uint32(0x27D4EB2F)
_P5 = np.uint32(0x165667B1)
# MurmurHash3 fmix32 constants (datasketch's pre-mix).
_M1 = np.uint32(0x85EBCA6B)
_M2 = np.uint32(0xC2B2AE35)
# Band-key mixing (MurmurHash3 fmix64 constants and the 64-bit golden ratio).
_K0 = np.uint64(0x9E3779B97F4A7C15)
_K1 = np.uint64(0xFF51AFD7ED558CCD)
_K2 = np.uint64(0xC4CEB9FE1A85EC53)
_S32 = np.uint64(32)
_S33 = np.uint64(33)


# --------------------------------------------------------------------------- hashing


@_inline
def _rotl(x: np.uint32, r: int) -> np.uint32:
    return np.uint32((x << np.uint32(r)) | (x >> np.uint32(32 - r)))


@_inline
def fmix32(h: np.uint32) -> np.uint32:
    """MurmurHash3's 32-bit finaliser."""
    h = np.uint32(h ^ (h >> np.uint32(16)))
    h = np.uint32(h * _M1)
    h = np.uint32(h ^ (h >> np.uint32(13)))
    h = np.uint32(h * _M2)
    return np.uint32(h ^ (h >> np.uint32(16)))


@_inline
def _words32(buf: bytes) -> NDArray[np.uint32]:
    """Little-endian 32-bit word starting at every byte offset (zero-padded past the end)."""
    size = len(buf)
    w = np.zeros(size + 4, np.uint32)
    for i in range(size):
        w[i] = np.uint32(buf[i])
    for i in range(size):
        w[i] = w[i] | (w[i + 1] << np.uint32(8)) | (w[i + 2] << np.uint32(16)) | (w[i + 3] << np.uint32(24))
    return w


@_inline
def _xxh32(buf: bytes, w: NDArray[np.uint32], start: int, end: int, seed: np.uint32) -> np.uint32:
    """xxh32 of ``buf[start:end]``; ``w`` is :func:`_words32` of ``buf``."""
    size = end - start
    i = start
    if size >= 16:
        v1 = np.uint32(seed + _P1 + _P2)
        v2 = np.uint32(seed + _P2)
        v3 = np.uint32(seed)
        v4 = np.uint32(seed - _P1)
        limit = end - 16
        while i <= limit:
            v1 = np.uint32(_rotl(np.uint32(v1 + np.uint32(w[i] * _P2)), 13) * _P1)
            v2 = np.uint32(_rotl(np.uint32(v2 + np.uint32(w[i + 4] * _P2)), 13) * _P1)
            v3 = np.uint32(_rotl(np.uint32(v3 + np.uint32(w[i + 8] * _P2)), 13) * _P1)
            v4 = np.uint32(_rotl(np.uint32(v4 + np.uint32(w[i + 12] * _P2)), 13) * _P1)
            i += 16
        h = np.uint32(_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18))
    else:
        h = np.uint32(seed + _P5)
    h = np.uint32(h + np.uint32(size))
    # The 0-3 remaining words and 0-3 remaining bytes are computed unconditionally and
    # selected, which avoids a mispredicted branch per shingle (about 15% faster).
    n_words = (end - i) >> 2
    for q in range(3):
        x = np.uint32(_rotl(np.uint32(h + np.uint32(w[i] * _P3)), 17) * _P4)
        take = q < n_words
        h = x if take else h
        i = i + 4 if take else i
    n_bytes = end - i
    for q in range(3):
        x = np.uint32(_rotl(np.uint32(h + np.uint32((w[i] & np.uint32(0xFF)) * _P5)), 11) * _P1)
        take = q < n_bytes
        h = x if take else h
        i = i + 1 if take else i
    h = np.uint32(h ^ (h >> np.uint32(15)))
    h = np.uint32(h * _P2)
    h = np.uint32(h ^ (h >> np.uint32(13)))
    h = np.uint32(h * _P3)
    return np.uint32(h ^ (h >> np.uint32(16)))


@_jit
def xxh32(buf: bytes, seed: np.uint32) -> np.uint32:
    """xxh32 of the whole of ``buf`` (equals ``xxhash.xxh32_intdigest(buf, seed)``)."""
    return _xxh32(buf, _words32(buf), 0, len(buf), np.uint32(seed))


@_inline
def _token_starts(buf: bytes) -> tuple[NDArray[np.int64], int]:
    """Start offsets of the space-separated tokens of ``buf``, plus ``len(buf) + 1``.

    Token ``k`` is ``buf[starts[k]:starts[k + 1] - 1]``. Returns the starts and the number
    of tokens (``spaces + 1``; an empty ``buf`` holds one empty token).
    """
    size = len(buf)
    starts = np.empty(size + 2, np.int64)
    starts[0] = 0
    count = 0
    for i in range(size):
        starts[count + 1] = i + 1  # overwritten until a space keeps it
        count += buf[i] == _SPACE
    count += 1
    starts[count] = size + 1
    return starts, count


@_inline
def _min_into(hv: NDArray[np.uint32], a: NDArray[np.uint32], b: NDArray[np.uint32],
              out: NDArray[np.uint32]) -> None:
    """``out[j] = min(out[j], min_k (a[j] * hv[k] + b[j]) mod 2**32)``.

    Eight hashes per pass over the permutations: the pass keeps ``a[j]``, ``b[j]`` and
    ``out[j]`` in registers across eight multiply-adds, which is about 1.7x faster than one
    hash per pass (4.5 vs 7.8 us for 800 hashes x 128 permutations).
    """
    num_perm = a.shape[0]
    m = hv.shape[0]
    k = 0
    while k + 8 <= m:
        h0 = hv[k]
        h1 = hv[k + 1]
        h2 = hv[k + 2]
        h3 = hv[k + 3]
        h4 = hv[k + 4]
        h5 = hv[k + 5]
        h6 = hv[k + 6]
        h7 = hv[k + 7]
        for j in range(num_perm):
            aj = a[j]
            bj = b[j]
            v0 = min(np.uint32(aj * h0 + bj), np.uint32(aj * h1 + bj))
            v1 = min(np.uint32(aj * h2 + bj), np.uint32(aj * h3 + bj))
            v2 = min(np.uint32(aj * h4 + bj), np.uint32(aj * h5 + bj))
            v3 = min(np.uint32(aj * h6 + bj), np.uint32(aj * h7 + bj))
            out[j] = min(out[j], min(min(v0, v1), min(v2, v3)))
        k += 8
    while k < m:
        h = hv[k]
        for j in range(num_perm):
            out[j] = min(out[j], np.uint32(a[j] * h + b[j]))
        k += 1


@_inline
def _same_bytes(buf: bytes, s1: int, e1: int, s2: int, e2: int) -> bool:
    if e1 - s1 != e2 - s2:
        return False
    for i in range(e1 - s1):
        if buf[s1 + i] != buf[s2 + i]:
            return False
    return True


@_inline
def _count_distinct(buf: bytes, starts: NDArray[np.int64], n: int, hv: NDArray[np.uint32]) -> int:
    """Number of distinct n-grams (exact: equal hashes are compared byte by byte)."""
    m = hv.shape[0]
    size = 1
    while size < 2 * m:
        size *= 2
    mask = size - 1
    table = np.full(size, -1, np.int64)
    distinct = 0
    for k in range(m):
        slot = int(hv[k]) & mask
        while True:
            other = table[slot]
            if other < 0:
                table[slot] = k
                distinct += 1
                break
            if hv[other] == hv[k] and _same_bytes(
                buf, starts[k], starts[k + n] - 1, starts[other], starts[other + n] - 1
            ):
                break
            slot = (slot + 1) & mask
    return distinct


@_jit
def ngram_signature(
    buf: bytes, count: int, n: int, seed: np.uint32, a: NDArray[np.uint32], b: NDArray[np.uint32]
) -> tuple[NDArray[np.uint32], int]:
    """MinHash of the word n-grams of ``count`` tokens joined by single spaces in ``buf``.

    ``count < 0`` takes the tokens as found (``buf`` must then hold at least one).

    Returns:
        The values and the number of distinct n-grams; ``-1`` instead of the number when
        ``buf`` does not hold exactly ``count`` space-separated tokens (a token contained a
        space), in which case the values are meaningless.
    """
    out = np.full(a.shape[0], EMPTY32, np.uint32)
    if count == 0:
        return out, 0 if len(buf) == 0 else -1
    starts, found = _token_starts(buf)
    if count > 0 and found != count:
        return out, -1
    m = found - n + 1
    if m <= 0:
        return out, 0
    w = _words32(buf)
    hv = np.empty(m, np.uint32)
    seed32 = np.uint32(seed)
    for k in range(m):
        hv[k] = _xxh32(buf, w, starts[k], starts[k + n] - 1, seed32)
    distinct = _count_distinct(buf, starts, n, hv)
    for k in range(m):
        hv[k] = fmix32(hv[k])
    _min_into(hv, a, b, out)
    return out, distinct


@_jit
def segment_signatures(
    buf: bytes, count: int, sizes: NDArray[np.int64], seed: np.uint32,
    a: NDArray[np.uint32], b: NDArray[np.uint32],
) -> tuple[NDArray[np.uint32], int]:
    """MinHash of consecutive groups of the ``count`` space-separated tokens of ``buf``.

    Group ``i`` is the next ``sizes[i]`` tokens (an empty group gets all-``EMPTY`` values).

    Returns:
        A ``(len(sizes), len(a))`` array and ``0``; ``-1`` instead of ``0`` when ``buf`` does
        not hold exactly ``count`` tokens.
    """
    out = np.full((sizes.shape[0], a.shape[0]), EMPTY32, np.uint32)
    if count == 0:
        return out, 0 if len(buf) == 0 else -1
    starts, found = _token_starts(buf)
    if found != count:
        return out, -1
    w = _words32(buf)
    hv = np.empty(count, np.uint32)
    seed32 = np.uint32(seed)
    for k in range(count):
        hv[k] = fmix32(_xxh32(buf, w, starts[k], starts[k + 1] - 1, seed32))
    pos = 0
    for i in range(sizes.shape[0]):
        _min_into(hv[pos:pos + sizes[i]], a, b, out[i])
        pos += sizes[i]
    return out, 0


@_jit
def token_hashes(buf: bytes, count: int, seed: np.uint32) -> tuple[NDArray[np.uint32], int]:
    """xxh32 of each of the ``count`` space-separated tokens of ``buf``, in order.

    Returns:
        The hashes and ``0``; ``-1`` instead of ``0`` when ``buf`` does not hold exactly
        ``count`` tokens.
    """
    hv = np.empty(count, np.uint32)
    if count == 0:
        return hv, 0 if len(buf) == 0 else -1
    starts, found = _token_starts(buf)
    if found != count:
        return hv, -1
    w = _words32(buf)
    seed32 = np.uint32(seed)
    for k in range(count):
        hv[k] = _xxh32(buf, w, starts[k], starts[k + 1] - 1, seed32)
    return hv, 0


@_jit
def hash_rows_signatures(
    hashes: NDArray[np.uint32], a: NDArray[np.uint32], b: NDArray[np.uint32]
) -> NDArray[np.uint32]:
    """MinHash of every row of a ``(k, m)`` matrix of 32-bit shingle hashes: ``(k, len(a))``."""
    out = np.full((hashes.shape[0], a.shape[0]), EMPTY32, np.uint32)
    hv = np.empty(hashes.shape[1], np.uint32)
    for i in range(hashes.shape[0]):
        for k in range(hashes.shape[1]):
            hv[k] = fmix32(hashes[i, k])
        _min_into(hv, a, b, out[i])
    return out


# --------------------------------------------------------------------------- band tables


@_inline
def band_key(values: NDArray[np.uint32], start: int, rows: int) -> np.uint32:
    """32-bit key of the band ``values[start:start + rows]`` (a seeded fmix64 of its values)."""
    h = _K0
    for r in range(rows):
        h = np.uint64((h ^ np.uint64(values[start + r])) * _K1)
        h = np.uint64(h ^ (h >> _S32))
    h = np.uint64(h ^ (h >> _S33))
    h = np.uint64(h * _K2)
    h = np.uint64(h ^ (h >> _S33))
    return np.uint32(h >> _S32)


@_jit
def band_keys_rows(values: NDArray[np.uint32], bands: int, rows: int) -> NDArray[np.uint32]:
    """Band keys of every row of a ``(n, num_perm)`` matrix, band-major: ``(bands, n)``."""
    n = values.shape[0]
    keys = np.empty((bands, n), np.uint32)
    for i in range(n):
        row = values[i]
        for band in range(bands):
            keys[band, i] = band_key(row, band * rows, rows)
    return keys


@_jit
def band_keys_one(values: NDArray[np.uint32], bands: int, rows: int) -> NDArray[np.uint32]:
    """Band keys of one signature: ``(bands,)``."""
    keys = np.empty(bands, np.uint32)
    for band in range(bands):
        keys[band] = band_key(values, band * rows, rows)
    return keys


@_jit
def bucket_build(
    keys: NDArray[np.uint32], ids: NDArray[np.int32], old_entries: NDArray[np.uint64],
    old_offsets: NDArray[np.int32], entries: NDArray[np.uint64], offsets: NDArray[np.int32],
) -> None:
    """Bucket old entries plus new ``(key, id)`` pairs by the top bits of the key.

    The new pairs are counting-sorted by bucket; then every band streams through its old
    buckets in order, copying each one followed by the new entries of the same bucket (the
    directory never loses bits as the table grows, so an old bucket is a run of consecutive
    new buckets). Sequential copies, no random writes: a merge of 125k rows into 1M costs
    about a third of a counting sort over all the entries.

    The outputs are allocated by the caller: numpy asks the kernel for transparent huge
    pages on large arrays, and with 4 KB pages every bucket lookup at 1M rows is also a TLB
    miss (queries ran 2x slower with the arrays allocated here).

    Args:
        keys: ``(bands, k)`` keys of the new rows.
        ids: ``(k,)`` ids of the new rows.
        old_entries: ``(bands, n)`` entries ``key << 32 | id`` (``n`` may be 0).
        old_offsets: ``(bands, 2**old_bits + 1)`` their bucket offsets, ``old_bits`` at most
            the new directory's bits.
        entries: ``(bands, n + k)`` output entries: band ``j``'s bucket ``d`` is
            ``entries[j, offsets[j, d]:offsets[j, d + 1]]``.
        offsets: ``(bands, 2**bits + 1)`` output bucket offsets.
    """
    bands = keys.shape[0]
    k = keys.shape[1]
    n_buckets = offsets.shape[1] - 1
    n_old = old_offsets.shape[1] - 1
    bits = 0
    while (1 << bits) < n_buckets:
        bits += 1
    old_bits = 0
    while (1 << old_bits) < n_old:
        old_bits += 1
    grow = bits - old_bits
    shift = np.uint64(64 - bits)
    shift32 = np.uint32(32 - bits)
    fresh_offsets = np.empty(n_buckets + 1, np.int64)
    fill = np.empty(n_buckets, np.int64)
    fresh = np.empty(k, np.uint64)
    sub_count = np.empty(1 << max(grow, 0), np.int64)
    sub_fill = np.empty(1 << max(grow, 0), np.int64)
    for band in range(bands):
        fresh_offsets[:] = 0
        for i in range(k):
            fresh_offsets[(keys[band, i] >> shift32) + np.uint32(1)] += 1
        for d in range(n_buckets):
            fresh_offsets[d + 1] += fresh_offsets[d]
        fill[:] = fresh_offsets[:n_buckets]
        for i in range(k):
            key = keys[band, i]
            d = key >> shift32
            fresh[fill[d]] = (np.uint64(key) << _S32) | np.uint64(np.uint32(ids[i]))
            fill[d] += 1
        out = entries[band]
        old = old_entries[band]
        pos = 0
        for d_old in range(n_old):
            lo = old_offsets[band, d_old]
            hi = old_offsets[band, d_old + 1]
            if grow == 0:
                offsets[band, d_old] = pos
                for i in range(lo, hi):
                    out[pos] = old[i]
                    pos += 1
                for i in range(fresh_offsets[d_old], fresh_offsets[d_old + 1]):
                    out[pos] = fresh[i]
                    pos += 1
                continue
            # The directory gained bits: the old bucket splits into 2**grow new ones.
            base = d_old << grow
            sub_count[:] = 0
            for i in range(lo, hi):
                sub_count[(old[i] >> shift) - np.uint64(base)] += 1
            for sub in range(1 << grow):
                d = base + sub
                offsets[band, d] = pos
                sub_fill[sub] = pos
                pos += sub_count[sub] + fresh_offsets[d + 1] - fresh_offsets[d]
            for i in range(lo, hi):
                sub = (old[i] >> shift) - np.uint64(base)
                out[sub_fill[sub]] = old[i]
                sub_fill[sub] += 1
            for sub in range(1 << grow):
                d = base + sub
                for i in range(fresh_offsets[d], fresh_offsets[d + 1]):
                    out[sub_fill[sub]] = fresh[i]
                    sub_fill[sub] += 1
        offsets[band, n_buckets] = pos


@_jit
def delta_insert_one(
    values: NDArray[np.uint32], doc_id: int, rows: int, row: int,
    delta_keys: NDArray[np.uint32], delta_ids: NDArray[np.int32], slots: NDArray[np.int32],
) -> None:
    """:func:`delta_insert` of one signature (one call less for the common case)."""
    mask = slots.shape[1] - 1
    delta_ids[row] = doc_id
    for band in range(delta_keys.shape[1]):
        key = band_key(values, band * rows, rows)
        delta_keys[row, band] = key
        slot = int(key) & mask
        while slots[band, slot] != 0:
            slot = (slot + 1) & mask
        slots[band, slot] = row + 1


@_jit
def delta_insert(
    values: NDArray[np.uint32], ids: NDArray[np.int32], rows: int, row: int,
    delta_keys: NDArray[np.uint32], delta_ids: NDArray[np.int32], slots: NDArray[np.int32],
) -> None:
    """Put signatures' band keys in the delta from row ``row`` on, and in its hash slots.

    ``slots[band]`` is an open-addressing table (linear probing, a multimap) of delta row
    numbers plus one, indexed by the low bits of the key; ``0`` is an empty slot.

    Args:
        values: ``(k, num_perm)`` signatures.
        ids: their ``(k,)`` ids.
        rows: values per band.
        row: first free delta row (the caller checked there are ``k`` free rows).
        delta_keys: ``(capacity, bands)`` keys of the delta rows.
        delta_ids: ``(capacity,)`` ids of the delta rows.
        slots: ``(bands, 2**s)`` hash slots, at most half full.
    """
    mask = slots.shape[1] - 1
    bands = delta_keys.shape[1]
    for i in range(values.shape[0]):
        delta_ids[row + i] = ids[i]
        for band in range(bands):
            key = band_key(values[i], band * rows, rows)
            delta_keys[row + i, band] = key
            slot = int(key) & mask
            while slots[band, slot] != 0:
                slot = (slot + 1) & mask
            slots[band, slot] = row + i + 1


@_inline
def _band_matches(check: NDArray[np.uint32], doc: int, values: NDArray[np.uint32],
                  start: int, rows: int) -> bool:
    if check.shape[0] == 0:
        return True
    for r in range(rows):
        if check[doc, start + r] != values[start + r]:
            return False
    return True


@_inline
def _sorted_distinct(found: NDArray[np.int32], n_found: int) -> NDArray[np.int32]:
    """The distinct values of ``found[:n_found]``, sorted (a view of ``found``, overwritten).

    A small hash set then an insertion sort: candidate lists are short with many repeats
    (a close copy collides in most bands), where numba's ``np.sort``/``np.unique`` cost
    2-3 us for 80 values.
    """
    size = 16
    while size < 2 * n_found:
        size *= 2
    mask = size - 1
    table = np.full(size, -1, np.int32)
    n_out = 0
    for i in range(n_found):  # in place: slot n_out <= i has been read already
        doc = found[i]
        slot = (int(doc) * 0x9E3779B1) & mask
        while table[slot] >= 0 and table[slot] != doc:
            slot = (slot + 1) & mask
        if table[slot] < 0:
            table[slot] = doc
            found[n_out] = doc
            n_out += 1
    out = found[:n_out]
    if n_out > 32:
        out.sort()
        return out
    for i in range(1, n_out):
        doc = out[i]
        j = i - 1
        while j >= 0 and out[j] > doc:
            out[j + 1] = out[j]
            j -= 1
        out[j + 1] = doc
    return out


@_inline
def _bounds(
    values: NDArray[np.uint32], rows: int, entries: NDArray[np.uint64], offsets: NDArray[np.int32],
    bits: int, slots: NDArray[np.int32], n_delta: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int]:
    """The band keys of ``values``, each band's bucket bounds in the main entries, and an upper
    bound on the number of ids a scan can find (see :func:`_collect`).

    Three passes before any bucket is scanned: the bucket bounds of every band, then the
    first entry of every bucket and every delta probe chain. Each pass is a loop of
    independent loads, so their cache misses overlap instead of queueing behind a scan (at
    1M rows nearly every load misses the cache). The last pass also bounds the result.
    """
    bands = entries.shape[0]
    # keys, bucket starts and bucket ends in one array: one allocation instead of three.
    work = np.empty((3, bands), np.int64)
    keys = work[0]
    lo = work[1]
    hi = work[2]
    for band in range(bands):
        keys[band] = band_key(values, band * rows, rows)
    shift = 32 - bits
    mask = slots.shape[1] - 1
    for band in range(bands):
        d = keys[band] >> shift
        lo[band] = offsets[band, d]
        hi[band] = offsets[band, d + 1]
    bound = 0
    touched = np.uint64(0)
    last_entry = entries.shape[1] - 1
    for band in range(bands):
        if last_entry >= 0:
            # First and last entry: a bucket often straddles two cache lines.
            touched ^= entries[band, min(lo[band], last_entry)] ^ entries[band, max(hi[band] - 1, 0)]
        bound += hi[band] - lo[band]
    if n_delta:
        for band in range(bands):
            slot = keys[band] & mask
            while slots[band, slot] != 0:
                bound += 1
                slot = (slot + 1) & mask
    bound += touched == np.uint64(1)  # keeps the touching loads alive; almost never true
    return keys, lo, hi, bound


@_inline
def _scan(
    values: NDArray[np.uint32], rows: int, entries: NDArray[np.uint64], keys: NDArray[np.int64],
    lo: NDArray[np.int64], hi: NDArray[np.int64], bound: int, delta_keys: NDArray[np.uint32],
    delta_ids: NDArray[np.int32], slots: NDArray[np.int32], n_delta: int, check: NDArray[np.uint32],
    max_bucket: int,
) -> tuple[NDArray[np.int32], int]:
    """Ids in the buckets found by :func:`_bounds` whose keys equal the query's (with repeats)."""
    bands = entries.shape[0]
    mask = slots.shape[1] - 1
    found = np.empty(bound, np.int32)
    n_found = 0
    for band in range(bands):
        key32 = np.uint32(keys[band])
        key = np.uint64(key32)
        first = n_found
        # Repeats of one id next to each other (one article's sentences) count once toward
        # max_bucket, as a bucket of tracker.index holds each article once.
        last = -1
        for i in range(lo[band], hi[band]):
            e = entries[band, i]
            if (e >> _S32) == key:
                doc = int(np.uint32(e & np.uint64(0xFFFFFFFF)))
                if doc != last and _band_matches(check, doc, values, band * rows, rows):
                    found[n_found] = doc
                    n_found += 1
                    last = doc
        if n_delta:
            slot = keys[band] & mask
            while slots[band, slot] != 0:
                row = slots[band, slot] - 1
                if delta_keys[row, band] == key32:
                    doc = int(delta_ids[row])
                    if doc != last and _band_matches(check, doc, values, band * rows, rows):
                        found[n_found] = doc
                        n_found += 1
                        last = doc
                slot = (slot + 1) & mask
        if max_bucket > 0 and n_found - first > max_bucket:
            n_found = first
    return found, n_found


@_inline
def _collect(
    values: NDArray[np.uint32], rows: int, entries: NDArray[np.uint64], offsets: NDArray[np.int32],
    bits: int, delta_keys: NDArray[np.uint32], delta_ids: NDArray[np.int32], slots: NDArray[np.int32],
    n_delta: int, check: NDArray[np.uint32], max_bucket: int,
) -> tuple[NDArray[np.int32], int]:
    """Ids colliding with ``values`` in some band (with repeats); see :func:`table_query`."""
    keys, lo, hi, bound = _bounds(values, rows, entries, offsets, bits, slots, n_delta)
    return _scan(values, rows, entries, keys, lo, hi, bound, delta_keys, delta_ids, slots, n_delta,
                 check, max_bucket)


@_jit
def table_query(
    values: NDArray[np.uint32], rows: int, entries: NDArray[np.uint64], offsets: NDArray[np.int32],
    bits: int, delta_keys: NDArray[np.uint32], delta_ids: NDArray[np.int32], slots: NDArray[np.int32],
    n_delta: int, check: NDArray[np.uint32], max_bucket: int,
) -> NDArray[np.int32]:
    """Sorted distinct ids sharing at least one band key with ``values``.

    Args:
        values: the query signature.
        rows: values per band.
        entries: bucketed main entries (:func:`bucket_build`).
        offsets: their bucket offsets.
        bits: directory bits of ``offsets``.
        delta_keys: ``(capacity, bands)`` keys of rows inserted since the last build.
        delta_ids: their ids.
        slots: the delta's hash slots (:func:`delta_insert`).
        n_delta: rows in the delta (0 skips it).
        check: ``(N, num_perm)`` signatures indexed by id, to keep only ids whose band
            values are equal, not just their 32-bit keys; a ``(0, num_perm)`` array skips
            the check.
        max_bucket: bands whose bucket holds more ids than this are ignored (0: no limit).
    """
    found, n_found = _collect(values, rows, entries, offsets, bits, delta_keys, delta_ids, slots,
                              n_delta, check, max_bucket)
    return _sorted_distinct(found, n_found)


@_jit
def table_query_pair(
    values1: NDArray[np.uint32], rows1: int, entries1: NDArray[np.uint64], offsets1: NDArray[np.int32],
    bits1: int, delta_keys1: NDArray[np.uint32], delta_ids1: NDArray[np.int32], slots1: NDArray[np.int32],
    n_delta1: int,
    values2: NDArray[np.uint32], rows2: int, entries2: NDArray[np.uint64], offsets2: NDArray[np.int32],
    bits2: int, delta_keys2: NDArray[np.uint32], delta_ids2: NDArray[np.int32], slots2: NDArray[np.int32],
    n_delta2: int, check1: NDArray[np.uint32], check2: NDArray[np.uint32],
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """:func:`table_query` of two tables in one call (an article's two document families).

    Both tables' bucket bounds are loaded before either is scanned, so the cache misses of
    the two lookups overlap as well as those of their bands; and it is one call, not two.
    ``check1``/``check2`` are as ``check`` of :func:`table_query`.
    """
    k1, lo1, hi1, b1 = _bounds(values1, rows1, entries1, offsets1, bits1, slots1, n_delta1)
    k2, lo2, hi2, b2 = _bounds(values2, rows2, entries2, offsets2, bits2, slots2, n_delta2)
    f1, n1 = _scan(values1, rows1, entries1, k1, lo1, hi1, b1, delta_keys1, delta_ids1, slots1, n_delta1,
                   check1, 0)
    f2, n2 = _scan(values2, rows2, entries2, k2, lo2, hi2, b2, delta_keys2, delta_ids2, slots2, n_delta2,
                   check2, 0)
    return _sorted_distinct(f1, n1), _sorted_distinct(f2, n2)


@_jit
def table_query_counts(
    values: NDArray[np.uint32], rows: int, entries: NDArray[np.uint64], offsets: NDArray[np.int32],
    bits: int, delta_keys: NDArray[np.uint32], delta_ids: NDArray[np.int32], slots: NDArray[np.int32],
    n_delta: int, check: NDArray[np.uint32], max_bucket: int,
) -> tuple[NDArray[np.int32], NDArray[np.int64]]:
    """For a ``(k, num_perm)`` matrix of query rows: every id colliding with at least one row,
    and the number of rows it collides with (arguments as :func:`table_query`)."""
    per_row = []
    total = 0
    for i in range(values.shape[0]):
        found, n_found = _collect(values[i], rows, entries, offsets, bits, delta_keys, delta_ids, slots,
                                  n_delta, check, max_bucket)
        ids = _sorted_distinct(found, n_found)
        per_row.append(ids)
        total += ids.shape[0]
    flat = np.empty(total, np.int32)
    pos = 0
    for ids in per_row:
        flat[pos:pos + ids.shape[0]] = ids
        pos += ids.shape[0]
    flat.sort()
    out_ids = np.empty(total, np.int32)
    out_counts = np.zeros(total, np.int64)
    n_out = 0
    for i in range(total):
        if n_out == 0 or flat[i] != out_ids[n_out - 1]:
            out_ids[n_out] = flat[i]
            n_out += 1
        out_counts[n_out - 1] += 1
    return out_ids[:n_out], out_counts[:n_out]
