"""Pure: kept sentences whose certainty changed, though their facts (figures, names) did not.

A copy that keeps most of a sentence's words and drops its "allegedly", turns "about 300" into
"300", or adds or removes a "not", says something else with almost the same words. Each such
pair is read for three kinds of words (English):

* hedges, which say a claim is not established ("allegedly", "reportedly", "may");
* approximators before a figure ("about 300", "up to 40", "at least 12");
* negations ("not", "never", "didn't", "declined to say").

A change is one that an edit of a few words makes (:data:`CLAIM_EDIT_WORDS`) and that the two
whole sentences confirm: a hedge moved within the sentence, "did not" / "didn't",
"allegedly" / "reportedly", "may cause" / "can cause" or "could not" / "was unable to" is
none, nor a clause added or cut. Words inside a quotation are left to the quote's own change.

Read on the development data's stored alignments: 16 claim changes among 7,898 aligned
sentence pairs of the Reuters run, 15 of them right by reading (one summary moved a "not"
within a recast sentence); 7 among PAN's 2,548, 3 right (its obfuscated rewrites garble
words: "No bashing" / "ohms", "Some 99s are coming" / "99s are coming").
"""

from __future__ import annotations

import re
from collections import Counter

from tracker.explanation import AlignedDiff, Change
from tracker.text import quotes

#: Words that say a claim is not established.
HEDGES = frozenset(
    """allegedly alleged reportedly apparently purportedly purported supposedly possibly probably
    likely unlikely suspected unconfirmed presumably seemingly perhaps""".split())
#: Modal verbs that hedge ("may face charges"); "could not" is no hedge but a negation.
HEDGE_MODALS = frozenset("may might could".split())
#: Modal verbs that stand for a hedging one when a sentence is reworded ("may cause" / "can
#: cause", "could attack" / "will be able to attack"): they balance one, and are none alone.
MODALS = frozenset("can would should able expect expects expected".split())
#: Words that make a figure approximate or a bound, when a figure follows them.
APPROXIMATORS = ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "up to",
                 "at least", "at most", "more than", "less than", "fewer than", "over", "under", "close to",
                 "as many as", "as much as", "upwards of", "in excess of", "an estimated", "estimated",
                 "below", "above", "maximum", "minimum", "maximum of", "minimum of")
#: Negations; a word ending "n't" is one too.
NEGATIONS = frozenset("not no never none nobody nothing nowhere neither nor without cannot unable unlikely".split())
#: Verbs that say no before "to" and a verb ("would not say" / "declined to say"); before a
#: figure or a noun they say a fall ("declined to 51.9 pct", "declined to a record low").
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

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[$€£¥]?\d[\d,.]*\d|[$€£¥]?\d")
#: A sentence ends so; a line that does not is a table row or a fragment ("May/Aug no quote
#: 0.52 under").
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
#: Phrases with a negation's word that deny nothing: "No. 3", "not only ... but also", "no
#: fewer than 40", "no later than Friday", "not far from", "without delay", "no doubt".
_NOT_NEGATING = re.compile(
    r"\bno\.\s*\d|\bnot only\b|\bno (?:fewer|more|less|later|earlier|sooner|longer) than\b|\bnot far\b"
    r"|\bno doubt\b|\bwithout (?:delay|doubt)\b|\bnot least\b|\bno matter\b|\bnone other than\b", re.IGNORECASE)
#: Words after "declined to" that make it a fall, not a refusal.
_FALL_WORDS = frozenset("a an the its their his her our this that these those record new fresh lowest highest "
                        "levels level around about nearly just below above under over some".split())
#: Durations that "over" and "under" measure rather than bound ("over 3 days").
_DURATIONS = frozenset("seconds minutes hours days weeks months years decades seasons games matches".split())
_APPROXIMATOR_WORDS = tuple(tuple(a.split()) for a in APPROXIMATORS)
_FIGURE = re.compile(r"[$€£¥]?\d")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for q in quotes(text):
        start = text.find(q, at)
        if start >= 0:
            spans.append((start, start + len(q)))
            at = start + len(q)
    return spans


