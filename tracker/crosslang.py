"""Pure: a translation into another language, told by the names and figures it keeps, in order.

Two articles in different languages share almost no words, so the sentence alignment of
:mod:`tracker.align` finds nothing between a wire story and its German translation. What a
translation keeps is its source's *marks*: proper names ("Karstadt", "Margit Olander",
"NATO"), which a translator leaves as they are, and figures ("14", "61", "1,730,000" written
"1.730.000"). A translation carries them in the order of its source, although it splits and
joins sentences as its language wants. A story of the same event written independently in
another language shares many marks too, but tells them in its own order and leaves many out.

So each article is read as the sequence of the marks both carry, in text order, and the two
sequences are compared: their longest common subsequence is the part told in the same order.
A pair is a translation when:

* they share at least :data:`MIN_SHARED` distinct marks, :data:`MIN_SHARED_NAMES` of them names;
* the common subsequence holds at least :data:`MIN_RUN` marks; and
* it is at least :data:`MIN_COVERAGE` of *each* sequence (a translation renders its whole source,
  or the whole of what it keeps).

Only pairs whose detected languages differ are read this way (:func:`applies`); within one
language the word-level verification decides. No rule names a language.

Across scripts a name is written in the letters of the translation ("Томас Краг" for "Tomas
Krag"): a capitalised word in another script is read in Latin letters (``anyascii``), and
such a name that the other article carries without its last :data:`INFLECTION` letters at
most is that name ("Sandvika", the genitive a Russian sentence gives "Sandvik"). Figures are
written alike in every script. Chinese and Japanese characters stand apart from the figures
and Latin names written next to them ("约2400名", "Reuters报道").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anyascii import anyascii

from tracker.attribution import dateline_end
from tracker.normalize import NON_LATIN
from tracker.text import STOP_WORDS, outlet_key

if TYPE_CHECKING:
    from tracker.shingle import Features

#: Arabic-Indic and Persian digits, and the Arabic decimal and thousands separators, as the
#: figures of other scripts are written ("٤٫٢٥" is 4.25).
_DIGIT_FORMS = str.maketrans({**{chr(0x660 + d): str(d) for d in range(10)},
                              **{chr(0x6F0 + d): str(d) for d in range(10)}, "\u066b": ".", "\u066c": ","})
#: Thousands grouped with a space ("18 500", "2 400"): with a no-break or thin space anywhere,
#: with a plain space only in a text written in another script than Latin (French and Russian
#: typography), where an English "in 2025 300 people" cannot be meant.
_SPACED = re.compile(r"(?<![\d.,])\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?![\d.,]\d)")
_SPACED_PLAIN = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,]\d)")


def plain_figures(text: str, spaced_thousands: bool = False) -> str:
    """``text`` with its figures written as :func:`marks` reads them: ASCII digits, and
    thousands no longer grouped by spaces (by a plain space too in a text in another script,
    or when ``spaced_thousands``: a text in a language that may group them so, see
    :func:`spaced_thousands`)."""
    if text.isascii() and not spaced_thousands:
        return text
    text = text.translate(_DIGIT_FORMS)
    if _MYRIAD_UNIT.search(text):
        text = _MYRIADS.sub(_myriad, text)
    spaced = _SPACED_PLAIN if spaced_thousands or NON_LATIN.search(text) else _SPACED
    return spaced.sub(lambda m: re.sub(r"\D", "", m.group()), text)


#: Chinese, Japanese and Korean figures counted in ten thousands (万, 萬, 만), hundred millions
#: (亿, 億, 억) and trillions (兆, 万亿), with thousands (千, 천) inside them: "14万8000" is
#: 148,000, "14.8万" too, "1,200万" 12 million, "3億5千万" 350 million, "1兆2345億" 1.2345 trillion.
_UNITS = {"兆": 1e12, "万亿": 1e12, "萬億": 1e12, "亿": 1e8, "億": 1e8, "억": 1e8, "万": 1e4, "萬": 1e4, "만": 1e4,
          "千": 1e3, "천": 1e3, "百": 1e2, "백": 1e2}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = "万亿|萬億|兆|亿|億|억|万|萬|만|千|천|百|백"
_MYRIAD_UNIT = re.compile(r"\d[亿億억万萬만兆千천]")
_MYRIADS = re.compile(rf"(?:{_NUMBER})(?:{_UNIT})(?:(?:{_NUMBER})?(?:{_UNIT}))*(?:\d{{1,4}}(?![\d.,]))?")
_PIECE = re.compile(rf"({_NUMBER})?({_UNIT})|(\d+)$")


def _myriad(m: re.Match[str]) -> str:
    """A figure counted in myriads written as an English text writes it: in full below a
    million, or when it is a count to the unit ("123万4567": 1234567); else in millions,
    billions or trillions ("1.5" of "150万": "1.5 million"; "1" of "10億": "1 billion"), as
    :func:`marks` reads "1.5 million" and "1,5 Millionen"."""
    total = section = 0.0
    for number, unit, rest in _PIECE.findall(m.group()):
        if rest:
            total += section + int(rest)
            section = 0.0
            continue
        count = float(number.replace(",", "")) if number else None
        if _UNITS[unit] < 1e4:  # thousands: part of the next myriad ("5千万")
            section += (count if count is not None else 1) * _UNITS[unit]
        else:
            total += ((count or 0) + section if count is not None or section else 1) * _UNITS[unit]
            section = 0.0
    value = total + section
    if value < 1e6 or value == int(value) and value % 1e4 and value < 1e9:
        return str(round(value))
    scale = 1e12 if value >= 1e12 else 1e9 if value >= 1e9 else 1e6
    return f"{value / scale:.6f}".rstrip("0").rstrip(".")


#: Distinct marks both articles must carry, and how many of them must be names.
MIN_SHARED = 6
MIN_SHARED_NAMES = 3
#: Marks told in the same order.
MIN_RUN = 8
#: Share of each article's sequence of shared marks told in the same order. At 0.6 a German
#: story of a merger written on its own (a walkthrough's hard negative) was taken for a
#: translation of the English wire story at 17 of its 21 and 28 shared marks (0.61); on that
#: corpus of 3 wire stories, 18 translations, partial translations and summaries into 8
#: languages, and 16 hard negatives, every linked translation scores 0.68 or more and every
#: negative 0.61 or less. The test's German translation scores 0.96.
MIN_COVERAGE = 0.65
#: Letters a name read from another script may carry after a name of the other article of at
#: least :data:`STEM_LETTERS` letters and still be that name (a case ending: "Sandvika").
INFLECTION = 2
STEM_LETTERS = 4

#: A figure (thousands grouped with "," or ".", decimals with either) or a word.
_MARK = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?|[^\W\d_][\w'’-]*")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")


def figure_of(token: str) -> str:
    """A run of digits and separators as a figure: thousands separators dropped ("2,400",
    "1.730.000"), a decimal comma read as a point ("4,5"); of a longer run ("3.2.1"), its
    leading number."""
    if _GROUPED.fullmatch(token):
        return token.replace(",", "").replace(".", "")
    head = _DECIMAL.match(token)
    return (head.group() if head else token).replace(",", ".")
_MONTH_NUMBER = re.compile(r"(?<![\d.,])\d{1,2}\s?(?:[月월]|[日일](?![間间]))")
#: Yen and sen: "141円20銭" is 141.20 yen.
_YEN_SEN = re.compile(r"(\d+)円(\d{1,2})銭")
#: Chinese characters, Japanese kana and Korean syllables: written without a space next to
#: figures and Latin names, and never a mark themselves (no capitals).
_CASELESS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class CrossAlignment:
    """Two articles in different languages compared by the marks they share.

    Attributes:
        pairs: ``(a sentence, b sentence, marks in common)`` of the sentences whose marks the
            common subsequence matches, in order (for showing the alignment).
        run: marks of the common subsequence.
        a_marks: length of ``a``'s sequence of shared marks.
        b_marks: the same for ``b``.
        shared: the distinct marks both articles carry.
        a_total: all of ``a``'s marks, shared or not.
        b_total: the same for ``b``.
    """

    pairs: tuple[tuple[int, int, int], ...]
    run: int
    a_marks: int
    b_marks: int
    shared: frozenset[str]
    a_total: int = 0
    b_total: int = 0

    @property
    def similarity(self) -> float:
        """The marks told in the same order, over all the marks of the article with more: of a
        translation's candidate sources, the one it renders whole (a wire story) scores above a
        shorter telling (a rewrite, a trimmed copy) that leaves out marks it kept."""
        return self.run / max(self.a_total, self.b_total, 1)

    @property
    def related(self) -> bool:
        """The pair is a translation (the rules of the module): names and figures told in the
        same order. Figures alone are not enough (:data:`MIN_SHARED_NAMES`): an independent
        report of a press release's results, in Chinese, tells all its figures in its order."""
        names = sum(1 for m in self.shared if not m[0].isdigit() and not m.startswith("("))
        return (len(self.shared) >= MIN_SHARED and names >= MIN_SHARED_NAMES and self.run >= MIN_RUN
                and self.run >= MIN_COVERAGE * self.a_marks and self.run >= MIN_COVERAGE * self.b_marks)

    def reason(self) -> str:
        """One line saying what decided."""
        told = f"{self.run} of their {self.a_marks} and {self.b_marks} shared names and figures in the same order"
        if self.related:
            return f"a translation: {told}"
        names = sum(1 for m in self.shared if not m[0].isdigit() and not m.startswith("("))
        if names < MIN_SHARED_NAMES or len(self.shared) < MIN_SHARED:
            return (f"another language: {told} ({len(self.shared)} distinct, {names} of them names; a "
                    f"translation shares at least {MIN_SHARED}, {MIN_SHARED_NAMES} of them names)")
        return (f"another language: {told} ({len(self.shared)} distinct; a translation tells at least "
                f"{MIN_RUN} and {MIN_COVERAGE:.0%} of each in the same order)")


