"""Pure: kept sentences whose certainty changed, though their facts (figures, names) did not.

A copy that keeps a sentence nearly word for word and drops its "allegedly", turns "about 300"
into "300", or adds or removes a "not", says something else with almost the same words. The
word diff of each such pair is read for three kinds of words (English):

* hedges, which say a claim is not established ("allegedly", "reportedly", "may");
* approximators before a figure ("about 300", "up to 40", "at least 12");
* negations ("not", "never", "didn't").

A change is one the diff makes on one side only: "did not" / "didn't", or "allegedly" /
"reportedly", is none. Words inside a quotation are left to the quote's own change.
"""

from __future__ import annotations

import re

from tracker.explanation import AlignedDiff, Change
from tracker.text import quotes, tokens

#: Words that say a claim is not established.
HEDGES = frozenset(
    """allegedly alleged reportedly apparently purportedly purported supposedly possibly probably
    likely unlikely may might could suspected unconfirmed presumably seemingly perhaps""".split())
#: Words that make a figure approximate, when a figure follows them.
APPROXIMATORS = ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "up to",
                 "at least", "at most", "more than", "less than", "fewer than", "over", "under", "close to",
                 "as many as", "as much as", "upwards of", "in excess of", "an estimated", "estimated")
#: Negations; a word ending "n't" is one too.
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot".split())
#: Negations are read only in a pair kept this close in its words (all-word Jaccard): a
#: reworded sentence says "did not accept" as "rejected", and "had not occurred" as "occurred
#: before" (a seed rewrite's sentence, all-word Jaccard 0.67). Dropping one word of a 20-word
#: sentence leaves 0.95; "did not accept" / "accepted" in one of 12 words, 0.85.
NEGATION_LEXICAL = 0.75
#: Hedges and approximations, which rewording seldom says otherwise, in a pair this close: a
#: rewrite's "may wrongly classify an adult ... in rare cases" / "wrongly classifies an adult"
#: is 0.65, a summary's "could become kingmaker with about 9 seats" / "... with 9 seats" 0.52.
HEDGE_LEXICAL = 0.5

_APPROXIMATE = re.compile(
    r"\b(" + "|".join(re.escape(a) for a in APPROXIMATORS) + r")\s+((?:[$€£¥]\s?)?\d[\d,.]*)", re.IGNORECASE)


def _negations(words: list[str]) -> list[str]:
    return [w for w in words if w in NEGATIONS or w.endswith("n't")]


def _hedges(text: str) -> list[str]:
    # "May" with a capital is the month.
    return [raw.lower() for raw in re.findall(r"[^\W\d_]+", text) if raw.lower() in HEDGES and raw != "May"]


def _in_quote(words: str, sentence: str) -> bool:
    """The words of a diff run are inside a quotation of the sentence (quote marks aside)."""
    run = tuple(tokens(words))
    return bool(run) and any(_contains(tuple(tokens(q)), run) for q in quotes(sentence))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


#: The same figure in other units, in brackets after an approximated one: "up to 230 kph (143 mph)".
_CONVERTED = re.compile(r"\s*[^\W\d_]*\s*\(\s*(?:[$€£¥]\s?)?(\d[\d,.]*)")


def _approximated(text: str) -> dict[str, tuple[str, str]]:
    """Figures of a sentence that an approximator qualifies: figure -> ("about 12,500", "12,500"),
    and the figure given in other units in brackets after one."""
    found: dict[str, tuple[str, str]] = {}
    for m in _APPROXIMATE.finditer(text):
        written = m.group(2).rstrip(".,")
        found[re.sub(r"[^\d.]", "", written)] = (m.group(0).rstrip(".,"), written)
        if converted := _CONVERTED.match(text, m.end()):
            other = converted.group(1).rstrip(".,")
            found[other.replace(",", "")] = (f"{m.group(1)} {other}", other)
    return found


def claim_changes(diffs: tuple[AlignedDiff, ...]) -> list[Change]:
    """The claim changes of the aligned pairs (see the module's docstring)."""
    changes: list[Change] = []
    for ad in diffs:
        p = ad.pair
        if p.lexical < HEDGE_LEXICAL or all(d.op == "equal" for d in ad.words):
            continue
        removed = " ".join(d.source for d in ad.words if d.op != "equal" and not _in_quote(d.source, p.source_text))
        added = " ".join(d.derived for d in ad.words if d.op != "equal" and not _in_quote(d.derived, p.derived_text))
        found: list[str] = []
        lost, gained = _hedges(removed), _hedges(added)
        if lost and not gained:
            found.append(f"hedge dropped: \"{', '.join(lost)}\"")
        elif gained and not lost:
            found.append(f"hedge added: \"{', '.join(gained)}\"")
        was, now = _negations(tokens(removed)), _negations(tokens(added))
        if p.lexical >= NEGATION_LEXICAL and len(was) != len(now):
            found.append(f"negation removed: \"{', '.join(was)}\"" if len(was) > len(now)
                         else f"negation added: \"{', '.join(now)}\"")
        s_approx, d_approx = _approximated(p.source_text), _approximated(p.derived_text)
        d_figures = set(tokens(p.derived_text))
        s_figures = set(tokens(p.source_text))
        for figure, (phrase, written) in s_approx.items():
            if figure not in d_approx and figure in d_figures:
                found.append(f"\"{phrase}\" became \"{written}\": the figure is given as exact")
        for figure, (phrase, written) in d_approx.items():
            if figure not in s_approx and figure in s_figures:
                found.append(f"\"{written}\" became \"{phrase}\"")
        if found:
            changes.append(Change("claim_changed", p.source_text, p.derived_text, "; ".join(found),
                                  p.source_index, p.derived_index))
    return changes
