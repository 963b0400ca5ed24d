"""Pure sentence alignment between two articles: the verification stage's core.

Two sentences align when they share enough content terms once conflicting numbers are held
against them: derived texts (copies, rewrites, translations, summaries) keep most sentences
of their source recognisable this way, while same-topic independent stories share only a
sentence or two (DESIGN.md, "Why two stages"). Pure; never touches the store.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from tracker import units
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
    """One aligned sentence pair, by position: ``left`` in the first article, ``right`` in the second.

    ``joined`` marks a further piece of a run-on sentence that was cut on one side only,
    linked to the sentence another piece of it is linked to (see :func:`_rejoin`): the pair
    is one statement, counted once.
    """

    left: int
    right: int
    score: float
    lexical: float
    joined: bool = False


def sentence_similarity(a: Sentence, b: Sentence, figures: bool = True, condensed: int = 0,
                        known: AbstractSet[str] = frozenset()) -> float:
    """Content-term similarity of two sentences in [0, 1].

    Cosine of the two term sets, with shared terms reduced by half a term for every number
    that only one side has (when both have numbers); zero when both have numbers and they
    mostly differ (see :data:`MIN_NUMBER_AGREEMENT`). With ``figures`` False, the figures
    are terms like any other (a correction restates its item with a figure changed).
    ``condensed`` and ``known``: see :func:`align`.
    """
    shared = len(a.terms & b.terms)
    if shared < MIN_SHARED_TERMS:
        return 0.0
    conflict = 0
    if figures and a.numbers and b.numbers and not _left_out(a, b, condensed, known):
        if _figures_disagree(a, b):
            return 0.0
        conflict = len(a.numbers ^ b.numbers) - 2 * _converted(a, b)
    effective = shared - NUMBER_CONFLICT_WEIGHT * conflict
    if effective <= 0:
        return 0.0
    return min(1.0, effective / math.sqrt(len(a.terms) * len(b.terms)))


def _left_out(a: Sentence, b: Sentence, condensed: int, known: AbstractSet[str] = frozenset()) -> bool:
    """The condensing side's sentence (``a`` for ``condensed`` 1, ``b`` for -1) states only
    figures of the other, or of the sentences near the other (``known``): it left some out and
    gathered others from nearby sentences, as a summary does, and contradicts none."""
    short, long = (a, b) if condensed > 0 else (b, a) if condensed < 0 else (None, None)
    return short is not None and long is not None and bool(short.numbers) and short.numbers <= long.numbers | known


def _figures_disagree(a: Sentence, b: Sentence) -> bool:
    """Both sentences carry figures and share less than :data:`MIN_NUMBER_AGREEMENT` of them
    (a figure converted into other units, "six feet" / "1.8 metres", is shared)."""
    if not (a.numbers and b.numbers):
        return False
    shared, union = len(a.numbers & b.numbers), len(a.numbers | b.numbers)
    if shared / union >= MIN_NUMBER_AGREEMENT:
        return False
    same = _converted(a, b)
    return (shared + same) / (union - same) < MIN_NUMBER_AGREEMENT


def _converted(a: Sentence, b: Sentence) -> int:
    """Figures of one sentence that are the other's in other units (:mod:`tracker.units`)."""
    return units.conversions(a.numbers, a.words, b.numbers, b.words) if a.numbers != b.numbers else 0


def same_frame_other_figures(a: Sentence, b: Sentence, condensed: int = 0,
                             known: AbstractSet[str] = frozenset()) -> bool:
    """True when the two sentences would align on their words but state other figures.

    Their content terms reach :data:`SENTENCE_THRESHOLD` (with at least
    :data:`MIN_SHARED_TERMS` shared), and :func:`sentence_similarity` vetoes them because
    their figures disagree: "a shortage of around 1.1 billion stg" and "... 1.55 billion stg".
    """
    shared = len(a.terms & b.terms)
    return (shared >= MIN_SHARED_TERMS and _figures_disagree(a, b) and not _left_out(a, b, condensed, known)
            and shared / math.sqrt(len(a.terms) * len(b.terms)) >= SENTENCE_THRESHOLD)


