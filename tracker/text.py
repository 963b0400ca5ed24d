"""Pure sentence splitting, tokens, content terms, numbers, quotes and credits.

Pure; never touches the store. Content terms are what makes matching survive paraphrase and
translation: lower-cased words minus stop words, Snowball-stemmed ("enlargement" and
"enlarging" meet), plus numbers with their separators removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

STOP_WORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway anywhere
    are around as at be became because become becomes been before beforehand behind being below
    beside besides between beyond both but by can cannot could did do does doing done down due
    during each either else elsewhere enough etc even ever every everyone everything everywhere
    except few for former formerly from further had has have having he hence her here hereafter
    hereby herein hers herself him himself his how however i ie if in indeed into is it its itself
    just last latter least less made many may me meanwhile might mine more moreover most mostly
    much must my myself namely neither never nevertheless next no nobody none noone nor not nothing
    now nowhere of off often on once one only onto or other others otherwise our ours ourselves out
    over own per perhaps please put rather re said same say says see seem seemed seeming seems
    several she should since so some somehow someone something sometime sometimes somewhere still
    such than that the their theirs them themselves then thence there thereafter thereby therefore
    therein thereupon these they this those though through throughout thru thus to together too
    toward towards under until up upon us very via was we well were what whatever when whence
    whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither
    who whoever whole whom whose why will with within without would yet you your yours yourself
    yourselves s t d ll m ve re told told""".split()
)

