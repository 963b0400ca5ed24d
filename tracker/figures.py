"""Pure: which figures a derived article changed in the sentences it kept from its source.

Figures are checked in kept sentences only (what a dropped sentence carried is in the dropped
list): a figure of the source sentence that occurs nowhere in the copy changed, when the aligned
sentence has a new one in its place, or else vanished. Sentences that say the other's sentence
in its words with other figures are paired here too (:func:`other_figures`), and a translation's
figures are compared as each language writes them (:func:`translated_figures`).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator

from tracker import crosslang, units
from tracker.align import same_frame_other_figures, word_jaccard
from tracker.attribution import dateline_end
from tracker.explanation import AlignedDiff, Change
from tracker.model import AlignedPair
from tracker.shingle import Features, Sentence
from tracker.text import STOP_WORDS, numbers, stem, tokens


def reported(sentence: Sentence) -> Sentence:
    """The sentence without the dateline that may open it (see
    :func:`tracker.attribution.dateline_end`): its figures and names are what it reports."""
    end = dateline_end(sentence.text)
    if not end:
        return sentence
    text = sentence.text[end:]
    return dataclasses.replace(sentence, text=text, numbers=numbers(tokens(text)))


def _counted(words: list[str], index: int) -> frozenset[str]:
    """What the figure at ``index`` counts: the stems of the next two content words among the
    three after it ("37 turbine blades", "73 blades of turbines"); any unit is one kind,
    ``{"unit"}`` (a measure in other units may stand for it: "185 kilometres" / "115 mph";
    none stands for a count of firefighters). Empty when nothing follows."""
    after = [w for w in words[index + 1:index + 4] if w.isalpha() and w not in STOP_WORDS][:2]
    if any(w in units.UNIT_WORDS for w in after[:1]):
        return frozenset({"unit"})
    return frozenset(stem(w) for w in after)


def _compatible(was: frozenset[str], now: frozenset[str]) -> bool:
    """Two figures may count the same thing: either counts nothing said, or they share it."""
    return not was or not now or bool(was & now)


def _same_kind(old: str, source: str, new: str, derived: str) -> bool:
    """The two figures may count the same thing (see :func:`_counted`)."""
    s_words, d_words = tokens(source), tokens(derived)
    was = next((_counted(s_words, i) for i, w in enumerate(s_words) if w == old), frozenset())
    now = next((_counted(d_words, j) for j, w in enumerate(d_words) if w == new), frozenset())
    return _compatible(was, now)


def _figure_partners(source: str, derived: str, removed: set[str], new: set[str]) -> dict[str, list[str]]:
    """The new figures that stand where each removed figure stood: the two sentences' words are
    aligned, and inside a replaced stretch the removed and the new figures pair in reading order
    ("cut 410 jobs and 520 contracts" / "cut 310 jobs and 393 contracts": 410 -> 310, 520 -> 393).
    A removed figure whose stretch holds no new figure has no partner."""
    s_words, d_words = tokens(source), tokens(derived)
    matcher = difflib.SequenceMatcher(None, s_words, d_words, autojunk=False)
    partners: dict[str, list[str]] = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        gone = list(dict.fromkeys(w for w in s_words[i1:i2] if w in removed))
        came = list(dict.fromkeys(w for w in d_words[j1:j2] if w in new))
        if not gone or not came:
            continue
        # A removed figure pairs first with the new one that counts the same thing ("About 300
        # people" / "seven villages ... some 650 people": 300 -> 650); the rest pair in reading
        # order, never two figures that count different things ("200 firefighters" / "2,300
        # hectares": the one vanished, the other is new).
        s_counts = {s_words[i]: _counted(s_words, i) for i in range(i1, i2)}
        d_counts = {d_words[j]: _counted(d_words, j) for j in range(j1, j2)}
        used: set[str] = set()
        left: list[str] = []
        for number in gone:
            same = [n for n in came if n not in used and s_counts[number] and d_counts[n] == s_counts[number]]
            same = same or [n for n in came if n not in used and s_counts[number] & d_counts[n]]
            if same:
                partners.setdefault(number, []).append(same[0])
                used.add(same[0])
            else:
                left.append(number)
        rest = [n for n in came if n not in used]
        for k, number in enumerate(left[:len(rest)]):
            # more new than removed figures: the last removed one became the rest
            chosen = rest[k:k + 1] if k < len(left) - 1 else rest[k:]
            chosen = [n for n in chosen if _compatible(s_counts[number], d_counts[n])]
            if chosen:
                partners.setdefault(number, []).extend(chosen)
    return partners


def number_changes(derived: Features, source: Features, pairs: list[AlignedPair]) -> list[Change]:
    # The figures each article states anywhere, as written and as read ("a century" is 100
    # years, "an hour and a half" 1.5 hours): a figure another sentence states is no change.
    d_numbers = {n for s in derived.sentences for n in s.numbers | _plain(s).numbers}
    s_numbers = {n for s in source.sentences for n in s.numbers | _plain(s).numbers}
    # A sentence aligned with several pieces of the other side (a long sentence split in two)
    # keeps a figure that any of them states: "in 1989" in one piece and "In 1990" in the next
    # are no "1989 became 1990".
    # Clock times are compared as times ("4:52 a.m." / "4.52am", "0952 GMT" / "09:52 GMT",
    # "11 p.m." / "23:00"), and their digits are no figures.
    said = {(p.derived_index, p.source_index): _plain_pair(reported(derived.sentences[p.derived_index]),
                                                         reported(source.sentences[p.source_index]))
            for p in pairs}
    d_times = [t for s in derived.sentences for t in clock_times(s.text)[0]]
    told_by_sources: dict[int, set[str]] = defaultdict(set)
    told_by_copies: dict[int, set[str]] = defaultdict(set)
    for (d_index, s_index), (d_said, s_said) in said.items():
        told_by_sources[d_index] |= s_said.numbers
        told_by_copies[s_index] |= d_said.numbers
    seen: set[str] = set()
    changes: list[Change] = []
    for p in pairs:
        d_sent, s_sent = derived.sentences[p.derived_index], source.sentences[p.source_index]
        d_said, s_said = said[(p.derived_index, p.source_index)]
        gone = set(s_said.numbers) - told_by_copies[p.source_index]
        added = set(d_said.numbers) - told_by_sources[p.derived_index]
        # A figure replaced in place ("killing 12" / "killing 9") is a change even when the old
        # figure occurs elsewhere in the derived article (a correction's note: "to 11 from 12")
        # or the new one elsewhere in the source. Otherwise a figure that occurs elsewhere
        # moved, and is no change.
        partners = _figure_partners(s_said.text, d_said.text, gone - seen, added)
        new = {n for n in added if n not in s_numbers}
        removed = {n for n in gone if n not in seen and (n in partners or n not in d_numbers)}
        unplaced = sorted(new - {n for found in partners.values() for n in found})
        lone = [n for n in removed if n not in partners]
        for number in sorted(removed):
            seen.add(number)
            became = partners.get(number) or ([n for n in unplaced if _same_kind(number, s_said.text, n, d_said.text)]
                                              if len(lone) == 1 else [])
            if became and all(converted(number, s_said.text, n, d_said.text) for n in became):
                continue  # "six feet" / "1.8 metres": the same fact in other units
            if _other_unit_kept(number, became, s_said, d_said, told_by_copies[p.source_index]):
                continue  # "185 kilometres (115 miles)" / "115 miles": the copy kept one of the two units
            old = _written(number, s_said.text, s_sent.text)
            if became:
                detail = f"{old} became {', '.join(_written(n, d_said.text, d_sent.text) for n in became)}"
            else:
                detail = f"{old} vanished: it occurs nowhere in the derived article"
            changes.append(Change("number_changed", s_sent.text, d_sent.text, detail,
                                  p.source_index, p.derived_index))
        changes += _time_changes(s_sent, d_sent, p, seen, d_times)
    return changes


ClockTime = tuple[str, frozenset[int]]

#: A clock time: "4:52 a.m.", "4.52am", "11 p.m.", "3 pm", "23:00", "12:00 local time", "0952 GMT",
#: "noon", "midnight".
_CLOCK = re.compile(
    r"(?<![\d.,:])(?:(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?"
    r"|(\d{1,2}):(\d{2})(?![\d:])"
    r"|(\d{2})(\d{2})\s?(?-i:GMT|UTC|ET|EST|EDT|CET|CEST|BST|JST|IST)\b"
    r"|\b(noon|midday|midnight)\b)", re.IGNORECASE)


def _clock(m: re.Match[str]) -> ClockTime | None:
    """A match of :data:`_CLOCK` as a time, ``None`` when it is none ("1999 GMT")."""
    hour_s, minute_s, half, hour24, minute24, hhmm_h, hhmm_m, word = m.groups()
    if word:
        hour, minute = (0 if word.lower() == "midnight" else 12), 0
        candidates = {hour * 60}
    elif half:
        hour, minute = int(hour_s) % 12 + (12 if half.lower() == "p" else 0), int(minute_s or 0)
        candidates = {hour * 60 + minute}
    elif hour24:
        hour, minute = int(hour24), int(minute24)
        candidates = {hour * 60 + minute} | ({(hour + 12) * 60 + minute} if 1 <= hour <= 12 else set())
    else:
        hour, minute = int(hhmm_h), int(hhmm_m)
        candidates = {hour * 60 + minute}
    if hour >= 24 or minute >= 60:
        return None
    written = m.group(0).strip()
    if written.endswith(".") and not re.search(r"[ap]\.m\.$", written, re.IGNORECASE):
        written = written[:-1]  # "by 3 pm." ends its sentence
    return written, frozenset(c % (24 * 60) for c in candidates)


def clock_times(text: str) -> tuple[list[ClockTime], str]:
    """The clock times of a text, each as written with the minutes of the day it may be (a time
    without "a.m." or "p.m." up to 12:59 may be either), and the text without them."""
    times: list[ClockTime] = []
    rest, end = [], 0
    for m in _CLOCK.finditer(text):
        if (found := _clock(m)) is not None:
            times.append(found)
            rest.append(text[end:m.start()])
            end = m.end()
    return times, " ".join([*rest, text[end:]])


#: A range written with a dash, "1-3 per cent", "2020-2024": the two figures of "1 to 3". Not a
#: date ("2026-06-02") nor a code.
_DASHED_RANGE = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d{1,4}(?:\.\d+)?)-(\d{1,3}(?:,\d{3})+|\d{1,4}(?:\.\d+)?)"
                           r"(?![\w/-])")
#: A duration or a count with a half spelt out: "an hour and a half", "two and a half years",
#: "half an hour".
_AND_A_HALF = re.compile(r"\b(?:(an?|one)\s+([a-z]+?)s?\s+and\s+a\s+half"
                         r"|(\d+(?:,\d{3})*|[a-z]+)(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half"
                         r"|half\s+an?\s+(hour|day|year|mile|minute))\b", re.IGNORECASE)
#: Decades and centuries, as years: "a decade" is "10 years", "two centuries" "200 years".
_DECADES = re.compile(r"\b(an?|one|two|three|four|five|six|seven|eight|nine|\d+)\s+(decades?|century|centuries)\b",
                      re.IGNORECASE)


def _decades(m: re.Match[str]) -> str:
    count = m.group(1).lower()
    number = 1 if count in ("a", "an") else int(count) if count.isdigit() else int(tokens(count)[0])
    years = 100 if m.group(2).lower().startswith("cent") else 10
    return f"{number * years} years"


#: One span said in words after a word that makes it a duration, not a rate's span ("for a week",
#: "within a day", "more than a year"; "3,000 euros a year" is a rate).
_ONE_SPAN = re.compile(r"\b(for|lasted|lasting|last|lasts|within|than|over|about|nearly|almost|in)\s+"
                       r"(?:a|an|one)\s+(minute|hour|day|week|month|year)\b", re.IGNORECASE)


def _one_span(m: re.Match[str]) -> str:
    return f"{m.group(1)} 1 {m.group(2).lower()}s"


def _half(m: re.Match[str]) -> str:
    article, unit, whole, half_of = m.groups()
    if article:
        return f"1.5 {unit}s"
    if whole:
        figure = "1" if whole.lower() == "one" else tokens(whole)[0].replace(",", "")
        return f"{figure}.5" if figure.isdigit() else m.group()  # "a day and a half"
    return f"0.5 {half_of}s"


def _plain_pair(derived: Sentence, source: Sentence) -> tuple[Sentence, Sentence]:
    """Two aligned sentences' figures, as figures: clock times apart (:func:`_untimed`), a half
    or one span spelt out as a figure ("an hour and a half" / "90 minutes", in other units),
    and a dashed range as its two ends where the other sentence writes that range in words
    (:func:`_undashed`)."""
    derived, source = _plain(derived), _plain(source)
    return _undashed(derived, source.text), _undashed(source, derived.text)


def _plain(sentence: Sentence) -> Sentence:
    sentence = _untimed(sentence)
    text = _DECADES.sub(_decades, _ONE_SPAN.sub(_one_span, _AND_A_HALF.sub(_half, sentence.text)))
    return sentence if text == sentence.text else _restated(sentence, text)


#: A dashed range as a token (:func:`tracker.text.tokens`: thousands separators dropped).
_DASHED_TOKEN = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")
#: Words that join a range's ends ("1% to 3%", "between 45 and 50", "3 or 4 percent").
_RANGE_WORDS = frozenset({"to", "and", "or", "through", "until", "till"})


def _undashed(sentence: Sentence, other: str) -> Sentence:
    """The sentence with each dashed range read as its two ends where the words the other
    sentence writes in its place state that range in words: both ends, or one end joined by
    "to", "and", "or" ("1-3 per cent" / "1% to 3%"; "1-4 per cent" / "1% to 3%": 3 became 4;
    "120-98" / "by 120 votes to 98"; "2-3 metres" / "two to three metres"). A range the other
    writes with a dash too (a score, a vote, a forecast changed: "1-2 became 2-3"), or does not
    restate, is compared as written."""
    mine = tokens(sentence.text)
    if not any(_DASHED_TOKEN.fullmatch(t) for t in mine):
        return sentence  # (most sentences: no words aligned for them)
    theirs = tokens(other)
    chosen: set[str] = set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes():
        there = set(theirs[j1:j2])
        if op != "replace" or any(_DASHED_TOKEN.fullmatch(t) for t in there):
            continue
        for token in mine[i1:i2]:
            if (m := _DASHED_TOKEN.fullmatch(token)) is None:
                continue
            ends = {m.group(1), _whole_year(m.group(1), m.group(2))} & there
            if len(ends) == 2 or ends and there & _RANGE_WORDS:
                chosen.add(token)
    if not chosen:
        return sentence

    def split(m: re.Match[str]) -> str:
        low, high = m.group(1).replace(",", ""), m.group(2).replace(",", "")
        return f"{low} to {_whole_year(low, high)}" if f"{low}-{high}" in chosen else m.group()

    text = _DASHED_RANGE.sub(split, sentence.text)
    return sentence if text == sentence.text else _restated(sentence, text)


def _whole_year(low: str, high: str) -> str:
    """The end of a range of years written short ("1990-95": 1995, "2023-24": 2024)."""
    if len(low) == 4 and low[:2] in ("19", "20") and len(high) == 2 and int(high) > int(low[2:]):
        return low[:2] + high
    return high


def _restated(sentence: Sentence, text: str) -> Sentence:
    return dataclasses.replace(sentence, text=text, numbers=numbers(tokens(clock_times(text)[1])))


def _untimed(sentence: Sentence) -> Sentence:
    """The sentence whose figures are those outside its clock times ("4 died at 4 p.m." keeps 4)."""
    times, rest = clock_times(sentence.text)
    return dataclasses.replace(sentence, numbers=numbers(tokens(rest))) if times else sentence


def _time_changes(s_sent: Sentence, d_sent: Sentence, pair: AlignedPair, seen: set[str],
                  d_times: list[ClockTime]) -> list[Change]:
    """Times of a kept sentence that the derived sentence gives otherwise ("4:52 a.m." became
    "5:52 a.m."), or that the derived article gives nowhere."""
    s_times, d_here = clock_times(s_sent.text)[0], clock_times(d_sent.text)[0]
    other = [w for w, when in d_here if not any(when & s_when for _, s_when in s_times)]
    changes = []
    for written, when in s_times:
        if written in seen or any(when & d_when for _, d_when in d_here):
            continue
        seen.add(written)
        if other:
            detail = f"{written} became {other.pop(0)}"  # each new time stands for one old one
        elif not any(when & d_when for _, d_when in d_times):
            detail = f"{written} vanished: it occurs nowhere in the derived article"
        else:
            continue
        changes.append(Change("number_changed", s_sent.text, d_sent.text, detail, pair.source_index, pair.derived_index))
    return changes


def _spellings(groups: str) -> dict[str, str]:
    """Each spelling of a group ("dollar dollars dlr dlrs") -> the group's first."""
    return {word: group.split()[0] for group in groups.split(",") for word in group.split()}


