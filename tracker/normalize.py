"""Pure text normalisation: Unicode, quotes and dashes, paragraphs, page-chrome lines.

Owns the decision of which lines of a plain-text page are the article and which are page
chrome (navigation, counters, comment lists, related-article teasers, menu items in another
script). Pure: no I/O, no clock, no configuration beyond its arguments.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tracker.hashing import content_hash
from tracker.text import CJK

#: Bumped whenever a change here changes the text that shingling sees.
NORMALIZE_VERSION = 1

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
        "\u00bb": '"', "\u2033": '"', "\u2039": "'", "\u203a": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u200a": " ",
        "\u202f": " ", "\u2007": " ", "\u200b": "", "\u200c": "", "\u200d": "",
        "\ufeff": "", "\u00ad": "", "\t": " ", "\r": "",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ ]{2,}")
_TERMINAL = re.compile(r"""[.!?:;\u3002]["')\]\u300d\u300f]?$""")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W_]+")
#: A word where the text has letters of a script written without spaces (Chinese, Japanese):
#: each of those letters, so that their sentences are not taken for short fragments.
_CJK_WORD = re.compile(f"[{CJK}]|[^\\W_{CJK}]+")

# A short line that opens the tail of a page (teasers, comments, "more from"). Everything
# from it on is chrome when it sits past the first 40 % of the page's words. Generic web
# vocabulary, not any site's: the seeds' aggregator page ("Related Articles"), the
# translation's comment list ("Do you want to leave a comment?") and the rewrite's teasers
# ("Don't Miss") all open this way.
_TAIL_MARKER = re.compile(
    r"^(?:related(?: articles?| stories| posts| news| content| coverage)?|read (?:more|also|next)"
    r"(?: on .*)?|more (?:from|on|stories|news)\b.*|you (?:may|might) (?:also )?like.*"
    r"|recommended(?: for you)?|trending(?: now)?|most (?:popular|read|viewed)"
    r"|comments?(?: \(\d+\))?|discussion|join the (?:discussion|conversation)"
    r"|leave a (?:comment|reply)|(?:do you want to )?leave a comment\b.*|post a comment"
    r"|don'?t miss|see also|share this(?: article| story)?|tags?:?.*|hashtags|also read"
    r"|more in .*|latest news|top stories|popular posts"
    # A paywall's heading: what follows is its offer, not the story.
    r"|subscribe (?:now )?to (?:keep|continue) reading|(?:to )?(?:keep|continue) reading,? subscribe.*"
    r"|this (?:article|story|content) is (?:for|only for|reserved for) subscribers.*|subscribers only)[\s:.!?]*$",
    re.IGNORECASE,
)


# Wire credit lines: "(Reporting by Ruth Calloway; Editing by Marcus Feld)", "Writing by ...",
# "Additional reporting by ...". Staff names, not story: two unrelated stories by one desk
# share them verbatim.
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:additional )?reporting|writing|editing|compiled|produced|translated)(?: by)?\b"
    r"[^()]{0,200}\)?\s*$", re.IGNORECASE)


# A republication note, a line of its own that ends with the outlet it names: "Reprinted from
# the Harbour Times.", "This story first appeared in The Moscow Times", "(Translated from Die
# Welt)", "Courtesy of the Capital Observer." The credit is read from the raw text
# (tracker.attribution); the line is no part of the story ("First published in 1851, the
# paper ...", "The report was published by Amnesty International on Monday." are: no name
# ends them, or they are no note about this text).
_REPUBLISHED = re.compile(
    r"^\(?\s*(?i:(?:this (?:article|story|piece|column|content) )?(?:was |is |has been )?"
    r"(?:(?:originally|first) )?(?:published|appeared|ran|reprinted|republished|provided|supplied|"
    r"distributed|syndicated|translated|courtesy)(?: with (?:the )?permission)? (?:by|in|on|at|from|of)\s+(?:the\s+)?)"
    r"[A-Z][\w&'’.-]*(?:\s+(?:of|the|and|&|[A-Z][\w&'’.-]*)){0,6}\.?\s*\)?\s*$")