def set_jaccard(x: AbstractSet[str], y: AbstractSet[str]) -> float:
    """Jaccard of two sets (0.0 when both are empty)."""
    union = len(x | y)
    return len(x & y) / union if union else 0.0


def word_jaccard(a: Sentence, b: Sentence) -> float:
    """Jaccard of the two sentences' word sets (all words): 1.0 for a verbatim copy."""
    return set_jaccard(set(a.words), set(b.words))


def _postings(features: Features, min_terms: int, skip: set[int] | frozenset[int] = frozenset()
              ) -> dict[str, list[int]]:
    """Content term -> indices of the sentences (with ``min_terms`` terms, not in ``skip``) that have it."""
    if not skip and min_terms == features.min_sentence_terms and features.postings:
        return features.postings
    postings: dict[str, list[int]] = defaultdict(list)
    for s in features.sentences:
        if len(s.terms) >= min_terms and s.index not in skip:
            for term in s.terms:
                postings[term].append(s.index)
    return postings


def align(left: Features, right: Features, min_terms: int = 3, figures: bool = True,
          condensed: int = 0, known: Sequence[AbstractSet[str]] = ()) -> list[Link]:
    """Align the sentences of two articles.

    First a one-to-one alignment, greedy by similarity (ties broken by position, so the
    result depends only on the two texts); then every still-unaligned sentence on either
    side may join its best partner (a summary sentence condensing two source sentences, or a
    source sentence split in two); then a sentence that merges two adjacent sentences of the
    other side with the figures of both aligns with the two (see :func:`_merged_statements`);
    last, the pieces of a run-on sentence cut on one side only are read together (see
    :func:`_rejoin`).

    Args:
        left: features of the first article.
        right: features of the second article.
        min_terms: sentences with fewer content terms are not aligned.
        figures: whether sentences that state other figures are kept apart (see
            :func:`sentence_similarity`).
        condensed: 1 when ``left`` condenses ``right`` (it is much the shorter), -1 when
            ``right`` condenses ``left``: a sentence of the condensing side that states only
            figures of the other's is no disagreement.
        known: for each sentence of the condensed article (the longer), the figures near it:
            a summary sentence gathers figures from several of its sentences ("12 dead and 30
            missing" from a lead and the line after); one aligned so that states the figures
            of its partner's neighbour joins the two (see :func:`_gathered`).

    Returns:
        The links, sorted by ``left`` then ``right``.
    """
    postings = _postings(right, min_terms)
    scored: list[tuple[float, int, int]] = []
    # Only the terms the two articles share can make sentences similar: most candidate pairs
    # share a small part of their vocabulary, so most sentences are skipped before any lookup.
    common = left.body_terms & right.body_terms if left.body_terms and right.body_terms else None
    for s in left.sentences:
        if len(s.terms) < min_terms:
            continue
        terms = s.terms & common if common is not None else s.terms
        if len(terms) < MIN_SHARED_TERMS:
            continue
        counts: dict[int, int] = defaultdict(int)
        for term in terms:
            for j in postings.get(term, ()):
                counts[j] += 1
        for j, shared in counts.items():
            if shared < MIN_SHARED_TERMS:
                continue
            score = sentence_similarity(s, right.sentences[j], figures, condensed,
                                        known[j if condensed > 0 else s.index] if known else frozenset())
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
    lexical: dict[tuple[int, int], float] = {}
    joined: set[tuple[int, int]] = set()
    if figures and chosen:
        # A sentence that merges two adjacent sentences of the other side, with the figures
        # of both: the left side's, then the right side's (the roles exchanged).
        for flipped in (False, True):
            one_side, two_side = (right, left) if flipped else (left, right)
            view = [(score, j, i) for score, i, j in chosen] if flipped else list(chosen)
            used = (used_right, used_left) if flipped else (used_left, used_right)
            for score, x, y, z, fresh in _merged_statements(one_side, two_side, view, *used, min_terms):
                words, other = ((y, x), (z, x)) if flipped else ((x, y), (x, z))
                if fresh:
                    chosen.append((score, *other))
                chosen.append((score, *words))
                joined.add(words)
                both = sorted((two_side.sentences[y], two_side.sentences[z]), key=lambda t: t.index)
                lexical[words] = lexical[other] = _words_jaccard(both, one_side.sentences[x])
    if known and condensed and chosen:
        # A sentence of the condensing side read against every figure of the other article
        # (``known``) may have aligned with one sentence while stating the figures of its
        # neighbour too: it joins the two.
        flipped = condensed < 0
        one_side, two_side = (right, left) if flipped else (left, right)
        view = [(score, j, i) for score, i, j in chosen] if flipped else list(chosen)
        for score, x, y, z in _gathered(one_side, two_side, view, used_left if flipped else used_right, min_terms):
            kept, pair = ((y, x), (z, x)) if flipped else ((x, y), (x, z))
            chosen.append((score, *pair))
            joined.add(pair)
            both = sorted((two_side.sentences[y], two_side.sentences[z]), key=lambda t: t.index)
            lexical[kept] = lexical[pair] = _words_jaccard(both, one_side.sentences[x])
    # Pieces of run-on sentences cut on one side only, in a pair that aligns already: the
    # left side's pieces, then the right side's (the roles exchanged).
    for flipped in (False, True):
        cut_side, other_side = (right, left) if flipped else (left, right)
        if not chosen or not any(s.piece_of is not None for s in cut_side.sentences):
            continue
        view = [(score, j, i) for score, i, j in chosen] if flipped else list(chosen)
        used = (used_right, used_left) if flipped else (used_left, used_right)
        other_postings = _postings(left, min_terms, used_left) if flipped else postings
        for score, x, y, merged, first in _rejoin(cut_side, other_side, view, *used, other_postings, figures):
            i, j = (y, x) if flipped else (x, y)
            chosen.append((score, i, j))
            lexical[i, j] = merged
            if not first:
                joined.add((i, j))
    links = [
        Link(i, j, round(score, 4),
             round(lexical.get((i, j), word_jaccard(left.sentences[i], right.sentences[j])), 4),
             (i, j) in joined)
        for score, i, j in chosen
    ]
    links.sort(key=lambda link: (link.left, link.right))
    return links


