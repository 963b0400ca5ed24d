"""Pure: which quotes of a source a derived article reworded or no longer quotes.

Quotes are paired by alignment first (a quote of a source sentence against the quotes of the
sentences aligned to it), then by content-word overlap anywhere in the copy. A quote whose
sentence was kept but that no longer appears between quote marks is reported as changed
("no longer quoted"); a quote of a dropped sentence is only reported as dropped (by
:mod:`tracker.explain`).
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass

from tracker.claims import HEDGE_MODALS, HEDGES, NEGATIONS
from tracker.explanation import Change, changed_words, word_diff
from tracker.shingle import Features, Sentence
from tracker.figures import CALENDAR_WORDS
from tracker.names import fold
from tracker.text import STOP_WORDS, content_terms, quotes, tokens

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
    #: Who says it, as its sentence names him (see :func:`speakers`).
    speakers: tuple[str, ...] = ()


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
        unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), text)
        for q in quotes(text):
            at = text.find(q, pos)
            pos = max(pos, at + len(q)) if at >= 0 else pos
            sentence = max((idx for off, idx in starts if off <= max(at, 0)), default=sentences[0].index)
            # Its attribution: the sentences it begins and ends in, without their quotes.
            first = max((off for off, _ in starts if off <= max(at, 0)), default=0)
            last = min((off for off, _ in starts if off > max(at, 0) + len(q)), default=len(text))
            words = tuple(tokens(q))
            found.append(_Quote(q.strip(), sentence, words, frozenset(content_terms(list(words))),
                                speakers(unquoted[first:last])))
    return found


#: Verbs that give a quote to whoever stands next to them ("Vollmer said", "said Vollmer",
#: "Brückner told dpa"); a name after "told" is the listener, not the speaker.
_SAYS = frozenset("""said says say told tells added adds stated states wrote writes explained explains
    warned warns insisted insists noted notes argued argues asked asks replied replies recalled
    recalls declared declares stressed stresses continued""".split())
_SAYS_BEFORE_SPEAKER = _SAYS - {"told", "tells"}
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*|[,().;:!?\"]")
#: What may follow a speaker named after the verb ("said Smith, the chief executive", "said
#: Smith on Monday"); another word is what was said ("she said Germany would act").
_AFTER_SPEAKER = frozenset([",", "(", ".", ";", ":", "!", "?", *"on in at of who to after when during from".split()])
#: Words between quote marks, however short ('"Go," said Smith'): what is said, not who says it.
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')


def _capital(word: str) -> bool:
    return (word[:1].isupper() and len(word) >= 2 and word.lower() not in STOP_WORDS
            and word.lower().rstrip(".") not in CALENDAR_WORDS)


def speakers(text: str) -> tuple[str, ...]:
    """The names a sentence gives its quotes to.

    A run of capitalised words right before a verb of saying ("Vollmer said", "Germany's Federal
    Motor Transport Authority (KBA) said"); before a verb after a comma, the name set apart by
    commas ("BAW's head of quality, Katrin Vollmer, said") or else the one before what sets it
    apart ("Ortner, senior economist at the Commerce Department, told"); right after a verb that
    follows the quote or a comma ('"...," said Jonas Brückner'), and after "according to". A
    role ("the Treasury Secretary said") names nobody.

    Example:
        >>> speakers('"Drive less," ADAC technical expert Jonas Brückner told dpa.')
        ('Jonas Brückner',)
    """
    text = _QUOTED.sub(lambda m: '"' + " " * (len(m.group()) - 1), text)
    words = [re.sub(r"['\u2019]s$", "", w) for w in _WORD.findall(text)]
    found: list[str] = []
    for i, word in enumerate(words):
        lower = word.lower()
        before = words[i - 1].lower() if i else ""
        if lower in _SAYS_BEFORE_SPEAKER and before in ('"', ",") or lower == "to" and before == "according":
            run = list(itertools.takewhile(_capital, words[i + 1:]))
            follows = words[i + 1 + len(run)].lower() if i + 1 + len(run) < len(words) else "."
            if run and follows in _AFTER_SPEAKER:
                found.append(" ".join(run))
        if lower in _SAYS:
            k = i - 1
            while k >= 0 and words[k] == ")":  # an acronym in brackets after the name: "(KBA) said"
                while k >= 0 and words[k] != "(":
                    k -= 1
                k -= 1
            if k >= 0 and words[k] == ",":
                # An aside set apart by commas: a name itself, or what is said of the name before it.
                comma = k
                k -= 1
                while k >= 0 and words[k] not in (",", '"', ".", ";", ":"):
                    k -= 1
                aside = words[k + 1:comma]
                if not (aside and all(_capital(w) for w in aside)) and k >= 0 and words[k] == ",":
                    comma = k
                    k -= 1
                else:
                    k = comma - 1
            run, k = _run_before(words, k)
            if run and k >= 0 and words[k].lower() in _AFFILIATION:
                # Where the speaker works, after an aside without its closing comma ("Robert
                # Bretz, chairman of ... at Pitney Bowes Inc said"): the name before the aside.
                while k >= 0 and words[k] not in (",", '"', ".", ";", ":"):
                    k -= 1
                run, k = _run_before(words, k - 1) if k >= 0 and words[k] == "," else ([], k)
            if run and not (k >= 0 and words[k].lower() in _ROLE_ARTICLES):
                found.append(" ".join(run))
    return tuple(dict.fromkeys(found))


def _run_before(words: list[str], k: int) -> tuple[list[str], int]:
    """The capitalised words that end at ``words[k]``, and the index of the word before them."""
    run: list[str] = []
    while k >= 0 and _capital(words[k]):
        run.insert(0, words[k])
        k -= 1
    return run, k


#: Words before a name that make it where the speaker works ("director at Pitney Bowes said").
_AFFILIATION = frozenset({"at", "of", "for", "from", "in", "with", "by"})


#: Words before a capitalised role that make it no name ("the Treasury Secretary said").
_ROLE_ARTICLES = frozenset({"the", "a", "an", "its", "his", "her", "their"})


def _same_speaker(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two quotes' speakers hold one name (by its last word, accents and spelling slips
    aside: "Jonas Brückner" / "Bruckner", "Katrin Vollmer" / "Vollmer")."""
    heads_a = {fold(name.split()[-1].lower()) for name in a}
    heads_b = {fold(name.split()[-1].lower()) for name in b}
    return any(x == y or difflib.SequenceMatcher(None, x, y).ratio() >= SPEAKER_RESPELLED
               for x in heads_a for y in heads_b)


#: Words a quote needs for its speaker to count: two speakers may each say one word ("understanding").
SPEAKER_QUOTE_WORDS = 4
#: Two speakers' surnames this alike (difflib ratio) are one speaker spelt two ways: the name
#: change is :mod:`tracker.names`'s to tell.
SPEAKER_RESPELLED = 0.75


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
            if (min(len(sq.words), len(dq.words)) >= SPEAKER_QUOTE_WORDS and sq.speakers and dq.speakers
                    and not _same_speaker(sq.speakers, dq.speakers)):
                changes.append(Change("quote_changed", sq.text, dq.text,
                                      f"quote given to another speaker: {_names(sq.speakers)} became "
                                      f"{_names(dq.speakers)}", sq.sentence, dq.sentence))
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


def _names(names: tuple[str, ...]) -> str:
    return " and ".join(f'"{n}"' for n in names)