def applies(a_lang: str | None, b_lang: str | None) -> bool:
    """Both languages are known and differ."""
    return bool(a_lang and b_lang and a_lang != b_lang)


#: What a name carries after it, or a word before it, joined by an apostrophe: a possessive
#: ("Iran's"), an elided article or preposition ("L'Iraq", "dell'Iran", "d'OPEP").
_POSSESSIVE = re.compile(r"['’]s?$")
_APOSTROPHE = re.compile(r"['’]")


def _unelided(token: str) -> str:
    """``token`` without an elided article or preposition before a name ("L'Iraq",
    "dell'Iran", "d'OPEP"); not an Irish name ("O'Brien")."""
    parts = _APOSTROPHE.split(token, 1)
    if len(parts) < 2 or not parts[1][:1].isupper():
        return token
    head, name = parts
    return name if (head.islower() and len(head) <= 5) or head in ("L", "D") else token


def marks(text: str, spaced_thousands: bool = False) -> list[str]:
    """A sentence's marks in text order: capitalised words of three or more letters that are
    not English function words (case-folded), and figures (thousands separators dropped, a
    decimal comma read as a point; thousands grouped by plain spaces read as one figure when
    ``spaced_thousands``, see :func:`plain_figures`).

    A name is read without what an apostrophe joins to it ("Iran's", "L'Iraq", "dell'Iran":
    ``iran``, ``iraq``, ``iran``), and each capitalised part of a compound is a name of its own
    ("Veslefrikk-feltet": ``veslefrikk``; "IBC-Präsident": ``ibc``, ``präsident``)."""
    found = []
    if spaced_thousands or not text.isascii():
        # A date's month and day ("7月8日", "7월 8일"): days and months are no marks (CALENDAR),
        # and English writes the month as a word and the day as a weekday.
        text = _YEN_SEN.sub(r"\1.\2", _MONTH_NUMBER.sub(" ", text))
        text = _CASELESS.sub(" ", plain_figures(text, spaced_thousands))  # "约2400名", "Reuters报道"
    for m in _MARK.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            found.append(figure_of(tok))
            continue
        tok = _POSSESSIVE.sub("", _unelided(tok))
        if not tok[:1].isupper() or len(tok) < 3:
            continue
        # A name in another script is read in Latin letters, each part of a compound
        # ("Порт-Велла": "port", "vella") as a name of its own.
        latin = NON_LATIN.search(tok) is not None
        parts = anyascii(tok).replace("'", "").split("-") if latin else tok.split("-")
        for k, word in enumerate(parts):
            if k and not latin and not word[:1].isupper():
                continue  # "Veslefrikk-feltet": the field, not a name
            word = word.casefold().rstrip("'’-")
            if len(word) >= 3 and word not in STOP_WORDS:
                found.append(word)
    return found