#: Words that state a fact as a figure does, each class of them interchangeable only with
#: itself: a month, a weekday, a currency, an ordinal; each word -> its one spelling
#: ("Feb" is February, "dlrs" and "dollars" are dollars, "stg" is pounds).
_FACT_WORDS = (
    _spellings("""january jan, february feb, march mar, april apr, may, june jun, july jul, august aug,
               september sep sept, october oct, november nov, december dec"""),
    _spellings("monday mon, tuesday tue tues, wednesday wed, thursday thu thur thurs, friday fri, saturday sat, "
               "sunday sun"),
    _spellings("""euro euros eur, dollar dollars dlr dlrs usd, pound pounds sterling stg gbp, yen jpy, yuan renminbi
               cny, franc francs chf, rupee rupees, rouble roubles ruble rubles, peso pesos, real reais, rand,
               lira liras lire, krona kronor, krone kroner, zloty zlotys, forint, won, ringgit, baht,
               shekel shekels, dinar dinars, dirham dirhams, riyal riyals"""),
    _spellings("""first, second, third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth,
               thirteenth, fourteenth, fifteenth, sixteenth, seventeenth, eighteenth, nineteenth, twentieth"""),
    # The span a figure counts ("500 jobs in five years" / "in five months"; "a day" / "a week").
    _spellings("minute minutes mins, hour hours hrs, day days, week weeks, month months, year years"),
)