#: Republication notes longer than this many words are sentences of the story.
REPUBLISHED_WORDS = 15


# A byline: "By Marta Leone", "By Marta Leone and Tomas Reyes, Reuters" (no sentence in it).
_BYLINE = re.compile(r"^by\s+[A-Z][\w.'-]*(?:[\s,&]+(?:and\s+)?[A-Z][\w.'-]*){0,9}\.?$", re.IGNORECASE)


# Rights notices and disclaimers: "All rights reserved", "The rights to this material belong
# to", "placed by the copyright holder", "do not reflect the editorial board's position".
_NOTICE = re.compile(
    r"copyright|\u00a9|all rights reserved|rights to (?:this|the) (?:material|article|text)"
    r"|(?:do|does) not (?:necessarily )?reflect the|views expressed|editorial (?:board|position|policy)"
    r"|\b(?:we|this (?:site|website|page)) uses? cookies\b.{0,80}\b(?:experience|browsing|visit|site|website|consent|accept|agree|continu|analytics|advertis)"
    r"|\b(?:accept|reject|manage|allow)(?: all)? cookies\b|\bcookie (?:policy|settings|preferences)\s*$",
    re.IGNORECASE,
)
# A paywall's or meter's notice, as a short line of its own (PAYWALL_WORDS): "Subscribe to keep
# reading", "You have reached your limit of free articles", "Already a subscriber? Sign in". In
# a sentence of a story ("... available to subscribers only, the club said") they are story.
_PAYWALL = re.compile(
    r"\bsubscribe (?:now|today|to (?:keep|continue) reading|for (?:full|unlimited) access)"
    r"|\b(?:to (?:keep|continue) reading|(?:keep|continue) reading with)\b.{0,40}\b(?:subscri|sign in|log in|register)"
    r"|\byou(?:'ve| have) (?:reached|used) (?:your|all your) (?:limit|free|monthly|\d+ free)"
    r"|\bfree articles? (?:left|remaining)|\balready (?:a subscriber|have an account)\b"
    r"|\b(?:this|the rest of this) (?:article|story|content) is (?:for|only for|available to|reserved for) subscribers"
    r"|\bsubscribers only\b",
    re.IGNORECASE,
)
PAYWALL_WORDS = 12
# An outlet's promotion of itself, as a short line of its own (PAYWALL_WORDS): "Sign up for the
# Times Herald morning briefing", "Follow Trader's Daily on LinkedIn for the latest market news",
# "Read more stories like this in our weekly newsletter", "Download our app".
_PROMOTION = re.compile(
    r"^(?:sign up (?:for|to|now)\b.*\b(?:newsletters?|briefing|bulletin|alerts?|digest|updates|emails?)\b"
    r"|subscribe to (?:our|the)\b.*\b(?:newsletters?|briefing|bulletin|podcast|channel|alerts?|digest)\b"
    r"|follow (?:us|(?-i:[A-Z@])[^.,]{0,40}?) on (?:facebook|twitter|x|instagram|linkedin|tiktok|youtube|threads"
    r"|bluesky|whatsapp|telegram|mastodon)\b|(?:like|join) us on\b"
    r"|(?:read|get|find) more\b.*\b(?:in|on|with|from|via) our\b.*\b(?:newsletters?|app|briefing)\b"
    r"|download our\b.*\bapp\b)",
    re.IGNORECASE,
)
#: ...and not a sentence that says who urged it ("Download the NHS app to book a vaccine,
#: officials urged").
_ATTRIBUTED = re.compile(
    r",\s*(?:[^,]{0,60}\s)?(?:said|says|urged|urges|told|tells|added|warned|wrote|writes|posted|asked)\b",
    re.IGNORECASE)
