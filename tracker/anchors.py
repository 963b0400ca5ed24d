"""Pure anchor terms: the rare content terms of an article, and their compact encoding.

An anchor is a content term whose rarest surface word is uncommon in general English
(:func:`tracker.text.word_weight` >= :data:`ANCHOR_WEIGHT`): names, places, technical words.
Two articles that share many anchors are candidates even when no sentence and no document
shingle set is close, which is how a summary (short, reworded) or a heavily reworded passage
inside a long page is found (DESIGN.md: "a containment-oriented path for short summaries").
The shared anchor weight is symmetric, so it does not depend on which article came first.

Across scripts (a Russian or Chinese translation of an English story) no word is shared, but
figures are: the blob also carries the article's distinctive figures, its script and its
language, and the index offers as candidates articles in another script, or in another
language of the same script (a German translation with few rare names), that share several
of them (:data:`tracker.index.CROSS_SCRIPT_FIGURES`); :mod:`tracker.crosslang` verifies them.

Blob format, version 1: format-version byte, ``n`` uint32 term hashes (sorted), ``n`` uint8
weights (weight * 40, rounded). Version 3 (written when the article has figures) adds, after
the version byte, a script-code byte (:data:`SCRIPTS`; 0 unknown) and ``n`` as a uint32; and
after the weights, ``k`` and ``m`` as uint32s, then ``k`` hashes of strong figures and ``m``
of weak ones (:func:`is_weak_figure`), each sorted. (Version 2 had one count and one list.)
Version 4 (written now) is version 3 with the article's language code (:func:`language_code`,
uint16, 0 unknown) after the script byte. Every version is read: an article stored before
version 2 simply has no figures, and one stored before version 4 no language, until
``tracker reindex``.
"""

from __future__ import annotations

import re
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
#: Version 4 also holds the article's language, as a 16-bit code after the script byte.
FIGURES_VERSION = 4
#: The version with the script and no language: still read (language unknown).
_FIGURES_VERSION_3 = 3
#: The first blob with figures, which did not tell strong figures from weak ones: still read
#: (its figures as weak ones, so that such an article is no cross-script candidate until
#: ``tracker reindex`` writes it again).
_FIGURES_VERSION_2 = 2
_SCALE = 40.0
#: Script codes in the blob (index + 1); any other script is 255, unknown (version 1) is 0.
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "CJK", "HANGUL", "DEVANAGARI", "THAI",
           "ARMENIAN", "GEORGIAN", "BENGALI", "TAMIL")
OTHER_SCRIPT = 255


def anchor_terms(features: Features) -> dict[str, float]:
    """The article's anchors with their weights: every content term whose weight is at least
    :data:`ANCHOR_WEIGHT`, figures excepted (selected by :func:`tracker.shingle.extract`)."""
    return features.anchors


#: A run of digits with the separators between them; read as :func:`tracker.crosslang.marks`
#: reads a figure (a scan for digits first: a pattern that tests every position is 4 times
#: slower, and would double the cost of signing).
_DIGITS = re.compile(r"\d[\d.,]*")


def figure_marks(features: Features) -> frozenset[str]:
    """The article's distinctive figures, read as :func:`tracker.crosslang.marks` reads them (a
    decimal comma as a point, thousands separators dropped): those of two or more characters
    ("2400", "4.5", "72"), which a translation into any script keeps as written. The digits of
    a word ("A320") are no figure; digits next to Chinese or Japanese characters, which are
    written without spaces, are ("约2400名": 2400)."""
    found = set()
    seen = set()
    from tracker.crosslang import figure_of, plain_figures, spaced_thousands

    text = "\n".join([s.text for s in features.sentences if s.numbers])  # (tokens found its figures)
    spaced = spaced_thousands(features.lang)  # "178 500" in French: read as verification reads it
    if spaced or not text.isascii():
        text = plain_figures(text, spaced)
    for m in _DIGITS.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if before == "_" or before.lower() != before.upper():
            continue  # the digits of a word ("A320"); not after a caseless letter ("约2400名")
        tok = m.group().rstrip(".,")
        if len(tok) > 1 and tok not in seen:
            seen.add(tok)
            figure = figure_of(tok)
            if len(figure) >= 2:
                found.add(figure)
    return frozenset(found)


def is_weak_figure(figure: str) -> bool:
    """A figure that many unrelated stories of a day state: a whole number under 100 (a day of
    the month, a percentage, a count) or a year (1900-2099). Two unrelated stories in two
    scripts dated the same day share "12", "2024", "2025" and "30"; a translation also shares
    its source's amounts ("2400", "4.5", "410")."""
    digits = figure.lstrip("0") or "0"
    if not figure.isdecimal() or len(digits) > 4:  # (int() refuses a number of 4,300 digits)
        return False
    value = int(digits)
    return value < 100 or 1900 <= value <= 2099


