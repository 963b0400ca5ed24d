"""Pure sentence alignment between two articles: the verification stage's core.

Two sentences align when they share enough content terms once conflicting numbers are held
against them: derived texts (copies, rewrites, translations, summaries) keep most sentences
of their source recognisable this way, while same-topic independent stories share only a
sentence or two (DESIGN.md, "Why two stages"). Pure; never touches the store.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from tracker.shingle import Features, Sentence

# Minimum similarity for two sentences to count as "the same sentence, reworded".
# Calibrated on MSRP (label 1 vs 0) and the PAN/seed alignments: see benchmarks/README.md.
SENTENCE_THRESHOLD = 0.45
# Shared content terms needed at least (two shared words are a coincidence, not reuse).
MIN_SHARED_TERMS = 3
# Weight of each number present in one sentence but not the other, when both have numbers:
# "sold for $2.5 billion" vs "sold for $1.8 billion" is a different statement.
NUMBER_CONFLICT_WEIGHT = 0.5
# When both sentences carry figures and share less than this share of them (Jaccard), they
# are different statements cast in one template ("Shr 37 cts vs 30 cts" / "Shr 30 cts vs 36
# cts"; "Qtly div 45 cts" / "Qtly div 16 cts"), however many template words they share.
# Copies, rewrites and translations keep their figures.
MIN_NUMBER_AGREEMENT = 0.5


@dataclass(frozen=True, slots=True)
class Link:
    """One aligned sentence pair, by position: ``left`` in the first article, ``right`` in the second."""

    left: int
    right: int
    score: float
    lexical: float


def sentence_similarity(a: Sentence, b: Sentence) -> float:
    """Content-term similarity of two sentences in [0, 1].

    Cosine of the two term sets, with shared terms reduced by half a term for every number
    that only one side has (when both have numbers); zero when both have numbers and they
    mostly differ (see :data:`MIN_NUMBER_AGREEMENT`).
    """
    shared = len(a.terms & b.terms)
    if shared < MIN_SHARED_TERMS:
        return 0.0
    conflict = 0
    if a.numbers and b.numbers:
        common = len(a.numbers & b.numbers)
        if common / len(a.numbers | b.numbers) < MIN_NUMBER_AGREEMENT:
            return 0.0
        conflict = len(a.numbers ^ b.numbers)
    effective = shared - NUMBER_CONFLICT_WEIGHT * conflict
    if effective <= 0:
        return 0.0
    return min(1.0, effective / math.sqrt(len(a.terms) * len(b.terms)))


def word_jaccard(a: Sentence, b: Sentence) -> float:
    """Jaccard of the two sentences' word sets (all words): 1.0 for a verbatim copy."""
    wa, wb = set(a.words), set(b.words)
    union = len(wa | wb)
    return len(wa & wb) / union if union else 0.0


def align(left: Features, right: Features, min_terms: int = 3) -> list[Link]:
    """Align the sentences of two articles.

    First a one-to-one alignment, greedy by similarity (ties broken by position, so the
    result depends only on the two texts); then every still-unaligned sentence on either
    side may join its best partner (a summary sentence condensing two source sentences, or a
    source sentence split in two).

    Args:
        left: features of the first article.
        right: features of the second article.
        min_terms: sentences with fewer content terms are not aligned.

    Returns:
        The links, sorted by ``left`` then ``right``.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    right_sents = [s for s in right.sentences if len(s.terms) >= min_terms]
    for s in right_sents:
        for term in s.terms:
            postings[term].append(s.index)
    scored: list[tuple[float, int, int]] = []
    for s in left.sentences:
        if len(s.terms) < min_terms:
            continue
        counts: dict[int, int] = defaultdict(int)
        for term in s.terms:
            for j in postings.get(term, ()):
                counts[j] += 1
        for j, shared in counts.items():
            if shared < MIN_SHARED_TERMS:
                continue
            score = sentence_similarity(s, right.sentences[j])
            if score >= SENTENCE_THRESHOLD:
                scored.append((score, s.index, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_left: set[int] = set()
    used_right: set[int] = set()
    chosen: list[tuple[float, int, int]] = []
    for score, i, j in scored:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        chosen.append((score, i, j))
    for score, i, j in scored:
        if (i in used_left) != (j in used_right) and score >= SENTENCE_THRESHOLD + 0.1:
            if i not in used_left:
                used_left.add(i)
                chosen.append((score, i, j))
            elif j not in used_right:
                used_right.add(j)
                chosen.append((score, i, j))
    links = [
        Link(i, j, round(score, 4), round(word_jaccard(left.sentences[i], right.sentences[j]), 4))
        for score, i, j in chosen
    ]
    links.sort(key=lambda link: (link.left, link.right))
    return links


def longest_increasing_share(links: list[Link]) -> float:
    """Share of links in the longest run that keeps order on both sides (1.0 = same order)."""
    if not links:
        return 0.0
    seq = [link.right for link in sorted(links, key=lambda k: (k.left, k.right))]
    tails: list[int] = []
    import bisect

    for value in seq:
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
        else:
            tails[pos] = value
    return len(tails) / len(seq)