_SPANS = _FACT_WORDS[4]
#: Month and weekday names in every spelling (:mod:`tracker.names` reads them as no names).
CALENDAR_WORDS = frozenset(_FACT_WORDS[0]) | frozenset(_FACT_WORDS[1])


def word_figure_changes(diffs: tuple[AlignedDiff, ...]) -> list[Change]:
    """Facts a kept sentence states in words that it changed for another of their kind: "June 2"
    / "July 2", "85 million euros" / "85 million pounds", "third recall" / "second recall",
    "on Monday" / "on Tuesday", "in five years" / "in five months". A word for one of another kind ("third" / "latest") is a
    rewording."""
    changes = []
    for ad in diffs:
        for d in ad.words:
            if d.op != "replace" or len(d.source.split()) != 1 or len(d.derived.split()) != 1:
                continue
            old, new = d.source.strip(".,;:()\"'").lower(), d.derived.strip(".,;:()\"'").lower()
            if any(old in kind and new in kind and kind[old] != kind[new] for kind in _FACT_WORDS) and not (
                    old in _SPANS and numbers(tokens(ad.pair.source_text)) != numbers(tokens(ad.pair.derived_text))):
                # (A span changed with the figures of its sentence is a rate given per another
                # span, or a figure changed, which the figures tell.)
                p = ad.pair
                changes.append(Change("number_changed", p.source_text, p.derived_text,
                                      f"{d.source.strip('.,;:')} became {d.derived.strip('.,;:')}",
                                      p.source_index, p.derived_index))
    return changes


