"""Read an agenda report: the heading block, then numbered sections of numbered paragraphs,
as in the seed:

CAMBRIDGESHIRE POLICE AND CRIME PANEL    Agenda Item 8
31 July 2024                             Public Report
Report of the Police and Crime Commissioner for …
Contact Officers – Jack Hudson
Contact Details – cambs-pcc@cambs.police.uk 0300 333 3456
POLICE AND CRIME COMMISSIONER'S ANNUAL REPORT 2023/24
1. PURPOSE
1.1 The purpose of the report is …
"""

import datetime
import re
from dataclasses import dataclass, field

from meetings.importers import text as t

KIND = "agenda report"

AGENDA_ITEM = re.compile(
    r"\bAgenda\s+Item\s*(?:No\.?\s*)?[:\-–]?\s*(?P<number>\d{1,3}(?:\.\d{1,2})?[a-z]?)\b",
    re.IGNORECASE,
)
PUBLIC = re.compile(r"^(?:Public(?:\s+(?:Report|Item|Document))?|Open(?:\s+Report)?)$", re.I)
EXEMPT = re.compile(
    r"^(?:Exempt|Confidential|Not\s+for\s+(?:publication|public\s+inspection)|Restricted)\b"
    r"(?:.*?\bparagraphs?\s+(?P<paragraph>[1-7])\b)?",
    re.IGNORECASE,
)
REPORT_OF = re.compile(r"^Report\s+(?:of|by|from)\b\s*:?\s*(?:the\s+)?(?P<author>.+)$", re.I)
REPORT_TO = re.compile(r"^Report\s+to\b\s*:?\s*(?:the\s+)?(?P<committee>.+)$", re.I)
CONTACT_OFFICER = re.compile(
    r"^(?:Contact\s+Officers?|Lead\s+Officers?|Report\s+Authors?|Author)\b\s*[:\-–—]?\s*"
    r"(?P<value>.*)$",
    re.I,
)
CONTACT_DETAILS = re.compile(
    r"^(?:Contact\s+Details?|Tel(?:ephone)?|Phone|E-?mail)\b\.?(?:\s+No\b\.?)?\s*[:\-–—]?\s*"
    r"(?P<value>.*)$",
    re.I,
)
COMMITTEE = re.compile(
    r"^(?P<committee>[A-Za-z][\w&',. -]*\b(?:Panel|Committee|Sub-Committee|Board|Task\s+Group))$",
    re.IGNORECASE,
)
# A label left over once a date or item number has been taken out of its line.
LEFTOVER_LABEL = re.compile(r"^(?:(?:Meeting\s+)?Date(?:\s+of\s+Meeting)?|Item|Meeting)?\W*$", re.I)
SECTION_HEADING = re.compile(r"^(?P<number>\d{1,2})\.?\s+(?P<heading>[A-Za-z(].*)$")
PARAGRAPH = re.compile(r"^(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\.?\s+(?P<text>\S.*)$")
APPENDIX = re.compile(
    r"^Appendix\s+(?P<label>[A-Z0-9]{1,3})\b\s*[:\-–—.]?\s*(?P<title>.*)$", re.IGNORECASE
)
NOTHING = re.compile(r"^(?:none|nil|n/?a|not applicable|there are none)\.?$", re.I)
LINKED = re.compile(r"^(?P<title>.*?)\s*\(?(?P<link>https?://\S+?)\)?\.?$")
MAX_HEADING_LENGTH = 120


@dataclass
class Paragraph:
    """A numbered paragraph ("4.2"). Unnumbered lines that follow it are part of it:
    `parts` are its sub-paragraphs (a list item starts with a bullet)."""

    number: str
    parts: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


@dataclass
class Section:
    number: str
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    # Set when the section was read into a field of its own (recommendations, background
    # documents, appendices), so the page need not repeat it as a section.
    read_into: str = ""


@dataclass
class ListedAppendix:
    label: str
    title: str

    def __str__(self):
        return f"Appendix {self.label} - {self.title}" if self.label else self.title


@dataclass
class BackgroundDocument:
    title: str
    link: str = ""


