"""Pure: attribution and byline signals in an article's text -> the outlets it credits.

A copy that credits its source says so in a handful of ways: a byline ("By Reuters"), a wire
dateline ("MOSCOW (Reuters) -"), a reporting verb ("Reuters reported", "according to Reuters",
"told Reuters", "citing Reuters"), a republication note ("based on materials published by
Reuters", "This article first appeared in The Moscow Times", "This story was provided by Reuters") or
a credit line ("Source: Reuters", "Source: reuters.com", "(c) 2025 Reuters", "(Reporting by
Jane Doe for Reuters)", "Reuters contributed to this report", a closing "- Reuters"). Each
found signal names an outlet; the outlet is reduced to a
key comparable with :func:`tracker.text.outlet_key` of the outlet's web address
(``"Associated Press"`` -> ``apnews`` as ``apnews.com`` gives ``apnews``).

Precision rules, decided here and tested in ``tests/tracker/test_attribution.py``:

* A *strong* pattern (dateline, republication note, credit line, "X news agency") accepts any
  capitalised name. A *weak* one ("according to X", "X reported", "told X", "By X") accepts
  only a known outlet or a name that looks like one ("... Times", "... News", a domain): it is
  mostly followed by people ("according to Peskov", "By Guy Faulconbridge") and institutions
  ("according to UN estimates"), which are not outlets. Lines that list names (a byline, a
  reporting line, "X and Y contributed to this report", the names after the first in "Source:
  X, Y") are split at commas, "and", "at", "for" and the like, and each name is judged weakly:
  they list people and places too ("Reporting by Jane Doe at the United Nations").
* A dash before a name ("- Reuters") is a sign-off only on the text's last line; anywhere
  else it is a list item.
* Photo captions and picture credits ("Pool via REUTERS", "REUTERS/Maxim Shemetov",
  "Image source: (c) POOL") credit a picture, not the text: they are ignored.

Pure; never touches the store. No state besides constant tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.text import outlet_key, same_brand, split_sentences, unaccented

#: Outlet names (case-folded, without a leading "the") -> key of the outlet's main web domain.
KNOWN_OUTLETS: dict[str, str] = {
    "reuters": "reuters", "thomson reuters": "reuters", "рейтер": "reuters",
    "associated press": "apnews", "ap": "apnews",
    "agence france-presse": "afp", "agence france presse": "afp", "france-presse": "afp", "afp": "afp",
    "bloomberg": "bloomberg", "bloomberg news": "bloomberg",
    "tass": "tass", "itar-tass": "tass", "тасс": "tass",
    "ria novosti": "ria", "ria": "ria", "риа новости": "ria",
    "interfax": "interfax", "интерфакс": "interfax",
    "xinhua": "xinhuanet", "dpa": "dpa", "deutsche presse-agentur": "dpa", "efe": "efe",
    "ansa": "ansa", "kyodo": "kyodonews", "kyodo news": "kyodonews", "yonhap": "yna",
    "anadolu": "aa", "anadolu agency": "aa", "upi": "upi", "united press international": "upi",
    "press trust of india": "ptinews", "pti": "ptinews", "ani": "aninews",
    "cnn": "cnn", "bbc": "bbc", "bbc news": "bbc", "al jazeera": "aljazeera", "cnbc": "cnbc",
    "npr": "npr", "nbc news": "nbcnews", "cbs news": "cbsnews", "abc news": "abcnews",
    "fox news": "foxnews", "sky news": "sky", "new york times": "nytimes", "nyt": "nytimes",
    "washington post": "washingtonpost", "wall street journal": "wsj", "wsj": "wsj",
    "financial times": "ft", "ft": "ft", "guardian": "theguardian", "times": "thetimes",
    "telegraph": "telegraph", "economist": "economist", "politico": "politico",
    "axios": "axios", "deutsche welle": "dw", "dw": "dw", "france 24": "france24",
    "euronews": "euronews", "radio free europe/radio liberty": "rferl", "rfe/rl": "rferl",
    "meduza": "meduza", "kommersant": "kommersant", "vedomosti": "vedomosti",
    "izvestia": "iz", "rbc": "rbc", "inosmi": "inosmi", "иносми": "inosmi",
    "novaya gazeta": "novayagazeta", "kyiv independent": "kyivindependent",
    "ukrinform": "ukrinform", "unian": "unian", "ukrainska pravda": "pravda",
    "moscow times": "themoscowtimes", "sputnik": "sputnikglobe", "rt": "rt",
    "south china morning post": "scmp", "scmp": "scmp", "nikkei": "nikkei",
    "le monde": "lemonde", "der spiegel": "spiegel", "spiegel": "spiegel",
    # The agencies as Chinese, Japanese, Korean and Arabic copy writes them.
    "路透社": "reuters", "路透": "reuters", "ロイター": "reuters", "로이터": "reuters", "رويترز": "reuters",
    "美联社": "apnews", "美聯社": "apnews", "ap通信": "apnews", "أسوشيتد برس": "apnews",
    "法新社": "afp", "afp通信": "afp", "فرانس برس": "afp",
    "新华社": "xinhuanet", "新華社": "xinhuanet", "新華社通信": "xinhuanet",
    "彭博社": "bloomberg", "彭博": "bloomberg", "ブルームバーグ": "bloomberg", "بلومبرغ": "bloomberg",
    "共同社": "kyodonews", "共同通信": "kyodonews", "연합뉴스": "yna", "塔斯社": "tass",
}

# Last words that make an unknown name look like an outlet rather than a person or a body.
_OUTLET_WORDS = frozenset(
    """news times post journal agency press media telegraph herald gazette tribune daily today
    network tv radio wire magazine review observer independent insider monitor standard express
    mail mirror chronicle bulletin reporter dispatch weekly online digest broadcasting channel
    inquirer globe courier examiner register sentinel""".split()
)
# Capitalised words that never name an outlet; a name starting with one is not an outlet.
_NOT_NAMES = frozenset(
    """a an he she it they we i his her their its this that these those some sources source officials
    official one two three four five several many most western russian american european
    ukrainian chinese local state government media unnamed anonymous
    corrected correction corrects update updated updates refile refiled repeat rpt urgent flash
    advisory bulletin embargoed recasts adds staff agencies fuente fuentes quelle quellen fonte fonti
    credit credits original""".split()
)
# Words that open a sentence before a name ("As Reuters reported", "In January, Reuters"):
# dropped from the front of a captured name.
#: Languages, which "translated from German" names where an outlet would stand.
_LANGUAGES = frozenset(
    """english german french spanish portuguese italian russian ukrainian chinese japanese korean
    arabic turkish dutch polish czech greek hebrew hindi swedish norwegian danish finnish hungarian
    romanian bulgarian serbian croatian persian farsi urdu indonesian malay vietnamese thai""".split()
)
#: Offices that a person's name carries ("Energy Minister Ganbold Dorzh reported"): no outlet.
_OFFICES = frozenset(
    """minister president secretary spokesman spokeswoman spokesperson chairman chairwoman governor
    mayor senator ambassador commissioner director chancellor premier""".split()
)


def _is_language(name: str) -> bool:
    """"German", "the Russian-language": a language, which "translated from" names where an
    outlet would stand."""
    low = name.casefold()
    return low in _LANGUAGES or low.removesuffix("-language").removesuffix(" language") in _LANGUAGES


_LEADING = frozenset(
    """the as so in on at but and while when after before earlier later meanwhile however also
    then yesterday today monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december last""".split()
)
# Words after a known outlet's name that keep it that outlet ("Reuters Staff", "AP News").
_TRAILING = frozenset(
    """staff news agency correspondent correspondents reporter reporters bureau wire service tv
    television breakingviews investigates sources report journalists graphics""".split()
)
# Words after an unknown outlet's name that name its people, not another outlet ("Northgate Wire
# staff", "Harbour Times correspondent"): dropped before the name is judged. Words that end
# outlets' names ("Reporter", "News") are not among them.
_STAFF_WORDS = frozenset(
    "staff staffers writer writers correspondent correspondents reporters journalists".split()
)
# Words after an outlet's name that name the company behind it, as a page's footer does
# ("(c) 2026 Daily Ledger Co.", "Energy Insider Publishing Ltd"): dropped before the name is
# judged, so the footer names the outlet whose page it is, not another.
_COMPANY_WORDS = frozenset(
    """co inc incorporated ltd limited llc plc gmbh ag sa corp publishing publishers publications
    holdings company corporation""".split()
)
# ...of which these end some outlets' names ("Fast Company"): dropped only from a name of
# three words or more ("The Washington Post Company", "Star Tribune Company").
_NAME_ENDING_COMPANY_WORDS = frozenset({"company", "corporation"})
# Picture credits and captions credit a picture, not the text; such lines are skipped.
_CAPTION_START = ("photo", "image", "picture", "pictured", "file photo", "video", "illustration", "graphic")
_CAPTION_LABEL = re.compile(r"\b(?:photo|image|picture)(?: source| credit)?\s*:")
_CAPTION_CREDIT = re.compile(r"\b[A-Z]{2,}/[A-Z][a-z]|/Pool\b|\bPool via [A-Z]|\bvia [A-Z]{3,}\.?$|©\s*POOL")


def _is_caption(line: str, lowered: str) -> bool:
    if lowered.lstrip().startswith(_CAPTION_START):
        return True
    if ":" in lowered and _CAPTION_LABEL.search(lowered):
        return True
    return (("/" in line or "via " in line or "©" in line) and _CAPTION_CREDIT.search(line) is not None
            and not dateline_end(line))  # a story filed by two agencies: "PARIS (AFP/Reuters) - "


# A name: up to five capitalised words (Latin, accented capitals included, or Cyrillic), joined by
# spaces, "-", "/" or "of".
_UPPER = "".join(sorted({chr(c) for c in range(0x80, 0x250) if chr(c).isupper()}))  # Latin capitals with marks
_CAP = rf"(?:[A-Z]{{2,}}/[A-Z]{{2,}}|[A-Z{_UPPER}\u0400-\u042f][\w&'’-]*+(?:\.\w[\w&'’-]*+)*+)"
_NAME = rf"(?<!\w)({_CAP}(?:(?:\s+(?:of\s+)?|-){_CAP}){{0,4}})"
_THE = r"(?:[Tt]he\s+)?"
#: Agencies that write their own name in lower case ("BERLIN (dpa) -", "dpa und AFP").
_LOWER_AGENCY = r"(?:dpa|kna|epd|apa|sda|afp)\b"
#: One supplier in a formula of another language: a name, or an agency written in lower case.
_SUPPLIER = rf"(?:{_CAP}(?:(?:\s+(?:of\s+)?|-){_CAP}){{0,4}}|{_LOWER_AGENCY})"
#: A name, or an agency written in lower case ("according to dpa", "told dpa").
_NAME_OR_AGENCY = rf"(?:{_NAME}|(?<!\w)({_LOWER_AGENCY}))"
#: The agency of a dateline: a name, or an agency written in lower case.
_DATELINE_ONE = rf"(?<!\w)(?:{_CAP}(?:(?:\s+(?:of\s+)?|-){_CAP}){{0,4}}|{_LOWER_AGENCY})"
#: ...or two agencies that filed it together ("(dpa/AFP)", "(AP/dpa)").
_DATELINE_NAME = rf"({_DATELINE_ONE}(?:\s*/\s*(?:{_DATELINE_ONE}|[a-z]{{2,4}}\b))?)"
#: A dateline's place: a capital (Latin with its accents, Cyrillic, Greek), then letters,
#: spaces and ./'- ("SÃO PAULO", "ST. PETERSBURG", "ΑΘΗΝΑ"); a region in brackets may follow
#: ("KESSLING (Valdoria), 3 dic (Northwire) -").
_PLACE = r"[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω](?:[^\W\d_]|[ ./'-])"
# A web address as credits write it, in lower case ("northgatewire.example", "https://www.x.com/a");
# capitalised ones ("Lenta.ru") are names. Any top-level label of two letters or more is read,
# as :func:`tracker.text.outlet_key` reads one.
_WEB = r"(?<![\w.@])((?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?![\w.-])(?:/[^\s,;]*)?)"
#: A name that is a web address: lower-case top-level labels of any length, capitalised ones
#: of up to six letters ("Lenta.RU").
_WEB_NAME = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,}|(?i:[a-z]{2,6}))(?:/\S*)?")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution signal found in a text.

    Attributes:
        outlet: the outlet key (comparable with :func:`tracker.text.outlet_key`).
        name: the outlet's name as written.
        kind: ``byline``, ``dateline``, ``republished``, ``credit_line``, ``reported``,
            ``according_to``, ``citing``, ``told`` or ``agency``.
        evidence: the matched words.
    """

    outlet: str
    name: str
    kind: str
    evidence: str