def _merged_statements(
    left: Features, right: Features, chosen: list[tuple[float, int, int]], used_left: set[int],
    used_right: set[int], min_terms: int,
) -> list[tuple[float, int, int, int, bool]]:
    """Sentences of ``left`` that merge two adjacent sentences of ``right``, with the figures of both.

    A summary joins two sentences of its source into one: "about 21 million euros ... go to
    buses, trams and cycle paths, including 40 more electric buses by 2028" against "About 21
    million euros ... buses, trams and cycle paths." and "The council wants 40 more electric
    buses and two extra tram stops by 2028." Against the first alone its figures disagree
    (:func:`same_frame_other_figures`), which is what tells two reports of a series apart;
    against the second it may align on its own, and the first is then left over. The
    sentence ``s`` is one statement with the sentence ``t`` it matches in words and a
    neighbour ``u`` of ``t`` (unaligned, or aligned with ``s`` alone) when the two read
    together match it at :data:`SENTENCE_THRESHOLD` with its figures, ``s`` keeps a figure of
    ``t``, every figure ``t`` lacks is in ``u``, and ``u`` gives ``s`` content words that
    ``t`` does not have (two or more when ``s`` leaves out a figure of ``t``). A summary may
    leave out a figure of ``t`` ("The river reached
    6.8 metres ..., close to its 1997 record, and some 900 homes ... were flooded" against
    "Water flooded about 900 homes ..., and two schools were closed." and the sentence on the
    river's 6.8 metres before it). Two reports of a series state other figures in one frame
    ("rose 2.2 pct in February after a 1.1 pct rise in January" / "rose 1.1 pct in January
    after a 0.2 pct rise in December"): the figure one adds is in no neighbour of the other.

    ``chosen`` holds the links so far as ``(score, left index, right index)``; ``used_left``
    and ``used_right`` are updated.

    Returns:
        ``(score of the two read together, left index, index of t, index of u, whether u is
        newly linked)``.
    """
    partners: dict[int, set[int]] = defaultdict(set)  # left index -> right indices
    taken: dict[int, int] = defaultdict(int)  # right index -> how many left sentences link it
    for _, i, j in chosen:
        partners[i].add(j)
        taken[j] += 1
    found: list[tuple[float, int, int, int, bool]] = []
    figured = [t for t in right.sentences if t.numbers]
    for s in left.sentences:
        if not s.numbers or len(s.terms) < min_terms or len(partners[s.index]) > 1:
            continue
        best: tuple[float, int, int] | None = None
        for t in figured:
            # s keeps a figure of t and states more (checked first: it is cheap and rare).
            if not (s.numbers & t.numbers and s.numbers - t.numbers) or t.index in used_right \
                    or not same_frame_other_figures(s, t):
                continue
            for u_index in (t.index - 1, t.index + 1):
                if not 0 <= u_index < len(right.sentences):
                    continue
                if s.index in used_left:
                    # Aligned already: with this neighbour, and nothing else links it.
                    if partners[s.index] != {u_index} or taken[u_index] != 1:
                        continue
                elif u_index in used_right:
                    continue
                u = right.sentences[u_index]
                if t.piece_of is not None and t.piece_of == u.piece_of:
                    continue  # pieces of one run-on sentence: read together by _rejoin
                words = (s.terms - s.numbers) & (u.terms - t.terms)
                # Leaving out a figure of t, s must take more of u than a word: a report's lead
                # that shares "February" with the other report's forecast line joins nothing.
                if not (s.numbers - t.numbers <= u.numbers and len(words) >= (1 if t.numbers < s.numbers else 2)):
                    continue
                score = sentence_similarity(s, _merge(sorted((t, u), key=lambda x: x.index)), True)
                if score >= SENTENCE_THRESHOLD and (best is None or score > best[0]):
                    best = (score, t.index, u_index)
        if best is not None:
            score, j, k = best
            found.append((round(score, 4), s.index, j, k, s.index not in used_left))
            used_left.add(s.index)
            used_right.update((j, k))
    return found


