"""The hashing-core benchmark (issue 4): signatures and LSH, ours beside datasketch and rensa.

Builds a seeded synthetic corpus (real English words drawn with their frequencies from the
wordfreq tables the tracker already uses, plus generated names; news-length articles of about
800 word 5-gram shingles; related pairs edited at known rates), then prints one table:

* **signature**: text tokens -> 128-value MinHash of the word 5-grams, one core, for our
  compiled path (:mod:`tracker.kernels`), the bare compiled loop on pre-joined bytes (the
  "tight compiled loop" yardstick), our numpy fallback, the tracker's pure-numpy
  ``sign_shingles``, datasketch ``MinHash.update()`` per shingle (its documented default,
  SHA-1), datasketch ``update_batch`` and ``MinHash.bulk`` with an xxhash ``hashfunc``, and
  rensa when installed; in articles/s, ns/shingle and ratio to datasketch ``update()``. Every
  method starts from the token list and builds its own shingles, so the costs compare. The
  rates are medians over ``--rounds`` rounds, each round running every method in turn
  (side by side, same corpus). Accuracy is the mean absolute error of the estimated against
  the exact Jaccard on the related pairs.
* **families**: each shingle family the tracker signs and the whole ``sign()`` of an article,
  the pure-Python/numpy path against the compiled kernels (checked equal before timing).
* **LSH**: :class:`tracker.bandtable.BandTable` for the two document families (content and
  verbatim, bands x rows from the tracker's config) at ``--n`` articles: start-up (bulk build
  from stored blobs), insert, query p50/p99, bytes per article, and the candidate sets
  against datasketch ``MinHashLSH`` with the same bands on the first ``--ds-max`` articles.

Usage::

    .venv/bin/python benchmarks/hashing.py                  # default: 2,000 articles, LSH at 100k
    .venv/bin/python benchmarks/hashing.py --n 1000000      # LSH at 1M (a few minutes)
    .venv/bin/python benchmarks/hashing.py --scaling        # LSH and signing at 10k, 100k, 1M
    .venv/bin/python benchmarks/hashing.py --json           # one JSON object instead of tables

The corpus is generated here from a seed (``--seed``); nothing is read from disk except the
wordfreq package's bundled tables.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from tracker import kernels  # noqa: E402
from tracker.bandtable import BandTable  # noqa: E402
from tracker.config import TrackerConfig, lsh_bands, params_id  # noqa: E402
from tracker.hashing import datasketch_hashfunc  # noqa: E402
from tracker.model import Signature  # noqa: E402
from tracker.shingle import Features, extract  # noqa: E402
from tracker.signature import FORMAT_VERSION, permutations, sign, sign_shingles, to_bytes  # noqa: E402
from tracker.text import content_terms, tokens  # noqa: E402

NGRAM = 5
SEED = 1  # the MinHash seed (config.minhash.seed default)

# --------------------------------------------------------------------------- corpus

# The vocabulary is real English from the wordfreq package (a tracker dependency: its
# bundled frequency tables, no download) with its own frequencies, so stop words, stems and
# the rare "anchor" terms of the content family occur as in news text. 4% of the words are
# generated names (rare, like the people and places of a story), a quarter of them with
# accented Latin or Cyrillic syllables, so multi-byte UTF-8 shingles are part of every run.
_ONSETS = ("", "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m",
           "n", "p", "pl", "pr", "r", "s", "sh", "sl", "st", "t", "th", "tr", "v", "w", "z")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ee", "ou", "io", "y")
_CODAS = ("", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "ng", "rt")
_UNICODE_SYLLABLES = ("é", "ü", "ñ", "ø", "ka", "ло", "ми", "ра", "ст", "ён", "çe", "ğa")
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_EDIT_RATES = (0.005, 0.02, 0.05, 0.1, 0.2, 0.35)


def make_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct generated lower-case names of 2-4 syllables."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        k = 4 * (count - len(names)) + 64
        onsets, vowels, codas = (rng.integers(0, len(x), k).tolist() for x in (_ONSETS, _VOWELS, _CODAS))
        exotic = (rng.random(k) < 0.08).tolist()
        pick = rng.integers(0, len(_UNICODE_SYLLABLES), k).tolist()
        syllables = [_UNICODE_SYLLABLES[p] if e else _ONSETS[o] + _VOWELS[v] + _CODAS[c]
                     for o, v, c, e, p in zip(onsets, vowels, codas, exotic, pick)]
        pos = 0
        for length in rng.integers(2, 5, k).tolist():
            if pos + length > k or len(names) >= count:
                break
            name = "".join(syllables[pos:pos + length])
            pos += length
            if name not in seen:
                seen.add(name)
                names.append(name)
    return names


def make_vocabulary(rng: np.random.Generator, size: int = 30_000) -> tuple[list[str], NDArray[np.float64]]:
    """Words and their relative frequencies: real English (wordfreq) plus generated names.

    Without wordfreq, generated words with Zipf-Mandelbrot frequencies ``1 / (rank + 2.7)``.
    """
    n_names = size // 25
    names = make_names(rng, n_names if size > n_names else size)
    try:
        import wordfreq
    except ImportError:
        words = make_names(rng, size)
        return words, 1.0 / (np.arange(size) + 2.7)
    english = [w for w in wordfreq.top_n_list("en", 2 * size) if _TOKEN.fullmatch(w)][: size - len(names)]
    freqs = [wordfreq.word_frequency(w, "en") for w in english]
    rare = float(np.quantile(freqs, 0.2))  # a name is as frequent as a fairly rare word
    taken = set(english)
    names = [n for n in names if n not in taken]
    return english + names, np.array(freqs + [rare] * len(names))


@dataclass
class Vocabulary:
    """Words and the cumulative distribution they are drawn from."""

    words: list[str]
    cumulative: NDArray[np.float64]

    @classmethod
    def make(cls, rng: np.random.Generator, size: int = 30_000) -> Vocabulary:
        words, freqs = make_vocabulary(rng, size)
        return cls(words, np.cumsum(freqs) / freqs.sum())

    def sample(self, rng: np.random.Generator, k: int) -> list[str]:
        """``k`` words drawn by frequency; 2% of them are numbers as news prints them."""
        idx = np.searchsorted(self.cumulative, rng.random(k)).clip(0, len(self.words) - 1)
        out = [self.words[i] for i in idx.tolist()]
        numbers = ["2011", "3,800", "4.5", "12", "1,250,000"]
        for pos in np.flatnonzero(rng.random(k) < 0.02).tolist():
            out[pos] = str(rng.choice([*numbers, str(int(rng.integers(1, 999)))]))
        return out


def render(words: Sequence[str], rng: np.random.Generator) -> str:
    """Words as article text: capitalised sentences of 8-35 words, paragraphs of 1-4 sentences."""
    paragraphs: list[str] = []
    sentences: list[str] = []
    pos = 0
    while pos < len(words):
        length = int(np.clip(rng.normal(20, 6), 8, 35))
        chunk = list(words[pos:pos + length])
        pos += length
        chunk[0] = chunk[0][:1].upper() + chunk[0][1:]
        sentences.append(" ".join(chunk) + ".")
        if len(sentences) >= int(rng.integers(1, 5)):
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def edit(words: Sequence[str], rate: float, vocab: Vocabulary, rng: np.random.Generator) -> list[str]:
    """A copy with each word, at probability ``rate``, replaced (1/2), dropped (1/4) or
    followed by an inserted word (1/4)."""
    out: list[str] = []
    fresh = iter(vocab.sample(rng, len(words) + 1))
    for word, u, op in zip(words, rng.random(len(words)), rng.random(len(words))):
        if u >= rate:
            out.append(word)
        elif op < 0.5:
            out.append(next(fresh))
        elif op < 0.75:
            out.extend((word, next(fresh)))
    return out


@dataclass
class Corpus:
    """Seeded synthetic articles in related pairs: article ``2i + 1`` is an edit of ``2i``.

    Attributes:
        texts: article texts.
        words: their tokens (:func:`tracker.text.tokens`).
        rates: edit rate of each pair.
    """

    texts: list[str]
    words: list[list[str]]
    rates: list[float]

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return [(2 * i, 2 * i + 1) for i in range(len(self.rates))]


def make_corpus(n_articles: int, seed: int = 7, n_words: int = 804) -> Corpus:
    """``n_articles`` (rounded up to even) news-length articles in edited pairs."""
    rng = np.random.default_rng(seed)
    vocab = Vocabulary.make(rng)
    texts: list[str] = []
    rates: list[float] = []
    for i in range((n_articles + 1) // 2):
        base = vocab.sample(rng, n_words)
        rate = _EDIT_RATES[i % len(_EDIT_RATES)]
        copy = edit(base, rate, vocab, rng)
        texts.extend((render(base, rng), render(copy, rng)))
        rates.append(rate)
    return Corpus(texts, [tokens(t) for t in texts], rates)


def ngram_set(words: Sequence[str], n: int = NGRAM) -> list[str]:
    """Distinct word n-grams in first-seen order (as :func:`tracker.shingle.verbatim_shingles`)."""
    return list(dict.fromkeys(" ".join(words[i:i + n]) for i in range(len(words) - n + 1)))


def exact_jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


# --------------------------------------------------------------------------- timing


def _median_rates(methods: dict[str, tuple[Callable[[], object], int]], rounds: int) -> dict[str, float]:
    """Items per second of every method: median over rounds, methods interleaved in a round.

    Time is this process's CPU time (the machine is shared: wall time would charge us for
    other processes), with the garbage collector paused as ``timeit`` does.
    """
    rates: dict[str, list[float]] = {name: [] for name in methods}
    for name, (fn, _) in methods.items():
        fn()  # warm-up: compilation, caches
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for name, (fn, items) in methods.items():
                start = time.process_time()
                fn()
                rates[name].append(items / (time.process_time() - start))
    finally:
        gc.enable()
    return {name: float(np.median(r)) for name, r in rates.items()}


def _try_rensa() -> Any:
    try:
        from rensa import RMinHash
    except ImportError:
        return None
    return RMinHash


# --------------------------------------------------------------------------- signatures


def sign_with_kernels(article_id: str, features: Features, config: TrackerConfig) -> list[Signature]:
    """``tracker.signature.sign`` written out with the kernels, as a reference.

    Timed and checked against ``tracker.signature.sign`` on every run, so that the two stay
    identical.
    """
    from tracker.anchors import anchor_terms, figure_marks
    from tracker.anchors import encode as encode_anchors

    seed = config.minhash.seed
    perms = permutations(config.minhash.num_perm, seed)
    verbatim, n_verbatim = kernels.sign_ngrams(features.words(), config.shingle.word_ngram, perms, seed)
    terms = features.terms()
    content = kernels.sign_terms(terms, perms, seed)
    groups = [s.terms for s in features.sentences if len(s.terms) >= config.shingle.min_sentence_terms]
    sentence = kernels.sign_segments(groups, permutations(config.minhash.sentence_num_perm, seed), seed)
    found = anchor_terms(features)
    return [
        Signature(article_id, "verbatim", params_id(config, "verbatim"), to_bytes(verbatim), n_verbatim),
        Signature(article_id, "content", params_id(config, "content"), to_bytes(content), len(terms)),
        Signature(article_id, "sentence", params_id(config, "sentence"), to_bytes(sentence.ravel()),
                  len(groups)),
        Signature(article_id, "anchors", params_id(config, "anchors"),
                  encode_anchors(found, seed, figure_marks(features), features.script), len(found)),
    ]


def bench_signatures(corpus: Corpus, rounds: int, num_perm: int = 128) -> dict[str, Any]:
    """The signature table: throughput of every method and accuracy on the related pairs."""
    from datasketch import LeanMinHash, MinHash

    perms = permutations(num_perm, SEED)
    a, b = perms
    words = corpus.words
    n_all = len(words)
    small = words[: min(n_all, 200)]
    tiny = words[: min(n_all, 20)]
    shingles_per_article = float(np.mean([max(0, len(w) - NGRAM + 1) for w in words]))
    hashfunc = datasketch_hashfunc(SEED)
    jit = kernels._compiled()
    bufs = [(" ".join(w).encode("utf-8", "surrogatepass"), len(w)) for w in words]

    def ours() -> None:
        for w in words:
            kernels.sign_ngrams(w, NGRAM, perms, SEED)

    joined = [" ".join(w) for w in words]

    def ours_joined() -> None:
        for text in joined:
            kernels.sign_joined_ngrams(text, NGRAM, perms, SEED)

    def kernel_only() -> None:
        seed32 = np.uint32(SEED)
        for buf, count in bufs:
            jit.ngram_signature(buf, count, NGRAM, seed32, a, b)

    def ours_numpy() -> None:
        for w in small:
            kernels.sign_ngrams(w, NGRAM, perms, SEED, backend="numpy")

    def tracker_today() -> None:
        for w in small:
            sign_shingles(ngram_set(w), num_perm, SEED)

    def ds_update() -> None:
        for w in tiny:
            m = MinHash(num_perm=num_perm, seed=SEED)
            for s in ngram_set(w):
                m.update(s.encode("utf-8"))

    def ds_update_batch() -> None:
        for w in small:
            m = MinHash(num_perm=num_perm, seed=SEED, hashfunc=hashfunc)
            m.update_batch([s.encode("utf-8") for s in ngram_set(w)])

    def ds_bulk() -> None:
        MinHash.bulk([[s.encode("utf-8") for s in ngram_set(w)] for w in small],
                     num_perm=num_perm, seed=SEED, hashfunc=hashfunc)

    methods: dict[str, tuple[Callable[[], object], int]] = {
        "ours": (ours, n_all),
        "ours_joined": (ours_joined, n_all),
        "ours_kernel_only": (kernel_only, n_all),
        "ours_numpy_fallback": (ours_numpy, len(small)),
        "tracker_sign_shingles": (tracker_today, len(small)),
        "datasketch_update": (ds_update, len(tiny)),
        "datasketch_update_batch": (ds_update_batch, len(small)),
        "datasketch_bulk": (ds_bulk, len(small)),
    }
    rensa = _try_rensa()
    if rensa is not None:
        def rensa_update() -> None:
            for w in small:
                m = rensa(num_perm=num_perm, seed=SEED)
                m.update(ngram_set(w))
                m.digest()

        methods["rensa"] = (rensa_update, len(small))
    if jit is None:
        del methods["ours_kernel_only"]
    rates = _median_rates(methods, rounds)

    # Accuracy and bit-identity on the related pairs.
    ours_sigs = [kernels.sign_ngrams(w, NGRAM, perms, SEED)[0] for w in words]
    ds_sigs = []
    identical = 0
    for w, mine in zip(words, ours_sigs):
        grams = [s.encode("utf-8") for s in ngram_set(w)]
        m = MinHash(num_perm=num_perm, seed=SEED)  # datasketch's default hash (SHA-1)
        m.update_batch(grams)
        ds_sigs.append(LeanMinHash(m))
        x = MinHash(num_perm=num_perm, seed=SEED, hashfunc=hashfunc)
        x.update_batch(grams)
        identical += bool(np.array_equal(x.hashvalues, mine))
    err_ours, err_ds, err_content_ours, err_content_ds = [], [], [], []
    for i, j in corpus.pairs:
        truth = exact_jaccard(ngram_set(words[i]), ngram_set(words[j]))
        err_ours.append(abs(float(np.mean(ours_sigs[i] == ours_sigs[j])) - truth))
        err_ds.append(abs(ds_sigs[i].jaccard(ds_sigs[j]) - truth))
        ti, tj = set(content_terms(words[i])), set(content_terms(words[j]))
        truth_c = exact_jaccard(list(ti), list(tj))
        ci, cj = kernels.sign_terms(ti, perms, SEED), kernels.sign_terms(tj, perms, SEED)
        err_content_ours.append(abs(float(np.mean(ci == cj)) - truth_c))
        mi, mj = MinHash(num_perm=num_perm, seed=SEED), MinHash(num_perm=num_perm, seed=SEED)
        mi.update_batch([t.encode("utf-8") for t in ti])
        mj.update_batch([t.encode("utf-8") for t in tj])
        err_content_ds.append(abs(mi.jaccard(mj) - truth_c))

    base = rates["datasketch_update"]
    return {
        "articles": n_all,
        "shingles_per_article": shingles_per_article,
        "rates": rates,
        "ns_per_shingle": {k: 1e9 / (v * shingles_per_article) for k, v in rates.items()},
        "ratio_to_datasketch_update": {k: v / base for k, v in rates.items()},
        "identical_to_datasketch_xxhash": identical / n_all,
        "pairs": len(corpus.pairs),
        "mae_ours": float(np.mean(err_ours)),
        "mae_datasketch": float(np.mean(err_ds)),
        "mae_content_ours": float(np.mean(err_content_ours)),
        "mae_content_datasketch": float(np.mean(err_content_ds)),
    }


def bench_families(corpus: Corpus, rounds: int, config: TrackerConfig, limit: int = 600) -> dict[str, Any]:
    """Every family and the whole ``sign()``: today's code against the kernels."""
    from tracker.hashing import hash_tokens
    from tracker.shingle import content_shingles, sentence_shingles, verbatim_shingles
    from tracker.signature import minhash_segments

    feats = [extract(t, config.shingle) for t in corpus.texts[:limit]]
    seed = config.minhash.seed
    perms = permutations(config.minhash.num_perm, seed)
    sperms = permutations(config.minhash.sentence_num_perm, seed)
    min_terms = config.shingle.min_sentence_terms
    n_gram = config.shingle.word_ngram
    inputs = [(f.words(), f.terms(), [s.terms for s in f.sentences if len(s.terms) >= min_terms])
              for f in feats]

    same = all(
        [(s.family, s.values, s.n_shingles) for s in sign(str(i), f, config)]
        == [(s.family, s.values, s.n_shingles) for s in sign_with_kernels(str(i), f, config)]
        for i, f in enumerate(feats)
    )

    def today_verbatim() -> None:
        for f in feats:
            sign_shingles(verbatim_shingles(f, n_gram), perms[0].size, seed)

    def today_content() -> None:
        for f in feats:
            sign_shingles(content_shingles(f), perms[0].size, seed)

    def today_sentence() -> None:
        for f in feats:
            per = sentence_shingles(f, min_terms)
            flat = [t for _, terms in per for t in terms]
            starts = np.cumsum([0] + [len(t) for _, t in per[:-1]], dtype=np.intp)
            minhash_segments(hash_tokens(flat, seed), starts if per else np.empty(0, np.intp),
                             sperms[0].size, seed)

    def ours_verbatim() -> None:
        for w, _, _ in inputs:
            kernels.sign_ngrams(w, n_gram, perms, seed)

    def ours_verbatim_from_features() -> None:
        for f in feats:
            kernels.sign_ngrams(f.words(), n_gram, perms, seed)

    def ours_content() -> None:
        for _, t, _ in inputs:
            kernels.sign_terms(t, perms, seed)

    def ours_sentence() -> None:
        for _, _, g in inputs:
            kernels.sign_segments(g, sperms, seed)

    def ours_minhash_families() -> None:
        for f in feats:
            kernels.sign_ngrams(f.words(), n_gram, perms, seed)
            kernels.sign_terms(f.terms(), perms, seed)
            kernels.sign_segments([s.terms for s in f.sentences if len(s.terms) >= min_terms], sperms, seed)

    def today_sign() -> None:
        for i, f in enumerate(feats):
            sign(str(i), f, config)

    def kernel_sign() -> None:
        for i, f in enumerate(feats):
            sign_with_kernels(str(i), f, config)

    def tokenize() -> None:
        for t in corpus.texts[:limit]:
            tokens(t)

    few = corpus.texts[:min(limit, 100)]

    def extract_text() -> None:
        for t in few:
            extract(t, config.shingle)

    n = len(feats)
    rates = _median_rates({
        "verbatim_today": (today_verbatim, n), "verbatim_ours": (ours_verbatim, n),
        "verbatim_ours_incl_words": (ours_verbatim_from_features, n),
        "content_today": (today_content, n), "content_ours": (ours_content, n),
        "sentence_today": (today_sentence, n), "sentence_ours": (ours_sentence, n),
        "minhash_families_ours": (ours_minhash_families, n),
        "sign_today": (today_sign, n), "sign_kernels": (kernel_sign, n),
        "tokenize_text": (tokenize, n), "extract_text": (extract_text, len(few)),
    }, rounds)
    rates["text_to_signatures"] = 1.0 / (1.0 / rates["extract_text"] + 1.0 / rates["sign_today"])
    return {"articles": n, "rates": rates, "sign_kernels_identical": same}