# (kind, strong, triggers, pattern, name side). A pattern runs only on a line holding one of
# its trigger words (lower-cased substrings). With name side "after", the pattern's first
# group is the name; with "before", the pattern is the words after a name ("'s questions",
# " reported") and the name is read from the text just before the match. Searching for a
# name followed by a verb at every capital letter of a page costs ~10 ms; this costs ~1 ms.
# With name side "suppliers", it is a list of suppliers of a formula in another language, split
# by :data:`_SUPPLIER_SPLIT`.
# With name side "list", the first group is a list of names (a byline, a reporting line), split
# by :data:`_LIST_SPLIT`, each judged as the entry's strength says.
#: A name in brackets at a line's end, "(Reuters)": a credit when the name looks like an outlet's;
#: a line of its own, "(Northwire)", cites the name (a formula word, "(Avec AFP)", is none).
_CLOSING_PAREN = re.compile(
    rf"\((?!(?i:avec|mit|con|com|via|selon|según|laut|secondo|volgens)\s){_NAME}(?:,\s*[A-Z][\w. ]{{0,20}})?\)\s*$")
#: "Reuters contributed to this report": the one list whose one-word names are kept as cited
#: names (a place fills a byline, "By Jane Doe, Dallas", and a source list, "Source: Reuters,
#: London"; it contributes to no report).
_CONTRIBUTED = re.compile(
    r"(?:^|(?<=[.!?(]))\s*([^.!?()\n]{2,160}?)\s+(?:also\s+)?contributed\s+(?:reporting\s+)?"
    r"to\s+this\s+(?:report|story|article)\b")
