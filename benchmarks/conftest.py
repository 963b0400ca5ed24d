"""Seeded synthetic corpora shared by the micro-benchmarks (small: they also run once as smoke
tests in the ordinary suite, where ``--benchmark-disable`` executes each function once)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from benchmarks.hashing import Corpus, lsh_corpus, make_corpus
from tracker.config import TrackerConfig
from tracker.shingle import Features, extract


@pytest.fixture(scope="session")
def bench_config() -> TrackerConfig:
    """The default configuration (128 permutations, 42 x 3 bands for the document families)."""
    return TrackerConfig()


@pytest.fixture(scope="session")
def synthetic_corpus() -> Corpus:
    """24 news-length synthetic articles (about 800 word 5-grams each) in 12 edited pairs."""
    return make_corpus(24, seed=7)


@pytest.fixture(scope="session")
def synthetic_features(synthetic_corpus: Corpus, bench_config: TrackerConfig) -> list[Features]:
    """The corpus through :func:`tracker.shingle.extract`."""
    return [extract(text, bench_config.shingle) for text in synthetic_corpus.texts]


@pytest.fixture(scope="session")
def lsh_signatures() -> dict[str, NDArray[np.uint32]]:
    """Signatures of 5,000 clustered documents per document family (``verbatim``, ``content``)."""
    sigs, _, _ = lsh_corpus(5000, seed=7)
    return sigs
