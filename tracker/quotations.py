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

from tracker.attribution import KNOWN_OUTLETS
from tracker.claims import HEDGE_MODALS, HEDGES, NEGATIONS
from tracker.explanation import Change, changed_words, word_diff
from tracker.figures import CALENDAR_WORDS
from tracker.names import TITLES, spellings
from tracker.shingle import Features, Sentence
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
        marks = [m.span() for m in _QUOTED.finditer(text)]
        for q in quotes(text):
            at = text.find(q, pos)
            pos = max(pos, at + len(q)) if at >= 0 else pos
            sentence = max((idx for off, idx in starts if off <= max(at, 0)), default=sentences[0].index)
            # Its attribution: what stands between it and the quotes or sentence ends around it.
            first = max((off for off, _ in starts if off <= max(at, 0)), default=0)
            last = min((off for off, _ in starts if off > max(at, 0) + len(q)), default=len(text))
            opened = max((a for a, b in marks if a <= max(at, 0) < b), default=max(at, 0))
            closed = min((b for a, b in marks if a <= max(at, 0) < b), default=max(at, 0) + len(q))
            before = text[max([first, *(b for _, b in marks if b <= opened)]):opened]
            after = text[closed:min([last, *(a for a, _ in marks if a >= closed)])]
            words = tuple(tokens(q))
            found.append(_Quote(q.strip(), sentence, words, frozenset(content_terms(list(words))),
                                attribution(before, after)))
    return found


#: Verbs that give a quote to whoever stands next to them ("Vollmer said", "said Vollmer",
#: "Brückner told dpa"); a name after "told" is the listener, not the speaker.
_SAYS = frozenset("""said says say told tells added adds stated states wrote writes explained explains
    warned warns insisted insists noted notes argued argues asked asks replied replies recalled
    recalls declared declares stressed stresses continued vowed vows claimed claims answered
    answers urged urges admitted admits conceded concedes""".split())
_SAYS_BEFORE_SPEAKER = _SAYS - {"told", "tells"}
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*|[,().;:!?\"]")
#: What may follow a speaker named after the verb ("said Smith, the chief executive", "said
#: Smith on Monday"); another word is what was said ("she said Germany would act").
_AFTER_SPEAKER = frozenset([",", "(", ".", ";", ":", "!", "?", *"on in at of who to after when during from".split()])
#: Words between quote marks, however short ('"Go," said Smith'): what is said, not who says it.
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019(?!\w)')
#: A title's abbreviation before a name ("Dr. Anthony Fauci", "Gov. Newsom"): not the name.
_TITLE_DOT = re.compile(r"\b(?:Dr|Drs|Gov|Sen|Rep|Mr|Mrs|Ms|Prof|Gen|Col|Lt|Capt|Sgt|Rev|Adm|Atty|Supt)\.\s")


def _capital(word: str) -> bool:
    return (word[:1].isupper() and len(word) >= 2 and word.lower() not in STOP_WORDS
            and word.lower().rstrip(".") not in CALENDAR_WORDS)


def _words(text: str) -> list[str]:
    text = _TITLE_DOT.sub(" ", _QUOTED.sub(lambda m: '"' + " " * (len(m.group()) - 1), text))
    return [re.sub(r"['\u2019]s$", "", w) for w in _WORD.findall(text)]


def _said(words: list[str]) -> list[tuple[int, int, str | None]]:
    """Each verb of saying among ``words``: ``(its index, the index after its attribution, the
    name it gives the quote to)``, the name ``None`` for a pronoun or a role.

    A run of capitalised words right before the verb ("Vollmer said", "Germany's Federal Motor
    Transport Authority (KBA) said", "Schmidt and Weber said"); before a verb after a comma, the
    name set apart by commas ("BAW's head of quality, Katrin Vollmer, said") or else the one
    before what sets it apart ("Ortner, senior economist at the Commerce Department, told");
    right after a verb that follows the quote or a comma ('"...," said Jonas Brückner'), and
    after "according to". A role ("the Treasury Secretary said"), a common word ("Police said")
    and a news agency ("according to Reuters") name nobody.
    """
    found: list[tuple[int, int, str | None]] = []
    for i, word in enumerate(words):
        lower = word.lower()
        before = words[i - 1].lower() if i else ""
        name: str | None = None
        end = i + 1
        if lower in _SAYS_BEFORE_SPEAKER and before in ('"', ",") or lower == "to" and before == "according":
            run = list(itertools.takewhile(_capital, words[i + 1:]))
            follows = words[i + 1 + len(run)].lower() if i + 1 + len(run) < len(words) else "."
            if run and follows in _AFTER_SPEAKER:
                name, end = " ".join(run), i + 1 + len(run)
        elif lower not in _SAYS:
            continue
        if name is None and lower in _SAYS:
            name = _named_before(words, i)
        if name is None and lower in _SAYS_BEFORE_SPEAKER and before in ('"', ",") \
                and (named := _named_after_role(words, i + 1)) is not None:
            # No name before the verb ('"...," said'): one after a role ("party leader Trček").
            name, end = named
        found.append((i, end, name if name is not None and _a_name(name) else None))
    return found