_OTHER_SCRIPT_NAMES = sorted((name for name in KNOWN_OUTLETS if not name.isascii()
                               and not re.search("[\u0400-\u04ff]", name)), key=len, reverse=True)
_OTHER_SCRIPT_TRIGGERS = tuple(_OTHER_SCRIPT_NAMES)
_AGENCY_NAME = "(" + "|".join(re.escape(n) for n in _OTHER_SCRIPT_NAMES) + ")"
#: A dateline: "路透社北京7月8日电", "［東京 8日 ロイター］", "【서울=연합뉴스】", "القاهرة (رويترز) -".
_OTHER_SCRIPT_DATELINE = re.compile(
    rf"^\s*{_AGENCY_NAME}[^，。,.\n]{{0,14}}?电(?:[，,：:\s]|$)"
    rf"|[［\[【(（][^］\]】)）\n]{{0,20}}?[\s=＝]?{_AGENCY_NAME}(?:通信)?[］\]】)）]", re.IGNORECASE)
#: A formula of reporting: "据路透社报道", "援引路透社", "ロイター通信によると", "ロイター通信の報道を引用し",
#: "로이터 통신에 따르면", "ذكرت وكالة رويترز".
_OTHER_SCRIPT_REPORTED = re.compile(
    rf"据\s*{_AGENCY_NAME}[^，。,.\n]{{0,14}}?(?:报道|報道|消息)|(?:援引|引述|引用)\s*{_AGENCY_NAME}"
    rf"|{_AGENCY_NAME}(?:报道|報道)称"
    rf"|{_AGENCY_NAME}(?:通信|\s*통신)?\s*(?:によると|が報じ|は報じ|の報道|에\s*따르면|는\s*보도)"
    rf"|(?:ذكرت|أفادت|نقلت|أوردت|وفقا\s*ل|وفقاً\s*ل|بحسب|حسب)\s*(?:وكالة\s*)?(?:أنباء\s*)?{_AGENCY_NAME}",
    re.IGNORECASE)
