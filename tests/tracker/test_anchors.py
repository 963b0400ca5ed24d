"""tracker.anchors: which terms are anchors, and the blob they are stored in."""

from __future__ import annotations

import numpy as np
import pytest

from tracker.anchors import ANCHOR_WEIGHT, anchor_terms, decode, encode
from tracker.config import ShingleConfig
from tracker.errors import ParamsMismatch
from tracker.hashing import hash_tokens
from tracker.shingle import extract

TEXT = (
    "The Brenmoor planetarium reopened on Tuesday after a 14-month renovation, the city said.\n\n"
    "Astronomer Ilse Vandekamp said the new dome shows eclipses in real time. The planetarium "
    "expects 90,000 visitors a year."
)


def reference_encode(anchors: dict[str, float], seed: int) -> bytes:
    """The blob written out with arrays: terms sorted, then a stable sort by hash."""
    if not anchors:
        return b"\x01"
    terms = sorted(anchors)
    hashes = hash_tokens(terms, seed)
    weights = np.array([round(anchors[t] * 40) for t in terms], dtype=np.uint8)
    order = np.argsort(hashes, kind="stable")
    return b"\x01" + hashes[order].astype("<u4").tobytes() + weights[order].tobytes()


def test_anchors_are_the_rare_non_numeric_terms() -> None:
    features = extract(TEXT, ShingleConfig())
    found = anchor_terms(features)
    assert found == {t: w for t, w in features.weights.items() if w >= ANCHOR_WEIGHT and not t[0].isdigit()}
    assert {"planetarium", "brenmoor", "vandekamp"} <= set(found)
    assert "said" not in found and "90000" not in found


def test_encode_matches_the_array_reference_and_decodes() -> None:
    rng = np.random.default_rng(3)
    for trial in range(50):
        k = int(rng.integers(0, 60))
        anchors = {f"t{int(x)}": float(rng.uniform(ANCHOR_WEIGHT, 6.0)) for x in rng.integers(0, 10_000, k)}
        blob = encode(anchors, trial)
        assert blob == reference_encode(anchors, trial), trial
        hashes, weights = decode(blob)
        assert sorted(hashes.tolist()) == hashes.tolist()
        assert np.allclose(sorted(weights.tolist()), sorted(round(w * 40) / 40 for w in anchors.values()))


def test_encode_is_pinned() -> None:
    # Stored blobs must keep decoding the same: this one was written by an earlier version.
    assert encode({"vandekamp": 6.0, "planetarium": 4.3}, 1).hex() == "014b8ad82158c16f47acf0"
    assert encode({}, 1) == b"\x01"


@pytest.mark.parametrize("blob", [b"", b"\x02", b"\x01\x00\x00"])
def test_decode_rejects_malformed_blobs(blob: bytes) -> None:
    with pytest.raises(ParamsMismatch):
        decode(blob)


def test_a_blob_with_figures_holds_the_script_and_the_figures_and_reads_as_before() -> None:
    from tracker.anchors import SCRIPTS, decode_all, figure_marks, is_weak_figure

    assert [is_weak_figure(f) for f in ("12", "2025", "1987", "99", "100", "2400", "4.5", "2150")] == [
        True, True, True, True, False, False, False, False]

    features = extract(TEXT, ShingleConfig())
    figures = figure_marks(features)
    assert figures == {"14", "90000"}  # "a 14-month renovation", "90,000 visitors"
    other = extract("约2400名码头工人周三罢工，港口4,5天无法作业。The A320 fleet and 1.730.000 tonnes, 11.5 pct.",
                    ShingleConfig())
    assert figure_marks(other) == {"2400", "4.5", "1730000", "11.5"}
    blob = encode(features.anchors, 1, figures, "CYRILLIC")
    assert blob[0] == 4 and blob[1] == SCRIPTS.index("CYRILLIC") + 1
    hashes, weights, script, strong, weak = decode_all(blob)
    plain_hashes, plain_weights = decode(encode(features.anchors, 1))
    assert (hashes == plain_hashes).all() and (weights == plain_weights).all()
    # "90000" is an amount (strong); "14" a number under 100, as days and counts are (weak).
    assert script == 2 and (len(strong), len(weak)) == (1, 1)
    assert decode_all(encode(features.anchors, 1))[2] == 0  # version 1: script unknown
    assert encode({}, 1, frozenset({"12"}), "THAANA")[1] == 255  # a script without a code
    for cut in (blob[:-1], blob[:5], blob[:7], blob + b"\x00"):
        with pytest.raises(ParamsMismatch):
            decode_all(cut)
    # A version 2 blob (one list of figures, written by an earlier version) still reads: its
    # figures count as weak ones.
    n = len(hashes)
    old = bytes([2, blob[1]]) + blob[4:8 + 5 * n] + (2).to_bytes(4, "little") + blob[-8:]
    _, _, old_script, old_strong, old_weak = decode_all(old)
    assert (old_script, len(old_strong), len(old_weak)) == (2, 0, 2)
    # A version 3 blob (no language) reads with the language unknown.
    v3 = bytes([3, blob[1]]) + blob[4:]
    assert decode_all(v3)[2] == 2 and (decode_all(v3)[3] == strong).all()


def test_a_blob_holds_the_language_and_other_languages_of_one_script_are_other_text() -> None:
    from tracker.anchors import decode_all, other_text

    features = extract(TEXT, ShingleConfig())
    figures = frozenset({"2400", "72", "1.5"})

    def code(script: str, lang: str | None) -> int:
        return decode_all(encode(features.anchors, 1, figures, script, lang))[2]

    english, german, unknown = code("LATIN", "en"), code("LATIN", "de"), code("LATIN", None)
    assert english & 0xFF == german & 0xFF == unknown == 1 and english != german
    # Another language in one script: a translation's figures make it a candidate.
    assert other_text(english, german) and other_text(code("CYRILLIC", "ru"), english)
    # One language, or a language not known (a results table): figures make no candidate.
    assert not other_text(english, code("LATIN", "en")) and not other_text(english, unknown)
    assert other_text(unknown, code("CYRILLIC", None))


def test_figures_grouped_by_spaces_are_one_figure_in_a_language_that_groups_them_so() -> None:
    from tracker.anchors import figure_marks

    french = extract("Le constructeur rappelle 184 000 véhicules et a recensé 37 accidents.", ShingleConfig(),
                     lang="fr")
    english = extract("The carmaker is recalling 184,000 vehicles and knows of 37 crashes.", ShingleConfig(),
                      lang="en")
    assert figure_marks(french) == figure_marks(english) == {"184000", "37"}
    # In English (or German, which groups with a point) two figures a space apart stay two.
    assert figure_marks(extract("In 2025 300 people came to the harbour.", ShingleConfig(), lang="en")) == {
        "2025", "300"}