def _gathered(left: Features, right: Features, chosen: list[tuple[float, int, int]], used_right: set[int],
              min_terms: int) -> list[tuple[float, int, int, int]]:
    """Sentences of ``left`` aligned with one sentence ``t`` of ``right`` whose figures that
    ``t`` lacks are all in an unaligned neighbour ``u`` of ``t``, which gives them a content word
    ``t`` does not have: "About 21 million euros a year ... including 40 more electric buses
    by 2028" against "About 21 million euros a year ..." and "The council wants 40 more
    electric buses and two extra tram stops by 2028." ``used_right`` is updated.

    Returns:
        ``(score of the two read together, left index, index of t, index of u)``.
    """
    partners: dict[int, set[int]] = defaultdict(set)
    for _, i, j in chosen:
        partners[i].add(j)
    found: list[tuple[float, int, int, int]] = []
    for i, js in sorted(partners.items()):
        s = left.sentences[i]
        if len(js) != 1 or len(s.terms) < min_terms:
            continue
        t = right.sentences[next(iter(js))]
        extra = s.numbers - t.numbers
        if not extra:
            continue
        for u_index in (t.index - 1, t.index + 1):
            if not 0 <= u_index < len(right.sentences) or u_index in used_right:
                continue
            u = right.sentences[u_index]
            if extra <= u.numbers and (s.terms - s.numbers) & (u.terms - t.terms):
                score = sentence_similarity(s, _merge(sorted((t, u), key=lambda x: x.index)), condensed=1)
                if score >= SENTENCE_THRESHOLD:
                    found.append((round(score, 4), i, t.index, u_index))
                    used_right.add(u_index)
                    break
    return found


