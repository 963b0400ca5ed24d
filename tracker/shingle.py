"""Pure: article text -> sentences and shingle sets for every family.

Three shingle families, each signed separately (see DESIGN.md, "Why two stages"):

* ``verbatim``: word n-grams (all words, default 5): syndicated copies, cheaply and exactly.
* ``content``: the set of content terms (stemmed, stop words removed): survives paraphrase
  and translation-back, whose word 5-grams are nearly all gone.
* ``sentence``: one content-term set per sentence: finds a short summary or a passage
  embedded in a long page, whose document-level Jaccard is tiny but whose sentences match.

Short-text policy: a text with no body paragraphs has no shingles and is rejected at intake;
a text shorter than the n-gram size has an empty verbatim set (never indexed there); a
sentence with fewer than ``min_sentence_terms`` content terms is not signed or aligned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from tracker.anchors import ANCHOR_WEIGHT
from tracker.attribution import credit_signals, dateline_end
from tracker.config import ShingleConfig
from tracker.normalize import body_paragraphs, declares_translation, dominant_script
from tracker.text import (
    STOP_WORDS,
    content_terms,
    headline,
    is_correction,
    numbers,
    split_long,
    split_sentences,
    stem,
    outlet_key,
    tokens,
    update_number,
    word_weight,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One body sentence.

    Attributes:
        index: position among the article's body sentences.
        paragraph: index of the paragraph it belongs to.
        text: the cleaned sentence.
        words: lower-cased tokens.
        terms: stemmed content terms (a set).
        numbers: numeric tokens.
        piece_of: for a piece of a run-on sentence cut by :func:`tracker.text.split_long`, the
            index of its first piece (the same for every piece of that sentence); ``None``
            for a sentence that was not cut.
        quoted: share of its words inside double quotation marks, read across its paragraph:
            the middle sentence of a quotation running over three sentences has no mark of
            its own and is quoted whole (see :func:`_quoted_shares`). Quotations in single
            marks, and 「」 quotations, are not read here.
    """

    index: int
    paragraph: int
    text: str
    words: tuple[str, ...]
    terms: frozenset[str]
    numbers: frozenset[str]
    piece_of: int | None = None
    quoted: float = 0.0


@dataclass(frozen=True, slots=True)
class Features:
    """Everything the matching stages read from one article.

    Attributes:
        sentences: body sentences in order.
        n_words: words in the body.
        script: dominant script of the body (``LATIN``, ``CYRILLIC``...).
        credits: outlets the text credits.
        cited: other names the text reports from ("Northwire reported"), as outlet keys
            (:func:`tracker.attribution.credits_and_citations`).
        mentions: ``(key, before, words, after)`` of the credited and cited keys that only a
            mention inside a sentence credits ("told Reuters"), with the words around it
            (:func:`tracker.attribution.credit_signals`).
        lang: the article's language (ISO 639-1, as intake detected or was told), if known:
            two articles in different languages are compared by :mod:`tracker.crosslang`.
        foreign_chrome: share of the raw page's lines written in another script than the body.
        translation_note: a short line of the page says that it is a translation
            (:func:`tracker.normalize.declares_translation`).
        correction: the item says that it corrects an earlier one
            (:func:`tracker.text.is_correction`).
        update: the number of the wire's update mark on its headline ("UPDATE 2-"), 0 without
            (:func:`tracker.text.update_number`).
        outlet: the publishing outlet's key (:func:`tracker.text.outlet_key`), if known.
        weights: informativeness of each content term (:func:`tracker.text.word_weight` of
            the rarest word that stems to it).
        title_terms: content terms of the headline, when one was given apart from the text
            (without a re-issue mark such as "CORRECTED -", :func:`tracker.text.headline`).
        title_names: the rare ones among them (names, tickers: weight at least
            :data:`tracker.anchors.ANCHOR_WEIGHT`).
        title_subjects: the headline's subjects: its terms that the body writes capitalised
            and that weigh as names (at least :data:`SUBJECT_WEIGHT`).
        published_at: the publication time the article states, if known (not a crawl time:
            :attr:`tracker.model.Article.stated_time`).
        anchors: the rare content terms (:mod:`tracker.anchors`) with their weights.
        joined_words: every body token in order, joined by single spaces (the input of the
            compiled verbatim kernel; tokens never hold a space).
        body_terms: every content term of the body.
        joined_terms: the same terms joined by single spaces, in first-seen order.
        sentence_terms: the terms of each sentence with at least ``min_sentence_terms``
            terms, all joined by single spaces, sentence after sentence.
        sentence_sizes: how many terms of ``sentence_terms`` each of those sentences has.
        min_sentence_terms: the ``min_sentence_terms`` those two were made with.
        postings: content term -> indices of those sentences that have it, ascending (the
            alignment's lookup table, made once per article instead of once per pair).

    The last seven are made once here, while the sentences are built, so that signing
    (:func:`tracker.signature.sign`) and alignment read them instead of walking the
    sentences again.
    """

    sentences: tuple[Sentence, ...]
    n_words: int
    script: str
    credits: tuple[str, ...]
    foreign_chrome: float
    weights: dict[str, float]
    translation_note: bool = False
    correction: bool = False
    update: int = 0
    outlet: str | None = None
    title_terms: frozenset[str] = frozenset()
    title_names: frozenset[str] = frozenset()
    title_subjects: frozenset[str] = frozenset()
    published_at: datetime | None = None
    cited: tuple[str, ...] = ()
    mentions: tuple[tuple[str, str, str, str], ...] = ()
    lang: str | None = None
    anchors: dict[str, float] = field(default_factory=dict)
    joined_words: str = ""
    body_terms: frozenset[str] = frozenset()
    joined_terms: str = ""
    sentence_terms: str = ""
    sentence_sizes: tuple[int, ...] = ()
    min_sentence_terms: int = 0
    postings: dict[str, list[int]] = field(default_factory=dict)

    def words(self) -> list[str]:
        """All body tokens in order."""
        return self.joined_words.split(" ") if self.joined_words else []

    def terms(self) -> frozenset[str]:
        """All content terms of the body."""
        return self.body_terms