def _other_unit_kept(number: str, became: list[str], s_said: Sentence, d_said: Sentence,
                     kept: set[str]) -> bool:
    """The source sentence gives ``number`` in two units ("185 kilometres (115 miles)"), the
    derived sentences aligned with it keep the other one (``kept``: their figures; a sentence
    split in two may keep it in its other half), and none of the figures standing in its place
    is in its unit ("185 km" / "200 km" is a change; "... in 30 years" stands for no measure)."""
    s_words, d_words = tokens(s_said.text), tokens(d_said.text)
    if not any(other in kept and units.converted(number, s_words, other, s_words)
               for other in s_said.numbers if other != number):
        return False
    unit = units.unit_after(number, s_words)
    return not any(units.unit_after(n, d_words) == unit for n in became)


def converted(old: str, source: str, new: str, derived: str) -> bool:
    """``new`` in ``derived`` is ``old`` of ``source`` in other units ("12 feet" / "3.7 metres",
    "98 Fahrenheit" / "37 Celsius"): :func:`tracker.units.converted` on the two texts' words."""
    s_words, d_words = tokens(source), tokens(derived)
    return units.converted(old, s_words, new, d_words) or units.same_rate(old, s_words, new, d_words)


_DIGITS = re.compile(r"\d[\d,]*\d(?:[./-]\d+)*|\d(?:[./-]\d+)*")


