"""tracker.hashing: pinned values, width, seeds, str/bytes equality, content hash format."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tracker.hashing import content_hash, datasketch_hashfunc, hash32, hash64, hash_tokens

# Pinned once from xxhash 4.1.0 (xxh32 / xxh3_64). A change here means every stored signature
# and content hash is invalid: bump FEATURES_VERSION instead of editing these numbers.
PINNED_32 = [
    ("", 0, 46947589),
    ("", 1, 187479954),
    ("abc", 0, 852579327),
    ("abc", 1, 2856167679),
    ("the quick brown fox", 0, 2598306148),
    ("the quick brown fox", 1, 908252441),
    ("Москва", 0, 2945956135),
    ("Москва", 1, 3777027563),
]
PINNED_64 = [
    ("", 0, 3244421341483603138),
    ("abc", 0, 8696274497037089104),
    ("abc", 1, 7729416884403528232),
    ("the quick brown fox", 0, 8136938508107280505),
    ("the quick brown fox", 1, 3723475641790329468),
    ("Москва", 0, 456007154835205729),
]
PINNED_CONTENT = [
    ("", "2d06800538d394c2"),
    ("abc", "78af5f94892f3950"),
    ("the quick brown fox", "70ec367636ee7079"),
    ("Москва", "065410175efd2e61"),
]


@pytest.mark.parametrize(("data", "seed", "expected"), PINNED_32)
def test_hash32_pinned(data: str, seed: int, expected: int) -> None:
    assert hash32(data, seed) == expected


@pytest.mark.parametrize(("data", "seed", "expected"), PINNED_64)
def test_hash64_pinned(data: str, seed: int, expected: int) -> None:
    assert hash64(data, seed) == expected


@pytest.mark.parametrize(("text", "expected"), PINNED_CONTENT)
def test_content_hash_pinned(text: str, expected: str) -> None:
    assert content_hash(text) == expected


WORDS = ["", "a", "abc", "harbour", "Москва", "東京", "x" * 1000, "emoji \U0001f600"]


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("seed", [0, 1, 2**31, 2**32 - 1])
def test_hash32_fits_in_32_bits(word: str, seed: int) -> None:
    value = hash32(word, seed)
    assert isinstance(value, int)
    assert 0 <= value < 2**32


@pytest.mark.parametrize("word", WORDS)
def test_hash64_fits_in_64_bits(word: str) -> None:
    assert 0 <= hash64(word, 7) < 2**64


def test_hash32_uses_more_than_16_bits() -> None:
    values = [hash32(f"shingle {i}", 1) for i in range(200)]
    assert max(values) >= 2**31
    assert len(set(values)) == 200


@pytest.mark.parametrize("word", ["abc", "the quick brown fox", "Москва"])
def test_seed_changes_the_value(word: str) -> None:
    assert hash32(word, 0) != hash32(word, 1)
    assert hash64(word, 0) != hash64(word, 1)
    assert len({hash32(word, s) for s in range(20)}) == 20


@pytest.mark.parametrize("word", ["", "abc", "Москва", "naïve café"])
def test_str_and_utf8_bytes_hash_equal(word: str) -> None:
    raw = word.encode("utf-8")
    assert hash32(word, 5) == hash32(raw, 5)
    assert hash64(word, 5) == hash64(raw, 5)


@pytest.mark.parametrize("text", ["", "abc", "A longer article body.\n\nSecond paragraph."])
def test_content_hash_is_16_lowercase_hex(text: str) -> None:
    value = content_hash(text)
    assert re.fullmatch(r"[0-9a-f]{16}", value)
    assert int(value, 16) == hash64(text, 0)


def test_content_hash_keeps_leading_zeros() -> None:
    # "Москва" hashes to a value below 2**60: its hex form must still be 16 digits.
    assert hash64("Москва", 0) < 2**60
    assert content_hash("Москва").startswith("0")
    assert len(content_hash("Москва")) == 16


def test_content_hash_distinguishes_texts() -> None:
    assert content_hash("Prices rose 2.3 percent.") != content_hash("Prices rose 2.5 percent.")


def test_hash_tokens_matches_hash32_elementwise() -> None:
    tokens = ["alpha", "beta gamma", "Москва", ""]
    got = hash_tokens(tokens, 3)
    assert got.dtype == np.uint32
    assert got.tolist() == [hash32(t, 3) for t in tokens]


def test_hash_tokens_empty() -> None:
    got = hash_tokens([], 1)
    assert got.dtype == np.uint32
    assert got.shape == (0,)


def test_datasketch_hashfunc_equals_hash32_on_bytes() -> None:
    fn = datasketch_hashfunc(9)
    for word in ["abc", "Москва", ""]:
        assert fn(word.encode("utf-8")) == hash32(word, 9)
    assert datasketch_hashfunc(1)(b"abc") == 2856167679
