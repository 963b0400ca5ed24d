"""Pure: what changed between a derived article and its source, sentence by sentence.

:func:`explain` takes the features of two articles (and their headlines, if known) and
returns an :class:`Explanation`: the aligned sentence pairs with word-level differences, the
sentences the copy **inserted** (and asides inserted inside a kept sentence, such as a
translator's note in brackets), the sentences of the source it **dropped**, the **quotes**
whose wording changed, the **numbers** and **names** of kept sentences that changed or
vanished, and the **headline** change. The alignment and the summary scores are those of
verification (:func:`tracker.verify.compare`), so an explanation agrees with the stored
divergence. Pure; never touches the store (issue 6).

Decisions, each tested in ``tests/tracker/test_explain.py``:

* The headline is the given title; without one, a first body sentence that stands alone in
  its paragraph, has no closing punctuation and at most :data:`HEADLINE_MAX_WORDS` words is
  taken as the headline. A headline is reported as a headline change, never as an inserted
  or dropped sentence.
* What changed in the sentences kept is found by :mod:`tracker.quotations` (quotes),
  :mod:`tracker.figures` (numbers) and :mod:`tracker.names` (names); the data returned is
  defined in :mod:`tracker.explanation`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tracker import crosslang
from tracker.align import SENTENCE_THRESHOLD, word_jaccard
from tracker.claims import claim_changes
from tracker.config import ShingleConfig
from tracker.explanation import (
    AlignedDiff, Change, Explanation, SentenceRef, WordDiff, changed_words, word_diff,
)
from tracker.figures import conflicts, number_changes, other_figures, translated_figures, word_figure_changes
from tracker.model import AlignedPair, Article
from tracker.names import name_changes
from tracker.quotations import quote_changes
from tracker.shingle import Features, Sentence, extract
from tracker.text import content_terms, headline, is_correction_note, tokens
from tracker.verify import compare, divergence_of, verdict

#: Gap filling (:func:`_gap_pairs`): all-word Jaccard and shared words for two unaligned
#: sentences between the same aligned neighbours to be one sentence reworded. On the example
#: corpus's back-translation "The safety on Port Alder now stands before..." pairs with its
#: source at 0.35; two different sentences of one story rarely reach 0.3 with 3 shared words.
GAP_MIN_LEXICAL = 0.3
GAP_MIN_SHARED = 3
#: Joined sentences (:func:`_joined_pairs`): content terms of a sentence left out of the
#: alignment that the sentence next to its neighbour's partner must carry, beyond what that
#: partner explains, to be joined into it ("... 3,200 residents, and one person is missing"
#: telling two sentences of the source), as a count of words rather than names (weight under
#: :data:`JOIN_WORD_WEIGHT`: "link", "ferry", "terminal", not "Ivan", "Marsk") and as a
#: share of its terms. Two sentences of one story share its names ("Harbour master Ivan
#: Marsk said 40 boats sank" beside "..., harbour master Ivan Marsk said": one word,
#: "master"), which make no join.
JOIN_MIN_TERMS = 2
JOIN_MIN_SHARE = 0.4
JOIN_WORD_WEIGHT = 3.0
#: A first sentence this short, alone in its paragraph and without closing punctuation, is a
#: headline (the seeds' pages open with theirs: 13 and 17 words).
HEADLINE_MAX_WORDS = 30
#: A given title repeated among the first sentences of the body (pages print their
#: headline under a line of chrome) is that headline, not an inserted sentence.
HEADLINE_SEARCH = 5
#: A bracketed passage of the copy is an inserted aside when at most this share of its
#: content terms occur in the aligned source sentence (the seed's "(and why did the authors
#: forget ... - Approx. InoSMI)" shares none).
ASIDE_MAX_OVERLAP = 0.34
#: ...and it has at least this many words (shorter brackets are acronyms, ages, places).
ASIDE_MIN_WORDS = 4
#: A pure word insertion inside a kept, nearly verbatim sentence (all-word Jaccard at least
#: :data:`INSERT_MIN_LEXICAL`) is an inserted passage from this many words on, when at most
#: :data:`INSERT_MAX_OVERLAP` of its content terms occur in the source article. In a
#: translation every sentence is reworded, and its word-level insertions are noise (on the
#: example corpus's back-translation a 0.5 overlap rule flagged "as informs the
#: Administration of Harbour of").
INSERT_MIN_WORDS = 8
INSERT_MIN_LEXICAL = 0.5
INSERT_MAX_OVERLAP = 0.25

_CLOSING = re.compile(r"""[.!?:;]["')\]]*$""")
_BRACKETED = re.compile(r"\(([^()]+)\)|\[([^\[\]]+)\]")


