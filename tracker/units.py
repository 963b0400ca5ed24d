"""Pure: a figure converted into other units ("six feet" / "1.8 metres", "30 miles" / "48 km").

A localised copy of a story converts its measures; that is the same fact, not a changed
figure, both where verification compares two sentences' figures (:mod:`tracker.align`) and
where ``explain`` lists the figures a copy changed (:mod:`tracker.figures`).
"""

from __future__ import annotations

from collections.abc import Sequence

#: Each word that names a unit, in the singular and the plural, British and American
#: spellings, and its unit.
UNIT_WORDS = {
    "foot": "ft", "feet": "ft", "ft": "ft", "mile": "mi", "miles": "mi", "inch": "in", "inches": "in",
    "pound": "lb", "pounds": "lb", "lb": "lb", "lbs": "lb", "gallon": "gal", "gallons": "gal",
    "acre": "acre", "acres": "acre", "yard": "yd", "yards": "yd", "ounce": "oz", "ounces": "oz",
    "metre": "m", "metres": "m", "meter": "m", "meters": "m", "m": "m",
    "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km", "km": "km",
    "centimetre": "cm", "centimetres": "cm", "centimeter": "cm", "centimeters": "cm", "cm": "cm",
    "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg", "kg": "kg",
    "gram": "g", "grams": "g", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "hectare": "ha", "hectares": "ha", "fahrenheit": "F", "celsius": "C", "centigrade": "C",
    "mph": "mph", "kph": "kph", "kmh": "kph",
    # Durations: "90 minutes" is "1.5 hours", "48 hours" "2 days", "18 months" "1.5 years".
    "minute": "min", "minutes": "min", "min": "min", "mins": "min", "hour": "hr", "hours": "hr",
    "hr": "hr", "hrs": "hr", "day": "day", "days": "day", "week": "wk", "weeks": "wk",
    "month": "mo", "months": "mo", "year": "yr", "years": "yr",
    # A rate's move: "50 basis points" is "0.5 percentage point".
    "basis": "bp", "bps": "bp", "bp": "bp", "percentage": "pp",
}
#: (from, to) -> factor; the reverse is its inverse. Temperatures are converted apart.
FACTORS = {("ft", "m"): 0.3048, ("mi", "km"): 1.609344, ("in", "cm"): 2.54, ("lb", "kg"): 0.45359237,
           ("gal", "l"): 3.785411784, ("acre", "ha"): 0.40468564, ("yd", "m"): 0.9144, ("oz", "g"): 28.349523,
           ("mph", "kph"): 1.609344, ("pp", "bp"): 100.0,
           ("hr", "min"): 60.0, ("day", "hr"): 24.0, ("wk", "day"): 7.0, ("yr", "mo"): 12.0}
#: A converted figure is rounded: within this share of the exact value (or of 1, for small ones).
CONVERSION_TOLERANCE = 0.06
#: Durations are counted, not rounded: "five years" is "60 months", not "57 months" (a prison
#: term given in months), and "two days" is "48 hours".
DURATIONS = frozenset({"min", "hr", "day", "wk", "mo", "yr"})
#: Words before a duration that make it the span of a rate ("3,000 euros a year", "4,800 cars
#: per day"), not the unit of the figure.
_RATE = frozenset({"a", "an", "per", "every", "each"})


#: A distance per hour is a speed: "185 km/h", "185 kilometres per hour", "115 miles an hour".
_SPEEDS = {"km": "kph", "mi": "mph"}
_DISTANCE = {speed: distance for distance, speed in _SPEEDS.items()}


def unit_after(number: str, words: Sequence[str]) -> str | None:
    """The unit of ``number`` among ``words`` (lower-cased tokens, number words as digits): the
    first unit word among the three words after it ("4 to 6 feet": feet for 4 and for 6); a
    distance followed by "h", "per hour" or "an hour" is a speed."""
    for i, word in enumerate(words):
        if word == number:
            for k in range(i + 1, min(i + 4, len(words))):
                if words[k] in UNIT_WORDS:
                    unit = UNIT_WORDS[words[k]]
                    if unit in DURATIONS and words[k - 1] in _RATE:
                        return None  # "3,000 euros a year": a rate, whose figure has no unit here
                    rest = tuple(words[k + 1:k + 3])
                    if unit in _SPEEDS and (rest[:1] == ("h",) or rest in (("per", "hour"), ("an", "hour"))):
                        return _SPEEDS[unit]
                    return unit
    return None