def script_code(script: str) -> int:
    """The blob's code of a script name (:func:`tracker.normalize.dominant_script`)."""
    return SCRIPTS.index(script) + 1 if script in SCRIPTS else OTHER_SCRIPT


def language_code(lang: str | None) -> int:
    """A language's 16-bit code in the blob (0: unknown)."""
    return (hash32(lang, 0) & 0xFFFF) or 1 if lang else 0


def text_code(script: int, language: int = 0) -> int:
    """The code :func:`decode_all` returns for a script code and a language code."""
    return script | language << 8


def other_text(a: int, b: int) -> bool:
    """Two articles' text codes (:func:`text_code`) say they are in other scripts, or both say
    their language and the languages differ: a translation, which shares figures, not words."""
    return (a & 0xFF) != (b & 0xFF) or bool(a >> 8 and b >> 8 and a != b)


def encode(anchors: dict[str, float], seed: int, figures: frozenset[str] = frozenset(),
           script: str = "LATIN", lang: str | None = None) -> bytes:
    """Encode anchors as a blob: hashes ascending (equal hashes in term order), then weights;
    with figures, the version 4 blob that also holds the script, the language and the
    figures' hashes.

    A news article has a few dozen anchors, too few for arrays to pay: plain Python here.
    """
    rows = sorted((hash32(t, seed), t, w) for t, w in anchors.items())
    terms = struct.pack(f"<{len(rows)}I", *(h for h, _, _ in rows)) + bytes(round(w * _SCALE) for _, _, w in rows)
    if not figures:
        return bytes([FORMAT_VERSION]) + terms
    strong: set[int] = set()
    weak: set[int] = set()
    for f in figures:
        (weak if is_weak_figure(f) else strong).add(hash32("#" + f, seed))
    return (bytes([FIGURES_VERSION, script_code(script)]) + struct.pack("<HI", language_code(lang), len(rows)) + terms
            + struct.pack(f"<II{len(strong) + len(weak)}I", len(strong), len(weak), *sorted(strong), *sorted(weak)))


def decode(blob: bytes) -> tuple[NDArray[np.uint32], NDArray[np.float32]]:
    """Decode a blob made by :func:`encode` into (hashes, weights).

    Raises:
        ParamsMismatch: unknown format version or a malformed length.
    """
    hashes, weights, _, _, _ = decode_all(blob)
    return hashes, weights


def decode_all(blob: bytes) -> tuple[NDArray[np.uint32], NDArray[np.float32], int, NDArray[np.uint32],
                                     NDArray[np.uint32]]:
    """Decode a blob into (term hashes, weights, text code, strong figure hashes, weak figure
    hashes); a version 1 blob has code 0 (unknown) and no figures. The text code is the script
    code, and from version 4 the language code above it (:func:`text_code`; compare codes
    with :func:`other_text`).

    Raises:
        ParamsMismatch: unknown format version or a malformed length.
    """
    if not blob or blob[0] not in (FORMAT_VERSION, _FIGURES_VERSION_2, _FIGURES_VERSION_3, FIGURES_VERSION):
        raise ParamsMismatch(f"anchor blob has format version {blob[0] if blob else None}, expected "
                             f"{FORMAT_VERSION} to {FIGURES_VERSION}")
    none = np.empty(0, dtype=np.uint32)
    if blob[0] == FORMAT_VERSION:
        body = len(blob) - 1
        if body % 5:
            raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
        n, start, script = body // 5, 1, 0
    elif blob[0] == FIGURES_VERSION:
        if len(blob) < 8:
            raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
        language, n = struct.unpack_from("<HI", blob, 2)
        start, script = 8, text_code(blob[1], language)
    else:
        if len(blob) < 6:
            raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
        n, start, script = struct.unpack_from("<I", blob, 2)[0], 6, blob[1]
    end = start + 5 * n
    if end > len(blob):
        raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
    hashes = np.frombuffer(blob, dtype="<u4", count=n, offset=start).astype(np.uint32)
    weights = np.frombuffer(blob, dtype=np.uint8, count=n, offset=start + 4 * n).astype(np.float32) / _SCALE
    if blob[0] == FORMAT_VERSION:
        return hashes, weights, script, none, none
    if blob[0] == _FIGURES_VERSION_2:
        if end + 4 > len(blob) or len(blob) != end + 4 + 4 * struct.unpack_from("<I", blob, end)[0]:
            raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
        m = struct.unpack_from("<I", blob, end)[0]
        return hashes, weights, script, none, np.frombuffer(blob, dtype="<u4", count=m, offset=end + 4).astype(np.uint32)
    if end + 8 > len(blob):
        raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
    k, m = struct.unpack_from("<II", blob, end)
    if len(blob) != end + 8 + 4 * (k + m):
        raise ParamsMismatch(f"anchor blob of {len(blob)} bytes is malformed")
    marks = np.frombuffer(blob, dtype="<u4", count=k + m, offset=end + 8).astype(np.uint32)
    return hashes, weights, script, marks[:k], marks[k:]