def _headline(features: Features, title: str | None) -> tuple[str | None, int | None]:
    """The headline and, when the body opens with it, the index of that sentence."""
    first = features.sentences[0] if features.sentences else None
    alone = first is not None and (len(features.sentences) == 1
                                   or features.sentences[1].paragraph != first.paragraph)
    if title:
        wanted = tokens(title)
        repeated = next((s.index for s in features.sentences[:HEADLINE_SEARCH]
                         if list(s.words) == wanted), None)
        return title, repeated
    if (first is not None and alone and len(first.words) <= HEADLINE_MAX_WORDS
            and not _CLOSING.search(first.text)):
        return first.text, 0
    return None, None


def _asides(derived: Features, source: Features, pair: AlignedPair,
            diff: tuple[WordDiff, ...]) -> list[Change]:
    d_sent, s_sent = derived.sentences[pair.derived_index], source.sentences[pair.source_index]
    source_terms = source.terms()
    found: list[Change] = []
    for m in _BRACKETED.finditer(d_sent.text):
        inner = m.group(1) or m.group(2)
        words = tokens(inner)
        terms = set(content_terms(words))
        if len(words) < ASIDE_MIN_WORDS or not terms:
            continue
        if len(terms & s_sent.terms) / len(terms) <= ASIDE_MAX_OVERLAP and inner not in s_sent.text:
            found.append(Change("inserted", None, m.group(0),
                                "aside inserted inside a kept sentence",
                                pair.source_index, pair.derived_index))
    in_asides = {w for c in found for w in tokens(c.derived_text or "")}
    for d in diff:
        if d.op != "insert" or pair.lexical < INSERT_MIN_LEXICAL:
            continue
        words = tokens(d.derived)
        if sum(1 for w in words if w in in_asides) >= len(words) / 2:
            continue
        terms = set(content_terms(words))
        if (len(words) >= INSERT_MIN_WORDS and terms
                and len(terms & source_terms) / len(terms) <= INSERT_MAX_OVERLAP):
            found.append(Change("inserted", None, d.derived,
                                "passage inserted inside a kept sentence",
                                pair.source_index, pair.derived_index))
    return found


def _same_sentences(derived: Features, source: Features, pairs: list[AlignedPair]) -> list[AlignedPair]:
    """Identical sentences the alignment skipped for having too few content terms.

    ("We are not against new machines." has two content terms, a wire's sign-off "Reuter" none;
    without this they would be listed both as dropped and as inserted.)
    """
    d_used = {p.derived_index for p in pairs}
    s_free: dict[tuple[str, ...], list[int]] = {}
    for s in source.sentences:
        if s.index not in {p.source_index for p in pairs} and s.words:
            s_free.setdefault(s.words, []).append(s.index)
    found = []
    for d in derived.sentences:
        waiting = s_free.get(d.words)
        if d.index in d_used or not waiting:
            continue
        j = waiting.pop(0)
        found.append(AlignedPair(d.index, j, d.text, source.sentences[j].text, 1.0, 1.0))
    return found


def _gap_pairs(
    derived: Features, source: Features, pairs: list[AlignedPair],
    skip_derived: set[int | None], skip_source: set[int | None],
) -> list[AlignedPair]:
    """Short reworded sentences left between the same two aligned pairs on both sides.

    Alignment needs three shared content terms; a short sentence rarely has them once reworded
    ("This was not bad luck." / "It was not bad luck."). Between two consecutive in-order
    aligned pairs, the unaligned sentences of both sides are paired best first when their
    all-word Jaccard is at least :data:`GAP_MIN_LEXICAL` with :data:`GAP_MIN_SHARED` words in
    common. Such a pair's ``score`` is that Jaccard.
    """
    anchors: list[tuple[int, int]] = []
    for p in sorted(pairs, key=lambda q: (q.derived_index, q.source_index)):
        if not anchors or p.source_index > anchors[-1][1]:
            anchors.append((p.derived_index, p.source_index))
    d_used = {p.derived_index for p in pairs} | {i for i in skip_derived if i is not None}
    s_used = {p.source_index for p in pairs} | {j for j in skip_source if j is not None}
    bounds = [(-1, -1)] + anchors + [(len(derived.sentences), len(source.sentences))]
    found: list[AlignedPair] = []
    for (d0, s0), (d1, s1) in zip(bounds, bounds[1:]):
        scored = []
        for i in range(d0 + 1, d1):
            if i in d_used:
                continue
            for j in range(s0 + 1, s1):
                if j in s_used:
                    continue
                a, b = derived.sentences[i], source.sentences[j]
                shared = len(set(a.words) & set(b.words))
                lexical = word_jaccard(a, b)
                if shared >= GAP_MIN_SHARED and lexical >= GAP_MIN_LEXICAL:
                    scored.append((lexical, i, j))
        for lexical, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
            if i in d_used or j in s_used:
                continue
            d_used.add(i)
            s_used.add(j)
            found.append(AlignedPair(i, j, derived.sentences[i].text, source.sentences[j].text,
                                     round(lexical, 4), round(lexical, 4)))
    return found