def _unquoted(text: str) -> str:
    """The sentence with its quotations blanked."""
    for start, end in _quote_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _words(text: str) -> list[str]:
    """Lower-cased words and figures; a word in capitals (a ticker, "<NOR>") is none."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text) if not (len(w) > 1 and w.isupper())]


def _digits(figure: str) -> str:
    return re.sub(r"[^\d.]", "", figure).rstrip(".")


def _readings(text: str) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str], dict[str, str | None]]:
    """What one sentence (quotations blanked) says of its certainty: its hedges, hedging
    modals, balancing modals and negations, and for each figure the approximator that
    qualifies it anywhere it occurs ("about 300"), or ``None``."""
    raw = [w for w in _WORD.findall(text) if not (len(w) > 1 and w.isupper())]
    words = _words(text)
    negating = _words(_NOT_NEGATING.sub(" ", text))
    hedges: Counter[str] = Counter(w for w in words if w in HEDGES)
    modals: Counter[str] = Counter()
    balancing: Counter[str] = Counter(w for w in words if w in MODALS)
    for i, w in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if w in HEDGE_MODALS and after != "not" and not after.endswith("n't") \
                and not (w == "may" and (raw[i] == "May" or _year(after))):
            modals[w] += 1  # ("could not": a negation; "in May", "in may 2019": the month)
    negations: Counter[str] = Counter()
    for i, w in enumerate(negating):
        rest = negating[i + 1:i + 3]
        if w.endswith("n't") or w == "cannot":
            negations["not"] += 1  # "didn't" is "did not"
        elif w in NEGATIONS or (w in REFUSALS and len(rest) == 2 and rest[0] == "to"
                                and rest[1] not in _FALL_WORDS and not _FIGURE.match(rest[1])):
            negations[w] += 1
    approximate: dict[str, str | None] = {}
    for i, w in enumerate(words):
        if _FIGURE.match(w):
            figure = _digits(w)
            before = _approximator_before(words, i)
            approximate[figure] = approximate.get(figure) or (f"{before} {raw[i]}" if before else None)
    return hedges, modals, balancing, negations, approximate


def _year(word: str) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", word))


def _approximator_before(words: list[str], i: int) -> str | None:
    """The approximator before the figure at ``i`` ("some 2024 forecasts" and "over 3 days"
    are a year and a duration)."""
    following = words[i + 1] if i + 1 < len(words) else ""
    for a in sorted(_APPROXIMATOR_WORDS, key=len, reverse=True):
        if tuple(words[max(0, i - len(a)):i]) == a:
            if a == ("some",) and _year(words[i]):
                continue
            if a in (("over",), ("under",)) and following in _DURATIONS:
                continue
            return " ".join(a)
    return None


def _edited(ad: AlignedDiff) -> tuple[list[str], list[str], str, str, set[str]]:
    """The small edits of a pair, outside its quotations: the words removed and added (an
    edit that ends the sentence is left out: a tail cut or added, "n.a.-not available"); the
    two sentences without their long edits (a clause added or cut: its words are neither's
    claim); and the figures an edit of an approximator stands before or holds."""
    p = ad.pair
    s_quotes, d_quotes = _quote_spans(p.source_text), _quote_spans(p.derived_text)
    removed: list[str] = []
    added: list[str] = []
    s_kept: list[str] = []
    d_kept: list[str] = []
    figures: set[str] = set()
    s_at = d_at = 0
    last = len(ad.words) - 1
    for k, d in enumerate(ad.words):
        s_start = p.source_text.find(d.source, s_at) if d.source else s_at
        d_start = p.derived_text.find(d.derived, d_at) if d.derived else d_at
        s_end, d_end = max(s_start, 0) + len(d.source), max(d_start, 0) + len(d.derived)
        small = len(d.source.split()) <= CLAIM_EDIT_WORDS and len(d.derived.split()) <= CLAIM_EDIT_WORDS
        if d.op == "equal" or small:
            s_kept.append(d.source)
            d_kept.append(d.derived)
        if d.op != "equal" and small and k < last:
            s_words = [] if any(a <= s_start and s_end <= b for a, b in s_quotes) else _words(d.source)
            d_words = [] if any(a <= d_start and d_end <= b for a, b in d_quotes) else _words(d.derived)
            # A hedge for one of its kind in the same edit ("might" / "may") is no change.
            for kind in (HEDGES, HEDGE_MODALS):
                for w in [w for w in s_words if w in kind]:
                    other = next((v for v in d_words if v in kind), None)
                    if other is not None:
                        s_words = [v for v in s_words if v != w]
                        d_words = [v for v in d_words if v != other]
            removed += s_words
            added += d_words
            if any(tuple(w for w in a) in _runs(s_words + d_words, len(a)) for a in _APPROXIMATOR_WORDS):
                following = _words(ad.words[k + 1].source)[:1]
                figures |= {_digits(w) for w in [*s_words, *d_words, *following] if _FIGURE.match(w)}
        s_at, d_at = max(s_at, s_end), max(d_at, d_end)
    return removed, added, " ".join(s_kept), " ".join(d_kept), figures


def _runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _more(have: Counter[str], than: Counter[str]) -> list[str]:
    return sorted((have - than).elements())


def claim_changes(diffs: tuple[AlignedDiff, ...]) -> list[Change]:
    """The claim changes of the aligned pairs (see the module's docstring)."""
    changes: list[Change] = []
    for ad in diffs:
        p = ad.pair
        if p.lexical < CLAIM_LEXICAL or not (_SENTENCE_END.search(p.source_text) and _SENTENCE_END.search(p.derived_text)):
            continue
        removed, added, s_kept, d_kept, figures = _edited(ad)
        if not removed and not added:
            continue
        removed += ["not" for w in removed if w.endswith("n't") or w == "cannot"]
        added += ["not" for w in added if w.endswith("n't") or w == "cannot"]
        s_hedges, s_modals, s_balance, s_neg, _ = _readings(_unquoted(s_kept))
        d_hedges, d_modals, d_balance, d_neg, _ = _readings(_unquoted(d_kept))
        s_approx, d_approx = _readings(_unquoted(p.source_text))[4], _readings(_unquoted(p.derived_text))[4]
        found: list[str] = []
        # A hedge for a hedge of its kind ("allegedly" / "reportedly", "may" / "could") is no
        # change, nor one for a balancing modal ("may cause" / "can cause", "is expected to" /
        # "is likely to"); a hedge of one kind does not stand for the other's ("allegedly stole
        # ... and may face" / "stole ... and could face" dropped "allegedly").
        lost, gained = [], []
        for s_kind, d_kind in ((s_hedges, d_hedges), (s_modals, d_modals)):
            gone = [w for w in _more(s_kind, d_kind) if w in removed]
            came = [w for w in _more(d_kind, s_kind) if w in added]
            swapped = min(len(gone), len(came))
            lost += gone[swapped:]
            gained += came[swapped:]
        lost = lost[sum((d_balance - s_balance).values()):]
        gained = gained[sum((s_balance - d_balance).values()):]
        if lost:
            found.append(f"hedge dropped: \"{', '.join(lost)}\"")
        if gained:
            found.append(f"hedge added: \"{', '.join(gained)}\"")
        was = [w for w in _more(s_neg, d_neg) if w in removed]
        now = [w for w in _more(d_neg, s_neg) if w in added]
        if sum(s_neg.values()) > sum(d_neg.values()) and was:
            found.append(f"negation removed: \"{', '.join(was)}\"")
        elif sum(d_neg.values()) > sum(s_neg.values()) and now:
            found.append(f"negation added: \"{', '.join(now)}\"")
        for figure in sorted(figures):
            was_approx, now_approx = s_approx.get(figure, ""), d_approx.get(figure, "")
            if was_approx and now_approx is None:
                found.append(f"\"{was_approx}\" became \"{was_approx.split()[-1]}\": the figure is given as exact")
            elif now_approx and was_approx is None:
                found.append(f"\"{now_approx.split()[-1]}\" became \"{now_approx}\"")
        if found:
            changes.append(Change("claim_changed", p.source_text, p.derived_text, "; ".join(found),
                                  p.source_index, p.derived_index))
    return changes