# --------------------------------------------------------------------------- LSH corpus


_CHUNK = 10_000
_SET_SIZES = {"verbatim": 256, "content": 128}


def _chunk_sets(seed: int, chunk: int) -> tuple[dict[str, NDArray[np.uint32]], NDArray[np.int64]]:
    """Shingle-hash sets of one chunk of ``_CHUNK`` documents per family, and cluster labels.

    Clusters: half the documents are alone; the rest come in clusters of 2-7 whose members
    are the cluster's base set with a fraction ``f ~ U(0, 0.9)`` of hashes replaced (Jaccard
    to the base ``(1 - f) / (1 + f)``). Seeded per chunk, so a prefix of the corpus does not
    depend on its total size.
    """
    rng = np.random.default_rng([seed, chunk])
    sizes: list[int] = []
    while sum(sizes) < _CHUNK:
        sizes.append(1 if rng.random() < 0.5 else int(rng.integers(2, 8)))
    labels = np.repeat(np.arange(len(sizes)), sizes)[:_CHUNK]
    frac = rng.random(_CHUNK) * 0.9
    frac[np.r_[0, np.flatnonzero(np.diff(labels)) + 1]] = 0.0  # first member is the base
    out = {}
    for family, width in _SET_SIZES.items():
        sets = rng.integers(0, 2**32, (len(sizes), width), dtype=np.uint32)[labels]
        replace = rng.random(sets.shape) < frac[:, None]
        sets[replace] = rng.integers(0, 2**32, int(replace.sum()), dtype=np.uint32)
        out[family] = sets
    return out, labels + chunk * _CHUNK