def _written(number: str, read: str, original: str) -> str:
    """A figure as the sentence writes it: as the original does, else as it was read ("1" of
    "1-3 per cent", read "1 to 3")."""
    found = _as_written(number, original)
    return found if found != number else _as_written(number, read)


def _as_written(number: str, text: str) -> str:
    """A figure as the sentence writes it ("155,221" for the token 155221; "half an hour" for
    the 0.5 its hours were read as)."""
    for m in _DIGITS.finditer(text):
        if m.group().replace(",", "") == number:
            return m.group()
    for m in _AND_A_HALF.finditer(text):
        if _half(m).split()[0] == number:
            return m.group()
    if number == "1" and (span := _ONE_SPAN.search(text)):
        return span.group()[len(span.group(1)):].strip()
    for m in _DECADES.finditer(text):
        if _decades(m).split()[0] == number:
            return m.group()
    return number


def conflicts(derived: Features, source: Features, shown: set[tuple[int, int]]) -> list[Change]:
    """The sentences that make a pair "a recurring report": each derived sentence that says a
    source sentence in its words with other figures, named with both sets of figures."""
    found = []
    for a, b in _same_frame(derived, source, lambda i, j: (i, j) not in shown):
        gone = ", ".join(sorted(b.numbers - a.numbers)) or "-"
        new = ", ".join(sorted(a.numbers - b.numbers)) or "-"
        found.append(Change("number_changed", b.text, a.text,
                            f"#{a.index} says #{b.index} in its words with other figures: {gone} / {new}",
                            b.index, a.index))
    return found


