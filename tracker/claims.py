"""Pure: kept sentences whose certainty changed, though their facts (figures, names) did not.

A copy that keeps most of a sentence's words and drops its "allegedly", turns "about 300" into
"300", or adds or removes a "not", says something else with almost the same words. The word
diff of each such pair is read for three kinds of words (English):

* hedges, which say a claim is not established ("allegedly", "reportedly", "may");
* approximators before a figure ("about 300", "up to 40", "at least 12");
* negations ("not", "never", "didn't").

A change is an edit of a few words between two kept stretches of the sentence, which the
diff makes on one side only: "did not" / "didn't", or "allegedly" / "reportedly", is none, nor
a clause added or cut at either end of the sentence. Words inside a quotation are left to the
quote's own change.

Read on the development data's stored alignments: 15 claim changes among 7,898 aligned
sentence pairs of the Reuters run, 14 of them right by reading (one summary moved a "not"
within a recast sentence); 5 among PAN's 2,548, 2 right (its obfuscated rewrites garble
words: "about$ 1 trillion").
"""

from __future__ import annotations

import re

from tracker.explanation import AlignedDiff, Change
from tracker.text import quotes, tokens

#: Words that say a claim is not established.
HEDGES = frozenset(
    """allegedly alleged reportedly apparently purportedly purported supposedly possibly probably
    likely unlikely may might could suspected unconfirmed presumably seemingly perhaps""".split())
#: Modal verbs that stand for a hedge when a sentence is reworded ("may cause" / "can cause"):
#: they balance one, and are none on their own.
MODALS = frozenset("can would should able expect expects expected".split())
#: Words that make a figure approximate or a bound, when a figure follows them.
APPROXIMATORS = ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "up to",
                 "at least", "at most", "more than", "less than", "fewer than", "over", "under", "close to",
                 "as many as", "as much as", "upwards of", "in excess of", "an estimated", "estimated",
                 "below", "above", "maximum", "minimum", "maximum of", "minimum of")