# A link to another story set in the text under a label: "READ MORE: Harbour authority warns of
# delays", "Related: What the new flood defences will cost", "WATCH - Crews clear the roads".
# A headline's length at most (TEASER_HEADLINE_WORDS), without closing punctuation as a
# headline is written; the label and its separator make it no sentence of the story ("More
# than 40 people ..." has none; nor a wrapped line's "more --"; "More - not fewer - officers
# will patrol ..." ends as a sentence does).
_INLINE_PROMO = re.compile(
    r"^(?=(?-i:[A-Z]))(?:read (?:more|also|next)|also read|related(?: stories| story| articles?| coverage| reading)?"
    r"|see also|more|watch|listen|don'?t miss|must read|recommended(?: reading)?|explore more)"
    r"\s*(?::|\||\s[-\u2013\u2014\u00bb]|\u00bb)\s*\S", re.IGNORECASE)
# An embedded social-media post's signature: "- Coastal Power (@CoastalPower) March 3, 2025"
# (its date too: a columnist's sign-off, "- Dana Whitfield (@dwhitfield)", is none). The post
# above it goes with it when it reads as a post (a link, a hashtag, a handle): another's
# text set in the page.
_POST_SIGNATURE = re.compile(
    r"^[-\u2013\u2014]\s*[^()\n]{1,80}\(@\w{1,30}\)\s*[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}\s*$")
_POST_MARKS = re.compile(r"pic\.twitter\.com/|https?://|\bt\.co/|(?:^|\s)[#@]\w")
# A menu or a row of buttons written out as text: "Home | News | World | Sport | Sign in",
# "Share on Facebook | Share on X" (items of a few words between separators).
_MENU_SEPARATOR = re.compile(r"\s[|\u2022\u00b7\u00bb]\s")
#: Words at most in each item of such a line.
MENU_ITEM_WORDS = 4

#: A tail marker is a short line: "Do you want to leave a comment? Register and/or Log in" is 10 words.
MARKER_WORDS = 12
#: ...and so at most this many characters.
MARKER_CHARS = 40 * MARKER_WORDS