def _inflected(names: list[list[str]], other: list[list[str]]) -> dict[str, str]:
    """Each name mark of ``names`` (an article in another script, read in Latin letters) that
    ``other`` does not carry but carries without its last one or two letters (at least
    :data:`STEM_LETTERS` left): a case ending ("sandvika" -> "sandvik")."""
    theirs = {m for s in other for m in s if not m[0].isdigit()}
    found: dict[str, str] = {}
    for name in {m for s in names for m in s if not m[0].isdigit()} - theirs:
        for cut in range(1, INFLECTION + 1):
            stem = name[:-cut]
            if len(stem) >= STEM_LETTERS and stem in theirs:
                found[name] = stem
                break
    return found


def align_marks(a: list[list[str]], b: list[list[str]]) -> CrossAlignment:
    """Compare two articles given as the marks of each sentence, in order."""
    shared = frozenset(m for s in a for m in s) & frozenset(m for s in b for m in s)
    seq_a = [(m, i) for i, s in enumerate(a) for m in s if m in shared]
    seq_b = [(m, j) for j, s in enumerate(b) for m in s if m in shared]
    matched = _common(seq_a, seq_b)
    pairs: dict[tuple[int, int], int] = {}
    for i, j in matched:
        pairs[(i, j)] = pairs.get((i, j), 0) + 1
    return CrossAlignment(
        pairs=tuple((i, j, n) for (i, j), n in pairs.items()), run=len(matched),
        a_marks=len(seq_a), b_marks=len(seq_b), shared=shared,
        a_total=sum(len(s) for s in a), b_total=sum(len(s) for s in b))