@dataclass
class AgendaReport:
    committee: str = ""
    meeting_date: datetime.date | None = None
    item_number: str = ""
    title: str = ""
    public: bool | None = None
    exempt_paragraph: int | None = None
    author: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    sections: list[Section] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    background_documents: list[BackgroundDocument] = field(default_factory=list)
    appendices: list[ListedAppendix] = field(default_factory=list)
    summary: str = ""
    unplaced: list[str] = field(default_factory=list)
    to_check: list[str] = field(default_factory=list)

    kind = KIND

    def missing(self) -> list[str]:
        """What the writer cannot do without: where the paper goes and what it is called."""
        needed = {"committee": self.committee, "meeting date": self.meeting_date}
        needed["title"] = self.title
        return [name for name, value in needed.items() if not value]


def looks_like_agenda_report(text: str) -> bool:
    head = "\n".join(text.split("\n")[:25])
    has_item = AGENDA_ITEM.search(head) is not None
    has_report_of = re.search(r"^Report\s+(?:of|to)\b", head, re.I | re.M) is not None
    return has_item or (has_report_of and _first_section_index(text.split("\n")) is not None)


def parse_agenda_report(normalised: str) -> AgendaReport:
    """Parse the output of `text.normalise()`."""
    lines = normalised.split("\n")
    report = AgendaReport()
    start = _first_section_index(lines)
    header = lines if start is None else lines[:start]
    _parse_header(header, report)
    if start is None:
        report.to_check.append("No numbered sections (1. Purpose, 1.1 …) were found.")
    else:
        report.sections = _parse_sections(lines[start:], report)
    _read_special_sections(report)
    return report


def _first_section_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if _is_heading(line, expected=1)), None)


def _is_heading(line: str, expected: int) -> bool:
    match = SECTION_HEADING.match(line)
    return bool(
        match
        and int(match["number"]) == expected
        and len(line) <= MAX_HEADING_LENGTH
        and not line.endswith((".", ",", ";"))
    )


def _parse_header(lines: list[str], report: AgendaReport) -> None:
    blocks: list[list[str]] = [[]]  # runs of unrecognised lines: the title, and leftovers
    for line in lines:
        rest = _read_header_line(line, report) if line else ""
        if rest and blocks[-1] and not _title_runs_on(blocks[-1][-1], rest):
            blocks.append([])
        if rest:
            blocks[-1].append(rest)
        elif blocks[-1]:
            blocks.append([])
    unrecognised = [" ".join(block) for block in blocks if block]
    # The title: the last passage in capitals, else the last before section 1.
    shouting = [text for text in unrecognised if t.is_shouting(text)]
    if unrecognised:
        title = (shouting or unrecognised)[-1]
        report.title = t.title_case(t.strip_end_punctuation(title))
        report.unplaced.extend(text for text in unrecognised if text is not title)
    if len(unrecognised) > 1:
        report.to_check.append(f'The title was taken to be "{report.title}"; check it.')
    if report.public is None:
        report.to_check.append(
            "The report does not say whether it is public or exempt; it was imported as public."
        )


def _title_runs_on(previous: str, line: str) -> bool:
    """A title broken across lines (as PDF text is) goes on in capitals, or in lower case."""
    if t.is_shouting(previous):
        return t.is_shouting(line)
    return line[:1].islower()


def _read_header_line(line: str, report: AgendaReport) -> str:
    """Take what the line tells us into `report`; return what is left unrecognised.

    A field the heading gives twice keeps its first value; the second line is returned,
    to be kept as unplaced text rather than lost."""
    if match := REPORT_OF.match(line):
        if report.author:
            return line
        report.author = t.strip_end_punctuation(match["author"])
        return ""
    if (match := REPORT_TO.match(line)) and not report.committee:
        report.committee = t.title_case(t.strip_end_punctuation(match["committee"]))
        return ""
    if match := CONTACT_OFFICER.match(line):
        if report.contact_name:
            return line
        name = _take_contact_details(match["value"], report)
        report.contact_name = t.strip_end_punctuation(name.strip(" ,–-"))
        return ""
    if match := CONTACT_DETAILS.match(line):
        left_over = (report.contact_email, report.contact_phone)
        _take_contact_details(match["value"], report)
        return line if left_over == (report.contact_email, report.contact_phone) else ""
    rest = line
    if (match := AGENDA_ITEM.search(rest)) and not report.item_number:
        report.item_number = match["number"]
        rest = _cut(rest, match)
    dates = t.find_dates(rest)
    if dates and not report.meeting_date:
        report.meeting_date = dates[0][0]
        rest = _cut(rest, dates[0][1])
    if PUBLIC.match(rest) and report.public is None:
        report.public = True
        return ""
    if (match := EXEMPT.match(rest)) and len(rest) < 100:
        report.public = False
        report.exempt_paragraph = int(match["paragraph"]) if match["paragraph"] else None
        if report.exempt_paragraph is None:
            report.to_check.append(
                "The report is marked exempt but gives no paragraph of Schedule 12A."
            )
        return ""
    if (match := COMMITTEE.match(rest)) and not report.committee:
        report.committee = t.title_case(match["committee"].strip())
        return ""
    return "" if LEFTOVER_LABEL.match(rest) else rest