def clean(text: str) -> str:
    """Unicode-normalise ``text`` (NFKC), unify quotes, dashes and spaces, drop controls.

    Newlines are kept: paragraph structure matters downstream.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _CONTROL.sub(" ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def article_hash(text: str, title: str | None = None) -> str:
    """The content hash of an article (``articles.content_hash``): of its words, with
    :func:`clean`'s spelling, whatever spaces, line breaks and blank lines part them, and
    without its first line when that is ``title``, the headline a pasted text gives on top
    (``ingest.parse.pasted_headline``; a record's own title is not passed: its text is what
    it sent, and a headline edited later changes nothing). So a text file saved with a
    trailing newline or with its headline on top, and the record it was saved from, are one
    article. (A rewrapped text is the same article; paragraph breaks stay in the stored text.)"""
    lines = [" ".join(line.split()) for line in clean(text).split("\n")]
    lines = [line for line in lines if line]
    if title and len(lines) > 1 and lines[0] == " ".join(clean(title).split()):
        lines = lines[1:]
    return content_hash(" ".join(lines))


# Letters outside Latin (basic, supplements, extended-additional): the cheap pre-check.
NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


#: Scripts that are written together, and count as one: Japanese mixes kanji (Han, named "CJK"
#: by Unicode) with Hiragana and Katakana in every sentence.
_SCRIPT_GROUP = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK"}


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    """A coarse script name for a letter: the first word of its Unicode name."""
    try:
        name = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"
    return _SCRIPT_GROUP.get(name, name)


def dominant_script(text: str) -> str:
    """The script of most letters in ``text`` (``LATIN``, ``CYRILLIC``...), sampled."""
    sample = text[:20000]
    if not NON_LATIN.search(sample):
        return "LATIN"
    letters = _LETTER.findall(sample)
    if not letters:
        return "LATIN"
    others = NON_LATIN.findall(sample)
    if len(others) * 2 < len(letters):
        return "LATIN"
    counts: dict[str, int] = {"LATIN": len(letters) - len(others)}
    for ch in others:
        script = _script(ch)
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda k: counts[k])


def _foreign_share(line: str, script: str) -> float:
    if script == "LATIN" and not NON_LATIN.search(line):
        return 0.0
    letters = _LETTER.findall(line)
    if not letters:
        return 0.0
    if script == "LATIN":
        return len(NON_LATIN.findall(line)) / len(letters)
    return sum(1 for ch in letters if _script(ch) != script) / len(letters)


def is_hard_wrapped(lines: list[str]) -> bool:
    """True when long lines mostly end mid-sentence: the text was wrapped at a fixed width."""
    long_lines = [ln for ln in lines if len(ln) >= 40]
    if len(long_lines) < 3:
        return False
    open_ended = sum(1 for ln in long_lines if not _TERMINAL.search(ln))
    return open_ended / len(long_lines) > 0.5


def paragraphs(text: str) -> list[str]:
    """Split cleaned text into paragraphs.

    Text wrapped at a fixed width (wire copy, scraped PDFs) is re-joined: within a block of
    non-blank lines, a line that ends mid-sentence continues on the next one. Two things are
    never joined into prose: a tail marker line ("Related Articles"), and a run of two or
    more short fragments (a menu). A block that opens with a parenthesised note ends where
    the note closes, unless the next line goes on in lower case (see :func:`_closes_note`). Otherwise every non-blank line is a paragraph, except that
    a line ending mid-sentence continues on a next line that starts in lower case.
    """
    raw_lines = text.split("\n")
    lines = [ln for ln in raw_lines if ln]
    if not is_hard_wrapped(lines):
        return _continued(lines)
    result: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            result.append(" ".join(current))
            current.clear()

    for i, line in enumerate(raw_lines):
        if not line:
            flush()
            continue
        neighbours = [raw_lines[j] for j in (i - 1, i + 1) if 0 <= j < len(raw_lines)]
        if _TAIL_MARKER.match(line) or (_is_fragment(line) and any(_is_fragment(n) for n in neighbours if n)):
            flush()
            result.append(line)
            continue
        current.append(line)
        following = raw_lines[i + 1] if i + 1 < len(raw_lines) else ""
        if _TERMINAL.search(line) and len(line) < 40 or (
                _closes_note(current) and (not following[:1].islower() or _EDITOR_NOTE.match(current[0]))):
            flush()
    flush()
    return result


#: An editor's note over a story opens with what the editor did: it ends its paragraph even
#: when the lead below starts in lower case ("eBay Inc said ...").
_EDITOR_NOTE = re.compile(r"\(\s*(?:corrects|corrected|adds|updates|recasts|repeats|refiles|fixes|changes|removes|"
                          r"inserts|clarifies|deletes|rewrites|amends|writes through|moves|releases)\b", re.IGNORECASE)


def _closes_note(block: list[str]) -> bool:
    """The lines so far are one parenthesised note, now closed: a wire editor's note over the
    story ("(Corrects price in ninth paragraph to 12.76 dlrs from 12.67 dlrs)"), which ends
    with no full stop and is no part of the lead below it. (A lead that opens with a
    company's name in brackets, "(Credithrift Financial Corp)" over "said its board ...", goes
    on in lower case: the caller does not cut it, unless the note opens with an editor's verb,
    :data:`_EDITOR_NOTE`.)"""
    if not block[0].startswith("(") or not block[-1].rstrip().endswith(")"):
        return False
    depth = 0
    for i, ch in enumerate(text := " ".join(block)):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i == len(text.rstrip()) - 1
    return False


def _continued(lines: list[str]) -> list[str]:
    """Join a line that ends mid-sentence to the next when that one starts in lower case.

    A short wire item wrapped over two or three lines is too short for :func:`is_hard_wrapped`
    to tell, but "...said it is raising its" / "prime rate to 7.75 pct." is one sentence.
    """
    out: list[list[str]] = []  # the lines of each joined line, joined once at the end
    size = 0  # characters of the last joined line
    for line in lines:
        # The end of a joined line is its last line's end, and a tail marker is a short line:
        # reading the whole growing line each time made thousands of short lower-case lines
        # take minutes.
        if out and not _TERMINAL.search(out[-1][-1]) and line[:1].islower() and not (
                size <= MARKER_CHARS and _TAIL_MARKER.match(" ".join(out[-1]))):
            out[-1].append(line)
            size += len(line) + 1
        else:
            out.append([line])
            size = len(line)
    return [" ".join(parts) for parts in out]


def _is_fragment(line: str) -> bool:
    return _n_letter_words(line) < 5 and not _TERMINAL.search(line)


#: A line this short (in words) can be a page's note about itself; a longer one is prose.
NOTE_WORDS = 15
# A page's note that it is a translation: "English version (automatic translation)",
# "This article was machine-translated", and the same note in a few languages whose pages
# keep it above an English text.
_TRANSLATION_NOTE = re.compile(
    r"\b(?:machine|automatic(?:ally)?|auto)[- ]?translat(?:ed|ion)\b"
    r"|\btranslated\s+(?:automatically|by\s+(?:machine|computer|google|deepl|yandex|bing)\b"
    r"|with\s+(?:google|deepl|yandex|bing)\b)"
    r"|\btraduction\s+automatique|\btraducci[oó]n\s+autom[aá]tica|\btraduzione\s+automatica"
    r"|\btradu[cç][aã]o\s+autom[aá]tica|\b(?:automatische|maschinelle)\s+[uü]bersetzung",
    re.IGNORECASE,
)
# "Translated from the German by ...": a capitalised word after "from", which must not be an
# adjective of the next word ("Translated from Italian lire in U.S. dollars" in a results table).
_TRANSLATED_FROM = re.compile(
    r"\btranslat(?:ed|ion)\s+from\s+(?:the\s+)?(\w+)(?:\s+(\w+))?", re.IGNORECASE)
_AFTER_LANGUAGE = frozenset({"by", "and", "original", "text", "language", "version", "into", "with", "edition",
                             "article", "story", "report", "service", "site", "page"})
#: Words after a language that say where a text was first published ("in German in Der Blick").
_WHERE = frozenset({"in", "on", "at", "for"})
#: Languages by their English names, for notes that name one without "translated from" ("This
#: article is a translation of the original French version", "Originally published in Spanish";
#: "first published in The Guardian" names no language).
LANGUAGE_NAMES = {
    "arabic": "ar", "bulgarian": "bg", "catalan": "ca", "chinese": "zh", "croatian": "hr", "czech": "cs",
    "danish": "da", "dutch": "nl", "english": "en", "estonian": "et", "finnish": "fi", "french": "fr",
    "german": "de", "greek": "el", "hebrew": "he", "hindi": "hi", "hungarian": "hu", "indonesian": "id",
    "italian": "it", "japanese": "ja", "korean": "ko", "latvian": "lv", "lithuanian": "lt", "malay": "ms",
    "mandarin": "zh", "norwegian": "no", "persian": "fa", "polish": "pl", "portuguese": "pt", "romanian": "ro",
    "russian": "ru", "serbian": "sr", "slovak": "sk", "slovenian": "sl", "spanish": "es", "swedish": "sv",
    "thai": "th", "turkish": "tr", "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi",
}
_LANGUAGE_NAMED = re.compile(
    r"^\W*(?:(?:this|the) (?:article|story|text|report|piece|page) (?:was |is |has been )?)?"
    r"(?:(?:an? )?(?:automatic |machine )?translation of (?:the|an?) (?:original )?"
    r"|(?:originally|first) (?:published|appeared|written) in (?:the )?)(\w+)(?:\W+(\w+))?", re.IGNORECASE)
# "(Translated by Eurasia Echo)", "Übersetzt aus dem Russischen", "Original article in Russian":
# a translator's or a language's capitalised name after the words.
_TRANSLATED_BY = re.compile(
    r"\b(?:[Tt]ranslated\s+by|[ÜüUu]bersetzt\s+(?:aus\s+dem|von)|[Oo]riginal(?:\s+(?:article|text|story))?\s+in)"
    r"\s+(?:the\s+)?[A-ZÄÖÜ]\w+")


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of ``text`` with the offset it starts at."""
    found, start = [], 0
    for line in text.split("\n"):
        found.append((start, line))
        start += len(line) + 1
    return found