def _pieces(paragraph: str) -> Iterator[tuple[str, int, bool]]:
    """The paragraph's sentences, run-on ones cut: ``(text, sentence number, was cut)`` per piece."""
    for number, sentence in enumerate(split_sentences(paragraph)):
        pieces = split_long(sentence)
        yield from ((piece, number, len(pieces) > 1) for piece in pieces)


#: What may stand before an opening quotation mark, and after a closing one.
_BEFORE_OPENING = frozenset(" \t([{\u2014\u2013-:/")
_AFTER_CLOSING = frozenset(" \t)]}.,;:!?\u2014\u2013-/")


def _marks(text: str) -> list[tuple[int, str]]:
    """The double quotation marks of ``text`` (normalised to ``"``) as ``(offset, kind)``: an
    ``open`` mark stands after a space (or the start, a bracket, a dash) and before a word; a
    ``close`` mark after a word and before a space or punctuation (or the end), or after
    ``.,!?`` (``."He``, and ``, " he said`` with a space before it), or after a figure
    (``"50-50"``, where a mark after a figure outside a quotation is an inch: ``65"``); a mark
    that may be either (``both``) stands between two spaces or two word characters."""
    found = []
    for k, char in enumerate(text):
        if char != '"':
            continue
        before = text[k - 1] if k else " "
        after = text[k + 1] if k + 1 < len(text) else " "
        prior = text[:k].rstrip()[-1:] or " "
        opens = before in _BEFORE_OPENING and not after.isspace()
        closes = (not before.isspace() and (after in _AFTER_CLOSING or after == '"' or before in ".,!?")
                  or before.isspace() and after.isspace() and prior in ".,!?")
        if before.isdigit() and not opens:
            found.append((k, "close"))  # an inch outside a quotation (skipped there), or its end
        elif opens or closes:
            found.append((k, "both" if opens and closes else "open" if opens else "close"))
    return found


def _closings_ahead(marks: list[tuple[int, str]], n: int) -> int:
    """Marks after the ``n``-th that can close, up to the next one that can only open."""
    found = 0
    for _, kind in marks[n + 1:]:
        if kind == "open":
            break
        found += 1
    return found