def _joined_pairs(
    derived: Features, source: Features, pairs: list[AlignedPair],
    skip_derived: set[int | None], skip_source: set[int | None],
) -> list[AlignedPair]:
    """Sentences left out of the alignment that the other side joined into (or split off) the
    sentence its neighbour is paired with.

    A rewrite or a summary joins two adjacent sentences of its source into one, and the
    one-to-one alignment pairs it with one of them: the other would read as dropped, though
    its words are there. A source sentence next to a paired one is joined into that pair's
    derived sentence when the derived sentence carries :data:`JOIN_MIN_TERMS` and
    :data:`JOIN_MIN_SHARE` of its content terms that the pair's source sentence does not
    have, :data:`JOIN_MIN_TERMS` of them words or figures rather than names, one a word ("in
    some districts it was under 70 percent" joined: "districts" and 70); and the same for a
    derived sentence split off a source sentence. Such a pair's ``score`` is that share. Its
    figures count with its host's (what the join left out is told); its other words are no
    aside and no name change (the host's pair says those).
    """
    d_used = {p.derived_index for p in pairs} | {i for i in skip_derived if i is not None}
    s_used = {p.source_index for p in pairs} | {j for j in skip_source if j is not None}
    found: list[AlignedPair] = []

    def joined(loose: Sentence, host: Sentence, explained: frozenset[str], weights: dict[str, float]) -> float:
        carried = (loose.terms & host.terms) - explained
        share = len(carried) / len(loose.terms) if loose.terms else 0.0
        words = sum(1 for t in carried if weights.get(t, 0.0) < JOIN_WORD_WEIGHT and t not in loose.numbers)
        figures = len(carried & loose.numbers)
        return share if words >= 1 and words + figures >= JOIN_MIN_TERMS and share >= JOIN_MIN_SHARE else 0.0

    for p in sorted(pairs, key=lambda q: (q.derived_index, q.source_index)):
        host_d, host_s = derived.sentences[p.derived_index], source.sentences[p.source_index]
        for j in (p.source_index - 1, p.source_index + 1):
            if 0 <= j < len(source.sentences) and j not in s_used:
                share = joined(source.sentences[j], host_d, host_s.terms, source.weights)
                if share:
                    s_used.add(j)
                    found.append(AlignedPair(p.derived_index, j, host_d.text, source.sentences[j].text,
                                             round(share, 4), round(word_jaccard(host_d, source.sentences[j]), 4)))
        for i in (p.derived_index - 1, p.derived_index + 1):
            if 0 <= i < len(derived.sentences) and i not in d_used:
                share = joined(derived.sentences[i], host_s, host_d.terms, derived.weights)
                if share:
                    d_used.add(i)
                    found.append(AlignedPair(i, p.source_index, derived.sentences[i].text, host_s.text,
                                             round(share, 4), round(word_jaccard(derived.sentences[i], host_s), 4)))
    return found


def _unaligned(features: Features, aligned: set[int], head: int | None) -> list[tuple[int, str]]:
    """The sentences outside the alignment (and the headline) as ``(index, text)``.

    Consecutive pieces of one run-on sentence cut by :func:`tracker.text.split_long` read as
    one sentence, at the index of the first: a dropped sentence is listed whole, not as the
    fragments the cut left.
    """
    out: list[tuple[int, str]] = []
    previous: Sentence | None = None
    for s in features.sentences:
        if s.index in aligned or s.index == head:
            previous = None
            continue
        if previous is not None and s.piece_of is not None and s.piece_of == previous.piece_of:
            out[-1] = (out[-1][0], f"{out[-1][1]} {s.text}")
        else:
            out.append((s.index, s.text))
        previous = s
    return out


