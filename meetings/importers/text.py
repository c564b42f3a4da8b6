"""Plain text from what converters leave behind, and the small readers every parser needs.

Committee documents reach us through several converters (a council's "save as text",
PDF text extraction, Word XML) that disagree about markup, quotes, tabs and line breaks.
`normalise()` brings them to one form: one paragraph or table cell per line, a blank line
where the source had one, no markup, straight quotes. Everything here is pure.
"""

import datetime
import html
import re

# Markup that converters leave in: HTML tags and Markdown emphasis, headings and links.
_BLOCK_TAGS = re.compile(r"</?(?:p|div|h[1-6]|li|tr|table|br|ul|ol)\b[^>]*>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_MD_STRONG = re.compile(r"\*\*|__")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
# "1.1<tab>The purpose…": Word puts a tab after paragraph numbers; keep them together.
_NUMBER_TAB = re.compile(r"^([ \t]*\d+(?:\.\d+)*\.?)\t+", re.MULTILINE)

_CHARACTERS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\ufeff": None,  # byte-order mark
        "\x00": None,
    }
)


def normalise(raw: str) -> str:
    """One paragraph or cell per line, single blank lines kept, markup and tabs gone.

    Typographic quotes become straight ones: the same report arrives with either,
    depending on the converter (the seeds mix them), and titles are matched on re-import.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _LIST_ITEM.sub("\n\u2022 ", text)
    text = _CELL_END.sub("\t", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    text = _MD_LINK.sub(_link_text, text)
    text = _MD_HEADING.sub("", text)
    text = _MD_STRONG.sub("", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    text = text.translate(_CHARACTERS)
    text = _NUMBER_TAB.sub(r"\1 ", text)
    text = text.replace("\t", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _collapse_blank_lines(lines)


def _link_text(match: re.Match) -> str:
    label, target = match.group(1), match.group(2)
    address = target.removeprefix("mailto:")
    if address == label or target.startswith("mailto:") or target.startswith("#"):
        return label
    return f"{label} ({target})"


def _collapse_blank_lines(lines: list[str]) -> str:
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


def without_page_furniture(text: str) -> str:
    """Drop the page numbers a PDF repeats on every page ("3", "Page 3", "Page 3 of 7")."""
    furniture = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$|^-\s*\d{1,3}\s*-$", re.I)
    return "\n".join(line for line in text.split("\n") if not furniture.match(line.strip()))


# Casing. Converters keep the capitals that headings were typed in; pages should not shout.
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "via",
        "vs",
        "with",
    ]
)
ACRONYMS = frozenset(
    [
        "ASB",
        "CCTV",
        "CSP",
        "CSPS",
        "DA",
        "HMICFRS",
        "ICT",
        "IT",
        "MP",
        "MPS",
        "NHS",
        "OPCC",
        "PCC",
        "PCP",
        "PCPS",
        "UK",
        "VAWG",
    ]
)


def is_shouting(text: str) -> bool:
    return text.isupper() and sum(c.isalpha() for c in text) > 3


def title_case(text: str) -> str:
    """ "POLICE AND CRIME COMMISSIONER'S ANNUAL REPORT 2023/24" → "Police and Crime
    Commissioner's Annual Report 2023/24". Text that is not all capitals is kept as written."""
    if not is_shouting(text):
        return text
    words = text.split(" ")
    return " ".join(
        _word_case(word, capitalise=i == 0 or word.lower() not in SMALL_WORDS)
        for i, word in enumerate(words)
    )


def sentence_case(text: str) -> str:
    """ "TERMS OF REFERENCE" → "Terms of reference"; mixed-case text is kept as written."""
    if not is_shouting(text):
        return text
    words = text.split(" ")
    return " ".join(_word_case(word, capitalise=i == 0) for i, word in enumerate(words))


def _word_case(word: str, capitalise: bool) -> str:
    core = word.strip("()[]{},.;:'\"")
    if core in ACRONYMS or any(c.isdigit() for c in core):
        return word
    lowered = word.lower()
    if not capitalise:
        return lowered
    return "-".join(part[:1].upper() + part[1:] for part in lowered.split("-"))


