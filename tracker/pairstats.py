"""Pure: what an alignment of two articles says about them, and the measures behind it.

:class:`PairStats` holds what :func:`tracker.verify.compare` measures of a pair: coverage of
each side, order, lexical closeness, compression, context, passages, subjects, quotations.
The functions here compute its parts from two articles' features and their aligned
sentences; the thresholds that decide on them live in :mod:`tracker.verify`.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tracker.align import Link, same_frame_other_figures, set_jaccard
from tracker.shingle import Features, Sentence
from tracker.text import quotes, tokens


@dataclass(frozen=True, slots=True)
class PairStats:
    """What an alignment says about a pair; ``a`` is the left article, ``b`` the right.

    Attributes:
        n_aligned: aligned statements: the distinct sentences linked on the side with fewer
            (a sentence that also joins a second partner counts once; the further pieces of a
            run-on sentence cut on one side only count with the first, see
            :class:`tracker.align.Link`).
        a_coverage: share of ``a``'s body words in aligned sentences (a line of the body
            that repeats either headline counts for neither).
        b_coverage: share of ``b``'s body words in aligned sentences.
        a_span: share of ``a``'s sentences between its first and last aligned sentence.
        b_span: the same for ``b``.
        order: share of links in the longest order-keeping run.
        lexical: mean all-word Jaccard over links (1.0 verbatim).
        wording: mean all-word Jaccard over the links of the writers' own text: links whose
            sentences are quotations on both sides left out (all links when those are three
            quarters of them or more: an interview copied whole).
            A quotation is word for word in every telling that quotes it; it says nothing of
            whether one writer took the other's prose.
        bigram: mean word-bigram Jaccard over the links of ``wording`` (low when words are
            kept but reordered).
        verbatim: median over the links of ``wording`` of the share of the shorter sentence's
            word bigrams found in the longer one (1.0 for text copied verbatim, even when the
            copy starts or ends inside a sentence of its source; the median, so that one stray
            link between two different sentences does not hide a copy).
        compression: words of ``a``'s aligned sentences over ``b``'s (below 1: ``a`` condenses).
        a_keeps: median over ``b``'s aligned sentences of the share of its words that the ``a``
            sentences aligned with it keep (below 1: ``a`` cuts the sentences it tells short,
            as a summary does; a trimmed copy keeps them whole, even split in two or aligned
            with two of ``b``'s).
        b_keeps: the same with the roles exchanged.
        condensation: words of ``a`` from its first to its last aligned sentence over the same
            for ``b`` (below 1: a compact passage of ``a`` draws on a stretch of ``b`` several
            times longer, as a summary does).
        score: mean content similarity over links.
        a_words: body words of ``a`` (less the lines that repeat a headline, as the coverage).
        b_words: body words of ``b``.
        a_rest: how much ``a``'s unaligned sentences talk about what the pair shares (cosine
            of term counts): high when the rest of ``a`` is the same story, low when the
            shared part is an excerpt among other topics.
        b_rest: the same with the roles exchanged.
        a_headline_told: ``a``'s aligned sentences tell its headline (:func:`headline_told`).
        b_headline_told: the same for ``b``.
        a_context: how much ``a``'s unaligned sentences next to its aligned stretch (up to
            :data:`CONTEXT_WINDOW` on each side) talk about the aligned sentences (cosine of
            term counts); ``None`` with fewer than :data:`CONTEXT_MIN_SENTENCES` of them. Low
            where the shared text was set into a page about something else.
        b_context: the same for ``b``.
        a_passage: the longest run of consecutive ``a`` sentences whose weighted terms are
            mostly found in ``b``, as (sentences, aligned sentences in it, distinct anchors);
            computed only when exactly one sentence pair aligns, else zeros.
        b_passage: the same with the roles exchanged.
        figure_conflicts: unaligned sentences that match an unaligned sentence of the other
            article in their words but state other figures (see :func:`figure_conflicts`),
            the fewer of the two sides' counts.
        titles: Jaccard of the two headlines' content terms; ``None`` unless both are known.
        a_foreign: share of ``a``'s page lines in another script than its body.
        b_foreign: the same for ``b``.
        a_note: ``a``'s page says that it is a translation.
        b_note: the same for ``b``.
        correction: 1 when ``a`` says it corrects an item with ``b``'s headline (and ``b``
            says nothing of the kind), -1 for the reverse, else 0.
        later: 1 when ``a`` is a later update of an item with ``b``'s headline ("UPDATE 2-"
            against "UPDATE 1-" or no mark), -1 for the reverse, else 0.
        other_subjects: the two items are about different subjects: each headline names
            one, and neither article mentions a subject of the other's headline (see
            :func:`other_subjects`); read only between headlined items with fewer than
            :data:`~tracker.verify.LEAD_EXEMPT` aligned sentences, and not between a
            correction or an update and the item it restates.
        days_apart: days between the two stated publication times; ``None`` unless both are
            known.
        short_named: the shorter article's headline names a subject, and the other article
            mentions each of its subjects (see :func:`other_subjects`); read only between
            items under disagreeing headlines that align two sentences (else ``False``).
        a_merges: sentences of ``a`` that join two adjacent sentences of ``b`` and leave out
            part of their words: one sentence condensing two, as a summary writes (see
            :func:`tracker.verify._merges`).
        b_merges: the same with the roles exchanged.
        quoted: aligned statements that are quotations on both sides (see :func:`is_quotation`).
        leads: the two articles' leads (:func:`lead_index`) are aligned with each other.
        verbatim_run: the longest run of consecutive sentences of both articles aligned word for
            word (:data:`~tracker.verify.COPY_VERBATIM` of the shorter one's word pairs), quotations left out:
            a passage one page took whole (see :func:`tracker.verify._verbatim_run`); computed only between
            headlined items of two named outlets, else 0.
        other_outlets: the two articles name their outlets, and the outlets differ.
        figures_changed: aligned sentence pairs that each state a figure the other does not
            (a figure replaced: "$410 million" / "$440 million"), as a correction changes a
            story; a figure dropped or added alone is not counted.
        own_wording: mean all-word Jaccard over the links that are not quotations on both
            sides, whatever their share (0 when every link is one): ``wording`` without its
            exception for an interview copied whole.
        carried: sentences in those links at :data:`~tracker.verify.COPY_LEXICAL` or more,
            on the side with fewer: lines carried over word for word.
        own_lead: one of those links joins sentences among the first
            :data:`~tracker.verify.LEAD_SENTENCES` of both articles.
        own_weakest: the lowest score of those links (0 when there are none).
        lead_taken: one article's lead, :data:`~tracker.verify.TAKEN_LEAD_WORDS` or more words,
            is a sentence of the other word for word; read only between headlined items of two
            named outlets, as ``verbatim_run``.
        a_picks: words of ``a`` from its first to its last aligned sentence over the words of
            ``b`` from the first to the last sentence that is the closest partner of one of
            them (below 1: ``a`` picks its sentences from across a longer stretch of ``b``, as
            a digest does; a trimmed copy takes a run, about 1). Unlike ``condensation``, a
            second, weaker partner far off (a line the source repeats) does not stretch it.
        b_picks: the same with the roles exchanged.
        a_kept: share of ``a``'s body words in sentences aligned word for word
            (:data:`~tracker.verify.COPY_VERBATIM` of their word pairs in the partner):
            what a copy republishes, where ``a_coverage`` also counts reworded sentences.
        b_kept: the same with the roles exchanged.
        marks: rare content terms (:mod:`tracker.anchors`) and figures of the shorter article;
            read only between two named outlets when it is at most
            :data:`~tracker.verify.SUMMARY_LENGTH` of the other (else 0, and the next three
            are their defaults).
        marks_kept: the share of them that the longer article states anywhere.
        new_figures: figures of the shorter article that the longer one never states (of two
            or more characters: "two sides" is no figure of a story).
        subjects_kept: the longer article mentions every subject the shorter one's headline
            names (:func:`names_kept`; true when it names none).
        links: the alignment.
    """

    n_aligned: int
    a_coverage: float
    b_coverage: float
    a_span: float
    b_span: float
    order: float
    lexical: float
    wording: float
    bigram: float
    verbatim: float
    compression: float
    condensation: float
    a_keeps: float
    b_keeps: float
    score: float
    a_words: int
    b_words: int
    a_rest: float
    b_rest: float
    a_context: float | None
    b_context: float | None
    a_passage: tuple[int, int, int]
    b_passage: tuple[int, int, int]
    figure_conflicts: int
    titles: float | None
    a_foreign: float
    b_foreign: float
    links: tuple[Link, ...]
    a_note: bool = False
    b_note: bool = False
    correction: int = 0
    later: int = 0
    other_subjects: bool = False
    days_apart: float | None = None
    short_named: bool = False
    a_merges: int = 0
    b_merges: int = 0
    quoted: int = 0
    leads: bool = False
    verbatim_run: int = 0
    other_outlets: bool = False
    figures_changed: int = 0
    own_wording: float = 0.0
    carried: int = 0
    own_lead: bool = False
    own_weakest: float = 0.0
    lead_taken: bool = False
    a_headline_told: bool = False
    b_headline_told: bool = False
    a_picks: float = 1.0
    b_picks: float = 1.0
    a_kept: float = 0.0
    b_kept: float = 0.0
    marks: int = 0
    marks_kept: float = 0.0
    new_figures: int = 0
    subjects_kept: bool = True

    def swapped(self) -> PairStats:
        """The same stats with ``a`` and ``b`` exchanged."""
        return PairStats(
            n_aligned=self.n_aligned, a_coverage=self.b_coverage, b_coverage=self.a_coverage,
            a_span=self.b_span, b_span=self.a_span, order=self.order, lexical=self.lexical,
            wording=self.wording, bigram=self.bigram, verbatim=self.verbatim,
            compression=1 / self.compression if self.compression else 0.0,
            condensation=1 / self.condensation if self.condensation else 0.0, score=self.score,
            a_keeps=self.b_keeps, b_keeps=self.a_keeps,
            a_words=self.b_words, b_words=self.a_words, a_rest=self.b_rest, b_rest=self.a_rest,
            a_context=self.b_context, b_context=self.a_context,
            a_passage=self.b_passage, b_passage=self.a_passage, figure_conflicts=self.figure_conflicts,
            titles=self.titles,
            a_foreign=self.b_foreign,
            b_foreign=self.a_foreign,
            a_note=self.b_note,
            b_note=self.a_note,
            correction=-self.correction,
            later=-self.later,
            other_subjects=self.other_subjects,
            days_apart=self.days_apart,
            short_named=self.short_named,
            a_merges=self.b_merges,
            b_merges=self.a_merges,
            quoted=self.quoted,
            leads=self.leads,
            verbatim_run=self.verbatim_run,
            other_outlets=self.other_outlets,
            figures_changed=self.figures_changed,
            own_wording=self.own_wording,
            carried=self.carried,
            own_lead=self.own_lead,
            own_weakest=self.own_weakest,
            lead_taken=self.lead_taken,
            a_headline_told=self.b_headline_told,
            b_headline_told=self.a_headline_told,
            a_picks=self.b_picks,
            b_picks=self.a_picks,
            a_kept=self.b_kept,
            b_kept=self.a_kept,
            marks=self.marks,
            marks_kept=self.marks_kept,
            new_figures=self.new_figures,
            subjects_kept=self.subjects_kept,
            links=tuple(Link(k.right, k.left, k.score, k.lexical, k.joined) for k in self.links),
        )


#: Share of a headline's content terms that the aligned sentences of its article must hold for
#: the shared text to be what the article is about (see :func:`headline_told`).
HEADLINE_TOLD = 0.6


def headline_told(article: Features, aligned: set[int], lead: int, lead_sentences: int = 2) -> bool:
    """The article's aligned sentences tell its headline (:data:`HEADLINE_TOLD` of its content
    terms) and its lead (one of its first ``lead_sentences`` sentences from ``lead``, see
    :func:`lead_index`): what it shares with the other is its own story, not a passage set
    among other topics. A commentary titled after the story it quotes opens with its own words.
    ``False`` without a headline."""
    title = article.title_terms
    if not title or not aligned or not any(i < lead + lead_sentences for i in aligned):
        return False
    told = set().union(*(article.sentences[i].terms for i in aligned))
    return len(title & told) >= HEADLINE_TOLD * len(title)


def span(indices: set[int], n_sentences: int) -> float:
    if not indices or not n_sentences:
        return 0.0
    return (max(indices) - min(indices) + 1) / n_sentences


def span_words(features: Features, indices: set[int]) -> int:
    """Words of the sentences from the first to the last of ``indices`` (0 when empty)."""
    if not indices:
        return 0
    return sum(len(s.words) for s in features.sentences[min(indices):max(indices) + 1])


def bigram_jaccard(a: Sentence, b: Sentence) -> float:
    ba, bb = set(zip(a.words, a.words[1:])), set(zip(b.words, b.words[1:]))
    union = len(ba | bb)
    return len(ba & bb) / union if union else 1.0


def bigram_containment(a: Sentence, b: Sentence) -> float:
    ba, bb = set(zip(a.words, a.words[1:])), set(zip(b.words, b.words[1:]))
    smaller = min(len(ba), len(bb))
    return len(ba & bb) / smaller if smaller else 1.0


def _term_counts(sentences: list[Sentence]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for s in sentences:
        counts.update(s.terms)
    return counts


def _cosine(x: Counter[str], y: Counter[str]) -> float:
    if not x or not y:
        return 0.0
    dot = sum(v * y[k] for k, v in x.items() if k in y)
    return dot / math.sqrt(sum(v * v for v in x.values()) * sum(v * v for v in y.values()))


def rest_cosine(a: Features, a_aligned: set[int], b: Features, b_aligned: set[int]) -> float:
    """Term-frequency cosine of ``a``'s unaligned sentences with ``b``'s aligned sentences.

    High when the rest of ``a`` tells the same story as the shared part (an original around
    the part a summary kept: 0.44-0.65 on the seeds); low when the shared part is an excerpt
    set among other topics (a passage embedded in a page: median 0.22 on PAN copies).
    """
    rest = _term_counts([s for s in a.sentences if s.index not in a_aligned])
    shared = _term_counts([s for s in b.sentences if s.index in b_aligned])
    return _cosine(rest, shared)


#: Sentences on each side of the aligned stretch that make up its context (see context).
CONTEXT_WINDOW = 5
#: Fewer context sentences than this say nothing (a whole-article rewrite has none).
CONTEXT_MIN_SENTENCES = 2


def context(f: Features, aligned: set[int]) -> float | None:
    """Term-count cosine of the unaligned sentences around ``f``'s aligned stretch with its aligned sentences.

    A passage taken from its source reads on from its neighbours there; set into another
    page, it sits among sentences about something else. Added to the coverage rules, it
    orients 274 of PAN's 310 detected pairs instead of 244 (see :data:`~tracker.verify.CONTEXT_WEIGHT`).
    """
    lo, hi = min(aligned), max(aligned)
    near = [s for s in f.sentences[max(0, lo - CONTEXT_WINDOW):hi + CONTEXT_WINDOW + 1]
            if s.index not in aligned]
    if len(near) < CONTEXT_MIN_SENTENCES:
        return None
    return _cosine(_term_counts(near), _term_counts([f.sentences[i] for i in aligned]))


#: A sentence supports a passage when this share of its term weight occurs in the other article.
PASSAGE_SUPPORT = 0.5
#: Anchor weight above which a matched term counts as distinctive in a passage.
PASSAGE_ANCHOR = 3.5


def passage(a: Features, aligned: set[int], b: Features, min_terms: int = 3) -> tuple[int, int, int]:
    """The strongest run of ``a`` sentences drawn from ``b``'s vocabulary.

    A run is a sequence of consecutive ``a`` sentences (one unsupported sentence may
    interrupt it) each of which has at least :data:`PASSAGE_SUPPORT` of its term weight
    among ``b``'s terms. A reworded passage whose sentence boundaries were lost, or a summary
    whose sentences condense several source sentences, shows as such a run even when few of
    its sentences align one to one.

    Returns:
        ``(sentences, aligned sentences, distinct anchors)`` of the run with the most
        anchors (then the longest); zeros when there is none.
    """
    vocab = b.terms()
    weights = a.weights
    best = (0, 0, 0)
    run: list[Sentence] = []
    misses = 0

    def close() -> None:
        nonlocal best
        if run:
            anchors = {t for s in run for t in s.terms
                       if t in vocab and weights.get(t, 0.0) >= PASSAGE_ANCHOR}
            found = (len(run), sum(1 for s in run if s.index in aligned), len(anchors))
            if (found[2], found[0]) > (best[2], best[0]):
                best = found

    for s in a.sentences:
        if len(s.terms) < min_terms:
            continue
        total = sum(weights.get(t, 1.0) for t in s.terms)
        support = sum(weights.get(t, 1.0) for t in s.terms if t in vocab) / total
        if support >= PASSAGE_SUPPORT:
            run.append(s)
            misses = 0
        elif run and misses == 0:
            misses = 1
        else:
            close()
            run = []
            misses = 0
    close()
    return best


def figure_conflicts(a: Features, a_aligned: set[int], b: Features, b_aligned: set[int], min_terms: int = 3,
                     condensed: int = 0) -> int:
    """Unaligned sentences of ``a`` with figures whose words match an unaligned sentence of ``b`` that states others.

    See :func:`tracker.align.same_frame_other_figures`. Reports of a recurring series (a daily
    money-market report, a company's quarterly results, a bond's terms) share their sentence
    frames and differ in their figures; a copy or a rewrite keeps its source's figures.
    """
    candidates = [s for s in b.sentences
                  if s.numbers and s.index not in b_aligned and len(s.terms) >= min_terms]
    if not candidates:
        return 0
    return sum(1 for s in a.sentences
               if s.numbers and s.index not in a_aligned and len(s.terms) >= min_terms
               and any(same_frame_other_figures(s, other, condensed) for other in candidates))


#: Spellings of one name this close (:class:`difflib.SequenceMatcher` ratio of the stems) are
#: one name: "Ceasars" / "Caesars", "Fidelcor" / "Fieldcor" (a corrected headline).
SUBJECT_SPELLING = 0.8


def _known_to(name: str, other: Features) -> bool:
    """``other`` mentions ``name`` (body or headline), under this or a close spelling."""
    if name in other.body_terms or name in other.title_terms:
        return True
    # Only terms whose length allows the ratio (2 * matches / total length; the shorter
    # term must be at least 2/3 of the longer for 0.8).
    return any(_spelled_alike(name, t) for t in other.body_terms | other.title_terms
               if 3 * min(len(t), len(name)) >= 2 * max(len(t), len(name)))


@lru_cache(maxsize=1 << 16)  # about 17 MB when full
def _spelled_alike(name: str, term: str) -> bool:
    """``term`` is a close spelling of ``name``: what ``difflib.get_close_matches(name, [term],
    1, SUBJECT_SPELLING)`` finds, remembered (a name meets the same common words in every
    article it is compared with; the lookup was the costliest part of a comparison)."""
    matcher = difflib.SequenceMatcher(None, term, name)
    return (matcher.real_quick_ratio() >= SUBJECT_SPELLING and matcher.quick_ratio() >= SUBJECT_SPELLING
            and matcher.ratio() >= SUBJECT_SPELLING)


def names_kept(short: Features, other: Features) -> bool:
    """``short``'s headline names a subject, and ``other`` mentions every one: a brief or a
    summary of a story names its subject; another company's notice cast in the same words
    ("... filed with the Securities and Exchange Commission for a shelf offering of ...")
    names its own."""
    return bool(short.title_subjects) and all(_known_to(t, other) for t in short.title_subjects)


def other_subjects(a: Features, b: Features) -> bool:
    """Two items about different subjects: neither mentions a subject of the other's headline.

    Both headlines must name one (:attr:`tracker.shingle.Features.title_subjects`).

    "CAISSE DESJARDINS BRINGS EUROYEN BOND" and "DNC INTERNATIONAL ISSUES 10 BILLION YEN
    BOND" state the same terms ("is issuing a 10 billion yen eurobond due April 7, 1994
    ... priced at 102-3/8") of two issuers. A copy, a rewrite or a follow-up names its
    story's subject; the items of a series (another issuer's bond, another oil company's
    price move, another company's debt filing) name their own.
    """
    mine, theirs = a.title_subjects, b.title_subjects
    return bool(mine and theirs) and not any(_known_to(t, b) for t in mine) \
        and not any(_known_to(t, a) for t in theirs)


def same_short_lines(a: Features, a_aligned: set[int], b: Features, b_aligned: set[int],
                      min_terms: int) -> int:
    """Words of the unaligned lines with fewer than ``min_terms`` content terms that both
    articles have word for word (each line of one side counted once), when any line aligns."""
    if not a_aligned:
        return 0
    theirs = Counter(s.words for s in b.sentences
                     if s.index not in b_aligned and len(s.terms) < min_terms and s.terms)
    found = 0
    for s in a.sentences:
        if s.index not in a_aligned and len(s.terms) < min_terms and theirs[s.words] > 0:
            theirs[s.words] -= 1
            found += len(s.words)
    return found


#: A sentence is a quotation when at least this share of its words is inside quotation marks.
QUOTED_SHARE = 0.5


def is_quotation(sentence: Sentence) -> bool:
    """Most of the sentence is a direct quotation ("..." said the rescue commander), read with
    the marks of its paragraph (:attr:`tracker.shingle.Sentence.quoted`: the middle sentence of a
    quotation over three sentences, a closing ``...," he said.``), or it opens or closes a
    quotation that runs over several sentences (an odd number of quotation marks, one of them
    at its start or end), or most of it is a quotation in single marks."""
    if sentence.quoted >= QUOTED_SHARE:
        return True
    text = sentence.text.strip()
    marks = sum(text.count(c) for c in '"\u201c\u201d')
    if marks % 2 and (text[:1] in '"\u201c' or text.rstrip(".,;:!?)")[-1:] in '"\u201d'):
        return True
    inside = sum(len(tokens(q)) for q in quotes(sentence.text))
    return bool(sentence.words) and inside >= QUOTED_SHARE * len(sentence.words)


#: A body line whose content terms match a headline at least this well (Jaccard) is that
#: headline written into the body.
HEADLINE_LINE = 0.8


def lead_index(mine: Features, other: Features) -> int:
    """The index of ``mine``'s lead: its first body sentence that does not repeat either
    article's headline (a page's <h1> written above the text)."""
    heads = [t for t in (mine.title_terms, other.title_terms) if t]
    for s in mine.sentences:
        if not any(set_jaccard(s.terms, head) >= HEADLINE_LINE for head in heads):
            return s.index
    return 0


def headline_words(mine: Features, aligned: set[int], other: Features) -> int:
    """Words of ``mine``'s unaligned body lines that repeat either article's headline."""
    heads = [t for t in (mine.title_terms, other.title_terms) if t]
    if not heads:
        return 0
    # Jaccard >= HEADLINE_LINE needs term counts within that ratio of each other.
    low = min(HEADLINE_LINE * len(h) for h in heads)
    high = max(len(h) / HEADLINE_LINE for h in heads)
    return sum(len(s.words) for s in mine.sentences
               if low <= len(s.terms) <= high and s.index not in aligned
               and any(set_jaccard(s.terms, head) >= HEADLINE_LINE for head in heads))