def _quoted_shares(pieces: list[str], continued: bool = False) -> list[float]:
    """Share of each piece's words inside double quotation marks (normalised to ``"``), the marks
    of the paragraph read in order across its pieces: a quotation opened in one sentence and
    closed two sentences on covers the sentence between, which has no mark, and the closing
    one's words before ``," he said.``. A mark that cannot open (or close) where it stands is
    skipped (:func:`_marks`). A quotation still open at the paragraph's end runs on only when
    the next paragraph opens with a mark (``continued``), as a quotation over paragraphs is
    written; otherwise its opening mark was a stray one, and nothing after it is quoted. So
    is an opening mark followed by another mark that can only open."""
    if not any('"' in piece for piece in pieces):
        return [0.0] * len(pieces)
    text = " ".join(pieces)
    spans: list[list[int]] = []
    inside = False
    marks = _marks(text)
    nested = 0
    for n, (at, kind) in enumerate(marks):
        if not inside and kind in ("open", "both"):
            spans.append([at, len(text)])
            inside = True
        elif inside and kind in ("close", "both"):
            if nested:
                nested -= 1  # the end of a quotation inside the quotation
            else:
                spans[-1][1] = at
                inside = False
        elif inside and _closings_ahead(marks, n) >= nested + 2:
            # A mark that can only open, while a quotation is open, with marks ahead to close
            # it and the one around it (before the next mark that can only open): a quotation
            # inside the quotation (« ... „ ... “ ... », all read as ").
            nested += 1
        elif inside:
            # ...else the earlier opening was a stray one (a name whose closing mark was lost:
            # 'newsletter "Cross Currents. She has ... to "Minnesota Nice."'), and it quotes
            # nothing.
            spans[-1] = [at, len(text)]
            nested = 0
    if inside and not continued:
        spans.pop()
    shares = []
    start = 0
    for piece in pieces:
        end = start + len(piece)
        total = len(tokens(piece))
        quoted = sum(len(tokens(text[max(a, start):min(b, end)])) for a, b in spans if a < end and b > start)
        shares.append(min(1.0, quoted / total) if total else 0.0)
        start = end + 1
    return shares


#: Word weight (:func:`tracker.text.word_weight`) from which a capitalised headline word is a
#: name: "Tokyo" 2.7, "Canon" 2.9, "Quebec" 3.0, "DNC" 3.4; "International", "Bank" and
#: "Canada" weigh about 2 or less. At 3.0 instead, 20 fewer Reuters match rows are refused as
#: items of other subjects (other issuers' bonds, other commodities' supply tables, other
#: companies' rights plans); at 2.0, 4 more, all such items too.
SUBJECT_WEIGHT = 2.5
_CAPITALISED = re.compile(r"\b[A-Z][\w'&.-]*")


def _subjects(title_terms: frozenset[str], sentences: list[Sentence],
              weights: dict[str, float]) -> frozenset[str]:
    """The headline terms that the body writes capitalised and that weigh as names."""
    out = set()
    for s in sentences:
        for match in _CAPITALISED.finditer(s.text):
            word = match.group().lower().strip(".'")
            if word and word not in STOP_WORDS:
                term = stem(word)
                if term in title_terms and weights.get(term, 0.0) >= SUBJECT_WEIGHT:
                    out.add(term)
    return frozenset(out)


#: Sentences at the top of a body that may open with a dateline (after a headline and a byline
#: written into the text).
LEAD_SEARCH = 3


def _figures(raw: str, words: list[str], first: bool) -> frozenset[str]:
    """The figures of a sentence; the day of a dateline that opens a lead ("PARIS, Nov 13
    (Agency) - ") is when the story was filed, not a figure it reports: a brief filed a day
    later under its own dateline states no other figure."""
    end = dateline_end(raw) if first else 0
    return numbers(tokens(raw[end:]) if end else words)


