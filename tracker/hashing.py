"""Deterministic, seeded, width-explicit hashing; the only module that imports xxhash.

* :func:`hash32` / :func:`hash_tokens`: 32-bit shingle hashes fed to MinHash (datasketch's
  ``hashfunc`` contract: a value that fits in 32 bits).
* :func:`hash64`: 64-bit content hashes for exact duplicates and fingerprints.

Python's built-in ``hash()`` is never used: it is salted per process.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import xxhash
from numpy.typing import NDArray


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data


def hash32(data: str | bytes, seed: int) -> int:
    """32-bit xxh32 of ``data`` (str is UTF-8 encoded) under ``seed``."""
    return xxhash.xxh32_intdigest(_bytes(data), seed)


def hash64(data: str | bytes, seed: int) -> int:
    """64-bit xxh3 of ``data`` (str is UTF-8 encoded) under ``seed``."""
    return xxhash.xxh3_64_intdigest(_bytes(data), seed)


def content_hash(text: str) -> str:
    """The content hash stored in ``articles.content_hash``: xxh3-64 as 16 hex digits."""
    return f"{hash64(text, 0):016x}"


def hash_tokens(tokens: Iterable[str], seed: int) -> NDArray[np.uint32]:
    """32-bit hashes of each token, in order, as a uint32 array."""
    h = xxhash.xxh32_intdigest
    return np.fromiter((h(t.encode("utf-8", "surrogatepass"), seed) for t in tokens), dtype=np.uint32)


def fmix32(hv: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """MurmurHash3's 32-bit finaliser, element-wise (datasketch pre-mixes every hash with it)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def datasketch_hashfunc(seed: int):  # type: ignore[no-untyped-def]
    """A ``hashfunc`` for datasketch ``MinHash`` that equals :func:`hash32` on UTF-8 bytes.

    With it, ``MinHash(num_perm, seed, hashfunc=datasketch_hashfunc(seed))`` updated with the
    same shingles holds exactly the values :mod:`tracker.signature` computes.
    """

    def _hash(data: bytes) -> int:
        return xxhash.xxh32_intdigest(data, seed)

    return _hash