# Dates and times as committee documents print them.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b"
    r"|\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[tuple[datetime.date, re.Match]]:
    """Every valid date in the text with its match, in order ("31 July 2024", "31/07/2024")."""
    found = []
    for match in DATE.finditer(text):
        if match.group("day"):
            day, month, year = match["day"], MONTHS[match["month"].lower()], match["year"]
        else:
            day, month, year = match["d"], match["m"], match["y"]
        try:
            found.append((datetime.date(int(year), int(month), int(day)), match))
        except ValueError:
            continue
    return found


def find_date(text: str) -> datetime.date | None:
    dates = find_dates(text)
    return dates[0][0] if dates else None


def _time(name: str) -> str:
    return (
        rf"(?:(?P<{name}_h>\d{{1,2}})(?:[.:](?P<{name}_m>\d{{2}}))?"
        rf"(?:\s*(?P<{name}_ap>[ap])\.?\s*m\b\.?)?|(?P<{name}_noon>noon|midday))"
    )


TIME_RANGE = re.compile(
    r"^(?:the\s+meeting\s+(?:commenced|began|started|opened)\s+at\s+)?"
    + _time("a")
    + r"\s*(?:-|–|—|to|until|and\s+(?:ended|closed|finished|concluded)\s+at)\s*"
    + _time("b")
    + r"\.?$",
    re.IGNORECASE,
)
STARTED_AT = re.compile(
    r"\bmeeting\s+(?:commenced|began|started|opened)\s+at\s+" + _time("a"), re.I
)
FINISHED_AT = re.compile(r"\b(?:ended|closed|finished|concluded|rose)\s+at\s+" + _time("b"), re.I)


def _time_from(match: re.Match, name: str, meridiem: str = "") -> datetime.time | None:
    """The time in the named group; `meridiem` ("a" or "p") when the text gives none."""
    if match.group(f"{name}_noon"):
        return datetime.time(12, 0)
    if match.group(f"{name}_h") is None:
        return None
    hour, minute = int(match[f"{name}_h"]), int(match[f"{name}_m"] or 0)
    meridiem = (match.group(f"{name}_ap") or meridiem).lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    elif not meridiem and hour < 8:
        hour += 12  # "1.30 - 2.40" with no am or pm: a panel does not meet at 1.30 am
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def parse_time_range(line: str) -> tuple[datetime.time, datetime.time] | None:
    """ "1.30 - 2.40 pm" → (13:30, 14:40); "11.00 am - 1.15 pm"; "10:00 to 12:30".

    A start time without am or pm takes the finish time's, unless that would put the start
    after the finish ("11.00 - 1.00 pm" began in the morning). A bare "4 - 5" is not a time.
    """
    match = TIME_RANGE.match(line.strip())
    if not match:
        return None
    has_meridiem = match["a_ap"] or match["b_ap"] or match["a_noon"] or match["b_noon"]
    has_minutes = match["a_m"] and match["b_m"]
    if not (has_meridiem or has_minutes):
        return None
    finish = _time_from(match, "b")
    start = _time_from(match, "a", meridiem=match["b_ap"] or "")
    if start and finish and start >= finish and not match["a_ap"]:
        start = _time_from(match, "a", meridiem="a")
    if start is None or finish is None or start >= finish:
        return None
    return start, finish


def parse_time_sentences(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    """ "The meeting commenced at 1.30pm and closed at 2.40 pm" (a sentence about the meeting)."""
    if "meeting" not in text.lower():
        return None, None
    started = STARTED_AT.search(text)
    finished = FINISHED_AT.search(text)
    return (
        _time_from(started, "a") if started else None,
        _time_from(finished, "b") if finished else None,
    )


# Contact details.
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
UK_PHONE = re.compile(r"(?<![\d])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?![\d])")

TERMINAL_PUNCTUATION = tuple(".!?:;)\"'")
BULLET = re.compile(r"^(?:[\u2022\u25aa\u25cf\u00b7\u2013*-]|o(?= ))\s+")


def continues(previous: str, line: str) -> bool:
    """Is `line` the rest of the sentence `previous` stopped in?

    Converters break paragraphs at page ends and at every line of a PDF; a paragraph
    that stops without a full stop, or a line that starts in lower case, runs on.
    """
    if BULLET.match(line):
        return False
    return not previous.endswith(TERMINAL_PUNCTUATION) or line[:1].islower()


def strip_end_punctuation(text: str) -> str:
    return text.strip().rstrip(".;,").strip()