def declares_translation(text: str, lang: str | None = None) -> bool:
    """True when a short line of the page says that the page is a translation.

    Direct language evidence for a translation whose page chrome is in the body's script
    (an English back-translation without menus in the original language). Only lines of at
    most :data:`NOTE_WORDS` words count: in a paragraph of prose, "translated from the
    Russian" is about something else (a book, a statement). A note that names a language
    without "translated" opens its line and says no more than where ("Originally published in
    Spanish.", "This article is a translation of the original French version"; not "The
    letter, originally written in Arabic, was read aloud"), and is none when it names the
    page's own language (``lang``: "Originally published in English" on an English page).
    """
    low = text.lower()
    if not any(word in low for word in ("translat", "tradu", "bersetz", "original", "first published",
                                        "first appeared", "first written")):
        return False
    notes = [m.start() for m in _TRANSLATION_NOTE.finditer(text)]
    notes += [m.start() for m in _TRANSLATED_BY.finditer(text)]
    notes += [start for start, line in _lines(text) if (m := _LANGUAGE_NAMED.match(line))
              and m[1][:1].isupper() and LANGUAGE_NAMES.get(m[1].lower(), lang) != lang
              and (not m[2] or m[2].lower() in _AFTER_LANGUAGE | _WHERE)]
    notes += [m.start() for m in _TRANSLATED_FROM.finditer(text)
              if m[1][:1].isupper()
              and (not m[2] or m[2][:1].isupper() or m[2].lower() in _AFTER_LANGUAGE)]
    for at in notes:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if _n_letter_words(text[start:end if end >= 0 else len(text)]) <= NOTE_WORDS:
            return True
    return False


