"""tracker.kernels: the compiled path and the numpy fallback equal tracker.signature, bit for bit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xxhash
from datasketch import MinHash

from tracker import kernels
from tracker.config import TrackerConfig
from tracker.hashing import datasketch_hashfunc, hash_tokens
from tracker.shingle import extract
from tracker.signature import EMPTY, from_bytes, minhash, minhash_segments, permutations, sign, sign_shingles

ROOT = Path(__file__).resolve().parents[2]
NO_NUMBA = pytest.mark.skipif(not kernels.numba_available(), reason="numba not installed")
BACKENDS = [
    pytest.param("numba", marks=NO_NUMBA),
    "numpy",
]
PERMS = permutations(128, 1)
# Words of several scripts and byte widths: ASCII, Latin-1, Cyrillic, CJK, emoji (4 bytes),
# a combining accent, an apostrophe, digits, and a lone surrogate (encoded with
# "surrogatepass", as tracker.hashing does).
ALPHABET = [
    "the", "of", "port", "strike", "dockworkers", "a", "x", "naïve", "café", "Москва", "забастовка",
    "東京", "港", "\U0001f600", "e\u0301", "o'neill", "3800", "4.5", "2011", "\ud800", "z" * 40,
]


def ngrams(words: list[str], n: int) -> list[str]:
    """tracker.shingle.verbatim_shingles for a word list."""
    return list(dict.fromkeys(" ".join(words[i:i + n]) for i in range(len(words) - n + 1)))


def random_words(rng: np.random.Generator, k: int) -> list[str]:
    pool = ALPHABET + [f"w{i}" for i in range(60)]
    return [pool[i] for i in rng.integers(0, len(pool), k)]


def random_groups(rng: np.random.Generator) -> list[list[str]]:
    """Up to 40 sets of 1-24 random words (each sorted), as the sentence family signs them."""
    sizes = rng.integers(1, 25, int(rng.integers(0, 40))).tolist()
    return [sorted(set(random_words(rng, size))) for size in sizes]


# --------------------------------------------------------------------------- xxh32


@pytest.mark.parametrize(("data", "seed", "expected"), [
    (b"", 0, 46947589), (b"", 1, 187479954), (b"abc", 0, 852579327), (b"abc", 1, 2856167679),
    ("Москва".encode(), 0, 2945956135),
])
def test_xxh32_pinned(data: bytes, seed: int, expected: int) -> None:
    assert kernels.xxh32(data, seed) == expected


def test_xxh32_equals_xxhash_on_random_inputs() -> None:
    rng = np.random.default_rng(4)
    lengths = list(range(0, 70)) + [100, 255, 256, 1000, 4099]
    for length in lengths:
        for _ in range(12):
            data = rng.integers(0, 256, length, dtype=np.uint8).tobytes()
            seed = int(rng.choice([0, 1, 2**31, 2**32 - 1, int(rng.integers(0, 2**32))]))
            assert kernels.xxh32(data, seed) == xxhash.xxh32_intdigest(data, seed), (length, seed)


# --------------------------------------------------------------------------- word n-grams


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_ngrams_equals_signature_on_random_token_lists(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(11)
    for trial in range(120):
        n = int(rng.integers(1, 8))
        words = random_words(rng, int(rng.integers(0, 60)))
        expected = ngrams(words, n)
        values, distinct = kernels.sign_ngrams(words, n, PERMS, 1, backend=backend)
        assert np.array_equal(values, sign_shingles(expected, 128, 1)), trial
        assert distinct == len(expected), trial


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("words", [
    [], ["one"], ["a", "b", "c", "d"], ["a", "b", "c", "d", "e"], ["", "", ""] * 3,
    ["Москва"] * 12, ["\U0001f600", "e\u0301", "\ud800", "x", "y", "z"],
])
def test_sign_ngrams_edge_cases(backend: kernels.Backend, words: list[str]) -> None:
    values, distinct = kernels.sign_ngrams(words, 5, PERMS, 1, backend=backend)
    expected = ngrams(words, 5)
    assert np.array_equal(values, sign_shingles(expected, 128, 1))
    assert distinct == len(expected)
    if not expected:
        assert (values == EMPTY).all()


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_ngrams_long_article(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(5)
    words = random_words(rng, 6000)  # > 5,000 shingles, many repeated
    values, distinct = kernels.sign_ngrams(words, 5, PERMS, 1, backend=backend)
    expected = ngrams(words, 5)
    assert len(expected) > 5000
    assert np.array_equal(values, sign_shingles(expected, 128, 1))
    assert distinct == len(expected)


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_joined_ngrams_equals_sign_ngrams(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(13)
    for trial in range(60):
        words = random_words(rng, int(rng.integers(1, 80)))
        n = int(rng.integers(1, 7))
        expected = kernels.sign_ngrams(words, n, PERMS, 1, backend="numpy")
        got = kernels.sign_joined_ngrams(" ".join(words), n, PERMS, 1, backend=backend)
        assert np.array_equal(got[0], expected[0]) and got[1] == expected[1], trial
    empty = kernels.sign_joined_ngrams("", 5, PERMS, 1, backend=backend)
    assert (empty[0] == EMPTY).all() and empty[1] == 0


def test_tokens_with_spaces_take_the_exact_path() -> None:
    # A token holding a space cannot be split back out of the joined bytes; the result must
    # still be the signature of the n-grams of the tokens as given.
    words = ["new york", "times", "new", "york times", "said", "x"]
    values, distinct = kernels.sign_ngrams(words, 2, PERMS, 1)
    assert np.array_equal(values, sign_shingles(ngrams(words, 2), 128, 1))
    assert distinct == len(ngrams(words, 2)) == 4
    assert np.array_equal(kernels.sign_terms(words, PERMS, 1), sign_shingles(words, 128, 1))


def test_compiled_and_fallback_agree_with_datasketch() -> None:
    words = "dockworkers at the port of calder bay walked off the job on thursday".split()
    m = MinHash(num_perm=128, seed=1, hashfunc=datasketch_hashfunc(1))
    m.update_batch([s.encode() for s in ngrams(words, 5)])
    for backend in ("numba", "numpy") if kernels.numba_available() else ("numpy",):
        assert np.array_equal(kernels.sign_ngrams(words, 5, PERMS, 1, backend=backend)[0], m.hashvalues)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="n must be"):
        kernels.sign_ngrams(["a"], 0, PERMS, 1)
    with pytest.raises(ValueError, match="unknown backend"):
        kernels.resolve_backend("fortran")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- terms, segments, hashes


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_terms_equals_signature(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(8)
    for trial in range(80):
        terms = set(random_words(rng, int(rng.integers(0, 400))))
        expected = sign_shingles(sorted(terms), 128, 1)
        assert np.array_equal(kernels.sign_terms(terms, PERMS, 1, backend=backend), expected), trial
        assert np.array_equal(kernels.sign_terms(sorted(terms), PERMS, 1, backend=backend), expected)


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_terms_empty_and_empty_string(backend: kernels.Backend) -> None:
    assert (kernels.sign_terms([], PERMS, 1, backend=backend) == EMPTY).all()
    assert np.array_equal(kernels.sign_terms([""], PERMS, 1, backend=backend), sign_shingles([""], 128, 1))


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_segments_equals_minhash_segments(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(9)
    sperms = permutations(8, 1)
    for trial in range(60):
        groups = random_groups(rng)
        flat = [t for g in groups for t in g]
        starts = np.cumsum([0] + [len(g) for g in groups[:-1]], dtype=np.intp)
        expected = minhash_segments(hash_tokens(flat, 1), starts if groups else np.empty(0, np.intp), 8, 1)
        got = kernels.sign_segments(groups, sperms, 1, backend=backend)
        assert got.shape == (len(groups), 8)
        assert np.array_equal(got, expected), trial


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_joined_segments_equals_sign_segments(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(11)
    sperms = permutations(8, 1)
    for trial in range(60):
        groups = random_groups(rng)
        joined = " ".join(" ".join(g) for g in groups)
        got = kernels.sign_joined_segments(joined, [len(g) for g in groups], sperms, 1, backend=backend)
        assert np.array_equal(got, kernels.sign_segments(groups, sperms, 1, backend="numpy")), trial
    assert kernels.sign_joined_segments("", [], sperms, 1, backend=backend).shape == (0, 8)


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_segments_empty_group_is_empty(backend: kernels.Backend) -> None:
    sperms = permutations(8, 1)
    got = kernels.sign_segments([["a", "b"], [], [frozenset({"c"})][0]], sperms, 1, backend=backend)
    assert (got[1] == EMPTY).all()
    assert np.array_equal(got[0], sign_shingles(["a", "b"], 8, 1))
    assert np.array_equal(got[2], sign_shingles(["c"], 8, 1))


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_hashes_equals_minhash(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(10)
    matrix = rng.integers(0, 2**32, (7, 300), dtype=np.uint32)
    got = kernels.sign_hashes(matrix, PERMS, backend=backend)
    for row, values in zip(matrix, got):
        assert np.array_equal(values, minhash(row, 128, 1))
    assert np.array_equal(kernels.sign_hashes(matrix[0], PERMS, backend=backend), got[0])


@pytest.mark.parametrize("backend", BACKENDS)
def test_hash_strings_equals_hash_tokens(backend: kernels.Backend) -> None:
    rng = np.random.default_rng(12)
    for trial in range(40):
        tokens = random_words(rng, int(rng.integers(0, 300)))
        got = kernels.hash_strings(tokens, trial, backend=backend)
        assert got.dtype == np.uint32
        assert np.array_equal(got, hash_tokens(tokens, trial)), trial
    assert np.array_equal(kernels.hash_strings(["a b", "c"], 1), hash_tokens(["a b", "c"], 1))
    assert np.array_equal(kernels.hash_strings([""], 1), hash_tokens([""], 1))


# --------------------------------------------------------------------------- whole articles


def test_kernels_reproduce_sign_on_the_example_corpus() -> None:
    config = TrackerConfig()
    perms = permutations(config.minhash.num_perm, config.minhash.seed)
    sperms = permutations(config.minhash.sentence_num_perm, config.minhash.seed)
    seed = config.minhash.seed
    with (ROOT / "tracker" / "examples" / "wire.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    assert texts
    for text in texts:
        features = extract(text, config.shingle)
        by_family = {s.family: s for s in sign("x", features, config)}
        for backend in ("numba", "numpy") if kernels.numba_available() else ("numpy",):
            verbatim, n_verbatim = kernels.sign_ngrams(
                features.words(), config.shingle.word_ngram, perms, seed, backend=backend)
            assert np.array_equal(verbatim, from_bytes(by_family["verbatim"].values))
            assert n_verbatim == by_family["verbatim"].n_shingles
            terms = features.terms()
            assert np.array_equal(kernels.sign_terms(terms, perms, seed, backend=backend),
                                  from_bytes(by_family["content"].values))
            assert len(terms) == by_family["content"].n_shingles
            groups = [s.terms for s in features.sentences
                      if len(s.terms) >= config.shingle.min_sentence_terms]
            sentence = kernels.sign_segments(groups, sperms, seed, backend=backend)
            assert np.array_equal(sentence.ravel(), from_bytes(by_family["sentence"].values))
            assert len(groups) == by_family["sentence"].n_shingles


# --------------------------------------------------------------------------- without numba


def test_fallback_is_chosen_when_numba_is_missing() -> None:
    script = """
