"""Pure: which quotes of a source a derived article reworded or no longer quotes.

Quotes are paired by alignment first (a quote of a source sentence against the quotes of the
sentences aligned to it), then by content-word overlap anywhere in the copy. A quote whose
sentence was kept but that no longer appears between quote marks is reported as changed
("no longer quoted"); a quote of a dropped sentence is only reported as dropped (by
:mod:`tracker.explain`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.claims import HEDGE_MODALS, HEDGES, NEGATIONS
from tracker.explanation import Change, changed_words, word_diff
from tracker.shingle import Features, Sentence
from tracker.text import content_terms, quotes, tokens

#: Content-word overlap (Dice) for two quotes to be the same quote: in aligned sentences,
#: and anywhere else in the copy. The seed's double translation keeps 4 of 5 terms of
#: "peace tomorrow will be even more painful" (Dice 0.8).
QUOTE_MATCH_ALIGNED = 0.3
QUOTE_MATCH_ANYWHERE = 0.5


@dataclass(frozen=True, slots=True)
class _Quote:
    text: str
    sentence: int
    words: tuple[str, ...]
    terms: frozenset[str]


def _quotes(features: Features) -> list[_Quote]:
    """Quotes of an article, each with the sentence it starts in (quotes may span sentences)."""
    found: list[_Quote] = []
    by_para: dict[int, list[Sentence]] = {}
    for s in features.sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    for sentences in by_para.values():
        starts, text = [], ""
        for s in sentences:
            starts.append((len(text), s.index))
            text += s.text + " "
        pos = 0
        for q in quotes(text):
            at = text.find(q, pos)
            pos = max(pos, at + len(q)) if at >= 0 else pos
            sentence = max((idx for off, idx in starts if off <= max(at, 0)), default=sentences[0].index)
            words = tuple(tokens(q))
            found.append(_Quote(q.strip(), sentence, words, frozenset(content_terms(list(words)))))
    return found


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _words_left_or_added(s_words: tuple[str, ...], d_words: tuple[str, ...], other: Features, near: int) -> bool:
    """Whether one of two quotes, the other's words and more, was cut short or added to: the
    words one has beyond the other (before it, after it) hold a content word, a hedge or a
    negation ("I would not say that the worst is over" / "the worst is over") and are not in
    ``other``, the article without them, around its quote (its sentence ``near`` and the ones
    beside it). Otherwise only the quote marks moved ('the most "significant and direct
    threat"' / '"the most significant and direct threat"', a quote split in two around "he
    said"), and the words are the same."""
    longer, shorter = (s_words, d_words) if len(s_words) > len(d_words) else (d_words, s_words)
    n = len(shorter)
    if not n:
        return False
    at = next(i for i in range(len(longer) - n + 1) if longer[i:i + n] == shorter)
    other_words = tuple(w for sentence in other.sentences[max(0, near - 1):near + 2] for w in tokens(sentence.text))
    return any((content_terms(list(part)) or any(w in HEDGES or w in HEDGE_MODALS or w in NEGATIONS or w.endswith("n't") for w in part))
               and not _contains(other_words, _unjoined(part)) for part in (longer[:at], longer[at + n:]) if part)


#: Words that join the two halves of a quote split around "he said" ("..., and we will not
#: leave" / '..." she said. She added: "We will not leave').
_JOINING = frozenset({"and", "but", "or", "so", "then", "yet"})


def _unjoined(part: tuple[str, ...]) -> tuple[str, ...]:
    """The words cut from a quote without the word that joined them to the rest."""
    if len(part) > 1 and part[0] in _JOINING:
        part = part[1:]
    return part[:-1] if len(part) > 1 and part[-1] in _JOINING else part


#: How a quote change begins whose derived side is the kept sentence, which quotes it no more.
NO_LONGER_QUOTED = "no longer quoted"


def quote_changes(
    derived: Features, source: Features, partners: dict[int, list[int]],
) -> list[Change]:
    d_quotes, s_quotes = _quotes(derived), _quotes(source)
    used: set[int] = set()
    paired: dict[int, int] = {}
    for i, sq in enumerate(s_quotes):
        kept_in = partners.get(sq.sentence, [])
        best: tuple[float, int] | None = None
        for k, dq in enumerate(d_quotes):
            if k in used:
                continue
            score = _dice(sq.terms, dq.terms) or (1.0 if sq.words == dq.words else 0.0)
            floor = QUOTE_MATCH_ALIGNED if dq.sentence in kept_in else QUOTE_MATCH_ANYWHERE
            if score >= floor and (best is None or score > best[0]):
                best = (score, k)
        if best is not None:
            used.add(best[1])
            paired[i] = best[1]
    # A quote of a kept sentence and the one quote left in its aligned sentence are the same
    # quote, however reworded (the seed's "gone absolutely CRAZY" / "completely lost his mind").
    for i, sq in enumerate(s_quotes):
        if i in paired:
            continue
        left = [k for k, dq in enumerate(d_quotes)
                if k not in used and dq.sentence in partners.get(sq.sentence, [])]
        if len(left) == 1:
            used.add(left[0])
            paired[i] = left[0]
    changes: list[Change] = []
    for i, sq in enumerate(s_quotes):
        kept_in = partners.get(sq.sentence, [])
        if i in paired:
            dq = d_quotes[paired[i]]
            if sq.words == dq.words:
                continue
            diff = word_diff(sq.text, dq.text)
            if _contains(dq.words, sq.words) or _contains(sq.words, dq.words):
                cut = len(dq.words) < len(sq.words)
                if not _words_left_or_added(sq.words, dq.words, derived if cut else source,
                                            dq.sentence if cut else sq.sentence):
                    continue
                how = "quote cut short" if cut else "quote added to"
                changes.append(Change("quote_changed", sq.text, dq.text, f"{how}: {changed_words(diff)}",
                                      sq.sentence, dq.sentence))
                continue
            changes.append(Change("quote_changed", sq.text, dq.text,
                                  f"quote reworded: {changed_words(diff)}", sq.sentence, dq.sentence))
        elif kept_in:
            changes.append(Change(
                "quote_changed", sq.text, derived.sentences[kept_in[0]].text,
                f"{NO_LONGER_QUOTED}: the kept sentence paraphrases or leaves out the quote",
                sq.sentence, kept_in[0]))
    return changes
