"""tracker.pairstats: the measures of an aligned pair."""

from __future__ import annotations

import difflib

from tracker.pairstats import SUBJECT_SPELLING, _spelled_alike


def test_a_close_spelling_is_what_difflib_finds() -> None:
    # The remembered lookup answers as difflib.get_close_matches at SUBJECT_SPELLING does.
    names = ["kelpmark", "gazprom", "northlight", "verrin", "acme", "aeroflot"]
    terms = ["kelpmarc", "kelpmark", "gasprom", "northlite", "verin", "verrins", "acne", "aeroflott",
             "harbour", "strike", "marks", "prom", "north", "aerofloat", "kelp", "verrine"]
    for name in names:
        for term in terms:
            found = bool(difflib.get_close_matches(name, [term], 1, SUBJECT_SPELLING))
            assert _spelled_alike(name, term) == found, (name, term)
    assert _spelled_alike("gazprom", "gasprom") and not _spelled_alike("acme", "harbour")
