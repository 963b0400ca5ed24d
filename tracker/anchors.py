"""Pure anchor terms: the rare content terms of an article, and their compact encoding.

An anchor is a content term whose rarest surface word is uncommon in general English
(:func:`tracker.text.word_weight` >= :data:`ANCHOR_WEIGHT`): names, places, technical words.
Two articles that share many anchors are candidates even when no sentence and no document
shingle set is close, which is how a summary (short, reworded) or a heavily reworded passage
inside a long page is found (DESIGN.md: "a containment-oriented path for short summaries").
The shared anchor weight is symmetric, so it does not depend on which article came first.

Blob format: format-version byte, ``n`` uint32 term hashes (sorted), ``n`` uint8 weights
(weight * 40, rounded).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from tracker.errors import ParamsMismatch
from tracker.hashing import hash32

if TYPE_CHECKING:
    from tracker.shingle import Features

#: Words at or below zipf 3.5 (e.g. "planetarium", "Belousov", "eyeshades"); not "company".
ANCHOR_WEIGHT = 3.5
FORMAT_VERSION = 1
_SCALE = 40.0


def anchor_terms(features: Features) -> dict[str, float]:
    """The article's anchors with their weights: every content term whose weight is at least
    :data:`ANCHOR_WEIGHT`, figures excepted (selected by :func:`tracker.shingle.extract`)."""
    return features.anchors


def encode(anchors: dict[str, float], seed: int) -> bytes:
    """Encode anchors as a blob: hashes ascending (equal hashes in term order), then weights.

    A news article has a few dozen anchors, too few for arrays to pay: plain Python here.
    """
    if not anchors:
        return bytes([FORMAT_VERSION])
    rows = sorted((hash32(t, seed), t, w) for t, w in anchors.items())
    return (bytes([FORMAT_VERSION]) + struct.pack(f"<{len(rows)}I", *(h for h, _, _ in rows))
            + bytes(round(w * _SCALE) for _, _, w in rows))


def decode(blob: bytes) -> tuple[NDArray[np.uint32], NDArray[np.float32]]:
    """Decode a blob made by :func:`encode` into (hashes, weights).

    Raises:
        ParamsMismatch: unknown format version or a malformed length.
    """
    if not blob or blob[0] != FORMAT_VERSION:
        raise ParamsMismatch(f"anchor blob has format version {blob[0] if blob else None}, expected {FORMAT_VERSION}")
    body = len(blob) - 1
    if body % 5:
        raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
    n = body // 5
    hashes = np.frombuffer(blob, dtype="<u4", count=n, offset=1).astype(np.uint32)
    weights = np.frombuffer(blob, dtype=np.uint8, count=n, offset=1 + 4 * n).astype(np.float32) / _SCALE
    return hashes, weights