def _same_frame(derived: Features, source: Features,
                allowed: Callable[[int, int], bool]) -> Iterator[tuple[Sentence, Sentence]]:
    """Each derived sentence with the first source sentence it may pair with (``allowed``, read
    again after every yield) that says it in its words with other figures."""
    for a in derived.sentences:
        b = next((b for b in source.sentences if allowed(a.index, b.index) and same_frame_other_figures(a, b)),
                 None)
        if b is not None:
            yield a, b


def other_figures(
    derived: Features, source: Features, pairs: list[AlignedPair],
    skip_derived: set[int | None], skip_source: set[int | None],
) -> list[AlignedPair]:
    """Sentences left unpaired that say the other's sentence in its words with other figures
    (what verification vetoes: "should fall to 14 days" / "takes 18 to 23 days"): shown as a
    pair, so that the figures are listed as changed rather than the sentence as dropped and
    inserted, and a refusal as "a recurring report" names its sentences. Each sentence pairs
    once, in reading order.

    Only a figure replaced is a change: the derived sentence states one that the source states
    nowhere, and leaves out one of the source sentence's that it states nowhere. A summary's
    sentence that joins "fewer than 500 adults" to "on June 19" of the source's next sentence,
    leaving out "a 3-hectare strip", changed no figure: 3 did not become 19."""
    d_used = {p.derived_index for p in pairs} | {i for i in skip_derived if i is not None}
    s_used = {p.source_index for p in pairs} | {j for j in skip_source if j is not None}
    d_figures = {n for s in derived.sentences for n in s.numbers}
    s_figures = {n for s in source.sentences for n in s.numbers}

    def replaced(i: int, j: int) -> bool:
        a, b = derived.sentences[i], source.sentences[j]
        return bool((a.numbers - b.numbers) - s_figures) and bool((b.numbers - a.numbers) - d_figures)

    found: list[AlignedPair] = []
    for a, b in _same_frame(derived, source,
                            lambda i, j: i not in d_used and j not in s_used and replaced(i, j)):
        found.append(AlignedPair(a.index, b.index, a.text, b.text, 0.0, round(word_jaccard(a, b), 4)))
        s_used.add(b.index)
    return found