def extract(text: str, config: ShingleConfig, title: str | None = None,
            published_at: datetime | None = None, source: str | None = None,
            attribution: bool = True, lang: str | None = None) -> Features:
    """Split an article into body sentences with their tokens and terms.

    Args:
        text: the raw article text.
        config: shingling parameters.
        title: the headline, when the record gives it apart from the text.
        published_at: the publication time the article states, if known (without a zone: UTC).
        source: the outlet that published it (a domain or a name), if known.
        attribution: read the outlets the text credits and cites. A stored article's are in
            the database, and matching never reads them: its features leave them empty (a
            sixth of the extraction's time).
        lang: the article's language, if known (kept in :attr:`Features.lang`).

    Returns:
        The article's features; ``sentences`` is empty when the text has no body.
    """
    paras = body_paragraphs(text)
    script = dominant_script(" ".join(paras)) if paras else "LATIN"
    sentences: list[Sentence] = []
    weights: dict[str, float] = {}
    rare: list[str] = []
    joined: list[str] = []
    grouped: list[str] = []
    postings: dict[str, list[int]] = {}
    sizes: list[int] = []
    for p_index, para in enumerate(paras):
        first_of: dict[int, int] = {}  # sentence number -> index of its first kept piece
        pieces = list(_pieces(para))
        continued = p_index + 1 < len(paras) and paras[p_index + 1].lstrip().startswith('"')
        for (raw, number, cut), quoted in zip(pieces, _quoted_shares([p[0] for p in pieces], continued),
                                              strict=True):
            words = tokens(raw)
            if not words:
                continue
            first_of.setdefault(number, len(sentences))
            found: list[str] = []  # content_terms(words), stemmed once here
            for word in words:
                if word not in STOP_WORDS and (len(word) > 1 or word.isdigit()):
                    term = stem(word)
                    found.append(term)
                    w = word_weight(word)
                    if w > weights.get(term, 0.0):
                        weights[term] = w
                        if w >= ANCHOR_WEIGHT:
                            rare.append(term)
            terms = frozenset(found)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    paragraph=p_index,
                    text=raw,
                    words=tuple(words),
                    terms=terms,
                    numbers=_figures(raw, words, first=len(sentences) < LEAD_SEARCH),
                    piece_of=first_of[number] if cut else None,
                    quoted=round(quoted, 4),
                )
            )
            joined.append(" ".join(words))
            if len(terms) >= config.min_sentence_terms:
                for term in terms:
                    postings.setdefault(term, []).append(len(sentences) - 1)
                grouped.append(" ".join(terms))
                sizes.append(len(terms))
    heading = tokens(headline(title)) if title else []
    title_terms = frozenset(content_terms(heading))
    raw_lines = [ln for ln in text.splitlines() if ln.strip()][:400]
    foreign = sum(1 for line in raw_lines if dominant_script(line) != script)
    credited, cited, mentions = credit_signals(text) if attribution else ((), (), ())
    return Features(
        sentences=tuple(sentences),
        n_words=sum(len(s.words) for s in sentences),
        script=script,
        credits=credited,
        cited=cited,
        mentions=mentions,
        lang=lang,
        foreign_chrome=foreign / max(1, len(raw_lines)),
        translation_note=declares_translation(text, lang),
        correction=is_correction(text, title),
        update=update_number(title),
        outlet=outlet_key(source),
        weights=weights,
        title_terms=title_terms,
        title_names=frozenset(stem(w) for w in heading if w not in STOP_WORDS and not w[0].isdigit()
                              and word_weight(w) >= ANCHOR_WEIGHT),
        title_subjects=_subjects(title_terms, sentences, weights) if title_terms else frozenset(),
        # A time without a zone is UTC, as at intake.
        published_at=published_at.replace(tzinfo=timezone.utc)
        if published_at is not None and published_at.tzinfo is None else published_at,
        anchors={t: weights[t] for t in rare if not t[0].isdigit()},
        joined_words=" ".join(joined),
        body_terms=frozenset(weights),
        joined_terms=" ".join(weights),
        sentence_terms=" ".join(grouped),
        sentence_sizes=tuple(sizes),
        min_sentence_terms=config.min_sentence_terms,
        postings=postings,
    )


def sentence_groups(features: Features, min_terms: int) -> tuple[str, tuple[int, ...]]:
    """The sentence family's input: terms of the sentences with at least ``min_terms`` terms,
    joined by single spaces, and each sentence's number of terms."""
    if min_terms == features.min_sentence_terms:
        return features.sentence_terms, features.sentence_sizes
    groups = [s.terms for s in features.sentences if len(s.terms) >= min_terms]
    return " ".join(" ".join(g) for g in groups), tuple(len(g) for g in groups)


def verbatim_shingles(features: Features, n: int) -> list[str]:
    """Distinct word n-grams of the body, in first-seen order (all words, stop words kept)."""
    words = features.words()
    if len(words) < n:
        return []
    return list(dict.fromkeys(" ".join(words[i:i + n]) for i in range(len(words) - n + 1)))


def content_shingles(features: Features) -> list[str]:
    """Distinct content terms of the body, sorted."""
    return sorted(features.terms())


def sentence_shingles(features: Features, min_terms: int) -> list[tuple[int, list[str]]]:
    """``(sentence index, sorted terms)`` for every sentence with at least ``min_terms`` terms."""
    return [(s.index, sorted(s.terms)) for s in features.sentences if len(s.terms) >= min_terms]