_PATTERNS: tuple[tuple[str, bool, tuple[str, ...], re.Pattern[str], str], ...] = (
    ("dateline", True, (")",), re.compile(
        rf"^(?:{_PLACE}{{1,40}}?(?:\s*\([^()\n]{{2,30}}\))?(?:,\s*{_PLACE}{{1,30}}?)?"
        rf"(?:,\s*(?:[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\.?\s+[^\W\d_]{{3,10}}\.?"
        rf"(?:\s+\d{{4}})?|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}))?\s*)?"
        rf"\({_DATELINE_NAME}(?:-AFX)?\)\.?\s*[-–—]"), "after"),  # (dpa's financial service: dpa)
    ("credit_line", False, (")",), _CLOSING_PAREN, "after"),
    ("republished", True,
     ("material", "original", "first", "republish", "reprint", "courtesy", "syndicated", "translated"), re.compile(
        rf"\b(?:based on|from|on|using) (?:the )?materials? (?:published |provided )?(?:by |from |of )?"
        rf"{_THE}{_NAME}"
        rf"|\bmaterials? (?:published|provided) by {_THE}{_NAME}"
        rf"|\b(?:[Oo]riginally|[Ff]irst) (?:published|appeared|ran) (?:by|in|on|at) {_THE}{_NAME}"
        rf"|\brepublished (?:from|with (?:the )?permission (?:of|from)) {_THE}{_NAME}"
        rf"|^\s*(?:(?:[Tt]his|[Tt]he) )?(?:(?i:article|story|report|piece|column) )?(?:(?:was|is|has been) )?"
        rf"(?i:republished|reprinted) (?:from|with (?:the )?permission (?:of|from)) {_THE}{_NAME}"
        rf"|\bthe original (?:article|story|text|publication)[^.\n]{{0,60}}?\b(?:by|in|on|at) {_THE}{_NAME}"
        rf"|\brights to the original (?:text|article) belong to {_THE}{_NAME}"
        rf"|\b(?:courtesy of|syndicated from|translated from) {_THE}{_NAME}"
        rf"|(?:^|\()\s*(?:Courtesy of|Syndicated from|Translated from) {_THE}{_NAME}"), "after"),
    ("credit_line", True, ("source", "credit", "via", "©", "(c)", "copyright", "quelle", "fuente", "fonte",
                           "original"),
     re.compile(
        rf"^\s*(?i:sources?|credit|via|quellen?|fuentes?|fonti|fonte|original)\s*:\s*(?:{_THE}{_NAME}|{_WEB})"
        rf"|(?:©|\([cC]\)|\b(?i:copyright)(?=\s*(?:©|\([cC]\)|\d{{4}}|[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){{0,4}}(?:\s+\d{{4}})?\s*(?:[.,;]|$))))\s*(?:©\s*|\([cC]\)\s*)?(?:\d{{4}}\s*)?"
        rf"{_THE}{_NAME}"), "after"),
    # The names after the first in a source list ("Source: Reuters, Harbour Press Agency"): the
    # label vouches for the first only, since a list goes on with places and notes ("Source:
    # Reuters, London"), so these must look like outlets.
    ("credit_line", False, ("source", "credit", "via"), re.compile(
        r"^\s*(?i:sources?|credits?|via)\s*:\s*[^,;\n]+?(?:[,;]|\s+and\s+)\s*([^\n]+)"), "list"),
    # The wire's closing reporting line, "(Reporting by Jane Doe at Reuters; Editing by ...)": a
    # list of people and places, where an outlet may appear after "by", "at" or "for". Only at
    # a line's start, after "(" or ";", or after a sentence, so "reporting by" inside a
    # sentence is not read; editors ("Editing by") are people, never outlets.
    ("byline", False, ("reporting by", "writing by"), re.compile(
        r"(?:^|[(;]|(?<=[.!?])\s)\s*(?i:with\s+)?(?i:additional\s+)?(?i:reporting|writing)\s+(?i:by)\s+"
        r"([^;()\n]{2,200}?)(?=\s*(?:[;()]|\.\s+[A-Z\u0400-\u042f]|\.?\s*$))"), "list"),
    # "Reuters contributed to this report": the fixed closing phrase only, from a sentence's
    # start; "contributed to the confusion" is no credit. People fill it most ("Jane Doe
    # contributed ..."), so the names are judged weakly.
    ("credit_line", False, ("contributed",), _CONTRIBUTED, "list"),
    # A syndication note, "This story was provided by Reuters.", as a line of its own: only a
    # story's supplier fills it ("provided by a reader" has no capitalised name), so, as the
    # notes above, it is strong. Not "The report was provided by the Ministry of Defence to
    # lawmakers" inside a paragraph: the line must end with the name.
    ("republished", True, ("provided by", "supplied by", "distributed by"), re.compile(
        rf"^\s*[Tt]his (?:story|article|report|content|piece) (?:was|is|has been) "
        rf"(?:provided|supplied|distributed) by {_THE}{_NAME}\s*\.?\s*$"), "after"),
    # A link to the story it came from, closing an excerpt: "Read more at Reuters", "Read the
    # full story on Reuters.com", "Continue reading at the Harbour Times". On a line of its
    # own, ending with the name; weak, as the name must look like an outlet: "Read more: Fed
    # Holds Rates Steady" (a headline), "Read more on Brexit", "Continue reading on Page A4".
    ("republished", False, ("read more", "read the full", "read the original", "continue reading", "full story"),
     re.compile(
        rf"^\s*(?i:read more|read the (?:full|original|whole) (?:story|article|report)|continue reading|"
        rf"(?:see |read )?(?:the )?full story)\s*(?:at|on|from|in|:)\s*{_THE}(?:{_NAME}|{_WEB})\s*\.?\s*$"), "after"),
    # A byline line without "By": "Reuters Staff", "Guardian staff and agencies". A name before
    # "staff" may be a body ("Hospital staff"), so it must look like an outlet.
    ("byline", False, ("staff",), re.compile(
        rf"^\s*(?!By\s){_THE}{_NAME}\s+[Ss]taff(?:\s+and\s+agencies)?\s*\.?\s*$"), "after"),
    ("credit_line", False, (":",), re.compile(rf"^{_NAME}:\s+\S"), "after"),
    ("agency", True, ("news agency", "wire service"), re.compile(
        rf"\b(?:news agency|wire service) {_THE}{_NAME}"), "after"),
    ("agency", True, ("news agency", "wire service", "news service"), re.compile(
        r"(?:'s?|’s?)? (?:news agency|wire service|news service)\b"), "before"),
    ("reported", False, ("report", "wrote", "writes", "learn", "reveal", "note", "inform"), re.compile(
        r"(?:'s?|’s?)? (?:has |had |also |first |was first )?(?:reported|reports|wrote|writes|has learned|"
        r"learned|said in a report|revealed|notes|noted|informs)\b"), "before"),
    ("reported", False, ("reported by", "quoted by", "cited by", "as ", "so ", "report", "article", "story",
                         "investigation"), re.compile(
        rf"\b(?:reported|first reported|quoted|cited) by {_THE}{_NAME}"
        rf"|\b(?:[Aa]s|[Ss]o) {_THE}{_NAME} (?:reported|wrote|writes|reports|noted)\b"
        rf"|\b(?:a|an|the) (?:report|article|story|investigation) (?:by|in|from) {_THE}{_NAME}"), "after"),
    # ...and as French, Spanish, Portuguese, German, Italian and Dutch copy says it.
    ("according_to", False, ("according to", "selon", "d'après", "d’après", "según", "segundo", "laut",
                             "secondo", "volgens"), re.compile(
        rf"\b(?:[Aa]ccording to|(?i:selon|d['’]après|según|segundo|laut|secondo|volgens)"
        rf"(?: (?:la|le|el|les|los|las|der|die|das|dem|den|des|a|o|os|as|il|lo|gli|i|het|de|l['’]))?) ?"
        rf"(?:(?i:agencia|agência|agence|agenzia|agentur|nachrichtenagentur|agentschap) )?{_THE}{_NAME_OR_AGENCY}"), "after"),
    ("citing", False, ("citing", "cites", "cited", "quoting", "via"), re.compile(
        rf"\b(?:citing|cites|cited|quoting|via) {_THE}{_NAME_OR_AGENCY}"), "after"),
    ("told", False,
     ("told", "tell", "questions", "inquiries", "enquiries", "request for comment", "interview"), re.compile(
        rf"\b(?:told|telling|tells) {_THE}{_NAME_OR_AGENCY}"
        rf"|\b(?:questions|inquiries|enquiries|request for comment|interview) (?:from|by|with) "
        rf"{_THE}{_NAME}"), "after"),
    ("told", False, ("'", "’"),
     re.compile(r"(?:'s|’s|'|’) (?:questions|inquiries|reporting|sources|report)\b"), "before"),
    ("byline", False, ("by ",), re.compile(rf"^\s*By {_THE}([^\n]{{2,120}})$"), "list"),
    # The supplier's formulas of German, Spanish, Portuguese and French copy: "mit Material von
    # dpa und Reuters", "con información de EFE", "com informações da Reuters", "(Avec AFP)".
    # Only a story's suppliers fill them, so they are strong. The names are a list of
    # capitalised names (or a lower-case agency: "dpa"), past a word for the agencies ("der
    # Nachrichtenagenturen dpa und Reuters"); the verb after them is none ("... von Reuters
    # aktualisiert").
    ("republished", True, ("material", "informaci", "informaç", "avec"), re.compile(
        r"(?:\b(?i:mit material(?:ien)? (?:von|der|des|aus))"
        r"|\b(?i:con información (?:de|del))|\b(?i:com informaç(?:ões|oes) (?:de|da|do|das|dos))"
        r"|\(\s*(?i:avec))\s+"
        r"(?:(?i:(?:la |las |los |el |a |as |o |os |den |der |die )?(?:nachrichtenagenturen|nachrichtenagentur|"
        r"agenturen|agentur|agencias|agencia|agências|agência))\s+)?(?:(?i:l['’])\s*)?"
        rf"({_SUPPLIER}(?:\s*(?:,|\bund\b|\bet\b|\by\b|\be\b|\band\b)\s*{_SUPPLIER})*)"), "suppliers"),
    # Chinese, Japanese, Korean and Arabic copy names its agency as its own script writes it
    # (:data:`KNOWN_OUTLETS`), in its dateline ("路透社北京7月8日电", "［東京 8日 ロイター］",
    # "【서울=연합뉴스】", "القاهرة (رويترز) -": strong, as "(Reuters) -") or as "according to"
    # ("据路透社报道", "ロイター通信によると", "로이터 통신에 따르면", "ذكرت وكالة رويترز").
    ("dateline", True, _OTHER_SCRIPT_TRIGGERS, _OTHER_SCRIPT_DATELINE, "after"),
    ("according_to", False, _OTHER_SCRIPT_TRIGGERS, _OTHER_SCRIPT_REPORTED, "after"),
    # The same in Russian, Ukrainian and Bulgarian: "по материалам агентства Reuters",
    # "повідомляє агентство Reuters", "съобщи Reuters".
    ("reported", False, ("по данным", "по информации", "по материалам", "сообща", "пишет", "переда",
                         "со ссылкой", "за даними", "повідом", "посиланням", "съобщ", "според", "по данни"),
     re.compile(
        r"(?i:по данным|по информации|по материалам|сообщает|сообщило|пишет|передает|передаёт|со ссылкой на"
        r"|за даними|повідомляє|повідомило|повідомила|з посиланням на|съобщи|съобщава|според|по данни на) "
        r"(?i:агентств[оаі] |агенція |агенції |агенция(?:та)? |изданием |издание |видання )?"
        r"([A-ZА-ЯІЄЇ][\w-]+(?:\s+[A-ZА-ЯІЄЇ][\w-]+)?)"), "after"),
)
#: What a credit line in capitals carries that a headline does not: a © or a year.
_DATED_CREDIT = re.compile(r"©|\([cC]\)|\b\d{4}\b")
#: A name that ends where a "before" pattern starts.
_NAME_BEFORE = re.compile(rf"{_NAME}$")
#: A name right after a pattern (a weekday, month or time word is not one: "the Interfax news
#: agency Tuesday reported").
_NAME_AFTER = re.compile(
    rf"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
    rf"June|July|August|September|October|November|December|On|In|On|Last|This|Earlier|Later|Today|Yesterday)\b)"
    rf"{_NAME}")