def is_chrome_line(line: str, script: str) -> bool:
    """True for a line that is page chrome rather than article text.

    Chrome: no letters (counters, times, bullets), a byline ("By Marta Leone, Tidewater
    Press"), a short rights, cookie or disclaimer notice, a menu written out as text
    (:data:`MENU_ITEM_WORDS`), a wire credit line ("Reporting by ...; Editing by ..."), a short fragment without sentence
    punctuation (menu items, bylines, section headings), a link to another story under a
    label ("READ MORE: ..."), an embedded post's signature ("- Name (@handle) March 3, 2025"),
    or mostly letters of a script other than the page's (a login link or menu in another
    language).
    """
    return _chrome(line, script) is not None


def _chrome(line: str, script: str) -> str | None:
    """Why a line is chrome (see :func:`is_chrome_line`), or ``None``."""
    if not _LETTER.search(line):
        return "no letters"
    if _CREDIT_LINE.match(line) or (_BYLINE.match(line) and line[3:4].isupper()):
        return "credit"
    if _n_letter_words(line) <= REPUBLISHED_WORDS and _REPUBLISHED.match(line):
        return "credit"
    if _NOTICE.search(line) and _n_letter_words(line) <= 25:
        return "notice"
    if _n_letter_words(line) <= PAYWALL_WORDS and (
            _PAYWALL.search(line) or _PROMOTION.match(line) and not _ATTRIBUTED.search(line)):
        return "notice"
    if _n_words(line) <= TEASER_HEADLINE_WORDS and _INLINE_PROMO.match(line) and not _TERMINAL.search(line):
        return "promotion"
    if _POST_SIGNATURE.match(line):
        return "post"
    if _foreign_share(line, script) > 0.5:
        return "foreign"
    items = _MENU_SEPARATOR.split(line)
    if len(items) > 1 and not _TERMINAL.search(line) and not any(ch.isdigit() for ch in line) and all(
            _n_letter_words(item) <= MENU_ITEM_WORDS for item in items):
        return "menu"  # (figures between bars are a table row: "Smith 52.1 percent | Jones 47.9")
    if _n_letter_words(line) < 5 and not _TERMINAL.search(line):
        return "fragment"
    return None