def _merge(sentences: list[Sentence]) -> Sentence:
    """One sentence made of several consecutive ones (terms and figures: for similarity only)."""
    first = sentences[0]
    return Sentence(first.index, first.paragraph, "", (), frozenset().union(*(s.terms for s in sentences)),
                    frozenset().union(*(s.numbers for s in sentences)))


def _words_jaccard(sentences: list[Sentence], other: Sentence) -> float:
    """All-word Jaccard of several sentences read together with ``other``."""
    return set_jaccard({w for s in sentences for w in s.words}, set(other.words))


def _rejoin(
    left: Features, right: Features, chosen: list[tuple[float, int, int]], used_left: set[int],
    used_right: set[int], postings: dict[str, list[int]], figures: bool = True,
) -> list[tuple[float, int, int, float, bool]]:
    """Links for the left-over pieces of ``left``'s run-on sentences.

    A sentence over :data:`tracker.text.MAX_SENTENCE_WORDS` words is cut into pieces; the
    same sentence a few words shorter on the other side (a translation runs longer than its
    source) is not, and each piece then shares too little with it to align on its own. For
    every cut sentence with pieces not aligned yet:

    * if some of its pieces aligned, a left-over piece joins the partner of its aligned
      siblings when the pieces read together match that partner at least as well as the
      siblings alone do (the piece's terms belong there);
    * if none did, the left-over pieces read together align with the best still-unaligned
      sentence of ``right`` that they match at :data:`SENTENCE_THRESHOLD`.

    Only pieces sharing a content term with the partner are linked. ``postings`` maps a term
    to the ``right`` sentences that have it. ``used_left`` and ``used_right`` are updated.
    ``figures`` is passed on to :func:`sentence_similarity`.

    Returns:
        ``(score, left index, right index, all-word Jaccard of the pieces read together,
        first)``; ``first`` is true for the one link of a newly aligned statement, false for
        the further pieces of it and for pieces joining an aligned sibling.
    """
    cut: dict[int, list[Sentence]] = defaultdict(list)
    for s in left.sentences:
        if s.piece_of is not None:
            cut[s.piece_of].append(s)
    if not cut:
        return []
    partners: dict[int, dict[int, float]] = defaultdict(dict)  # left index -> right index -> score
    for score, i, j in chosen:
        partners[i][j] = max(score, partners[i].get(j, 0.0))
    found: list[tuple[float, int, int, float, bool]] = []
    for start in sorted(cut):
        pieces = cut[start]
        loose = [p for p in pieces if p.index not in used_left and p.terms]
        if not loose:
            continue
        placed = [p for p in pieces if p.index in partners]
        if placed:
            for j in sorted({j for p in placed for j in partners[p.index]}):
                other = right.sentences[j]
                joining = [p for p in loose if p.index not in used_left and p.terms & other.terms]
                if not joining:
                    continue
                siblings = [p for p in placed if j in partners[p.index]]
                members = sorted(siblings + joining, key=lambda p: p.index)
                together = sentence_similarity(_merge(members), other, figures)
                if together >= max(partners[p.index][j] for p in siblings):
                    lexical = _words_jaccard(members, other)
                    for p in joining:
                        used_left.add(p.index)
                        found.append((round(together, 4), p.index, j, lexical, False))
            continue
        merged = _merge(loose)
        counts: dict[int, int] = defaultdict(int)
        for term in merged.terms:
            for j in postings.get(term, ()):
                counts[j] += 1
        best: tuple[float, int] | None = None
        for j, shared in sorted(counts.items()):
            if shared < MIN_SHARED_TERMS or j in used_right:
                continue
            score = sentence_similarity(merged, right.sentences[j], figures)
            if score >= SENTENCE_THRESHOLD and (best is None or score > best[0]):
                best = (score, j)
        if best is not None:
            score, j = best
            used_right.add(j)
            lexical = _words_jaccard(loose, right.sentences[j])
            members = [p for p in loose if p.terms & right.sentences[j].terms]
            for n, p in enumerate(members):
                used_left.add(p.index)
                found.append((round(score, 4), p.index, j, lexical, n == 0))
    return found


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