#: What separates the names of a list: people, their outlets and places ("Jane Doe at Reuters").
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bfor\b|\bat\b|—|–| - )\s*")
#: What separates the suppliers of a formula in another language ("dpa und AFP", "AFP et Reuters").
_SUPPLIER_SPLIT = re.compile(r"\s*(?:,|\bund\b|\bet\b|\by\b|\be\b|\band\b)\s*")
#: A closing sign-off, "- Reuters", "— Jane Doe, The Associated Press": a dash, then a line of names.
_SIGN_OFF = re.compile(r"^\s*[-–—]+\s*([^\n]{2,120}?)\s*\.?\s*$")


def dateline_end(sentence: str) -> int:
    """Length of the dateline that opens ``sentence`` ("BRECKTON, Feb 12 (Calder) - "), or 0.

    Its place, day and agency say where a wire story was filed, not what it reports: a copy
    that drops them changed no figure and no name of the story.
    """
    match = _PATTERNS[0][3].match(sentence)
    if match is None:
        return 0
    end = match.end()
    return end + len(sentence[end:]) - len(sentence[end:].lstrip())


def _clean_name(name: str) -> str:
    words = name.strip(" .,:;'’\"()").split()
    while words and words[0].casefold() in _LEADING:
        words = words[1:]
    return re.sub(r"(?:'s|’s|'|’)$", "", " ".join(words)).strip(" .,:;")


def _known(name: str) -> str | None:
    """The key of a known outlet named by ``name``, or by its first words followed only by
    words such as "Staff" or "News"."""
    words = name.casefold().split()
    for size in range(len(words), 0, -1):
        if size == len(words) or all(w in _TRAILING for w in words[size:]):
            key = KNOWN_OUTLETS.get(" ".join(words[:size]))
            if key is not None:
                return key
    return None


def outlet_of_name(name: str, strong: bool = False) -> str | None:
    """The outlet key for a name, or ``None`` if it does not name an outlet.

    Args:
        name: an outlet's name as written ("Reuters", "The Associated Press", "Lenta.ru").
        strong: the name comes from a pattern that only outlets fill (a dateline, a credit
            line): any capitalised name is accepted.

    Returns:
        A key comparable with :func:`tracker.text.outlet_key` of the outlet's domain.

    Example:
        >>> outlet_of_name("The Associated Press"), outlet_of_name("Peskov")
        ('apnews', None)
    """
    name = _clean_name(name)
    if not name or name.casefold() in _NOT_NAMES or name.split()[0].casefold() in _NOT_NAMES \
            or _is_language(name):
        return None
    company = name.split()
    # (Not down to a name that is also a word: "Times Publishing Co." is no credit of The
    # Times; nor "Fast Company" down to "Fast".)
    while (len(company) > 1 and (last := company[-1].casefold().strip(".,")) in _COMPANY_WORDS
           and not (len(company) == 2 and (company[0].casefold() in _AMBIGUOUS_NAMES
                                           or last in _NAME_ENDING_COMPANY_WORDS))):
        company = company[:-1]
    name = " ".join(company).rstrip(",")
    known = _known(name)
    if known is not None:
        return known
    if _WEB_NAME.fullmatch(name):
        return outlet_key(name)
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _STAFF_WORDS:
        words = words[:-1]
    if not strong and words[-1].casefold() not in _OUTLET_WORDS:
        return None
    if len(words) == 1 and words[0].casefold() in _OUTLET_WORDS:
        return None  # "Press reports said": a kind of outlet, not one
    key = re.sub(r"[^\w]", "", unaccented("".join(words).casefold()))
    return key or None


