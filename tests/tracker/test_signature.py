"""tracker.signature: datasketch compatibility, blob format, estimates, params checks."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash

from tracker.config import TrackerConfig, load_config, params_id
from tracker.errors import ParamsMismatch
from tracker.hashing import datasketch_hashfunc, hash_tokens
from tracker.model import Signature
from tracker.shingle import content_shingles, extract, sentence_shingles, verbatim_shingles
from tracker.signature import (
    EMPTY,
    FAMILIES,
    FORMAT_VERSION,
    estimate_jaccard,
    from_bytes,
    minhash,
    minhash_segments,
    sign,
    sign_shingles,
    to_bytes,
    to_datasketch,
)

SHINGLE_SETS = [
    ["alpha"],
    ["alpha beta gamma delta epsilon", "beta gamma delta epsilon zeta", "gamma delta"],
    [f"shingle {i}" for i in range(500)],
    ["Москва", "東京", "naïve café", "emoji \U0001f600"],
]

TEXT = (
    "Dockworkers at the port of Calder Bay walked off the job on Thursday after wage talks "
    "with the terminal operator collapsed overnight.\n\n"
    "The strike is the first full stoppage at the port since 2011 and involves about 3,800 "
    "workers across six terminals.\n\n"
    "Union secretary Daniel Okafor said members had rejected a final offer of a 4.5 percent "
    "raise spread over three years."
)


def datasketch_minhash(shingles: list[str], num_perm: int = 128, seed: int = 1) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=datasketch_hashfunc(seed))
    for s in shingles:
        m.update(s.encode("utf-8"))
    return m


def make_sig(values: np.ndarray, pid: str = "p", n: int | None = None, article_id: str = "x") -> Signature:
    return Signature(article_id, "content", pid, to_bytes(values), len(values) if n is None else n)


def by_family(sigs: list[Signature]) -> dict[str, Signature]:
    return {s.family: s for s in sigs}


@pytest.fixture
def cfg() -> TrackerConfig:
    return load_config(env={}, overrides={"store": {"path": ":memory:"}})


# --- datasketch compatibility --------------------------------------------------------------


@pytest.mark.parametrize("shingles", SHINGLE_SETS, ids=lambda s: f"{len(s)}-shingles")
def test_bit_identical_to_datasketch_affine32(shingles: list[str]) -> None:
    ours = sign_shingles(shingles, 128, 1)
    theirs = datasketch_minhash(shingles)
    assert theirs.scheme == "affine32"
    assert ours.dtype == np.uint32
    assert np.array_equal(ours, theirs.hashvalues)


@pytest.mark.parametrize(("num_perm", "seed"), [(16, 0), (64, 7), (256, 123456)])
def test_bit_identical_for_other_parameters(num_perm: int, seed: int) -> None:
    shingles = SHINGLE_SETS[1]
    assert np.array_equal(
        sign_shingles(shingles, num_perm, seed), datasketch_minhash(shingles, num_perm, seed).hashvalues
    )


def test_empty_set_is_all_empty_sentinel_like_datasketch() -> None:
    values = sign_shingles([], 128, 1)
    assert np.all(values == EMPTY)
    assert np.array_equal(values, MinHash(num_perm=128, seed=1).hashvalues)


def test_sign_families_match_datasketch(cfg: TrackerConfig) -> None:
    features = extract(TEXT, cfg.shingle)
    sigs = sign("art", features, cfg)
    assert [s.family for s in sigs] == list(FAMILIES)
    assert all(s.article_id == "art" for s in sigs)
    verbatim, content, sentence = (by_family(sigs)[f] for f in ("verbatim", "content", "sentence"))
    assert verbatim.params_id == params_id(cfg, "verbatim")
    assert content.params_id == params_id(cfg, "content")
    assert sentence.params_id == params_id(cfg, "sentence")
    v_shingles = verbatim_shingles(features, cfg.shingle.word_ngram)
    c_shingles = content_shingles(features)
    assert verbatim.n_shingles == len(v_shingles) > 0
    assert content.n_shingles == len(c_shingles) > 0
    assert np.array_equal(from_bytes(verbatim.values), datasketch_minhash(v_shingles).hashvalues)
    assert np.array_equal(from_bytes(content.values), datasketch_minhash(c_shingles).hashvalues)


def test_sentence_family_is_one_row_per_signed_sentence(cfg: TrackerConfig) -> None:
    features = extract(TEXT, cfg.shingle)
    sentence = by_family(sign("art", features, cfg))["sentence"]
    per_sentence = sentence_shingles(features, cfg.shingle.min_sentence_terms)
    k = cfg.minhash.sentence_num_perm
    assert sentence.n_shingles == len(per_sentence) == 3
    matrix = from_bytes(sentence.values).reshape(sentence.n_shingles, k)
    for row, (_, terms) in zip(matrix, per_sentence):
        assert np.array_equal(row, datasketch_minhash(terms, k, cfg.minhash.seed).hashvalues)


def test_signature_values_are_pinned() -> None:
    # Deterministic across processes and releases: a change here invalidates stored signatures.
    assert sign_shingles(["a", "b", "c"], 8, 1).tolist() == [
        794649987,
        1767648178,
        211906750,
        2192659135,
        700920240,
        143126081,
        244974431,
        281663792,
    ]


def test_sign_of_text_without_body(cfg: TrackerConfig) -> None:
    sigs = sign("empty", extract("", cfg.shingle), cfg)
    assert [s.n_shingles for s in sigs] == [0] * len(FAMILIES)
    fam = by_family(sigs)
    assert np.all(from_bytes(fam["verbatim"].values) == EMPTY)
    assert np.all(from_bytes(fam["content"].values) == EMPTY)
    assert from_bytes(fam["sentence"].values).shape == (0,)


def test_shingle_order_and_duplicates_do_not_matter() -> None:
    shingles = SHINGLE_SETS[2]
    base = sign_shingles(shingles, 64, 1)
    assert np.array_equal(base, sign_shingles(list(reversed(shingles)), 64, 1))
    assert np.array_equal(base, sign_shingles(shingles + shingles[:50], 64, 1))


def test_to_datasketch_is_lean_minhash_equal_to_datasketch() -> None:
    shingles = SHINGLE_SETS[1]
    lean = to_datasketch(sign_shingles(shingles, 128, 1), 1)
    theirs = datasketch_minhash(shingles)
    assert isinstance(lean, LeanMinHash)
    assert lean.scheme == "affine32"
    assert lean.seed == 1
    assert lean.jaccard(theirs) == 1.0
    assert theirs.jaccard(lean) == 1.0


def test_to_datasketch_estimates_like_ours() -> None:
    a = [f"w{i}" for i in range(0, 300)]
    b = [f"w{i}" for i in range(150, 450)]
    va, vb = sign_shingles(a, 128, 1), sign_shingles(b, 128, 1)
    ours = estimate_jaccard(make_sig(va), make_sig(vb))
    assert to_datasketch(va, 1).jaccard(to_datasketch(vb, 1)) == pytest.approx(ours)


# --- minhash kernels -----------------------------------------------------------------------


def test_minhash_segments_equals_minhash_per_segment() -> None:
    segments = [["a b c"], ["d", "e", "f", "g"], [f"s{i}" for i in range(40)], ["a b c", "z"]]
    flat = [t for seg in segments for t in seg]
    starts = np.cumsum([0] + [len(s) for s in segments[:-1]], dtype=np.intp)
    got = minhash_segments(hash_tokens(flat, 3), starts, 16, 3)
    assert got.shape == (len(segments), 16)
    for row, seg in zip(got, segments):
        assert np.array_equal(row, minhash(hash_tokens(seg, 3), 16, 3))


def test_minhash_segments_with_no_segments() -> None:
    got = minhash_segments(np.empty(0, np.uint32), np.empty(0, np.intp), 8, 1)
    assert got.shape == (0, 8)


def test_minhash_chunks_agree_with_single_block() -> None:
    # More hashes than one processing chunk (2048): the running minimum must be kept.
    shingles = [f"token-{i}" for i in range(5000)]
    assert np.array_equal(sign_shingles(shingles, 32, 1), datasketch_minhash(shingles, 32, 1).hashvalues)


# --- blob format ---------------------------------------------------------------------------


def test_blob_round_trip_and_layout() -> None:
    values = sign_shingles(SHINGLE_SETS[1], 128, 1)
    blob = to_bytes(values)
    assert FORMAT_VERSION == 1
    assert blob[0] == FORMAT_VERSION
    assert len(blob) == 1 + 4 * 128
    assert blob[1:5] == int(values[0]).to_bytes(4, "little")
    back = from_bytes(blob)
    assert back.dtype == np.uint32
    assert np.array_equal(back, values)


def test_blob_of_known_values() -> None:
    assert to_bytes(np.array([1, 0xFFFFFFFF], dtype=np.uint32)) == b"\x01\x01\x00\x00\x00\xff\xff\xff\xff"
    assert from_bytes(b"\x01\x02\x00\x00\x00").tolist() == [2]
    assert from_bytes(b"\x01").tolist() == []


@pytest.mark.parametrize(
    "blob", [b"\x02\x00\x00\x00\x00", b"\x00" + b"\x00" * 8, b""], ids=["version-2", "version-0", "empty"]
)
def test_from_bytes_rejects_unknown_version(blob: bytes) -> None:
    with pytest.raises(ParamsMismatch, match="format version"):
        from_bytes(blob)


@pytest.mark.parametrize("extra", [1, 2, 3])
def test_from_bytes_rejects_ragged_length(extra: int) -> None:
    blob = to_bytes(np.arange(4, dtype=np.uint32)) + b"\x00" * extra
    with pytest.raises(ParamsMismatch, match="whole number"):
        from_bytes(blob)


# --- estimates -----------------------------------------------------------------------------


def test_estimate_jaccard_refuses_different_params(cfg: TrackerConfig) -> None:
    other = load_config(env={}, overrides={"store": {"path": ":memory:"}, "minhash": {"num_perm": 64}})
    features = extract(TEXT, cfg.shingle)
    a = by_family(sign("a", features, cfg))["content"]
    b = by_family(sign("b", features, other))["content"]
    with pytest.raises(ParamsMismatch, match="params"):
        estimate_jaccard(a, b)


def test_estimate_jaccard_refuses_different_seed_same_width(cfg: TrackerConfig) -> None:
    other = load_config(env={}, overrides={"store": {"path": ":memory:"}, "minhash": {"seed": 2}})
    features = extract(TEXT, cfg.shingle)
    with pytest.raises(ParamsMismatch):
        estimate_jaccard(
            by_family(sign("a", features, cfg))["verbatim"], by_family(sign("b", features, other))["verbatim"]
        )


@pytest.mark.parametrize(
    ("overlap", "size"), [(0, 200), (50, 200), (100, 200), (150, 200), (190, 200), (30, 60)]
)
def test_estimate_within_tolerance_of_exact_jaccard(overlap: int, size: int) -> None:
    a = {f"w{i}" for i in range(size)}
    b = {f"w{i}" for i in range(size - overlap, 2 * size - overlap)}
    exact = len(a & b) / len(a | b)
    est = estimate_jaccard(
        make_sig(sign_shingles(sorted(a), 128, 1)), make_sig(sign_shingles(sorted(b), 128, 1))
    )
    assert abs(est - exact) < 0.1, (est, exact)


def test_estimate_identical_is_one() -> None:
    v = sign_shingles(SHINGLE_SETS[2], 128, 1)
    assert estimate_jaccard(make_sig(v, article_id="a"), make_sig(v.copy(), article_id="b")) == 1.0


@pytest.mark.parametrize("empty_side", ["a", "b", "both"])
def test_estimate_with_empty_set_is_zero(empty_side: str) -> None:
    full = make_sig(sign_shingles(["x y z"], 16, 1))
    empty = make_sig(sign_shingles([], 16, 1), n=0)
    a = empty if empty_side in ("a", "both") else full
    b = empty if empty_side in ("b", "both") else full
    # Two empty signatures have identical values; they must still not count as similar.
    assert estimate_jaccard(a, b) == 0.0
