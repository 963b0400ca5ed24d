"""Fast paths for signing shingle families: word n-grams, term sets and per-sentence sets.

Pure; no I/O, no clock, no environment, no module state beyond a cached import. Every
function returns exactly (bit for bit) what :mod:`tracker.signature` computes for the same
input: datasketch 2.0's ``affine32`` MinHash over our xxh32 shingle hash,

    ``value[j] = min over shingles s of (a[j] * fmix32(xxh32(utf8(s), seed)) + b[j]) mod 2**32``

with ``(a, b) = tracker.signature.permutations(num_perm, seed)`` passed in as ``perms``
(``EMPTY = 2**32 - 1`` everywhere for an empty set). The equivalences, proven by
``tests/tracker/test_kernels.py`` on seeded random inputs:

* ``sign_ngrams(words, n, perms, seed)`` ==
  ``(sign_shingles(verbatim_shingles(...)), len(verbatim_shingles(...)))`` for those words,
  and ``sign_joined_ngrams(" ".join(words), ...)`` the same;
* ``sign_terms(terms, perms, seed)`` == ``sign_shingles(list(terms))``;
* ``sign_segments(groups, perms, seed)`` == ``minhash_segments`` of the flattened groups,
  and ``sign_joined_segments`` of the groups joined with their sizes the same;
* ``sign_hashes(hashes, perms)`` == ``minhash(hashes, ...)`` (row by row for a matrix);
* ``hash_strings(tokens, seed)`` == :func:`tracker.hashing.hash_tokens` (``tokens, seed``).

Two backends, same output:

* ``"numba"``: tokens are joined by single spaces and encoded once; one compiled call splits
  them, hashes every n-gram in place with an xxh32 written in numba, and takes the minima
  (:mod:`tracker._jit`; its xxh32 is pinned against the xxhash package by the tests).
  Compiled functions are cached on disk (``cache=True``): only the first process compiles
  (10-20 s on a loaded 2-core machine); later ones load the cache in well under a second.
* ``"numpy"``: xxhash per shingle (:func:`tracker.hashing.hash_tokens`) and a vectorised
  minimum. Chosen automatically when numba is not installed; pass ``backend="numpy"`` to
  force it. A token containing a space cannot be split back out of the joined text, so such
  input also takes this path (the tokenizer never produces one).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from types import ModuleType
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tracker.hashing import fmix32, hash_tokens

Backend = Literal["numba", "numpy"]
Perms = tuple[NDArray[np.uint32], NDArray[np.uint32]]

EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK = 2048


@cache
def _compiled() -> ModuleType | None:
    """The compiled loops, or None when numba is not installed."""
    from tracker import _jit

    return _jit if _jit.COMPILED else None


def numba_available() -> bool:
    """Whether the compiled backend can be used (numba is importable)."""
    return _compiled() is not None


def resolve_backend(backend: Backend | None = None) -> Backend:
    """The backend to use: ``backend`` if given, else numba when installed, else numpy.

    Raises:
        ValueError: ``backend`` is unknown, or ``"numba"`` was asked for without numba.
    """
    if backend is None:
        return "numba" if numba_available() else "numpy"
    if backend not in ("numba", "numpy"):
        raise ValueError(f"unknown backend {backend!r}; expected 'numba' or 'numpy'")
    if backend == "numba" and not numba_available():
        raise ValueError("backend 'numba' requested but numba is not installed; pip install numba")
    return backend


def _encode(tokens: Collection[str]) -> bytes:
    return " ".join(tokens).encode("utf-8", "surrogatepass")


def _minhash_numpy(hashes: NDArray[np.uint32], perms: Perms) -> NDArray[np.uint32]:
    a, b = perms
    out = np.full(len(a), EMPTY, dtype=np.uint32)
    mixed = fmix32(hashes)
    for start in range(0, len(mixed), _CHUNK):
        block = mixed[start:start + _CHUNK, None] * a + b
        np.minimum(out, block.min(axis=0), out=out)
    return out


def sign_ngrams(
    words: Sequence[str], n: int, perms: Perms, seed: int, *, backend: Backend | None = None
) -> tuple[NDArray[np.uint32], int]:
    """MinHash of the word n-grams of ``words`` (each n-gram is its words joined by a space).

    Args:
        words: tokens in order (:meth:`tracker.shingle.Features.words`).
        n: words per n-gram (``config.shingle.word_ngram``).
        perms: ``(a, b)`` from :func:`tracker.signature.permutations`.
        seed: the shingle-hash seed (``config.minhash.seed``).
        backend: force ``"numba"`` or ``"numpy"``; None picks numba when installed.

    Returns:
        The ``len(a)`` MinHash values and the number of distinct n-grams (0, with all values
        ``EMPTY``, when there are fewer than ``n`` words).
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    jit = _compiled() if resolve_backend(backend) == "numba" else None
    if jit is not None:
        values, distinct = jit.ngram_signature(_encode(words), len(words), n, np.uint32(seed), *perms)
        if distinct >= 0:
            return values, int(distinct)
    if len(words) < n:
        return np.full(len(perms[0]), EMPTY, dtype=np.uint32), 0
    grams = dict.fromkeys(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return _minhash_numpy(hash_tokens(grams, seed), perms), len(grams)


def sign_joined_ngrams(
    joined: str, n: int, perms: Perms, seed: int, *, backend: Backend | None = None
) -> tuple[NDArray[np.uint32], int]:
    """:func:`sign_ngrams` of tokens already joined by single spaces (``" ".join(words)``).

    Saves the join, the largest cost left outside the compiled loop (about 15 us for 800
    tokens here): a caller that builds the token list can build the joined string instead.
    ``""`` means no tokens; a token can hold no space.

    Args:
        joined: the tokens joined by single spaces.
        n: words per n-gram.
        perms: ``(a, b)`` from :func:`tracker.signature.permutations`.
        seed: the shingle-hash seed.
        backend: force ``"numba"`` or ``"numpy"``; None picks numba when installed.

    Returns:
        The MinHash values and the number of distinct n-grams.
    """
    jit = _compiled() if resolve_backend(backend) == "numba" else None
    if jit is None or not joined:
        return sign_ngrams(joined.split(" ") if joined else [], n, perms, seed, backend="numpy")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    # count=-1: the kernel counts the tokens itself (str.count(" ") alone costs ~10 us here).
    result: tuple[NDArray[np.uint32], int] = jit.ngram_signature(
        joined.encode("utf-8", "surrogatepass"), -1, n, np.uint32(seed), *perms)
    return result[0], int(result[1])


def sign_terms(
    terms: Collection[str], perms: Perms, seed: int, *, backend: Backend | None = None
) -> NDArray[np.uint32]:
    """MinHash of a set of string shingles (duplicates and order do not matter).

    Args:
        terms: the shingles, e.g. :meth:`tracker.shingle.Features.terms`.
        perms: ``(a, b)`` from :func:`tracker.signature.permutations`.
        seed: the shingle-hash seed.
        backend: force ``"numba"`` or ``"numpy"``; None picks numba when installed.

    Returns:
        The ``len(a)`` MinHash values (all ``EMPTY`` for no terms).
    """
    jit = _compiled() if resolve_backend(backend) == "numba" else None
    if jit is not None:
        result: tuple[NDArray[np.uint32], int] = jit.ngram_signature(
            _encode(terms), len(terms), 1, np.uint32(seed), *perms)
        if result[1] >= 0:
            return result[0]
    if not terms:
        return np.full(len(perms[0]), EMPTY, dtype=np.uint32)
    return _minhash_numpy(hash_tokens(terms, seed), perms)


def sign_segments(
    groups: Sequence[Collection[str]], perms: Perms, seed: int, *, backend: Backend | None = None
) -> NDArray[np.uint32]:
    """MinHash of each of several sets of string shingles (the per-sentence family).

    Args:
        groups: one collection of shingles per set, e.g. each sentence's terms.
        perms: ``(a, b)`` from :func:`tracker.signature.permutations` (``sentence_num_perm``).
        seed: the shingle-hash seed.
        backend: force ``"numba"`` or ``"numpy"``; None picks numba when installed.

    Returns:
        A ``(len(groups), len(a))`` array; an empty group gets all-``EMPTY`` values.
    """
    a, _ = perms
    sizes = np.fromiter((len(g) for g in groups), dtype=np.int64, count=len(groups))
    flat = [t for g in groups for t in g]
    jit = _compiled() if resolve_backend(backend) == "numba" else None
    if jit is not None:
        result: tuple[NDArray[np.uint32], int] = jit.segment_signatures(
            _encode(flat), len(flat), sizes, np.uint32(seed), *perms)
        if result[1] == 0:
            return result[0]
    out = np.full((len(groups), len(a)), EMPTY, dtype=np.uint32)
    hashes = hash_tokens(flat, seed)
    ends = np.cumsum(sizes)
    for i, size in enumerate(sizes.tolist()):
        if size:
            out[i] = _minhash_numpy(hashes[ends[i] - size:ends[i]], perms)
    return out


def sign_joined_segments(
    joined: str, sizes: Sequence[int], perms: Perms, seed: int, *, backend: Backend | None = None
) -> NDArray[np.uint32]:
    """:func:`sign_segments` of groups whose shingles are already joined by single spaces.

    Args:
        joined: every group's shingles, group after group, joined by single spaces.
        sizes: how many shingles of ``joined`` each group has, in order.
        perms: ``(a, b)`` from :func:`tracker.signature.permutations`.
        seed: the shingle-hash seed.
        backend: force ``"numba"`` or ``"numpy"``; None picks numba when installed.

    Returns:
        A ``(len(sizes), len(a))`` array, as :func:`sign_segments` of the split groups.
    """
    counts = np.array(sizes, dtype=np.int64)
    jit = _compiled() if resolve_backend(backend) == "numba" else None
    if jit is not None:
        result: tuple[NDArray[np.uint32], int] = jit.segment_signatures(
            joined.encode("utf-8", "surrogatepass"), int(counts.sum()), counts, np.uint32(seed), *perms)
        if result[1] == 0:
            return result[0]
    flat = joined.split(" ") if joined else []
    ends = np.cumsum(counts).tolist()
    groups = [flat[end - size:end] for end, size in zip(ends, sizes)]
    return sign_segments(groups, perms, seed, backend="numpy")


def hash_strings(
    tokens: Collection[str], seed: int, *, backend: Backend | None = None
) -> NDArray[np.uint32]:
    """xxh32 of each string's UTF-8 bytes, in order: :func:`tracker.hashing.hash_tokens`.

    Args:
        tokens: the strings.
        seed: the hash seed.
        backend: force ``"numba"`` or ``"numpy"``; None picks numba when installed.

    Returns:
        ``(len(tokens),)`` hashes.
    """
    jit = _compiled() if resolve_backend(backend) == "numba" else None
    if jit is not None:
        result: tuple[NDArray[np.uint32], int] = jit.token_hashes(
            _encode(tokens), len(tokens), np.uint32(seed))
        if result[1] == 0:
            return result[0]
    return hash_tokens(tokens, seed)


def sign_hashes(
    hashes: NDArray[np.uint32], perms: Perms, *, backend: Backend | None = None
) -> NDArray[np.uint32]:
    """MinHash of sets given by their 32-bit shingle hashes (``tracker.signature.minhash``).

    Args:
        hashes: ``(m,)`` hashes of one set, or ``(k, m)`` for ``k`` sets of ``m`` hashes.
        perms: ``(a, b)`` from :func:`tracker.signature.permutations`.
        backend: force ``"numba"`` or ``"numpy"``; None picks numba when installed.

    Returns:
        ``(len(a),)`` values, or ``(k, len(a))``.
    """
    hashes = np.ascontiguousarray(hashes, dtype=np.uint32)
    matrix = hashes.reshape(1, -1) if hashes.ndim == 1 else hashes
    jit = _compiled() if resolve_backend(backend) == "numba" else None
    if jit is not None:
        out: NDArray[np.uint32] = jit.hash_rows_signatures(matrix, *perms)
    else:
        out = np.stack([_minhash_numpy(row, perms) for row in matrix]) if len(matrix) else \
            np.empty((0, len(perms[0])), dtype=np.uint32)
    return out[0] if hashes.ndim == 1 else out


def xxh32(data: bytes, seed: int) -> int:
    """xxh32 of ``data`` as the compiled kernels compute it (for tests and pinned values).

    Args:
        data: the bytes to hash.
        seed: the seed, within ``[0, 2**32)``.

    Returns:
        The 32-bit hash, equal to ``xxhash.xxh32_intdigest(data, seed)``. Without numba the
        same code runs as plain Python.
    """
    from tracker import _jit

    with np.errstate(over="ignore"):
        return int(_jit.xxh32(data, np.uint32(seed)))