def _where(index: int, aligned: list[int]) -> str:
    if not aligned or index < aligned[0]:
        return "before the first kept sentence"
    if index > aligned[-1]:
        return "after the last kept sentence"
    return "between kept sentences"


def explain(
    derived: Features, source: Features, derived_title: str | None = None,
    source_title: str | None = None, min_terms: int = 3,
) -> Explanation:
    """Explain how ``derived`` differs from ``source``.

    Args:
        derived: features of the derived article (the copy, rewrite, translation, summary).
        source: features of the article it is compared with (its parent or origin).
        derived_title: the derived article's headline, if known.
        source_title: the source's headline, if known.
        min_terms: sentences with fewer content terms are not aligned (as in verification).

    Returns:
        The explanation. Two unrelated articles give an explanation with no pairs, every
        source sentence dropped and every derived sentence inserted.

    Example:
        >>> from tracker.config import ShingleConfig
        >>> from tracker.shingle import extract
        >>> a = extract("The council approved the budget of 12 million on Monday.", ShingleConfig())
        >>> b = extract("The council approved the budget of 15 million on Monday.", ShingleConfig())
        >>> [c.detail for c in explain(b, a).of_kind("number_changed")]
        ['12 became 15']
    """
    stats = compare(derived, source, min_terms)
    decided = verdict(stats)
    d_title, d_head = _headline(derived, derived_title)
    s_title, s_head = _headline(source, source_title)
    if not decided.related and crosslang.applies(derived.lang, source.lang):
        return _explain_translation(derived, source, d_title, s_title, d_head, s_head, decided.reason)
    # A headline line of one body (a page's <h1>) that verification aligned with the other's
    # lead, which repeats its words, is the headline: shown as such, not as a kept sentence.
    pairs = [
        AlignedPair(k.left, k.right, derived.sentences[k.left].text, source.sentences[k.right].text,
                    k.score, k.lexical)
        for k in stats.links if (k.left == d_head) == (k.right == s_head)
    ]
    pairs = pairs + _same_sentences(derived, source, pairs)
    pairs = pairs + _gap_pairs(derived, source, pairs, {d_head}, {s_head})
    joined = _joined_pairs(derived, source, pairs, {d_head}, {s_head})
    pairs = pairs + joined
    joins = set(joined)
    pairs = sorted(pairs + other_figures(derived, source, pairs, {d_head}, {s_head}),
                   key=lambda p: (p.derived_index, p.source_index))
    # A wire's correction note ("(Corrects ... to 14 basis points from 11 ...)") restates the
    # sentence it corrects: it is the note the copy added, not that sentence kept.
    pairs = [p for p in pairs if is_correction_note(p.derived_text) == is_correction_note(p.source_text)]
    diffs = tuple(AlignedDiff(p, word_diff(p.source_text, p.derived_text)) for p in pairs)
    d_aligned = sorted({p.derived_index for p in pairs})
    s_aligned = sorted({p.source_index for p in pairs})
    partners: dict[int, list[int]] = {}
    for p in pairs:
        partners.setdefault(p.source_index, []).append(p.derived_index)

    changes: list[Change] = []
    for index, text in _unaligned(derived, set(d_aligned), d_head):
        changes.append(Change("inserted", None, text, f"sentence {_where(index, d_aligned)}", None, index))
    for ad in diffs:
        if ad.pair not in joins:  # (a joined sentence's other words are its host's, not asides)
            changes.extend(_asides(derived, source, ad.pair, ad.words))
    changes.sort(key=lambda c: c.derived_index if c.derived_index is not None else -1)
    for index, text in _unaligned(source, set(s_aligned), s_head):
        changes.append(Change("dropped", text, None, f"sentence {_where(index, s_aligned)}", index, None))
    changes.extend(quote_changes(derived, source, partners))
    changes.extend(number_changes(derived, source, pairs))
    changes.extend(word_figure_changes(tuple(d for d in diffs if d.pair not in joins)))
    if decided.reason.startswith("a recurring report"):
        changes.extend(conflicts(derived, source, {(p.derived_index, p.source_index) for p in pairs}))
    changes.extend(name_changes(derived, source, tuple(d for d in diffs if d.pair not in joins)))
    changes.extend(claim_changes(tuple(d for d in diffs if d.pair not in joins)))
    # A wire's re-issue marks ("CORRECTED-", "UPDATE 2-") say nothing of the story.
    if d_title and s_title and tokens(headline(d_title)) != tokens(headline(s_title)):
        changes.append(Change("headline_changed", s_title, d_title,
                              f"headline reworded: {changed_words(word_diff(s_title, d_title))}",
                              s_head, d_head))
    reason = decided.reason
    if not stats.links and diffs:
        # The pairs shown were matched more loosely than verification matches (between aligned
        # neighbours, or by their figures), for reading: say so, or "no sentence aligns" above
        # a list of pairs reads as a contradiction.
        n = len(diffs)
        reason = (f"{reason}: the {n} pair{'' if n == 1 else 's'} below {'is' if n == 1 else 'are'} shown for "
                  f"reading only (under the alignment bar of {SENTENCE_THRESHOLD:g}, or stating other figures)")
    return Explanation(
        derived_title=d_title, source_title=s_title,
        derived=tuple(SentenceRef(s.index, s.paragraph, s.text) for s in derived.sentences),
        source=tuple(SentenceRef(s.index, s.paragraph, s.text) for s in source.sentences),
        pairs=diffs,
        changes=tuple(changes),
        divergence=divergence_of(stats),
        kept=round(_covered(source, s_aligned, s_head, stats.b_words, stats.b_coverage), 4),
        inserted_share=round(1.0 - _covered(derived, d_aligned, d_head, stats.a_words, stats.a_coverage), 4),
        related=decided.related,
        verdict=reason,
    )