import sys
sys.modules["numba"] = None  # makes "import numba" raise ImportError
import numpy as np
from tracker import kernels
from tracker.bandtable import BandTable
from tracker.signature import permutations, sign_shingles
assert not kernels.numba_available() and kernels.resolve_backend() == "numpy"
perms = permutations(64, 1)
words = "the strike is the first full stoppage at the port since 2011".split()
grams = list(dict.fromkeys(" ".join(words[i:i + 5]) for i in range(len(words) - 4)))
values, n = kernels.sign_ngrams(words, 5, perms, 1)
assert np.array_equal(values, sign_shingles(grams, 64, 1)) and n == len(grams)
assert kernels.xxh32(b"abc", 0) == 852579327
table = BandTable.build(np.vstack([values, values]), bands=16, rows=4)
table.insert(values, 5)
assert table.backend == "numpy" and table.query(values).tolist() == [0, 1, 5]
import json
from tracker.config import TrackerConfig
from tracker.shingle import extract
from tracker.signature import sign
config = TrackerConfig()
with open("tracker/examples/wire.jsonl", encoding="utf-8") as fh:
    texts = [json.loads(line)["text"] for line in fh if line.strip()]
signed = [[(s.family, s.values.hex(), s.n_shingles) for s in sign("x", extract(t, config.shingle), config)]
          for t in texts]
print(json.dumps(signed))
try:
    kernels.resolve_backend("numba")
except ValueError as exc:
    assert "numba is not installed" in str(exc)
else:
    raise AssertionError("numba backend without numba")
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    *signed, ok = done.stdout.strip().splitlines()
    assert ok == "ok"
    # The whole sign() without numba equals sign() in this process, bit for bit.
    config = TrackerConfig()
    with (ROOT / "tracker" / "examples" / "wire.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    here = [[[s.family, s.values.hex(), s.n_shingles] for s in sign("x", extract(t, config.shingle), config)]
            for t in texts]
    assert json.loads(signed[0]) == here