def body_paragraphs(text: str) -> list[str]:
    """The article's paragraphs: cleaned, chrome lines dropped, the page's tail cut off.

    Args:
        text: raw article text (may include page chrome).

    Returns:
        The paragraphs that carry the article, in order. May be empty.
    """
    paras = paragraphs(clean(text))
    if not paras:
        return []
    script = dominant_script(" ".join(paras))
    total = sum(_n_words(p) for p in paras)
    seen = 0
    kept: list[str] = []
    figured: list[str] = []  # short lines with figures, dropped as chrome
    fragments = 0
    for k, para in enumerate(paras):
        if _n_words(para) <= MARKER_WORDS and _TAIL_MARKER.match(para) \
                and (seen >= 0.4 * total or _teaser_list(paras[k + 1:])):
            break
        seen += _n_words(para)
        why = _chrome(para, script)
        if why is None:
            kept.append(para)
        elif why == "post" and k and kept and kept[-1] is paras[k - 1] and _POST_MARKS.search(kept[-1]):
            kept.pop()  # the embedded post the signature closes
        elif why == "fragment":
            fragments += 1
            if any(ch.isdigit() for ch in para):
                figured.append(para)
    # A text of nothing but short lines is itself the article when two or more of them, and
    # more than two thirds, state figures: a notice ("Qtly div 21 cts / Payable April 15 /
    # Record March 31 / Reuter"), not a page's chrome ("Home / Login / Page 2 of 5 / 12
    # comments") or a widget ("Weather / London 12C / Paris 15C"). Three such Reuters notices
    # had been rejected as having no body.
    return kept or (figured if len(figured) >= 2 and 3 * len(figured) > 2 * fragments else [])


#: A teaser's headline: a line of at most this many words without closing punctuation.
TEASER_HEADLINE_WORDS = 20
#: ...and the blurb that may follow it: one paragraph of at most this many words (a teaser may
#: carry the whole lead paragraph of the story it links to).
TEASER_BLURB_WORDS = 100


def _teaser_list(rest: list[str]) -> bool:
    """True when everything after a marker is a list of teasers: two or more headlines (short
    lines without closing punctuation), each followed by at most one short blurb. A marker
    early on a short page ("Related Articles" under two paragraphs) then still ends the story;
    a marker followed by the story's own paragraphs, two in a row, does not."""
    headlines = 0
    after_headline = False
    for para in rest:
        n_words = _n_words(para)
        if n_words <= TEASER_HEADLINE_WORDS and not _TERMINAL.search(para):
            headlines += 1
            after_headline = True
        elif after_headline and n_words <= TEASER_BLURB_WORDS:
            after_headline = False
        else:
            return False
    return headlines >= 2


_CJK_LETTER = re.compile(f"[{CJK}]")


def _has_cjk(text: str) -> bool:
    return not text.isascii() and _CJK_LETTER.search(text) is not None


def _n_words(text: str) -> int:
    """Words of a paragraph: separated by spaces, or letters of Chinese and Japanese."""
    return len(_CJK_WORD.findall(text)) if _has_cjk(text) else len(text.split())


def _n_letter_words(text: str) -> int:
    """Runs of letters and digits, each letter of Chinese and Japanese counted as one."""
    return len((_CJK_WORD if _has_cjk(text) else _WORD).findall(text))


def body_text(text: str) -> str:
    """:func:`body_paragraphs` joined by blank lines: the text that is shingled and hashed."""
    return "\n\n".join(body_paragraphs(text))
