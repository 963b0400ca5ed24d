"""Pure: shingles -> MinHash signatures, and their versioned byte encoding.

The values are exactly datasketch 2.0's ``affine32`` scheme with our xxh32 shingle hash:
``min over shingles of (a * fmix32(xxh32(shingle, seed)) + b) mod 2**32`` with ``(a, b)``
drawn as datasketch draws them from ``seed``. So a signature can be handed to datasketch as a
``LeanMinHash`` (:func:`to_datasketch`) and estimates Jaccard exactly as datasketch would.

The fourth family, ``anchors``, is not a MinHash: it is the article's rare terms, with its
figures and script (:mod:`tracker.anchors`), kept beside the signatures so the index can be
rebuilt from the store.

Blob format (``to_bytes``): one format-version byte, then the uint32 values little-endian.
The ``params_id`` travels beside the blob (see :func:`tracker.config.params_id`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from tracker import kernels
from tracker.anchors import encode as encode_anchors
from tracker.anchors import figure_marks
from tracker.config import TrackerConfig, params_id
from tracker.errors import ParamsMismatch
from tracker.hashing import fmix32, hash_tokens
from tracker.model import Signature
from tracker.shingle import Features, sentence_groups

FORMAT_VERSION = 1
EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK = 2048
DOC_FAMILIES = ("verbatim", "content")
FAMILIES = ("verbatim", "content", "sentence", "anchors")


@lru_cache(maxsize=32)
def permutations(num_perm: int, seed: int) -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """The ``(a, b)`` affine permutation parameters datasketch draws for ``affine32``."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def minhash(hashes: NDArray[np.uint32], num_perm: int, seed: int) -> NDArray[np.uint32]:
    """MinHash values of a set given its 32-bit shingle hashes (all ``EMPTY`` if none)."""
    a, b = permutations(num_perm, seed)
    out = np.full(num_perm, EMPTY, dtype=np.uint32)
    mixed = fmix32(hashes.astype(np.uint32, copy=False))
    for start in range(0, len(mixed), _CHUNK):
        block = mixed[start:start + _CHUNK, None] * a + b
        np.minimum(out, block.min(axis=0), out=out)
    return out


def minhash_segments(
    hashes: NDArray[np.uint32], starts: NDArray[np.intp], num_perm: int, seed: int
) -> NDArray[np.uint32]:
    """MinHash of several sets at once: set ``i`` is ``hashes[starts[i]:starts[i+1]]``.

    Returns:
        A ``(len(starts), num_perm)`` array. Every segment must be non-empty.
    """
    a, b = permutations(num_perm, seed)
    if len(starts) == 0:
        return np.empty((0, num_perm), dtype=np.uint32)
    mixed = fmix32(hashes.astype(np.uint32, copy=False))
    values = mixed[:, None] * a + b
    return np.minimum.reduceat(values, starts, axis=0)


def sign_shingles(shingles: list[str], num_perm: int, seed: int) -> NDArray[np.uint32]:
    """MinHash values of a list of string shingles."""
    return minhash(hash_tokens(shingles, seed), num_perm, seed)


def sign(article_id: str, features: Features, config: TrackerConfig) -> list[Signature]:
    """Sign an article in every family.

    Args:
        article_id: id recorded on each signature.
        features: the article's features (:func:`tracker.shingle.extract`).
        config: the tracker configuration.

    Returns:
        One :class:`Signature` per family, in :data:`FAMILIES` order.
    """
    seed = config.minhash.seed
    perms = permutations(config.minhash.num_perm, seed)
    verbatim, n_verbatim = kernels.sign_joined_ngrams(
        features.joined_words, config.shingle.word_ngram, perms, seed)
    content, n_terms = kernels.sign_joined_ngrams(features.joined_terms, 1, perms, seed)
    grouped, sizes = sentence_groups(features, config.shingle.min_sentence_terms)
    sentence = kernels.sign_joined_segments(
        grouped, sizes, permutations(config.minhash.sentence_num_perm, seed), seed)
    found = features.anchors
    ids = family_params(config)
    return [
        Signature(article_id, "verbatim", ids[0], to_bytes(verbatim), n_verbatim),
        Signature(article_id, "content", ids[1], to_bytes(content), n_terms),
        Signature(article_id, "sentence", ids[2], to_bytes(sentence.ravel()), len(sizes)),
        Signature(article_id, "anchors", ids[3],
                  encode_anchors(found, seed, figure_marks(features), features.script, features.lang),
                  len(found)),
    ]


@lru_cache(maxsize=8)
def family_params(config: TrackerConfig) -> tuple[str, ...]:
    """:func:`tracker.config.params_id` of every family, in :data:`FAMILIES` order (cached)."""
    return tuple(params_id(config, family) for family in FAMILIES)


def to_bytes(values: NDArray[np.uint32]) -> bytes:
    """Encode values as a blob: format-version byte + little-endian uint32s."""
    return bytes([FORMAT_VERSION]) + values.astype("<u4", copy=False).tobytes()


def from_bytes(blob: bytes) -> NDArray[np.uint32]:
    """Decode a blob made by :func:`to_bytes`.

    Raises:
        ParamsMismatch: the blob has an unknown format version or a ragged length.
    """
    if not blob or blob[0] != FORMAT_VERSION:
        raise ParamsMismatch(
            f"signature blob has format version {blob[0] if blob else None}, "
            f"expected {FORMAT_VERSION}; re-sign with 'tracker reindex' (with the same --config)"
        )
    if (len(blob) - 1) % 4:
        raise ParamsMismatch(f"signature blob of {len(blob)} bytes is not a whole number of values")
    return np.frombuffer(blob, dtype="<u4", offset=1).astype(np.uint32)


def from_bytes_many(blobs: Sequence[bytes]) -> NDArray[np.uint32]:
    """Decode many blobs at once: their values, concatenated (start-up reads millions).

    Raises:
        ParamsMismatch: a blob has an unknown format version or a ragged length.
    """
    if not blobs:
        return np.empty(0, dtype=np.uint32)
    lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs))
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    if (lengths < 1).any() or (raw[starts] != FORMAT_VERSION).any():
        bad = next(b for b in blobs if not b or b[0] != FORMAT_VERSION)
        from_bytes(bad)  # raises with the usual message
    if ((lengths - 1) % 4).any():
        raise ParamsMismatch("a signature blob is not a whole number of values")
    return np.delete(raw, starts).view("<u4").astype(np.uint32, copy=False)


def estimate_jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of two document-family signatures.

    Raises:
        ParamsMismatch: the signatures were made with different parameters.
    """
    if a.params_id != b.params_id:
        raise ParamsMismatch(
            f"cannot compare signatures with params {a.params_id!r} and {b.params_id!r}"
        )
    if a.n_shingles == 0 or b.n_shingles == 0:
        return 0.0
    va, vb = from_bytes(a.values), from_bytes(b.values)
    return float(np.count_nonzero(va == vb)) / len(va)


def to_datasketch(values: NDArray[np.uint32], seed: int):  # type: ignore[no-untyped-def]
    """Wrap values as a datasketch ``LeanMinHash`` (scheme ``affine32``) for datasketch APIs."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=seed, hashvalues=values, scheme="affine32")