#: Words of a role written before a name after the verb ('"...," said party leader Bojan Trček').
ROLE_WORDS = 3
#: Words after a verb of saying that say where, when or how, not who: "said witnesses near
#: Kherson", "said outside Halvorsen Tower", "said via Facebook".
_NOT_ROLE = frozenset("""near outside inside than via while across after before during over under behind
    beside around about against among between beyond despite except like through toward towards within
    without because if as since until where whom whose which who what how when then there here also now
    later earlier today yesterday tomorrow again still already recently separately afterwards""".split())


def _named_after_role(words: list[str], start: int) -> tuple[str, int] | None:
    """The name after a role in lower case that follows a verb of saying ('"...," said Homeland
    List leader Bojan Trček on Tuesday', 'said union spokeswoman Anna Berg'), and the index after
    it; ``None`` when no role of at most :data:`ROLE_WORDS` words leads to a name that ends the
    attribution ("said the company", "said in a statement")."""
    k = start
    lower_words = 0
    while k < len(words) and (_capital(words[k]) or words[k].isalpha() and words[k] not in _AFTER_SPEAKER
                              and words[k] not in _ROLE_ARTICLES and words[k] not in _JOINING
                              and words[k] not in _AFFILIATION and words[k] not in STOP_WORDS
                              and not words[k].endswith(("ing", "ed")) and words[k] not in _NOT_ROLE):
        if not _capital(words[k]):
            lower_words += 1
            if lower_words > ROLE_WORDS:
                return None
        k += 1
    run = list(itertools.takewhile(_capital, reversed(words[start:k])))[::-1]
    follows = words[k].lower() if k < len(words) else "."
    if not run or not lower_words or k - len(run) == start or follows not in _AFTER_SPEAKER:
        return None
    return " ".join(run), k


def _named_before(words: list[str], i: int) -> str | None:
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
            k -= 1
        else:
            k = comma - 1
    run, k = _run_before(words, k)
    if run and k >= 0 and words[k].lower() in _AFFILIATION:
        # Where the speaker works, after an aside without its closing comma ("Robert Bretz,
        # chairman of ... at Pitney Bowes Inc said"): the name before the aside.
        while k >= 0 and words[k] not in (",", '"', ".", ";", ":"):
            k -= 1
        run, k = _run_before(words, k - 1) if k >= 0 and words[k] == "," else ([], k)
    if not run or k >= 0 and words[k].lower() in _ROLE_ARTICLES:
        return None
    return " ".join(run)


def _a_name(name: str) -> bool:
    """A person's or a body's name, not a news agency quoted from ("according to Reuters") nor a
    group capitalised ("Police said", "Officials said", "Union Members said")."""
    if KNOWN_OUTLETS.get(name.casefold()):
        return False
    return any(w not in _NOT_WHO and w not in _GROUPS for w in name.lower().split())


#: Who speaks as a group, capitalised when it opens a sentence ("Police said", "Union members
#: said"): nobody in particular.
_GROUPS = frozenset("""police officials official prosecutors investigators firefighters rescuers witnesses
    analysts residents authorities experts doctors lawyers sources critics protesters organisers organizers
    economists traders dealers union unions members workers staff employees government ministry company
    spokesman spokeswoman spokesperson spokespeople officers soldiers troops villagers locals neighbours
    neighbors parents students teachers fans voters observers diplomats scientists researchers""".split())


def speakers(text: str) -> tuple[str, ...]:
    """The names a sentence gives quotes to, by its verbs of saying (see :func:`_said`).

    Example:
        >>> speakers('"Drive less," ADAC technical expert Jonas Brückner told dpa.')
        ('Jonas Brückner',)
    """
    return tuple(dict.fromkeys(name for _, _, name in _said(_words(text)) if name))