#: Negations; a word ending "n't" is one too.
NEGATIONS = frozenset("not no never none nobody nothing nowhere neither nor without cannot unable unlikely".split())
#: Verbs that say no before "to" and a verb ("would not say" / "declined to say"); before a
#: figure they say a fall ("declined to 51.9 pct").
REFUSALS = frozenset("declined declines decline refused refuses refuse failed fails fail".split())
#: An edit of this many words at most on either side is a change of a claim; a longer one is
#: a clause rewritten, added or left out.
CLAIM_EDIT_WORDS = 4
#: A pair is read when kept this close in its words (all-word Jaccard): a rewritten sentence
#: says "did not accept" as "rejected", and "had not occurred" as "occurred before", and a
#: rewrite that recasts a sentence ("elders would decide whether the masks could be danced
#: again" / "Elders will decide whether the masks are danced again ..., said ...") is 0.50. A
#: rewrite's "may wrongly classify an adult ... in rare cases" / "wrongly classifies an adult"
#: is 0.65, "did not accept that it acted recklessly" / "accepted that ..." in a 12-word
#: sentence 0.69; a summary's "with about 9 seats" / "with 9 seats" (0.52) is left out.
CLAIM_LEXICAL = 0.55

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: A sentence ends so; a line that does not is a table row or a fragment ("May/Aug no quote
#: 0.52 under").
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_APPROXIMATOR_WORDS = tuple(tuple(a.split()) for a in APPROXIMATORS)


def _words(text: str) -> list[str]:
    """The words of a run in lower case; a word in capitals (a ticker, "<NOR>") is none, and
    "May" with a capital is the month."""
    return [w.lower() for w in _WORD.findall(text) if not (len(w) > 1 and w.isupper()) and w != "May"]


def _negations(run: str, after: str) -> list[str]:
    """The negations of a run of words, read with the words that follow it."""
    words = _words(run)
    following = [w.lower() for w in re.findall(r"\S+", f"{run} {after}")]
    found = []
    for i, w in enumerate(words):
        if w in NEGATIONS or w.endswith("n't"):
            found.append(w)
        elif w in REFUSALS:
            at = next((k for k, f in enumerate(following) if f.strip(".,;:\"'") == w), None)
            rest = following[at + 1:at + 3] if at is not None else []
            if len(rest) == 2 and rest[0] == "to" and not re.match(r"[$€£¥]?\d", rest[1]):
                found.append(w)
    return found


def _hedges(words: list[str]) -> list[str]:
    return [w for w in words if w in HEDGES]


def _in_quote(words: str, sentence: str) -> bool:
    """The words of a diff run are inside a quotation of the sentence (quote marks aside)."""
    run = tuple(tokens(words))
    return bool(run) and any(_contains(tuple(tokens(q)), run) for q in quotes(sentence))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _approximator_at_end(run: str) -> str | None:
    """The approximator a run of words ends with ("... injuring about" -> "about")."""
    words = tuple(w.lower() for w in _WORD.findall(run))
    found: list[tuple[str, ...]] = [a for a in _APPROXIMATOR_WORDS if words[len(words) - len(a):] == a]
    if not found:
        return None
    longest: tuple[str, ...] = max(found, key=len)
    return " ".join(longest)


def _approximated(figure: str, sentence: str) -> str | None:
    """The approximator before ``figure`` in a whole sentence ("up to" of "on up to 500,000")."""
    words = [w.lower() for w in re.findall(r"\S+", sentence)]
    for i, word in enumerate(words):
        if word.rstrip(".,;:") == figure.lower():
            return _approximator_at_end(" ".join(words[max(0, i - 4):i]))
    return None


def _leading_figure(run: str) -> str | None:
    """The figure a run of words starts with ("$300 million ..." -> "$300")."""
    first = run.split(maxsplit=1)[0] if run.strip() else ""
    return first.rstrip(".,;:") if re.match(r"[$€£¥]?\d", first) else None


def claim_changes(diffs: tuple[AlignedDiff, ...]) -> list[Change]:
    """The claim changes of the aligned pairs (see the module's docstring): edits of a few
    words (:data:`CLAIM_EDIT_WORDS`) between two kept stretches of a sentence; an edit at
    either end of it is text added or cut."""
    changes: list[Change] = []
    for ad in diffs:
        p = ad.pair
        if p.lexical < CLAIM_LEXICAL or not (_SENTENCE_END.search(p.source_text) and _SENTENCE_END.search(p.derived_text)):
            continue
        ops = ad.words
        inner = [(k, d) for k, d in enumerate(ops) if d.op != "equal" and 0 < k < len(ops) - 1
                 and len(d.source.split()) <= CLAIM_EDIT_WORDS and len(d.derived.split()) <= CLAIM_EDIT_WORDS
                 and not _in_quote(d.source, p.source_text) and not _in_quote(d.derived, p.derived_text)]
        removed = [w for _, d in inner for w in _words(d.source)]
        added = [w for _, d in inner for w in _words(d.derived)]
        found: list[str] = []
        lost, gained = _hedges(removed), _hedges(added)
        if lost and not gained and not any(w in MODALS for w in added):
            found.append(f"hedge dropped: \"{', '.join(lost)}\"")
        elif gained and not lost and not any(w in MODALS for w in removed):
            found.append(f"hedge added: \"{', '.join(gained)}\"")
        was = [w for k, d in inner for w in _negations(d.source, ops[k + 1].source)]
        now = [w for k, d in inner for w in _negations(d.derived, ops[k + 1].derived)]
        if len(was) != len(now):
            found.append(f"negation removed: \"{', '.join(was)}\"" if len(was) > len(now)
                         else f"negation added: \"{', '.join(now)}\"")
        for k, d in inner:
            figure = _leading_figure(ops[k + 1].source)
            if figure is None or not (_approximator_at_end(d.source) or _approximator_at_end(d.derived)):
                continue
            # The edit touches an approximator before a kept figure: each whole sentence says
            # whether its figure is approximate ("on up to 500,000" / "to a maximum 500,000").
            before, after = _approximated(figure, p.source_text), _approximated(figure, p.derived_text)
            if before and not after:
                found.append(f"\"{before} {figure}\" became \"{figure}\": the figure is given as exact")
            elif after and not before:
                found.append(f"\"{figure}\" became \"{after} {figure}\"")
        if found:
            changes.append(Change("claim_changed", p.source_text, p.derived_text, "; ".join(found),
                                  p.source_index, p.derived_index))
    return changes