def _listed_outlets(names: str, strong: bool, separators: re.Pattern[str] | None = None,
                    unknown: list[str] | None = None) -> list[tuple[str, str]]:
    """The ``(name, key)`` of each outlet in a list of names, such as a byline ("Guy
    Faulconbridge, Reuters" -> ``("Reuters", "reuters")``) or a reporting line ("Jane Doe at the
    Harbour Times" -> ``("Harbour Times", "harbourtimes")``); ``unknown``, when given,
    receives the other names of one word (an outlet no table knows, "Northwire").

    A name is capitalised or a web address; lower-case words ("citing officials", "the author")
    are not names.
    """
    found = []
    for whole in (separators or _LIST_SPLIT).split(names.strip()):
        whole = re.sub(r"^[Tt]he\s+", "", whole)
        person, of, outlet = whole.partition(" of ")
        split = of and _known(whole) is None and outlet_of_name(person, strong=False) is None \
            and _known(person) is None
        for part in (person, outlet) if split else (whole,):
            if _job_title(part):
                continue  # "By Hamish Boyd, Chief Reporter": what the person is, not an outlet
            if part[:1].isupper() or _WEB_NAME.fullmatch(part.strip(" .,;")) or _known(part.strip(" .,;")):
                key = outlet_of_name(part, strong)
                if key is not None:
                    found.append((_clean_name(part), key))
                elif unknown is not None and len(_clean_name(part).split()) == 1:
                    # A one-word name of "... contributed to this report" is an outlet's brand
                    # ("Northwire contributed ...") more often than a person, who has two.
                    unknown.append(part)
    return found


#: A journalist's job in a byline ("Chief Reporter", "Senior Health Correspondent", "Political
#: Editor"): a beat or a rank before the job. ("Daily Reporter" may be a paper's name.)
_JOBS = frozenset({"reporter", "correspondent", "editor", "writer", "columnist", "journalist"})
_BEATS = frozenset("""chief senior junior deputy associate assistant staff special health political politics business
    crime court courts education science sports sport foreign home city economics economy environment environmental
    technology tech transport legal investigative consumer industry medical energy defence defense diplomatic royal
    local social affairs world arts culture motoring travel property farming agriculture religious religion
    security markets finance financial money media data climate europe africa asia us uk washington
    international national regional metro features news digital video""".split())


def _job_title(part: str) -> bool:
    words = _clean_name(part).casefold().split()
    return len(words) >= 2 and words[-1] in _JOBS and all(w in _BEATS for w in words[:-1])


#: Known outlets' names that are also common words ("Times", "Today"): a company name
#: ("Times Publishing Company") is not cut down to one of them.
_AMBIGUOUS_NAMES = frozenset({"times", "today", "mail", "express", "sun", "star", "post", "independent"})
#: A known outlet's name alone on a story's last line: Reuters closed its stories "Reuter"
#: until the 1990s. (Not any outlet's name: a last line "Sky News" under "Watch it live on",
#: "Bloomberg" in a tag list, "Nikkei" under a market table credit nothing.)
_BARE_SIGN_OFFS = {"reuter": "reuters"}


def _sign_off(text: str) -> list[tuple[tuple[int, int], Attribution]]:
    """The outlets of a closing sign-off ("- Reuters", "- Jane Doe, Reuters", or a known
    outlet's name alone, "Reuter") on the last line of ``text``, each with its place.

    Only the last line is read: a dash before a name anywhere else is a list item ("- Fox
    News" in a list of channels). People sign off too ("- Jane Doe") and a dash opens notes
    ("- Updated at 10:00"), so each name must look like an outlet.
    """
    lines = [line for line in text.rstrip().splitlines() if line.strip()]
    # The last item of a closing list ("Watch it on:" / "- CNN" / "- Fox News") is no sign-off.
    before = lines[-2].strip() if len(lines) > 1 else ""
    if before[:1] in ("-", "–", "—") or before.endswith(":"):
        return []
    last = lines[-1].strip().rstrip(".") if lines else ""
    bare = _BARE_SIGN_OFFS.get(last.casefold())
    if len(lines) > 1 and bare is not None:
        # A wire's bare sign-off, the story's last line: "Reuter", "REUTER".
        return [((len(text.rstrip().splitlines()) - 1, 0), Attribution(bare, last, "credit_line", last))]
    match = _SIGN_OFF.match(lines[-1]) if lines and lines[-1].lstrip()[:1] in ("-", "–", "—") else None
    if match is None:
        return []
    place, evidence = (len(text.rstrip().splitlines()) - 1, match.start()), match.group(0).strip()[:120]
    return [(place, Attribution(key, name, "credit_line", evidence))
            for name, key in _listed_outlets(match.group(1), strong=False)]


#: (A cited name, see :func:`_cites`, may be an outlet that no table knows, or a person,
#: "according to Peskov": it counts only as the credit of an outlet of that name.)


#: Weak patterns whose names that look like no outlet are *cited* names (below): the text
#: reports from them ("Northwire reported", "according to Northwire").
_CITING_KINDS = frozenset({"reported", "according_to", "citing", "told"})


def _cites(kind: str, side: str, pattern: re.Pattern[str], line: str, match: re.Match[str]) -> bool:
    """A weak pattern's name that looks like no outlet is a cited name: the text reports from
    it, signs with it ("Northwire Staff"), or closes with it on a line of its own
    ("(Northwire)"). Not a name a place may fill: a byline's ("By Jane Doe, Dallas"), a
    sign-off's ("- Jane Doe, Detroit"), one in brackets after other words ("Ford (Detroit)")."""
    if kind in _CITING_KINDS or kind == "byline" and side == "after":
        return True
    return pattern is _CLOSING_PAREN and line.strip() == match.group(0).strip()


def _cite(names: list[str], cited: list[str] | None, cited_as: dict[str, str] | None, evidence: str,
          signals: list[tuple[str, str, tuple[str, str, str] | None]] | None = None, kind: str = "",
          words: tuple[str, str, str] | None = None) -> None:
    """Move the keys of ``names`` (see :func:`_cited_key`) to ``cited``, each with the words
    that cite it in ``cited_as`` (and, when ``signals`` is given, as a signal of ``kind`` told
    in ``words``); ``names`` is emptied."""
    if cited is not None:
        for name in names:
            key = _cited_key(name)
            if key is not None:
                cited.append(key)
                if cited_as is not None:
                    cited_as.setdefault(key, evidence)
                if signals is not None:
                    signals.append((key, kind, words))
    names.clear()