Sets = dict[str, list[NDArray[np.uint32]]]


def lsh_corpus(n: int, seed: int, num_perm: int = 128, keep_sets: int = 0
               ) -> tuple[dict[str, NDArray[np.uint32]], NDArray[np.int64], Sets]:
    """Signatures of ``n`` documents for both document families, cluster labels, and the
    shingle-hash sets of the first ``keep_sets`` documents (for exact Jaccard)."""
    perms = permutations(num_perm, SEED)
    sigs = {f: np.empty((n, num_perm), dtype=np.uint32) for f in _SET_SIZES}
    labels = np.empty(n, dtype=np.int64)
    kept: dict[str, list[NDArray[np.uint32]]] = {f: [] for f in _SET_SIZES}
    for chunk in range((n + _CHUNK - 1) // _CHUNK):
        lo, hi = chunk * _CHUNK, min(n, (chunk + 1) * _CHUNK)
        sets, lab = _chunk_sets(seed, chunk)
        labels[lo:hi] = lab[: hi - lo]
        for family in _SET_SIZES:
            sigs[family][lo:hi] = kernels.sign_hashes(sets[family][: hi - lo], perms)
            if lo < keep_sets:
                kept[family].extend(sets[family][: min(hi, keep_sets) - lo])
    return sigs, labels, kept


def _rss() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def bench_lsh(n: int, seed: int, config: TrackerConfig, ds_max: int, queries: int,
              ds_cache: dict[str, Any] | None = None, ds_bytes_n: int = 10_000) -> dict[str, Any]:
    """LSH figures at ``n`` articles for the content and verbatim families together."""
    from datasketch import LeanMinHash, MinHashLSH

    bands = lsh_bands(config)
    num_perm = config.minhash.num_perm
    ds_n = min(n, ds_max)
    sigs, labels, sets = lsh_corpus(n, seed, num_perm, keep_sets=ds_n)
    families = list(_SET_SIZES)

    # Load the compiled loops once (numba's disk cache) so that no timing below includes it.
    warm = BandTable.build(sigs[families[0]][:100], bands=bands[families[0]][0], rows=bands[families[0]][1])
    warm.insert(sigs[families[0]][0], 100)
    warm.query(sigs[families[0]][0])
    warm.merge()

    # Start-up: decode stored blobs into a matrix, then one bulk build per family.
    n0 = (n - 1) * 8 // 9  # bulk part; the rest fills the delta exactly once (one merge)
    blobs = {f: [to_bytes(row) for row in sigs[f][:n0]] for f in families}
    gc.collect()
    rss0 = _rss()
    start = time.perf_counter()
    tables: dict[str, BandTable] = {}
    for f in families:
        raw = np.frombuffer(b"".join(blobs[f]), dtype=np.uint8).reshape(n0, 1 + 4 * num_perm)
        assert (raw[:, 0] == FORMAT_VERSION).all()
        matrix = np.ascontiguousarray(raw[:, 1:]).view("<u4")
        tables[f] = BandTable.build(matrix, bands=bands[f][0], rows=bands[f][1])
    startup_s = time.perf_counter() - start
    del blobs, raw, matrix
    gc.collect()

    # Inserts, one article at a time (both families), until the delta is full plus one:
    # the mean includes exactly one merge per delta capacity, i.e. the amortised cost.
    insert_ns = np.empty(n - n0, dtype=np.int64)
    rng = np.random.default_rng(seed)
    qids = rng.choice(ds_n, size=min(queries, ds_n), replace=False)
    clock = time.perf_counter_ns
    merge_at = n - 1
    for i in range(n0, merge_at):
        t0 = clock()
        for f in families:
            tables[f].insert(sigs[f][i], i)
        insert_ns[i - n0] = clock() - t0

    def run_queries() -> tuple[NDArray[np.int64], list[dict[str, NDArray[np.int32]]]]:
        q_ns = np.empty(len(qids), dtype=np.int64)
        found = []
        for k, q in enumerate(qids.tolist()):
            t0 = clock()
            pair = BandTable.query_pair(tables[families[0]], sigs[families[0]][q],
                                        tables[families[1]], sigs[families[1]][q])
            q_ns[k] = clock() - t0
            found.append(dict(zip(families, pair)))
        return q_ns, found

    for f in families:  # warm-up (compilation happens at the first call of a process)
        tables[f].query(sigs[f][0])
    q_full, found = run_queries()  # delta full: the slowest state
    t0 = clock()
    for f in families:
        tables[f].insert(sigs[f][merge_at], merge_at)  # triggers the merge
    insert_ns[-1] = clock() - t0
    q_empty, _ = run_queries()  # just merged: the fastest state
    nbytes = sum(t.nbytes for t in tables.values())
    rss = _rss() - rss0

    # Per-family single-query latency (what one MinHashLSH.query is compared with).
    single = {}
    for f in families:
        ns = np.empty(len(qids), dtype=np.int64)
        for k, q in enumerate(qids.tolist()):
            t0 = clock()
            tables[f].query(sigs[f][q])
            ns[k] = clock() - t0
        single[f] = float(np.median(ns)) / 1e3

    # datasketch MinHashLSH over the first ds_n articles, same bands.
    if ds_cache is None or ds_cache.get("n", 0) < ds_n:
        ds_cache = ds_cache if ds_cache is not None else {}
        ds_cache.clear()
        ds_cache["n"] = ds_n
        ins = []
        for f in families:
            lsh = MinHashLSH(num_perm=num_perm, params=bands[f])
            for i in range(ds_n):
                lean = LeanMinHash(seed=SEED, hashvalues=sigs[f][i], scheme="affine32")
                t0 = clock()
                lsh.insert(i, lean, check_duplication=False)
                ins.append(clock() - t0)
            ds_cache[f] = lsh
        ds_cache["insert_us"] = float(np.median(ins)) / 1e3 * len(families)
        ds_cache["bytes_per_article"] = _datasketch_bytes(sigs, bands, min(ds_n, ds_bytes_n))
        ds_cache["bytes_n"] = min(ds_n, ds_bytes_n)
    ds_q = []
    same = same_checked = 0
    hits = total = extra = 0
    pair_truth = {f: [0, 0, 0] for f in families}  # related pairs found by ours, by datasketch, all
    thresholds = {"verbatim": config.lsh.verbatim_threshold, "content": config.lsh.content_threshold}
    for k, q in enumerate(qids.tolist()):
        ok = ok_checked = True
        cluster = [x for x in np.flatnonzero(labels[:ds_n] == labels[q]).tolist() if x != q]
        for f in families:
            lean = LeanMinHash(seed=SEED, hashvalues=sigs[f][q], scheme="affine32")
            t0 = clock()
            theirs = set(ds_cache[f].query(lean))
            ds_q.append(clock() - t0)
            theirs = {x for x in theirs if x < ds_n}
            mine = {x for x in found[k][f].tolist() if x < ds_n}
            checked = {x for x in tables[f].query(sigs[f][q], check=sigs[f]).tolist() if x < ds_n}
            ok &= mine == theirs
            ok_checked &= checked == theirs
            hits += len(mine & theirs)
            total += len(theirs)
            extra += len(mine - theirs)
            for other in cluster:
                if exact_jaccard(sets[f][q].tolist(), sets[f][other].tolist()) >= thresholds[f]:
                    pair_truth[f][0] += other in mine
                    pair_truth[f][1] += other in theirs
                    pair_truth[f][2] += 1
        same += ok
        same_checked += ok_checked
    return {
        "n": n,
        "families": families,
        "bands": {f: list(bands[f]) for f in families},
        "startup_s": startup_s,
        "insert_us": float(np.mean(insert_ns)) / 1e3,
        "insert_us_p50": float(np.median(insert_ns)) / 1e3,
        "insert_us_max_merge": float(insert_ns[-1]) / 1e3,
        "query_us_p50": float(np.median(q_full)) / 1e3,
        "query_us_p99": float(np.percentile(q_full, 99)) / 1e3,
        "query_us_p50_merged": float(np.median(q_empty)) / 1e3,
        "query_us_p99_merged": float(np.percentile(q_empty, 99)) / 1e3,
        "query_us_p50_per_family": single,
        "bytes_per_article": nbytes / n,
        "rss_bytes_per_article": rss / n,
        "recall_vs_datasketch": hits / total if total else 1.0,
        "identical_candidate_sets": same / len(qids),
        "identical_candidate_sets_checked": same_checked / len(qids),
        "extra_candidates_per_query": extra / len(qids),
        "related_pairs_recall_ours": {f: v[0] / max(1, v[2]) for f, v in pair_truth.items()},
        "related_pairs_recall_datasketch": {f: v[1] / max(1, v[2]) for f, v in pair_truth.items()},
        "related_pairs": {f: v[2] for f, v in pair_truth.items()},
        "compared_on": ds_n,
        "queries": len(qids),
        "datasketch": {
            "n": ds_cache["n"],
            "insert_us": ds_cache["insert_us"],
            "query_us_p50": float(np.median(ds_q)) / 1e3 * len(families),
            "query_us_p99": float(np.percentile(ds_q, 99)) / 1e3 * len(families),
            "bytes_per_article": ds_cache["bytes_per_article"],
            "bytes_n": ds_cache["bytes_n"],
        },
    }


def _datasketch_bytes(sigs: dict[str, NDArray[np.uint32]], bands: dict[str, tuple[int, int]],
                      n: int) -> float:
    """Bytes per article of datasketch ``MinHashLSH`` for both families (tracemalloc)."""
    from datasketch import LeanMinHash, MinHashLSH

    leans = {f: [LeanMinHash(seed=SEED, hashvalues=sigs[f][i], scheme="affine32") for i in range(n)]
             for f in sigs}
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    keep = []
    for f in sigs:
        lsh = MinHashLSH(num_perm=sigs[f].shape[1], params=bands[f])
        for i, lean in enumerate(leans[f]):
            lsh.insert(i, lean, check_duplication=False)
        keep.append(lsh)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return used / n


def bench_scaling_signatures(sizes: Sequence[int], seed: int, num_perm: int = 128) -> dict[int, float]:
    """Our verbatim signing rate (articles/s) over ``n`` freshly generated articles per size."""
    perms = permutations(num_perm, SEED)
    rng = np.random.default_rng(seed)
    vocab = Vocabulary.make(rng)
    out = {}
    for n in sizes:
        spent = 0.0
        done = 0
        while done < n:
            batch = [vocab.sample(rng, 804) for _ in range(min(2000, n - done))]
            start = time.perf_counter()
            for w in batch:
                kernels.sign_ngrams(w, NGRAM, perms, SEED)
            spent += time.perf_counter() - start
            done += len(batch)
        out[n] = n / spent
    return out


# --------------------------------------------------------------------------- report


def _fmt(x: float | None, spec: str = ",.0f") -> str:
    return "-" if x is None else format(x, spec)


def render_tables(result: dict[str, Any]) -> str:
    """The fixed-width report."""
    s = result["signature_detail"]
    lines = [
        f"hashing core benchmark  seed={result['seed']}  num_perm={result['num_perm']}  "
        f"backend={result['backend']}  python={platform.python_version()}  cpus={os.cpu_count()}  "
        f"load average at start {result['load_average']}",
        f"corpus: {s['articles']} synthetic articles, {s['shingles_per_article']:.0f} word 5-gram shingles "
        f"each, {s['pairs']} related pairs (edit rates {', '.join(map(str, _EDIT_RATES))})",
        "",
        f"{'signature (verbatim 5-grams, tokens -> 128 values)':<52}{'articles/s':>12}{'ns/shingle':>12}"
        f"{'vs ds update()':>16}",
    ]
    labels = {
        "ours": "ours: tracker.kernels.sign_ngrams (numba)",
        "ours_joined": "ours: sign_joined_ngrams (tokens pre-joined)",
        "ours_kernel_only": "  tight compiled loop (pre-joined bytes)",
        "ours_numpy_fallback": "ours: numpy fallback (xxhash + numpy min)",
        "tracker_sign_shingles": "tracker.signature.sign_shingles today",
        "datasketch_update": "datasketch MinHash.update() per shingle (SHA-1)",
        "datasketch_update_batch": "datasketch update_batch (xxhash)",
        "datasketch_bulk": "datasketch MinHash.bulk (xxhash)",
        "rensa": "rensa RMinHash",
    }
    for key, label in labels.items():
        if key in s["rates"]:
            lines.append(f"{label:<52}{_fmt(s['rates'][key]):>12}{_fmt(s['ns_per_shingle'][key]):>12}"
                         f"{s['ratio_to_datasketch_update'][key]:>15,.1f}x")
        else:
            lines.append(f"{label:<52}{'null':>12}{'-':>12}{'-':>16}")
    lines += [
        f"bit-identical to datasketch with xxhash hashfunc: "
        f"{s['identical_to_datasketch_xxhash']:.1%} of articles",
        f"MAE vs exact Jaccard ({s['pairs']} pairs): verbatim ours {s['mae_ours']:.4f}, datasketch "
        f"{s['mae_datasketch']:.4f}; content ours {s['mae_content_ours']:.4f}, datasketch "
        f"{s['mae_content_datasketch']:.4f}",
    ]
    fam = result.get("families")
    if fam:
        r = fam["rates"]
        title = f"families ({fam['articles']} articles via extract())"
        lines += ["", f"{title:<52}{'numpy /s':>12}{'kernels /s':>12}{'speed-up':>16}"]
        for name in ("verbatim", "content", "sentence"):
            today, ours = r[f"{name}_today"], r[f"{name}_ours"]
            lines.append(f"{name:<52}{_fmt(today):>12}{_fmt(ours):>12}{ours / today:>15,.1f}x")
        for label, key in (("MinHash families together, kernels", "minhash_families_ours"),
                           ("verbatim incl. Features.words()", "verbatim_ours_incl_words"),
                           ("whole sign(), kernels walking the sentences (ref.)", "sign_kernels"),
                           ("whole sign() (all families + anchors)", "sign_today")):
            lines.append(f"{label:<52}{'':>12}{_fmt(r[key]):>12}")
        lines.append(f"{'(context) tracker.text.tokens(text)':<52}{_fmt(r['tokenize_text']):>12}")
        lines.append(f"{'(context) tracker.shingle.extract(text)':<52}{_fmt(r['extract_text']):>12}")
        lines.append(f"{'(context) text -> all signatures: extract + sign()':<52}"
                     f"{_fmt(r['text_to_signatures']):>12}")
        lines.append(f"reference output identical to sign(): {fam['sign_kernels_identical']}")
    for lsh in result["lsh_runs"]:
        d = lsh["datasketch"]
        lines += [
            "",
            f"LSH at n={lsh['n']:,} (families {' + '.join(lsh['families'])}, bands x rows "
            + ", ".join(f"{f} {b}x{r}" for f, (b, r) in lsh["bands"].items())
            + "; per article = both families)",
            f"{'':<40}{'ours':>14}{'datasketch':>14}",
            f"{'start-up: blobs -> bulk build (s)':<40}{lsh['startup_s']:>14.2f}{'-':>14}",
            f"{'insert us/article (mean, amortised)':<40}{lsh['insert_us']:>14.1f}{d['insert_us']:>14.1f}",
            f"{'insert us/article (p50)':<40}{lsh['insert_us_p50']:>14.1f}",
            f"{'query us p50 (delta full)':<40}{lsh['query_us_p50']:>14.1f}{d['query_us_p50']:>14.1f}",
            f"{'query us p99 (delta full)':<40}{lsh['query_us_p99']:>14.1f}{d['query_us_p99']:>14.1f}",
            f"{'query us p50 / p99 (just merged)':<40}{lsh['query_us_p50_merged']:>8.1f} /"
            f"{lsh['query_us_p99_merged']:>4.0f}",
            f"{'query us p50 one family':<40}"
            + "  ".join(f"{f} {v:.1f}" for f, v in lsh["query_us_p50_per_family"].items()),
            f"{'bytes/article (arrays; RSS delta)':<40}{lsh['bytes_per_article']:>14,.0f}"
            f"{d['bytes_per_article']:>14,.0f}   (RSS {lsh['rss_bytes_per_article']:,.0f})",
            f"candidates vs datasketch on {lsh['compared_on']:,} articles, {lsh['queries']} queries: recall "
            f"{lsh['recall_vs_datasketch']:.4f}, identical sets {lsh['identical_candidate_sets']:.1%} "
            f"(with check= {lsh['identical_candidate_sets_checked']:.1%}), "
            f"extra {lsh['extra_candidates_per_query']:.4f}/query",
            "related pairs above the tracker's thresholds found: "
            + ", ".join(f"{f} ours {lsh['related_pairs_recall_ours'][f]:.3f} datasketch "
                        f"{lsh['related_pairs_recall_datasketch'][f]:.3f} ({lsh['related_pairs'][f]} pairs)"
                        for f in lsh["families"]),
            f"(datasketch measured at n={d['n']:,}; its bytes/article by tracemalloc at {d['bytes_n']:,})",
        ]
    if result.get("scaling_signature"):
        lines += ["", "signing rate vs corpus size (verbatim, ours): " + ", ".join(
            f"{n:,}: {v:,.0f}/s" for n, v in result["scaling_signature"].items())]
    if len(result["lsh_runs"]) > 1:
        ns = np.array([r["n"] for r in result["lsh_runs"]], dtype=float)
        by = np.array([r["bytes_per_article"] * r["n"] for r in result["lsh_runs"]])
        slope = np.polyfit(ns, by, 1)[0]
        lines.append(f"memory slope (least squares over n): {slope:,.0f} bytes per added article")
        result["memory_slope_bytes_per_article"] = float(slope)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every part and return the result object (also what ``--json`` prints)."""
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    config = TrackerConfig()
    corpus = make_corpus(args.articles, args.seed)
    sig = bench_signatures(corpus, args.rounds, config.minhash.num_perm)
    fam = None if args.no_families else bench_families(corpus, args.rounds, config, min(args.articles, 600))
    sizes = [10_000, 100_000, 1_000_000] if args.scaling else [args.n]
    ds_cache: dict[str, Any] = {}
    lsh_runs = [bench_lsh(n, args.seed, config, args.ds_max, args.queries, ds_cache, args.ds_bytes_n)
                for n in sizes]
    headline = lsh_runs[-1] if not args.scaling else next(r for r in lsh_runs if r["n"] == max(sizes))
    result: dict[str, Any] = {
        "load_average": load_at_start,
        "seed": args.seed,
        "num_perm": config.minhash.num_perm,
        "backend": kernels.resolve_backend(),
        "signature": {
            "ours_articles_per_s": sig["rates"]["ours"],
            "datasketch_update_articles_per_s": sig["rates"]["datasketch_update"],
            "datasketch_update_batch_articles_per_s": sig["rates"]["datasketch_update_batch"],
            "datasketch_bulk_articles_per_s": sig["rates"]["datasketch_bulk"],
            "rensa_articles_per_s": sig["rates"].get("rensa"),
            "ours_ns_per_shingle": sig["ns_per_shingle"]["ours"],
            "tight_loop_ns_per_shingle": sig["ns_per_shingle"].get("ours_kernel_only"),
            "ours_joined_articles_per_s": sig["rates"].get("ours_joined"),
            "mae_ours": sig["mae_ours"],
            "mae_datasketch": sig["mae_datasketch"],
        },
        "lsh": {k: headline[k] for k in ("n", "insert_us", "query_us_p50", "query_us_p99",
                                         "bytes_per_article", "recall_vs_datasketch", "startup_s",
                                         "identical_candidate_sets")},
        "signature_detail": sig,
        "families": fam,
        "lsh_runs": lsh_runs,
    }
    if args.scaling:
        result["scaling_signature"] = bench_scaling_signatures(sizes, args.seed, config.minhash.num_perm)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="LSH index size (default 100k)")
    parser.add_argument("--articles", type=int, default=2000, help="articles in the signature corpus")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (medians are reported)")
    parser.add_argument("--queries", type=int, default=2000, help="LSH queries")
    parser.add_argument("--ds-max", type=int, default=100_000,
                        help="datasketch MinHashLSH is built on at most this many articles")
    parser.add_argument("--ds-bytes-n", type=int, default=10_000,
                        help="articles in the datasketch index whose memory is traced")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed")
    parser.add_argument("--scaling", action="store_true", help="LSH and signing at 10k, 100k and 1M")
    parser.add_argument("--no-families", action="store_true", help="skip the per-family / sign() table")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--json-out", type=Path, help="also write the JSON object to this file")
    args = parser.parse_args(argv)
    result = run(args)
    table = render_tables(result)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=1, default=float) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=1, default=float))
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