def _cut(line: str, match: re.Match) -> str:
    return " ".join((line[: match.start()] + " " + line[match.end() :]).split())


def _take_contact_details(value: str, report: AgendaReport) -> str:
    if (email := t.EMAIL.search(value)) and not report.contact_email:
        report.contact_email = email.group(0).rstrip(".")
    if (phone := t.UK_PHONE.search(value)) and not report.contact_phone:
        report.contact_phone = phone.group(0).strip()
    rest = t.UK_PHONE.sub("", t.EMAIL.sub("", value))
    rest = re.sub(r"\b(?:tel(?:ephone)?|phone|e-?mail|mobile)\b\s*:?", "", rest, flags=re.I)
    return " ".join(rest.split())


def _parse_sections(lines: list[str], report: AgendaReport) -> list[Section]:
    sections: list[Section] = []
    for line in lines:
        if not line:
            continue
        if _is_heading(line, expected=len(sections) + 1):
            match = SECTION_HEADING.match(line)
            heading = t.sentence_case(t.strip_end_punctuation(match["heading"]))
            sections.append(Section(number=match["number"], heading=heading))
            continue
        section = sections[-1]
        paragraph = PARAGRAPH.match(line)
        if paragraph and paragraph["major"] == section.number:
            number = f"{paragraph['major']}.{paragraph['minor']}"
            section.paragraphs.append(Paragraph(number=number, parts=[paragraph["text"]]))
        elif paragraph:
            report.to_check.append(
                f"Paragraph {paragraph['major']}.{paragraph['minor']} is in section "
                f"{section.number} ({section.heading}); check the section headings."
            )
            section.paragraphs.append(Paragraph(number="", parts=[line]))
        elif section.paragraphs and t.continues(section.paragraphs[-1].parts[-1], line):
            section.paragraphs[-1].parts[-1] += " " + line
        elif section.paragraphs:
            section.paragraphs[-1].parts.append(line)
        else:
            section.paragraphs.append(Paragraph(number="", parts=[line]))
    for section in sections:
        _check_numbering(section, report)
    return sections


def _check_numbering(section: Section, report: AgendaReport) -> None:
    """The page numbers paragraphs by position; say so when the source skipped a number."""
    numbers = [p.number for p in section.paragraphs]
    expected = [f"{section.number}.{i}" for i in range(1, len(numbers) + 1)]
    if numbers != expected:
        shown = ", ".join(n or "(unnumbered)" for n in numbers)
        report.to_check.append(
            f"Section {section.number} ({section.heading}) numbers its paragraphs {shown}; "
            "the page numbers them in order."
        )


def _read_special_sections(report: AgendaReport) -> None:
    for section in report.sections:
        heading = section.heading.lower()
        parts = [part for paragraph in section.paragraphs for part in paragraph.parts]
        if heading.startswith("recommendation") and not report.recommendations:
            report.recommendations = [p.text for p in section.paragraphs]
            section.read_into = "recommendations"
        elif re.match(r"^(?:list of )?(?:background|source) (?:documents|papers)", heading):
            report.background_documents += [
                _background_document(part) for part in parts if not NOTHING.match(part)
            ]
            section.read_into = "background papers"
        elif heading.startswith("appendi"):
            report.appendices += [_appendix(part) for part in parts if not NOTHING.match(part)]
            section.read_into = "appendices"
        elif heading.startswith("purpose") and section.paragraphs and not report.summary:
            report.summary = section.paragraphs[0].parts[0]


def _background_document(text: str) -> BackgroundDocument:
    text = t.strip_end_punctuation(text)
    if match := LINKED.match(text):
        return BackgroundDocument(title=t.strip_end_punctuation(match["title"]), link=match["link"])
    return BackgroundDocument(title=text)


def _appendix(text: str) -> ListedAppendix:
    text = t.strip_end_punctuation(text)
    if match := APPENDIX.match(text):
        return ListedAppendix(label=match["label"].upper(), title=match["title"].strip())
    return ListedAppendix(label="", title=text)
