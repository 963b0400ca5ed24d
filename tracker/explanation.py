"""Pure: the data of an explanation (:mod:`tracker.explain`) and the word differences it shows.

An :class:`Explanation` holds the two bodies' sentences, the aligned pairs with their word-level
differences (:func:`word_diff`), and the :class:`Change` list; :func:`as_dict` is its JSON form
(``tracker explain --json``). No decision about what changed is taken here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from tracker.model import AlignedPair
from tracker.text import CJK

ChangeKind = Literal["inserted", "dropped", "quote_changed", "number_changed", "name_changed",
                     "claim_changed", "headline_changed"]
CHANGE_KINDS: tuple[ChangeKind, ...] = (
    "inserted", "dropped", "quote_changed", "number_changed", "name_changed", "claim_changed", "headline_changed",
)
DiffOp = Literal["equal", "replace", "delete", "insert"]
#: A word of the word diff, with the space before it (so that words are put back together as
#: they were written): a run of non-space characters, or one letter of a script written without
#: spaces (Chinese, Japanese), whose sentences have no other units to compare.
_SPACED_WORD = re.compile(f"\\s*(?:[{CJK}]|[^\\s{CJK}]+)")


@dataclass(frozen=True, slots=True)
class WordDiff:
    """One run of a word-level difference between a source sentence and a derived sentence.

    Attributes:
        op: ``equal``, ``replace``, ``delete`` (only in the source) or ``insert`` (only in
            the derived sentence).
        source: the run's words in the source sentence (empty for ``insert``).
        derived: the run's words in the derived sentence (empty for ``delete``).
    """

    op: DiffOp
    source: str
    derived: str


@dataclass(frozen=True, slots=True)
class AlignedDiff:
    """An aligned sentence pair with its word-level differences.

    Attributes:
        pair: the aligned pair (positions, texts, similarity).
        words: the differences, in reading order; all ``equal`` for a verbatim sentence.
    """

    pair: AlignedPair
    words: tuple[WordDiff, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference a reader should know about.

    Attributes:
        kind: ``inserted``, ``dropped``, ``quote_changed``, ``number_changed``,
            ``name_changed``, ``claim_changed`` (a hedge, an approximation or a negation:
            :mod:`tracker.claims`) or ``headline_changed``.
        source_text: what the source says (``None`` for an insertion).
        derived_text: what the derived article says (``None`` when it is gone).
        detail: one human sentence saying what changed.
        source_index: the source sentence concerned, if any.
        derived_index: the derived sentence concerned, if any.
    """

    kind: ChangeKind
    source_text: str | None
    derived_text: str | None
    detail: str
    source_index: int | None = None
    derived_index: int | None = None


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A body sentence as shown to a reader.

    Attributes:
        index: position among the article's body sentences.
        paragraph: the paragraph it belongs to.
        text: the sentence.
    """

    index: int
    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """How a derived article differs from a source article.

    Attributes:
        derived_title: headline of the derived article (given or found in its body), if any.
        source_title: headline of the source, if any.
        derived: the derived article's body sentences.
        source: the source's body sentences.
        pairs: aligned sentence pairs, by derived position, with word differences.
        changes: every change, grouped by kind in :data:`CHANGE_KINDS` order, each group in
            reading order.
        divergence: overall divergence from the source in [0, 1] (as stored in lineage).
        kept: share of the source's body words in sentences the copy kept.
        inserted_share: share of the derived body's words in sentences that are new.
        related: verification takes the pair for a derivation (:func:`tracker.verify.verdict`).
        verdict: the rule that decided, in one line ("12 aligned sentences", "items about
            different subjects: ...").
    """

    derived_title: str | None
    source_title: str | None
    derived: tuple[SentenceRef, ...]
    source: tuple[SentenceRef, ...]
    pairs: tuple[AlignedDiff, ...]
    changes: tuple[Change, ...]
    divergence: float
    kept: float
    inserted_share: float
    related: bool = False
    verdict: str = ""

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        """The changes of one kind, in reading order."""
        return tuple(c for c in self.changes if c.kind == kind)


def word_key(word: str) -> str:
    stripped = re.sub(r"^\W+|\W+$", "", word.lower())
    return stripped or word


def word_diff(source: str, derived: str) -> tuple[WordDiff, ...]:
    """Word-level differences of two sentences (case and edge punctuation ignored).

    Example:
        >>> [d.op for d in word_diff("peace tomorrow will hurt", "tomorrow's world will hurt")]
        ['replace', 'equal']
    """
    src, der = _SPACED_WORD.findall(source), _SPACED_WORD.findall(derived)
    matcher = difflib.SequenceMatcher(None, [word_key(w.strip()) for w in src], [word_key(w.strip()) for w in der],
                                      autojunk=False)
    return tuple(
        WordDiff(op, "".join(src[i1:i2]).strip(), "".join(der[j1:j2]).strip())
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def changed_words(diff: tuple[WordDiff, ...]) -> str:
    parts = []
    for d in diff:
        if d.op == "replace":
            parts.append(f'"{d.source}" -> "{d.derived}"')
        elif d.op == "delete":
            parts.append(f'"{d.source}" removed')
        elif d.op == "insert":
            parts.append(f'"{d.derived}" added')
    return "; ".join(parts)


def as_dict(explanation: Explanation) -> dict[str, Any]:
    """The explanation as JSON-ready data (the body of ``tracker explain --json``)."""

    def change(c: Change) -> dict[str, Any]:
        return {"source": c.source_text, "derived": c.derived_text, "detail": c.detail,
                "source_index": c.source_index, "derived_index": c.derived_index}

    groups = {"inserted": "inserted", "dropped": "dropped", "quote_changed": "quotes",
              "number_changed": "numbers", "name_changed": "names", "claim_changed": "claims"}
    headline = explanation.of_kind("headline_changed")
    return {
        "divergence": explanation.divergence,
        "kept": explanation.kept,
        "inserted_share": explanation.inserted_share,
        "verdict": {"related": explanation.related, "reason": explanation.verdict},
        "headline": {"source": explanation.source_title, "derived": explanation.derived_title,
                     "changed": bool(headline)},
        **{key: [change(c) for c in explanation.of_kind(kind)]  # type: ignore[arg-type]
           for kind, key in groups.items()},
        "pairs": [
            {"derived_index": d.pair.derived_index, "source_index": d.pair.source_index,
             "derived": d.pair.derived_text, "source": d.pair.source_text,
             "score": d.pair.score, "lexical": d.pair.lexical,
             "diff": [{"op": w.op, "source": w.source, "derived": w.derived} for w in d.words]}
            for d in explanation.pairs
        ],
    }