def translated_figures(pairs: list[AlignedPair]) -> list[Change]:
    """Figures a translation changed: of sentences paired by their names and figures, the
    source's figures that the translation does not state and those it states instead (each
    read as :func:`tracker.crosslang.marks` writes it: "24.600" and "24,600" are one figure).
    A sentence that only leaves a figure out, or only adds one, changed none. Sentences paired
    with each other are read together: a source sentence told in two sentences of the
    translation states its figures in either."""
    found = []
    for group in _paired_groups(pairs):
        d_texts = list(dict.fromkeys((p.derived_index, p.derived_text) for p in group))
        s_texts = list(dict.fromkeys((p.source_index, p.source_text) for p in group))
        mine = [_figures(text) for _, text in sorted(d_texts)]
        theirs = [_figures(text) for _, text in sorted(s_texts)]
        said, told = _readings(mine), _readings(theirs)
        gone = sorted({m for ms in theirs for m in ms if _digits(m) not in said})
        new = sorted({m for ms in mine for m in ms if _digits(m) not in told})
        if gone and new:
            first = min(group, key=lambda p: (p.source_index, p.derived_index))
            found.append(Change("number_changed", " ".join(t for _, t in sorted(s_texts)),
                                " ".join(t for _, t in sorted(d_texts)),
                                f"{', '.join(gone)} became {', '.join(new)} in the translation",
                                first.source_index, first.derived_index))
    return found


def _paired_groups(pairs: list[AlignedPair]) -> list[list[AlignedPair]]:
    """The pairs grouped by the sentences they join (a source sentence paired with two of the
    translation's, and whatever else those are paired with), in reading order."""
    groups: list[list[AlignedPair]] = []
    by_derived: dict[int, int] = {}
    by_source: dict[int, int] = {}
    for p in sorted(pairs, key=lambda q: (q.source_index, q.derived_index)):
        hits = {g for g in (by_derived.get(p.derived_index), by_source.get(p.source_index)) if g is not None}
        if not hits:
            groups.append([p])
            k = len(groups) - 1
        else:
            k = min(hits)
            for other in sorted(hits - {k}, reverse=True):
                groups[k].extend(groups[other])
                groups[other] = []
            groups[k].append(p)
        for q in groups[k]:
            by_derived[q.derived_index] = k
            by_source[q.source_index] = k
    return [g for g in groups if g]


def _figures(text: str) -> list[str]:
    # Clock times and dates are written each language's way ("2:30 p.m." is "14.30 Uhr",
    # "March 2, 2029" "02.03.2029"), and a dateline's day is the filing's: not compared.
    text = text[dateline_end(text):]
    return [m for m in crosslang.marks(_CLOCK_OR_DATE.sub(" ", text)) if m[:1].isdigit()]


def _readings(sentences: list[list[str]]) -> set[str]:
    """Each figure by its digits without the point and the zeros that end it ("4.2 bln" may be
    "4.200 millones" and "597,000" "597 mil" in another language), and each two figures of a
    sentence in a row read as one (a figure written with a space for its thousands, "38 500",
    is read as two)."""
    return {_digits(m) for ms in sentences for m in ms} | {_digits(a + b) for ms in sentences for a, b in zip(ms, ms[1:])}


#: A clock time ("2:30 p.m.", "14.30 Uhr", "9h30") or a date written in figures ("02.03.2029",
#: "2/3/29", "2029-03-02").
_CLOCK_OR_DATE = re.compile(
    r"\b\d{1,2}:\d{2}\b(?:\s*[ap]\.?\s?m\.?)?|\b\d{1,2}[.h]\d{2}\s*(?:[ap]\.?\s?m\.?|uhr|h\b|horas|heures|ч\.?)"
    r"|\b\d{1,2}h\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b", re.IGNORECASE)


def _digits(figure: str) -> str:
    """A figure's significant digits: "4.2", "4200" and "42" are all "42"."""
    return figure.replace(".", "").lstrip("0").rstrip("0") or "0"