#: Words of a mention's sentence kept on either side of it (see :func:`_mention_words`).
MENTION_CONTEXT = 6
#: Characters of a mention's line read on either side of it for its sentence: a page's line
#: may be a whole live blog without a paragraph break.
MENTION_REACH = 300
#: A dateline without its agency that opens a line ("LONDON - ", "LONDON, March 10 - ",
#: "Sandmere — "): capitalised words and figures before a dash. A copy writes its own.
_BARE_DATELINE = re.compile(r"^\s*[A-Z][^\s,.-]*(?:[ ,]+[A-Z0-9][^\s,.-]*){0,4},?\s+[-–—]{1,2}\s+")
#: What separates the words of a mention and of the text it is looked up in: anything but a
#: letter or a digit (the SQL macro ``text_words`` splits alike).
_NOT_WORD = re.compile(r"[\W_]+")


def text_words(text: str) -> str:
    """``text`` as the words a mention is looked up in: letters and digits only, lower-cased,
    one space between words (the SQL macro ``text_words`` adds a space at either end): quotes,
    dashes, line breaks and no-break spaces do not stand between a copy and its source. A
    Turkish "İ" is written "i" (Python's lower-casing would add a combining dot) and a final
    sigma as any other, as DuckDB's ``lower`` writes them."""
    return _NOT_WORD.sub(" ", text.replace("İ", "i").lower().replace("ς", "σ")).strip()


def _sentence_around(line: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding ``line[start:end]`` begins and ends (within
    :data:`MENTION_REACH` characters of it), by the project's sentence splitter: "U.S." or
    "Jan." ends no sentence."""
    low, high = max(0, start - MENTION_REACH), min(len(line), end + MENTION_REACH)
    window = line[low:high]
    at = 0
    for piece in split_sentences(window):
        found = window.find(piece, at)
        if found < 0:
            break
        at = found + len(piece)
        if low + found <= start and end <= low + at:
            return low + found, low + at
    return low, high


def _mention_words(line: str, start: int, end: int) -> tuple[str, str, str]:
    """The words of a mention between ``start`` and ``end`` of ``line``, with up to
    :data:`MENTION_CONTEXT` words of its sentence before and after it (never a dateline that
    opens the line, which a copy rewrites or drops), each part as :func:`text_words` gives it:
    enough to tell the wire's "the minister told Reuters on Tuesday" from a rewriter's own
    "she told Reuters"."""
    left, right = _sentence_around(line, start, end)
    dateline = dateline_end(line) or (bare.end() if (bare := _BARE_DATELINE.match(line)) else 0)
    if left < dateline <= start:
        left = dateline
    before = text_words(line[left:start]).split()[-MENTION_CONTEXT:]
    after = text_words(line[end:right]).split()[:MENTION_CONTEXT]
    return " ".join(before), text_words(line[start:end]), " ".join(after)


def attributions(text: str, cited: list[str] | None = None, cited_as: dict[str, str] | None = None,
                 signals: list[tuple[str, str, tuple[str, str, str] | None]] | None = None,
                 ) -> tuple[Attribution, ...]:
    """Every attribution signal in ``text``, in order of appearance.

    Args:
        text: an article's text, page chrome included or not.
        cited: when given, receives the key of every name that a weak pattern reports from or
            signs with but that does not look like an outlet ("Northwire reported", "Northwire
            Staff", a closing "(Northwire)" -> ``northwire``; see :func:`_cites` and
            :func:`credits_and_citations`).
        cited_as: when given, receives the words that cite each of those keys (the first).
        signals: when given, receives ``(key, kind, words)`` for every signal, credited or
            cited; ``words`` is the mention with the words around it (:func:`_mention_words`)
            for the in-sentence kinds ("told Reuters", "according to Reuters"), ``None`` for
            the others.

    Returns:
        The signals found; several may name the same outlet.

    Example:
        >>> [(a.outlet, a.kind) for a in attributions("MOSCOW (Reuters) - Talks resumed.")]
        [('reuters', 'dateline')]
    """
    found = _sign_off(text)
    if signals is not None:
        signals.extend((a.outlet, a.kind, None) for _, a in found)
    unknown: list[str] = []
    whole = text.casefold()
    # Only the patterns whose trigger words occur somewhere in the text are tried line by line
    # (most texts hold the triggers of a few patterns at most).
    active = [p for p in _PATTERNS if any(word in whole for word in p[2])]
    if not active:
        return tuple(attribution for _, attribution in found)
    for number, line in enumerate(text.splitlines()):
        lowered = line.casefold()
        if not line.strip() or _is_caption(line, lowered):
            continue
        for kind, strong, triggers, pattern, side in active:
            if not any(word in lowered for word in triggers):
                continue
            if kind == "credit_line" and line.isupper() and "copyright" in lowered and not _DATED_CREDIT.search(line):
                continue  # a headline in capitals ("IBM FILES COPYRIGHT INFRINGEMENT SUIT")
            for match in pattern.finditer(line):
                if side == "before":
                    if kind == "agency" and _NAME_AFTER.match(line, match.end()):
                        continue  # "the Iranian news agency IRNA": the agency is named after
                    before = _NAME_BEFORE.search(line, max(0, match.start() - 120), match.start())
                    if before is None:
                        continue
                    name, start = before.group(1), before.start()
                    evidence = line[start:match.end()].strip()[:120]
                else:
                    name = next((g for g in match.groups() if g), "")
                    start, evidence = match.start(), match.group(0).strip()[:120]
                    if kind == "dateline" and "/" in name and (parts := name.split("/"))[0].strip() \
                            and not _known(name):
                        # Two agencies ("(dpa/AFP)"): the second is read as the first is.
                        name = parts[0].strip()
                        # (A known agency: "(dpa/lno)" names dpa's regional desk, "(Reuters/Ipsos)"
                        # a poll's pollster.)
                        second = _known(parts[1].strip())
                        if second is not None:
                            found.append(((number, start), Attribution(second, _clean_name(parts[1]), kind,
                                                                       evidence)))
                            if signals is not None:
                                signals.append((second, kind, None))
                if side in ("list", "suppliers"):
                    split = _SUPPLIER_SPLIT if side == "suppliers" else _LIST_SPLIT
                    citing = not strong and cited is not None and pattern is _CONTRIBUTED
                    listed = _listed_outlets(name, strong, split, unknown if citing else None)
                    found.extend(((number, start), Attribution(key, part, kind, evidence)) for part, key in listed)
                    if signals is not None:
                        signals.extend((key, kind, None) for _, key in listed)
                    _cite(unknown, cited, cited_as, evidence, signals, kind)
                    continue
                words = _mention_words(line, start, match.end()) if kind in _CITING_KINDS else None
                key = outlet_of_name(name, strong)
                if key is not None:
                    found.append(((number, start), Attribution(key, _clean_name(name), kind, evidence)))
                    if signals is not None:
                        signals.append((key, kind, words))
                elif cited is not None and not strong and _cites(kind, side, pattern, line, match):
                    unknown.append(name)
                    _cite(unknown, cited, cited_as, evidence, signals, kind, words)
    found.sort(key=lambda item: item[0])
    return tuple(attribution for _, attribution in found)


def _cited_key(name: str) -> str | None:
    """The key of a name reported from, as an outlet of that name would have it ("Northwire"
    -> ``northwire``, as ``northwire.example`` gives); ``None`` for pronouns and the like."""
    name = _clean_name(name)
    words = name.split()
    if not words or len(words) > 4 or name.casefold() in _NOT_NAMES or words[0].casefold() in _NOT_NAMES \
            or _is_language(name) or any(w.casefold() in _OFFICES for w in words):
        return None
    if len(words) == 1 and words[0].casefold() in _OUTLET_WORDS:
        return None
    key = re.sub(r"[^\w]", "", unaccented("".join(words).casefold()))
    return key if len(key) >= 2 else None


def credits_and_citations(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The outlets ``text`` credits (:func:`credited_outlets`), and the other names it reports
    from, as keys: each distinct and sorted.

    A weak pattern ("X reported", "according to X") takes only names that look like outlets
    for credits, since people and bodies fill it too. The rest are *cited* names: one of them
    counts as a credit of an article whose own outlet has that name (a copy saying "Northwire
    reported" credits northwire.example), which no table of outlets needs to know.

    Example:
        >>> credits_and_citations("Prices will rise, Northwire reported, according to Reuters.")
        (('reuters',), ('northwire',))
    """
    credited, cited, _ = credit_signals(text)
    return credited, cited


def credit_signals(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str, str, str], ...]]:
    """:func:`credits_and_citations` of ``text``, and its *mentions*: ``(key, before, words,
    after)`` for each credited or cited key that only a mention inside a sentence credits
    ("the minister told Reuters", "according to Reuters", "Reuters reported"), with up to
    :data:`MENTION_CONTEXT` words of its sentence before and after it (:func:`_mention_words`).

    A copy keeps its source's sentences, and with them the source's own mentions: a wire
    story's "told Reuters" is the wire's reporting, not the copier's credit. A query tells one
    from the other by looking the words up in the source's text (:func:`mention_kept`, the SQL
    macro ``credits_own``). A key that a dateline, a credit line or a byline credits has no
    mentions.

    Example:
        >>> credit_signals("Prices rose, the minister told Reuters on Monday.")[2]
        (('reuters', 'prices rose the minister', 'told reuters', 'on monday'),)
    """
    cited: list[str] = []
    signals: list[tuple[str, str, tuple[str, str, str] | None]] = []
    found = attributions(text, cited, signals=signals)
    credited = {a.outlet for a in found}
    other = {key for key, kind, _ in signals if kind not in _CITING_KINDS}
    # A key of the same brand as one credited otherwise is credited: "Northlight reported" and
    # a "(Northlight News)" dateline (tracker.text.same_brand).
    mentions = sorted({(key, *words) for key, kind, words in signals
                       if kind in _CITING_KINDS and words is not None and words[1]
                       and key not in other and not any(same_brand(key, o) for o in other)})
    return tuple(sorted(credited)), tuple(sorted(set(cited) - credited)), tuple(mentions)