def rate_span(number: str, words: Sequence[str]) -> str | None:
    """The span of a rate that ``number`` states ("3,000 euros a year": ``yr``; "46,000 barrels
    per day": ``day``): a duration after "a", "per", "every" or "each" among the four words
    after it, else ``None``."""
    for i, word in enumerate(words):
        if word == number:
            for k in range(i + 2, min(i + 6, len(words))):
                unit = UNIT_WORDS.get(words[k])
                if unit in DURATIONS and words[k - 1] in _RATE:
                    return unit
    return None


def same_rate(old: str, old_words: Sequence[str], new: str, new_words: Sequence[str]) -> bool:
    """``new`` (among ``new_words``) is the rate ``old`` (among ``old_words``) given per another
    span, rounded as copies round: "3,000 euros a year" / "250 euros a month"."""
    was, now = rate_span(old, old_words), rate_span(new, new_words)
    # Per the new span, the old figure is divided by how many new spans an old one holds (a year
    # holds 12 months): the converted figure is the old one times the factor of now -> was.
    return was is not None and now is not None and was != now and _within(old, new, _factor(now, was), CONVERSION_TOLERANCE)


def _factor(was: str, now: str) -> float | None:
    """How many ``now`` one ``was`` is (a foot is 0.3048 metres), or ``None``."""
    return FACTORS.get((was, now)) or (1 / FACTORS[(now, was)] if (now, was) in FACTORS else None)


def _within(old: str, new: str, factor: float | None, tolerance: float) -> bool:
    """``new`` is ``old`` times ``factor``, within ``tolerance`` of it (or of 1, for small ones)."""
    try:
        a, b = float(old), float(new)
    except ValueError:
        return False
    if factor is None:
        return False
    expected = a * factor
    return abs(b - expected) <= tolerance * max(abs(expected), 1.0)


def has_units(words: Sequence[str]) -> bool:
    """Some word of ``words`` names a unit."""
    return any(w in UNIT_WORDS for w in words)


def converted(old: str, old_words: Sequence[str], new: str, new_words: Sequence[str]) -> bool:
    """``new`` (among ``new_words``) is ``old`` (among ``old_words``) in other units, rounded as
    copies round (:data:`CONVERSION_TOLERANCE`; a temperature within a degree)."""
    was, now = unit_after(old, old_words), unit_after(new, new_words)
    if (was in _DISTANCE) != (now in _DISTANCE):
        # "185 kilometres (115 miles) per hour": one reads as a speed, the other as its distance.
        was, now = _DISTANCE.get(was, was), _DISTANCE.get(now, now)  # type: ignore[arg-type]
    if was is None or now is None or was == now:
        return False
    if {was, now} == {"F", "C"}:
        try:
            a, b = float(old), float(new)
        except ValueError:
            return False
        expected = (a - 32) * 5 / 9 if was == "F" else a * 9 / 5 + 32
        return abs(b - expected) <= 1.0
    return _within(old, new, _factor(was, now), 1e-6 if was in DURATIONS else CONVERSION_TOLERANCE)


def conversions(a_numbers: frozenset[str], a_words: Sequence[str],
                b_numbers: frozenset[str], b_words: Sequence[str]) -> int:
    """How many figures of one sentence that the other lacks are the other's in other units
    (each figure paired once)."""
    only_a, only_b = a_numbers - b_numbers, b_numbers - a_numbers
    if not only_a or not only_b or not has_units(a_words) or not has_units(b_words):
        return 0
    found = 0
    free = sorted(only_b)
    for x in sorted(only_a):
        for y in free:
            if converted(x, a_words, y, b_words):
                free.remove(y)
                found += 1
                break
    return found
