"""Micro-benchmarks of signing one article: every family through the kernels, the whole
``sign()`` today and as proposed, and a smoke run of ``benchmarks/hashing.py``.

Run with timings: ``.venv/bin/python -m pytest benchmarks/test_bench_core.py --benchmark-enable``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from benchmarks.hashing import Corpus, main, ngram_set, sign_with_kernels
from tracker import kernels
from tracker.config import TrackerConfig
from tracker.shingle import Features
from tracker.signature import permutations, sign, sign_shingles

PERMS = permutations(128, 1)


def test_sign_ngrams_one_article(benchmark: Any, synthetic_corpus: Corpus) -> None:
    words = synthetic_corpus.words[0]
    values, distinct = benchmark(kernels.sign_ngrams, words, 5, PERMS, 1)
    assert distinct == len(ngram_set(words)) > 700
    assert (values == sign_shingles(ngram_set(words), 128, 1)).all()


def test_sign_ngrams_numpy_fallback_one_article(benchmark: Any, synthetic_corpus: Corpus) -> None:
    values, _ = benchmark(kernels.sign_ngrams, synthetic_corpus.words[0], 5, PERMS, 1, backend="numpy")
    assert len(values) == 128


def test_sign_shingles_today_one_article(benchmark: Any, synthetic_corpus: Corpus) -> None:
    words = synthetic_corpus.words[0]
    values = benchmark(lambda: sign_shingles(ngram_set(words), 128, 1))
    assert len(values) == 128


def test_sign_terms_one_article(benchmark: Any, synthetic_features: list[Features]) -> None:
    terms = synthetic_features[0].terms()
    values = benchmark(kernels.sign_terms, terms, PERMS, 1)
    assert (values == sign_shingles(sorted(terms), 128, 1)).all()


def test_sign_segments_one_article(benchmark: Any, synthetic_features: list[Features]) -> None:
    groups = [s.terms for s in synthetic_features[0].sentences if len(s.terms) >= 3]
    values = benchmark(kernels.sign_segments, groups, permutations(8, 1), 1)
    assert values.shape == (len(groups), 8)


def test_sign_today_one_article(benchmark: Any, synthetic_features: list[Features],
                                bench_config: TrackerConfig) -> None:
    sigs = benchmark(sign, "a", synthetic_features[0], bench_config)
    assert sigs[0].family == "verbatim"


def test_sign_with_kernels_one_article(benchmark: Any, synthetic_features: list[Features],
                                       bench_config: TrackerConfig) -> None:
    sigs = benchmark(sign_with_kernels, "a", synthetic_features[0], bench_config)
    assert sigs == sign("a", synthetic_features[0], bench_config)


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_hashing_script_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--n", "2000", "--articles", "8", "--rounds", "1", "--queries", "30",
                 "--ds-max", "1000", "--ds-bytes-n", "300", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("ours_articles_per_s", "datasketch_update_articles_per_s", "datasketch_bulk_articles_per_s",
                "rensa_articles_per_s", "ours_ns_per_shingle", "mae_ours", "mae_datasketch"):
        assert key in result["signature"]
    for key in ("n", "insert_us", "query_us_p50", "query_us_p99", "bytes_per_article",
                "recall_vs_datasketch"):
        assert key in result["lsh"]
    assert result["lsh"]["n"] == 2000
    assert result["lsh"]["recall_vs_datasketch"] == 1.0
    assert result["signature_detail"]["identical_to_datasketch_xxhash"] == 1.0
    assert result["families"]["sign_kernels_identical"] is True