def _common(seq_a: list[tuple[str, int]], seq_b: list[tuple[str, int]]) -> list[tuple[int, int]]:
    """The longest common subsequence of two mark sequences, as ``(a sentence, b sentence)`` of
    each matched mark."""
    n, m = len(seq_a), len(seq_b)
    if not n or not m:
        return []
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        row, below = table[x], table[x + 1]
        mark = seq_a[x][0]
        for y in range(m - 1, -1, -1):
            row[y] = below[y + 1] + 1 if mark == seq_b[y][0] else max(below[y], row[y + 1])
    out = []
    x = y = 0
    while x < n and y < m:
        if seq_a[x][0] == seq_b[y][0]:
            out.append((seq_a[x][1], seq_b[y][1]))
            x, y = x + 1, y + 1
        elif table[x + 1][y] >= table[x][y + 1]:
            x += 1
        else:
            y += 1
    return out


#: The mark of a dateline that opens a body ("HARLOW BAY, 10. Mai (Tidewire) - "), made of the
#: agency it names, which every language writes alike: ``(dateline:tidewire)``. Neither a name
#: nor a figure (no other mark has brackets).
DATELINE = "(dateline:{})"
_AGENCY = re.compile(r"\(([^()]+)\)[.\s]*[-\u2013\u2014]\s*$")


#: Languages whose text groups thousands with a comma, where "in 2025 300 people" is two
#: figures. Every other language's typography may group them with a space ("178 500" in
#: French, Polish, Russian, Swedish; "184 000" in DIN-style German), which page cleaning
#: leaves as a plain space.
COMMA_THOUSANDS = frozenset("en zh ja ko th hi he ms tl sw ur bn ta".split())


def spaced_thousands(lang: str | None) -> bool:
    """A text in ``lang`` (known) may group thousands with spaces: not one of :data:`COMMA_THOUSANDS`."""
    return bool(lang) and lang not in COMMA_THOUSANDS


#: Days and months, capitalised in English and German: every story dates its events, and a
#: translation writes them in its own words ("Sunday", "dimanche"): never a mark two tellings
#: share, only marks that lower the share of a text that has them.
CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march
    april june july august september october november december montag dienstag mittwoch donnerstag
    freitag samstag sonntag januar februar märz juni juli oktober dezember""".split())


def _body_marks(features: Features) -> list[list[str]]:
    """The marks of each body sentence; the dateline that opens the body (its first sentence,
    or its first two when the splitter cut it after a day written "10.") is one mark, its
    agency's (:data:`DATELINE`), not its place, day and agency. Days and months
    (:data:`CALENDAR`) are no marks."""
    spaced = spaced_thousands(features.lang)
    texts = [s.text for s in features.sentences]
    heads: list[list[str]] = [[] for _ in texts]  # the dateline's mark, before its sentence's text
    for n in (1, 2):
        head = " ".join(texts[:n])
        end = dateline_end(head) if len(texts) >= n else 0
        if not end or (n == 2 and end <= len(texts[0])):
            continue
        agency = _AGENCY.search(head[:end].rstrip())
        heads[0] = [DATELINE.format(outlet_key(agency.group(1)))] if agency else []
        texts[:n] = [""] * (n - 1) + [head[end:]]  # two: the dateline's sentence, then the rest
        break
    return [head + [m for m in marks(text, spaced) if m not in CALENDAR] for head, text in zip(heads, texts)]


def cross_alignment(a: Features, b: Features) -> CrossAlignment:
    """:func:`align_marks` of two articles' body sentences; between two scripts, a name of the
    article not in Latin letters is read without a case ending the other does not carry
    (:func:`_inflected`). The dateline that opens a body counts as one mark, its agency's
    (:data:`DATELINE`), not as its place, day and agency: every story filed from one town on one
    day by one agency carries those (a German council story and an English match report from
    Harlow Bay shared 4 of their 8 marks in order there), and a two-sentence brief's
    translation keeps the mark."""
    a_marks, b_marks = _body_marks(a), _body_marks(b)
    if a.script != b.script:
        if a.script != "LATIN" and (same := _inflected(a_marks, b_marks)):
            a_marks = [[same.get(m, m) for m in s] for s in a_marks]
        if b.script != "LATIN" and (same := _inflected(b_marks, a_marks)):
            b_marks = [[same.get(m, m) for m in s] for s in b_marks]
    return align_marks(a_marks, b_marks)