def mentions_outside(mentions: tuple[tuple[str, str, str, str], ...],
                     outlet: str | None) -> tuple[tuple[str, str, str, str], ...]:
    """The mentions (:func:`credit_signals`) of outlets other than ``outlet`` (a page's key):
    an outlet's own name in its own story ("told the Harbour Times") credits nobody."""
    theirs = set(not_own(tuple(m[0] for m in mentions), outlet))
    return tuple(m for m in mentions if m[0] in theirs)


def page_credits(text: str, source: str | None) -> tuple[tuple[str, ...], tuple[str, ...],
                                                        tuple[tuple[str, str, str, str], ...]]:
    """:func:`credit_signals` of a page published by ``source``, less its own outlet's (a
    "© 2026 Daily Herald" footer on the Daily Herald's page credits nobody): what
    ``articles.credits``, ``cited`` and ``mentions`` hold."""
    outlet = outlet_key(source)
    credited, cited, mentions = credit_signals(text)
    return not_own(credited, outlet), not_own(cited, outlet), mentions_outside(mentions, outlet)


def not_own(keys: tuple[str, ...], outlet: str | None) -> tuple[str, ...]:
    """``keys`` less ``outlet`` (a page's key) and the keys of its brand."""
    return tuple(k for k in keys if k != outlet and not same_brand(k, outlet))


def taken_mentions(derived_text: str, source_text: str) -> set[str]:
    """Keys that ``derived_text`` credits only by mentions it took from ``source_text``
    (:func:`mention_kept`): the source's reporting ("the minister told Reuters") kept in a
    copy, not a credit the copy gives."""
    by_key: dict[str, list[tuple[str, str, str]]] = {}
    for key, before, words, after in credit_signals(derived_text)[2]:
        by_key.setdefault(key, []).append((before, words, after))
    source_words = text_words(source_text)
    return {key for key, found in by_key.items() if all(mention_kept(m, source_words) for m in found)}


#: Words a side of a mention (before or after it) must have to be looked up alone.
MENTION_SIDE = 3


def mention_kept(mention: tuple[str, str, str], source_words: str) -> bool:
    """The mention ``(before, words, after)`` is in the source's text (as
    :func:`text_words` gives it): with its words on either side, or with those on one side
    when that side has :data:`MENTION_SIDE` words or more (a copy that rewrote the dateline
    before "told Reuters", or cut the sentence after it, still took the mention). The SQL
    macro ``mention_kept`` of migration 016 says the same."""
    before, words, after = mention
    padded = f" {source_words} "
    if f" {' '.join(p for p in (before, words, after) if p)} " in padded:
        return True
    return (len(before.split()) >= MENTION_SIDE and f" {before} {words} " in padded
            or len(after.split()) >= MENTION_SIDE and f" {words} {after} " in padded)


def credited_outlets(text: str) -> tuple[str, ...]:
    """Outlet keys that ``text`` credits, distinct and sorted.

    Example:
        >>> credited_outlets("The plan, according to Reuters, was dropped. By Guy Faulconbridge")
        ('reuters',)
    """
    return tuple(sorted({a.outlet for a in attributions(text)}))