_TOKEN = re.compile(r"\d+(?:[.,/-]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*")
_NUMBER = re.compile(r"^\d+(?:[.,/-]\d+)*$")
#: A quotation: 12-400 characters between quote marks that open before a word (no space
#: after the opening mark, none before the closing one) and stand apart from the words around
#: them. So the text between two quotations ('..." Miller said. "...'), between doubled marks
#: (""B"" share, while the ""A"") or between two apostrophes (Japan's ... dollar's) is none.
_QUOTE = re.compile(
    r'(?<![\w"])"([^"\s][^"]{10,398}[^"\s])"(?![\w"])'
    r"|(?<![\w'])'(?!s\s)([^'\s][^']{10,398}[^'\s])'(?![\w'])"
)

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen gov sen rep col lt sgt capt cmdr adm maj rev hon pres
    jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd no nos vs etc approx dept
    fig est mt ft op vol u.s u.k u.n e.g i.e a.m p.m""".split()
)
# An initialism with inner full stops ("U.S.", "N.Y.", "S.A."): its last full stop does not
# end a sentence either ("then-U.S. Secretary of State James Baker").
_INITIALISM = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")
#: A day written as an ordinal before its month ("am 19. Juni", "vom 3. März 2026"): its full
#: stop does not end a sentence.
_DAY_OF_MONTH = re.compile(r"^(?:[1-9]|[12]\d|3[01])$")
#: ...after the word that a German date follows ("am", "vom", "bis zum", "seit dem", a weekday):
#: "The toll rose to 12. April Ryan said ..." is two English sentences.
_BEFORE_DAY = re.compile(
    r"\b(?:am|vom|bis|zum|den|dem|ab|seit|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?"
    r"\s+\d{1,2}$", re.IGNORECASE)
_MONTH_AFTER_DAY = re.compile(
    r"(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b")
_BOUNDARY = re.compile(r"""([.!?\u0964\u0965\u061f\u06d4]+["')\]]*;?)\s+(?=["'(\[]?\w)""")
#: Letters of the scripts written without spaces between words: Hiragana, Katakana and Han
#: (Chinese characters, Japanese kanji).
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{CJK}]+")
#: Where a sentence of such a script ends: at its full stop, or at an exclamation or question
#: mark after one of its letters (NFKC has made the full-width marks ASCII), with the closing
#: quotes and brackets that follow; no space needs to follow.
_CJK_END = re.compile(f"""(?:\u3002|(?<=[{CJK}])[!?])[\u300d\u300f"')\\]]*""")


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences.

    A boundary is ``.``, ``!`` or ``?`` (or the Devanagari, Arabic and Urdu marks), with closing
    quotes, followed by space and a letter that may open a sentence (:func:`_opens_sentence`)
    or a digit, unless the word before the full stop (or its part after a hyphen) is a
    known abbreviation, an initialism ("U.S.", "then-U.S.") or a single capital initial
    ("J. Burns").
    """
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        if not _opens_sentence(paragraph[match.end():match.end() + 8].lstrip("\"'([")[:1]):
            continue
        end = match.end(1)
        word = paragraph[start:match.start(1)].rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
        before = word.lower().rstrip(".")
        if match.group(1).startswith(".") and (
            before in _ABBREVIATIONS or _INITIALISM.match(before)
            or (len(before) == 1 and before.isalpha())
            or (match.group(1) == "." and _DAY_OF_MONTH.match(before)
                and _MONTH_AFTER_DAY.match(paragraph, match.end())
                and _BEFORE_DAY.search(paragraph, max(start, match.start(1) - 40), match.start(1)))
        ):
            continue
        piece = paragraph[start:end].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    if not paragraph.isascii() and _CJK_RUN.search(paragraph):
        return [part for sentence in sentences for part in _split_cjk(sentence)]
    return sentences


def _opens_sentence(char: str) -> bool:
    """Whether a sentence may start with ``char``: a digit, a capital letter of any cased script
    ("Émile", "Ärzte", "Οι"), a letter of a script without case (Arabic, Hebrew, Hangul,
    Devanagari, Chinese), or any Cyrillic letter (as before: Russian wire copy starts lines in
    lower case after a dateline)."""
    if not char:
        return False
    return char.isdigit() or char.isupper() or "\u0400" <= char <= "\u04ff" or (
        char.isalpha() and not char.islower())


def _split_cjk(sentence: str) -> list[str]:
    """Pieces of ``sentence`` ending at the sentence marks of Chinese and Japanese."""
    parts: list[str] = []
    start = 0
    for match in _CJK_END.finditer(sentence):
        piece = sentence[start:match.end()].strip()
        if piece:
            parts.append(piece)
        start = match.end()
    tail = sentence[start:].strip()
    if tail:
        parts.append(tail)
    return parts


#: A "sentence" longer than this many words is a run-on (a menu, a list, text that lost its
#: punctuation) and is cut into pieces (:func:`split_long`): against one such block, a
#: sentence that reuses a part of it has a low similarity however exact the reuse. On PAN,
#: 45-60 % of the missed copies, rewrites and translations have a source "sentence" over 80
#: words, against 20 % of those found.
MAX_SENTENCE_WORDS = 50
#: Pieces of a cut sentence have at least CHUNK_MIN_WORDS and at most CHUNK_MAX_WORDS words.
CHUNK_MIN_WORDS = 12
CHUNK_MAX_WORDS = 40
#: Past the minimum, a piece ends after a word with clause punctuation, or after a word whose
#: hash is 0 modulo this (about every 8th word): the cuts depend on the words themselves, not
#: on where the block starts, so a copy of part of a block is cut at the same words.
CHUNK_DIVISOR = 8
_CLAUSE_END = (",", ";", ":")


def split_long(sentence: str) -> list[str]:
    """Cut a run-on sentence into pieces at content-defined points (see :data:`MAX_SENTENCE_WORDS`).

    Sentences of at most :data:`MAX_SENTENCE_WORDS` words come back unchanged, as one piece;
    longer ones as pieces of their whitespace-separated words joined by single spaces.
    """
    words = sentence.split()
    if len(words) <= MAX_SENTENCE_WORDS:
        return [sentence]
    from tracker.hashing import hash32

    pieces: list[list[str]] = []
    piece: list[str] = []
    for word in words:
        piece.append(word)
        if len(piece) >= CHUNK_MAX_WORDS or len(piece) >= CHUNK_MIN_WORDS and (
            word.endswith(_CLAUSE_END)
            or hash32(word.lower().strip(".,;:!?\"'()[]"), 0) % CHUNK_DIVISOR == 0
        ):
            pieces.append(piece)
            piece = []
    if piece:
        if len(piece) < CHUNK_MIN_WORDS and pieces:
            pieces[-1].extend(piece)
        else:
            pieces.append(piece)
    return [" ".join(p) for p in pieces]


# Number words become digits so that "ten cts" and "10 cts" compare as figures. "one" stays a
# word: far more often a pronoun ("one senior source") than a figure.
_NUMBER_WORDS = dict(zip(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety".split(),
    [str(n) for n in [*range(2, 21), 30, 40, 50, 60, 70, 80, 90]],
))


_COMPOUND_NUMBER = re.compile(
    r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)\b",
    re.IGNORECASE,
)
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}


def _compound(match: re.Match[str]) -> str:
    return str(int(_NUMBER_WORDS[match.group(1).lower()]) + _UNITS[match.group(2).lower()])


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; numbers lose their thousands separators.

    A number keeps its internal ``.``, ``/`` and ``-`` ("2.5", "3/8", "1-1/4"), so that the
    figures of two statements can be compared as wholes; number words become digits
    ("ten" -> "10", "twenty-two" -> "22").
    """
    out = []
    cjk = not text.isascii() and _CJK_RUN.search(text) is not None
    for tok in _TOKEN.findall(_COMPOUND_NUMBER.sub(_compound, text)):
        if tok[0].isdigit():
            out.append(tok.replace(",", ""))
        elif cjk and _CJK_RUN.search(tok):
            out.extend(_cjk_tokens(tok.lower()))
        else:
            low = tok.lower()
            out.append(_NUMBER_WORDS.get(low, low))
    return out


def _cjk_tokens(token: str) -> list[str]:
    """A run of Chinese or Japanese letters as its overlapping character pairs ("暴涨的" ->
    "暴涨", "涨的"): without spaces there are no words to cut at, and pairs of characters are
    what indexes of these scripts use. A single character stays one token; letters of other
    scripts in the run ("iPhone手机") stay one word."""
    out: list[str] = []
    last = 0
    for match in _CJK_RUN.finditer(token):
        if match.start() > last:
            out.append(token[last:match.start()])
        run = match.group(0)
        out.extend([run] if len(run) == 1 else [run[k:k + 2] for k in range(len(run) - 1)])
        last = match.end()
    if last < len(token):
        out.append(token[last:])
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of a lower-cased word; numbers are returned unchanged."""
    if word[0].isdigit():
        return word
    return str(_STEMMER.stemWord(word.replace("'", "")))


@lru_cache(maxsize=200_000)
def word_weight(word: str) -> float:
    """How informative a word is, from its frequency in general English (static, order-free).

    ``7 - zipf`` clipped to [0.5, 6]: "said" 1.0, "company" 1.4, "eclipse" 3.2,
    "planetarium" 4.3, unseen names 6. Numbers weigh 3. Frequencies come from the wordfreq
    package's bundled tables, so the weight never depends on what was ingested before.
    """
    if word[0].isdigit():
        return 3.0
    import wordfreq

    return max(0.5, min(6.0, 7.0 - wordfreq.zipf_frequency(word, "en")))


def content_terms(words: list[str]) -> list[str]:
    """Stemmed content terms of ``words`` in order: stop words and 1-letter words dropped."""
    return [stem(w) for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


# Credit-rating grades are the figures of a rating action ("cut to AA-minus from AA"): the
# tokens of S&P/Fitch and Moody's scales, with the "plus"/"minus" (or Moody's digit) that
# follows. A single letter counts only with a "plus" or "minus" ("A-plus"), not alone.
_GRADES = frozenset("aaa aa bbb bb ccc cc aa1 aa2 aa3 baa ba caa ca".split())
_SINGLE_GRADES = frozenset("abcd")
_NOTCH = {"plus": "+", "minus": "-"}
_NUMBERED_GRADES = frozenset({"baa", "ba", "caa"})  # Moody's "Baa-3"


def numbers(words: list[str]) -> frozenset[str]:
    """The figures among ``words``: numeric tokens, and credit-rating grades ("aa-", "baa2").

    Example:
        >>> sorted(numbers("cut to ccc plus from b minus and 2 others".split()))
        ['2', 'b-', 'ccc+']
    """
    found = {w for w in words if _NUMBER.match(w)}
    for i, w in enumerate(words):
        if w not in _GRADES and w not in _SINGLE_GRADES:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if after in _NOTCH:
            found.add(w + _NOTCH[after])
        elif w in _NUMBERED_GRADES and len(after) == 1 and after.isdigit():
            found.add(w + after)
        elif w in _GRADES:
            found.add(w)
    return frozenset(found)


def quotes(text: str) -> list[str]:
    """Direct quotations (12-400 characters between double or single quotes) in ``text``."""
    return [a or b for a, b in _QUOTE.findall(text)]


def credits(text: str) -> tuple[str, ...]:
    """Outlets that ``text`` credits, as outlet keys, sorted ("according to Reuters" -> reuters).

    The signals and their rules live in :mod:`tracker.attribution`.

    Example:
        >>> credits("The plan, according to Reuters, was dropped.")
        ('reuters',)
    """
    from tracker.attribution import credited_outlets

    return credited_outlets(text)


# A correction's marks: a headline that starts "CORRECTED -" or "(CORRECTION)", and the
# wire's note in the body, "(Corrects March 17 item to show ...)", "-- corrects ...".
_CORRECTED_TITLE = re.compile(r"^\W*(?:CORRECTED|CORRECTION|CORRECTS)\b", re.IGNORECASE)
_CORRECTION_NOTE = re.compile(
    r"(?:\(\s*|(?:^|\s)-+\s*|\.\s+(?=(?-i:C)))(?:corrects|correcting|correction:)\s", re.IGNORECASE)


# A wire's marks on a re-issued item's headline, before or after it: "CORRECTED - ",
# "(CORRECTED)-", "RPT-", "REFILE-", "UPDATE 2-", " (RPT)".
_HEADLINE_MARK = re.compile(
    r"^[(<\[]?\s*(?:CORRECTED|CORRECTION|CORRECTS|REFILE|REPEAT|RPT|UPDATE\s*\d*)\s*[)>\]]?\s*[-:\u2013]+\s*"
    r"|\W*\((?:CORRECTED|REFILE|REPEAT|RPT)\)\W*$", re.IGNORECASE)


def headline(title: str) -> str:
    """The headline without the wire's re-issue marks, which say nothing about the story.

    Example:
        >>> headline("(CORRECTED) - GOODYEAR <GT> TO SELL CELERON")
        'GOODYEAR <GT> TO SELL CELERON'
        >>> headline("CORRECTED-UPDATE 1-UNOCAL <UCL> PLANS INCREASE IN CAPITAL SPENDING")
        'UNOCAL <UCL> PLANS INCREASE IN CAPITAL SPENDING'
    """
    bare = _HEADLINE_MARK.sub("", title)
    while bare != title:  # marks in a row: "CORRECTED-UPDATE 1-", "REFILE-UPDATE 2-"
        title, bare = bare, _HEADLINE_MARK.sub("", bare)
    return bare


_UPDATE_MARK = re.compile(r"^[(<\[]?\s*UPDATE\s*(\d{0,2})\s*[)>\]]?\s*[-:\u2013]", re.IGNORECASE)
#: The other re-issue marks, which may stand before an update's ("CORRECTED-UPDATE 1-").
_REISSUE_MARK = re.compile(r"^[(<\[]?\s*(?:CORRECTED|CORRECTION|CORRECTS|REFILE|REPEAT|RPT)\s*[)>\]]?\s*[-:\u2013]+\s*",
                           re.IGNORECASE)


def update_number(title: str | None) -> int:
    """The number of a wire's update mark on a headline ("UPDATE 2-..." -> 2, "UPDATE-..." -> 1),
    0 when the headline has none: an update is a later version of the item it updates.

    Example:
        >>> update_number("UPDATE 2-Dockworkers strike at Port Alder"), update_number("Dockworkers strike")
        (2, 0)
        >>> update_number("CORRECTED-UPDATE 1-Dockworkers strike"), update_number("REFILE-UPDATE 3-Dockworkers strike")
        (1, 3)
    """
    while title and (mark := _REISSUE_MARK.match(title)):
        title = title[mark.end():]
    match = _UPDATE_MARK.match(title) if title else None
    if match is None:
        return 0
    return int(match.group(1)) if match.group(1) else 1


def is_correction_note(sentence: str) -> bool:
    """True for a wire's correction note, in brackets or after dashes: "(Corrects ... to 14
    basis points from 11 ...)", "-- corrects ...". Its figures restate what was wrong, not what
    the item says. ("Correcting an earlier statement, the ministry said ..." is story.)"""
    return _CORRECTION_NOTE.match(sentence.lstrip()) is not None


def is_correction(text: str, title: str | None = None) -> bool:
    """True when the item says it corrects an earlier one (headline marker or body note).

    Example:
        >>> is_correction("Qtly div 17-1/2 cts. (Corrects dividend figure in item of March 17.)")
        True
        >>> is_correction("The aim is correcting unfair practices.", "UK STOCKS DUE FOR A CORRECTION")
        False
    """
    return bool(title and _CORRECTED_TITLE.search(title)) or bool(_CORRECTION_NOTE.search(text))


_DOMAIN = re.compile(r"://|\.[a-z]{2,}(?:/|$)")
_GENERIC_LABELS = frozenset({"com", "co", "net", "org", "gov", "ac", "edu"})


#: Words an outlet's domain adds to its brand ("northlightnews.example" is the outlet whose
#: datelines say "(Northlight)"), stripped from the end of a key. Words that are themselves
#: part of brands ("post", "times", "herald") are not among them.
_BRAND_SUFFIXES = tuple(sorted(("newswire", "news", "wire", "online", "media", "press", "daily", "today",
                                 "live", "agency", "network", "tv", "radio"), key=len, reverse=True))  # longest first
#: Shortest brand left after a suffix is stripped: "abcnews" stays itself, not "abc", and
#: "yahoonews" is "yahoo" (news.yahoo.com).
MIN_BRAND = 5


@lru_cache(maxsize=4096)
def outlet_brand(key: str | None) -> str | None:
    """An outlet key without the generic word its domain may add, so that a credit of the
    brand and the outlet's domain key compare equal. The SQL macro ``outlet_brand`` (schema
    009) computes the same.

    Example:
        >>> outlet_brand("northlightnews"), outlet_brand("northlight"), outlet_brand("abcnews")
        ('northlight', 'northlight', 'abcnews')

    Compare keys with :func:`same_brand`, never two brands: "chinadaily" and "chinanews" share
    one and are two outlets.
    """
    if not key:
        return key
    for suffix in _BRAND_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= MIN_BRAND:
            return key[: -len(suffix)]
    return key


def same_brand(a: str | None, b: str | None) -> bool:
    """Two outlet keys name one outlet: equal, or one is the other's brand ("northlight" and
    "northlightnews"). Not two keys that share a brand with different words ("chinadaily"
    and "chinanews" are two outlets). The SQL macro ``same_brand`` (schema 010) is the same.

    Example:
        >>> same_brand("northlight", "northlightnews"), same_brand("chinadaily", "chinanews")
        (True, False)
    """
    if not a or not b:
        return False
    return a == b or outlet_brand(a) == b or a == outlet_brand(b)


def outlet_key(source: str | None) -> str | None:
    """A comparable outlet key, for a source given as a web address or as a name.

    An address gives its host's first label: ``"https://www.reuters.com/world"`` -> ``reuters``.
    A name gives the key of the outlet it names when it is a known one ("Associated Press" ->
    ``apnews``, as a credit "according to the Associated Press" does), else its words run
    together, as an unknown outlet's credit is keyed ("Harbour Herald" -> ``harbourherald``, the
    key of harbourherald.com). The SQL macro ``outlet_key`` (schema 006) computes the same.

    Example:
        >>> outlet_key("www.reuters.com"), outlet_key("The Associated Press"), outlet_key("Harbour Herald")
        ('reuters', 'apnews', 'harbourherald')
    """
    if not source:
        return None
    host = source.lower().strip()
    if not _DOMAIN.search(host):
        from tracker.attribution import KNOWN_OUTLETS

        name = re.sub(r"^the\s+", "", host)
        return KNOWN_OUTLETS.get(name) or re.sub(r"\W", "", unaccented(name)) or None
    host = re.sub(r"^[a-z]+://", "", host).split("/", 1)[0]
    host = re.sub(r"^(?:www|m|amp|edition|uk|us|mobile)\.", "", host)
    parts = host.split(".")
    # An outlet's "news." host is that outlet (news.sky.com), not so news.com.au.
    news_host = len(parts) >= 3 and parts[2] and parts[0] == "news" and parts[1] not in _GENERIC_LABELS
    first = parts[1] if news_host else parts[0]
    # Without hyphens and accents, as a name's key: harbour-herald.example is "Harbour Herald".
    label = unaccented(first).replace("-", "").split()
    return label[0] if label else None


def unaccented(text: str) -> str:
    """``text`` without its combining marks ("El País" -> "El Pais"), as DuckDB's
    ``strip_accents`` writes it (the SQL macro ``outlet_key`` uses that)."""
    if text.isascii():
        return text
    # Every mark goes (Thai vowel signs, Devanagari matras too, as DuckDB drops them), and what
    # is left is composed again (Hangul syllables are jamo in NFD).
    return unicodedata.normalize("NFC", "".join(ch for ch in unicodedata.normalize("NFD", text)
                                                if not unicodedata.category(ch).startswith("M")))