def _explain_translation(derived: Features, source: Features, d_title: str | None, s_title: str | None,
                         d_head: int | None, s_head: int | None, word_verdict: str) -> Explanation:
    """The explanation of two articles in different languages (:mod:`tracker.crosslang`): the
    sentences paired by the names and figures they keep, and what neither pairs. Words are not
    compared (a word diff across languages is every word), nor names (another script spells
    them otherwise) or quotes; figures are compared as each language writes them ("1.730.000"
    is 1730000, "12,5" is 12.5), and a paired sentence stating other figures is a change."""
    found = crosslang.cross_alignment(derived, source)
    pairs = [AlignedPair(i, j, derived.sentences[i].text, source.sentences[j].text, round(n / max(1, found.run), 4), 0.0)
             for i, j, n in found.pairs if i != d_head and j != s_head]
    pairs = sorted(pairs + _told_between(pairs, derived, source, d_head, s_head),
                   key=lambda p: (p.derived_index, p.source_index))
    d_aligned = sorted({p.derived_index for p in pairs})
    s_aligned = sorted({p.source_index for p in pairs})
    changes = [Change("inserted", None, text, f"sentence {_where(index, d_aligned)}", None, index)
               for index, text in _unaligned(derived, set(d_aligned), d_head)]
    changes += [Change("dropped", text, None, f"sentence {_where(index, s_aligned)}", index, None)
                for index, text in _unaligned(source, set(s_aligned), s_head)]
    changes += translated_figures(pairs)
    # A wire's re-issue marks ("CORRECTED-", "UPDATE 2-") say nothing of the story.
    if d_title and s_title and tokens(headline(d_title)) != tokens(headline(s_title)):
        changes.append(Change("headline_changed", s_title, d_title, "headline in another language", s_head, d_head))
    kept = _covered(source, s_aligned, s_head, source.n_words, 0.0)
    new = 1.0 - _covered(derived, d_aligned, d_head, derived.n_words, 0.0)
    return Explanation(
        derived_title=d_title, source_title=s_title,
        derived=tuple(SentenceRef(s.index, s.paragraph, s.text) for s in derived.sentences),
        source=tuple(SentenceRef(s.index, s.paragraph, s.text) for s in source.sentences),
        pairs=tuple(AlignedDiff(p, ()) for p in pairs),
        changes=tuple(changes),
        divergence=round(max(0.0, min(1.0, 0.4 * (1.0 - kept) + 0.3 * new + 0.3)), 4),
        kept=round(kept, 4), inserted_share=round(new, 4),
        related=found.related,
        verdict=found.reason() if found.pairs or not word_verdict else f"{word_verdict}; {found.reason()}",
    )