def attribution(before: str, after: str) -> tuple[str, ...]:
    """Who a quote is given to: by the verb of saying that ends the text before it ('Schmidt
    vowed: "..."', not 'After Weber said talks had failed, Schmidt vowed: "..."'s Weber), else
    by the first one after it in its sentence ('"...," Vollmer said, and Schmidt added ...' is
    Vollmer's). Empty when a pronoun or a role says it, or no verb does.

    Example:
        >>> attribution("", ', he said, and Minister Karin Schmidt added that the talks failed.')
        ()
    """
    words = _words(before)
    said = _said(words)
    if said:
        _, end, name = said[-1]
        # Next to the quote: at most a few words between ("Schmidt said in Berlin on Monday: ").
        rest = [w for w in words[end:] if w not in (",", ":", '"') and w.lower() != "that"]
        if len(rest) <= ATTRIBUTION_GAP and "." not in rest:
            return (name,) if name else ()
    said = _said(_words('"' + after))  # (the quote's closing mark: '"...," said Weber')
    return (said[0][2],) if said and said[0][2] else ()


#: Words that may stand between a verb of saying and the quote it introduces.
ATTRIBUTION_GAP = 4


def _run_before(words: list[str], k: int) -> tuple[list[str], int]:
    """The capitalised words that end at ``words[k]`` ("Schmidt and Weber" counts as one run of
    two names), and the index of the word before them."""
    run: list[str] = []
    while k >= 0 and _capital(words[k]):
        run.insert(0, words[k])
        k -= 1
        while k >= 1 and (words[k] == "and" or words[k] in _PARTICLES) and _capital(words[k - 1]):
            run.insert(0, words[k])  # "Lula da Silva", "Ursula von der Leyen", "Mohammed bin Salman"
            k -= 1
    return run, k


#: Small words inside a name.
_PARTICLES = frozenset("da de do dos das di du van von der den ten ter bin ibn al el la le".split())


#: Words before a name that make it where the speaker works ("director at Pitney Bowes said").
_AFFILIATION = frozenset({"at", "of", "for", "from", "in", "with", "by"})


#: Words before a capitalised role that make it no name ("the Treasury Secretary said").
_ROLE_ARTICLES = frozenset({"the", "a", "an", "its", "his", "her", "their"})
#: Words of a name that say what, not who: titles, suffixes, a company's form.
_NOT_WHO = TITLES | _PARTICLES | frozenset("and jr sr ii iii iv inc corp co ltd plc ag sa group".split())


def _same_speaker(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two quotes' speakers are one person ("Jonas Brückner" / "Bruckner", "Chinese
    President Xi Jinping" / "Xi", "Luiz Inacio Lula da Silva" / "Lula", "Schmidt and Weber" /
    "Schmidt")."""
    def people(names: tuple[str, ...]) -> list[list[str]]:
        # Each person's words, titles and suffixes aside ("Schmidt and Weber" is two people).
        return [who for name in names for part in re.split(r"\s+and\s+", name)
                if (who := [w.lower() for w in part.split() if w.lower() not in _NOT_WHO])]

    def alike(x: str, y: str) -> bool:
        # Accents, written-out umlauts, and a long name's slip ("Kapnick" / "Kapnik": the
        # respelling is :mod:`tracker.names`'s to tell; "Li" / "Liu" are two people).
        return bool(spellings(x) & spellings(y)) or min(len(x), len(y)) >= SPEAKER_SLIP_LENGTH and \
            difflib.SequenceMatcher(None, x, y).ratio() >= SPEAKER_SLIP

    # One person when the last word of one's name is a word of the other's ("Xi Jinping" / "Xi",
    # "Mohammed bin Salman" / "Prince Mohammed"); not two who share a first name or an
    # institution ("Christine Lagarde" / "Luis de Guindos" of the European Central Bank).
    return any(any(alike(x[-1], w) for w in y) or any(alike(y[-1], w) for w in x)
               for x in people(a) for y in people(b))


def _named_in(names: tuple[str, ...], features: Features) -> bool:
    """Whether an article names one of these speakers (by the last word of the name)."""
    words = {spelt for sentence in features.sentences for w in tokens(sentence.text) for spelt in spellings(w)}
    return any(bool(spellings(part.split()[-1].lower()) & words)
               for name in names for part in re.split(r"\s+and\s+", name) if part.split())


#: A name word this long, this alike (difflib ratio) to another, is that name with a slip.
SPEAKER_SLIP_LENGTH = 5
SPEAKER_SLIP = 0.8
#: Words a quote needs for its speaker to count: two speakers may each say one word ("understanding").
SPEAKER_QUOTE_WORDS = 4


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
                    and not _same_speaker(sq.speakers, dq.speakers)
                    # Another person of the story, not a name respelled ("Voss" / "Foss" in a
                    # translation): the names changed tell that.
                    and (_named_in(dq.speakers, source) or _named_in(sq.speakers, derived))):
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