def _told_between(pairs: list[AlignedPair], derived: Features, source: Features, d_head: int | None,
                  s_head: int | None) -> list[AlignedPair]:
    """Sentences a translation tells in their place without names or figures to pair them by:
    between two paired sentences, as many on each side, each stating the figures of the one in
    its place (none, mostly), paired in order (score 0: their names are not compared, as another
    script spells them otherwise). A faithful translation's "The agency urged donors to act."
    is neither new text nor a dropped sentence; a gap of other lengths on the two sides is left
    unpaired (a sentence added, or one left out)."""
    told = []
    links = sorted({(p.derived_index, p.source_index) for p in pairs})
    for (i1, j1), (i2, j2) in zip(links, links[1:]):
        gap_d = [i for i in range(i1 + 1, i2) if i != d_head]
        gap_s = [j for j in range(j1 + 1, j2) if j != s_head]
        if not gap_d or len(gap_d) != len(gap_s):
            continue
        if any(_figures(derived.sentences[i].text) != _figures(source.sentences[j].text)
               for i, j in zip(gap_d, gap_s)):
            continue
        told += [AlignedPair(i, j, derived.sentences[i].text, source.sentences[j].text, 0.0, 0.0)
                 for i, j in zip(gap_d, gap_s)]
    return told


def _figures(text: str) -> list[str]:
    return [m for m in crosslang.marks(text) if m[0].isdigit()]


def _covered(side: Features, aligned: list[int], headline: int | None, body_words: int, verified: float) -> float:
    """Share of a side's body words in the sentences the explanation pairs: those verification
    aligned, and also those it shows kept with other figures or short rewordings, so that a copy
    that changed three figures has kept its source's text and added none. Never below what
    verification counted (identical short lines it counts are not always paired here)."""
    if body_words <= 0:
        return verified
    words = sum(len(side.sentences[i].words) for i in aligned if i != headline)
    return min(1.0, max(verified, words / body_words))


def explain_articles(derived: Article, source: Article, config: ShingleConfig) -> Explanation:
    """:func:`explain` two articles from their texts and titles.

    Args:
        derived: the derived article.
        source: the article it is compared with.
        config: shingling parameters (as used at ingest).
    """
    # With their headlines, as at ingest: a correction is aligned as verification aligned it.
    # With their stated times too: two issues of a recurring report are told apart by them.
    return explain(extract(derived.text, config, derived.title, derived.stated_time, derived.source,
                           lang=derived.lang),
                   extract(source.text, config, source.title, source.stated_time, source.source,
                           lang=source.lang),
                   derived.title, source.title, config.min_sentence_terms)


#: Rows of one explanation for the store: ``{"explanations": [...], "alignments": [...],
#: "changes": [...]}``, each row a dict of that table's columns (migration 002).
ExplanationRows = dict[str, list[dict[str, Any]]]


def rows(article_id: str, source_id: str, explanation: Explanation) -> ExplanationRows:
    """The table rows that store ``explanation`` of ``article_id`` against ``source_id``."""
    key = {"article_id": article_id, "source_id": source_id}
    return {
        "explanations": [{
            **key, "divergence": explanation.divergence, "kept": explanation.kept,
            "inserted_share": explanation.inserted_share, "n_aligned": len(explanation.pairs),
            "n_changes": len(explanation.changes),
        }],
        "alignments": [
            {**key, "seq": seq, "derived_index": d.pair.derived_index,
             "source_index": d.pair.source_index, "derived_text": d.pair.derived_text,
             "source_text": d.pair.source_text, "score": d.pair.score, "lexical": d.pair.lexical}
            for seq, d in enumerate(explanation.pairs)
        ],
        "changes": [
            {**key, "seq": seq, "kind": c.kind, "source_index": c.source_index,
             "derived_index": c.derived_index, "source_text": c.source_text,
             "derived_text": c.derived_text, "detail": c.detail}
            for seq, c in enumerate(explanation.changes)
        ],
    }


def explainer(
    features_of: Callable[[str], Features], min_terms: int = 3,
) -> Callable[[str, str, str | None, str | None], ExplanationRows]:
    """Explain by article ids: ``(derived_id, source_id, derived_title, source_title) -> rows``.

    This is what :meth:`tracker.store.Store.refresh_explanations` calls for each lineage edge
    it has no explanation of yet.

    Args:
        features_of: features of an article by id (the pipeline's cache).
        min_terms: as for :func:`explain`.
    """

    def by_id(derived_id: str, source_id: str, derived_title: str | None,
              source_title: str | None) -> ExplanationRows:
        found = explain(features_of(derived_id), features_of(source_id), derived_title,
                        source_title, min_terms)
        return rows(derived_id, source_id, found)

    return by_id
