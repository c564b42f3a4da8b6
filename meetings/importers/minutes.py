"""Read the minutes of a meeting: heading, attendance, numbered minutes, signature and times,
as in the seed:

MINUTES OF A MEETING OF THE Cambridgeshire Police and Crime Panel HELD AT … ON 25 September 2024
Members Present: Claire George (Chair), Anna Bradnam … and Julie Kerr.
Officers Present: Neil McArthur (Monitoring Officer PCC) and …
Others: Darryl Preston (Police and Crime Commissioner), …
1. Apologies for Absence
Apologies for absence were received from Councillors; John Gowing and Christine Wheelan.
…
4. Police and Crime Plan 2024/28 - Public Consultation
The report discussed …
RESOLVED:
The Panel, having reviewed …
CHAIRMAN
1.30 - 2.40 pm
"""

import datetime
import re
from dataclasses import dataclass, field

from meetings.importers import text as t
from meetings.importers.people import NamedPerson, parse_people

KIND = "minutes"

# Attendance statuses, spelt as meetings.models.Attendance.Status (this module has no models).
PRESENT, REMOTE, APOLOGIES, SUBSTITUTE, ABSENT, OFFICER, GUEST = (
    "present",
    "remote",
    "apologies",
    "substitute",
    "absent",
    "officer",
    "guest",
)
ATTENDANCE_LABELS = [
    (re.compile(r"^(?:panel\s+)?(?:members|councillors)\s+present$|^present$", re.I), PRESENT),
    (re.compile(r"^officers(?:\s+(?:present|in\s+attendance))?$", re.I), OFFICER),
    (
        re.compile(
            r"^(?:others(?:\s+(?:present|in\s+attendance))?|also\s+(?:present|in\s+attendance)"
            r"|in\s+attendance)$",
            re.I,
        ),
        GUEST,
    ),
    (re.compile(r"^apologies(?:\s+for\s+absence)?(?:\s+received)?$", re.I), APOLOGIES),
    (re.compile(r"^substitutes?(?:\s+present)?$", re.I), SUBSTITUTE),
    (re.compile(r"^absent$", re.I), ABSENT),
]
ATTENDANCE_LINE = re.compile(r"^(?P<label>[A-Za-z ]{3,40}?)\s*:\s*(?P<names>.*)$")
NAME_AND_ROLE = r"^[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}\s*\("
REMOTE_ROLE = re.compile(r"^(?:remote(?:ly)?|virtual(?:ly)?|online|via\s+\w+)$", re.I)
HEADING = re.compile(
    r"^.*?\bminutes\s+of\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:meeting|hearing)\s+of\s+"
    r"(?:the\s+)?(?P<committee>.+?)(?:\s+held\b(?P<rest>.*))?$",
    re.IGNORECASE,
)
VENUE = re.compile(r"^\s*(?:at|in)\s+(?P<venue>.*?)\s*(?:\bon\b|$)", re.IGNORECASE)
VENUE_AFTER_DATE = re.compile(
    r"^\s*,?\s*(?:at\s+\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?\s*)?(?:at|in)\s+(?P<venue>\S.*)$",
    re.IGNORECASE,
)
ITEM_HEADING = re.compile(r"^(?P<number>\d{1,3})\.?\s+(?P<title>[A-Za-z(\"'].*)$")
MAX_TITLE_LENGTH = 200
RESOLVED = re.compile(r"^(?:RESOLVED\b|Resolved(?=\s*[:\-–]|\s+that\b))\s*[:\-–]?\s*(?P<rest>.*)$")
# "CHAIRMAN", "Signed ...... Chair", "Chair: Claire George": the signature block, not a minute.
SIGNATURE = re.compile(
    r"^(?:(?i:signed)\b[\s:._]*)?(?i:chair(?:man|person|woman)?)\b"
    r"(?:\s*:\s*(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,3}))?[\s._]*$"
)
APOLOGIES_RECEIVED = re.compile(
    r"apologies(?:\s+for\s+absence)?\s+(?:were|was|had\s+been)\s+received\s+from\s*(?P<names>.+)$",
    re.IGNORECASE,
)
NO_APOLOGIES = re.compile(r"^(?:there\s+were\s+no\s+apologies|no\s+apologies|none)\b", re.I)
NONE_DECLARED = re.compile(
    r"^(?:there\s+were\s+(?:none|no\s+declarations)|none(?:\s+declared)?|no\s+declarations)",
    re.IGNORECASE,
)
# The name is case-sensitive (capitalised words), so "The member declared …" is not a name.
DECLARED = re.compile(
    r"^(?:Councillor\s+|Cllr\.?\s+)?(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,3})\s+"
    r"(?i:declared\s+an?\s+"
    r"(?P<kind>(?:disclosable\s+)?pecuniary|non[-\s]registrable|(?:other\s+)?registrable)\s+"
    r"interest(?:\s+in\s+(?:agenda\s+)?(?:item|minute)\s+(?P<item>\d{1,3}))?)"
)
APPROVED_MINUTES = re.compile(
    r"minutes\s+of\s+the\s+(?P<what>[\w\s-]*?(?:meeting|hearing))\s+held\s+(?:on\s+)?",
    re.IGNORECASE,
)
AGREED = re.compile(r"\b(?:agreed|approved|confirmed|signed)\b|correct\s+record", re.IGNORECASE)


@dataclass
class Attendee:
    person: NamedPerson
    status: str

    @property
    def role(self) -> str:
        return self.person.role


@dataclass
class MinuteEntry:
    number: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)


@dataclass
class DeclarationEntry:
    person: NamedPerson
    kind: str  # as meetings.models.Declaration.Kind: pecuniary, registrable, non-registrable
    item_number: str
    text: str


@dataclass
class Approval:
    """The minutes of an earlier meeting, agreed at this one."""

    meeting_date: datetime.date | None
    what: str  # "previous meeting", "confirmation hearing"
    text: str


@dataclass
class Minutes:
    committee: str = ""
    meeting_date: datetime.date | None = None
    venue: str = ""
    attendance: list[Attendee] = field(default_factory=list)
    items: list[MinuteEntry] = field(default_factory=list)
    declarations: list[DeclarationEntry] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    started_at: datetime.time | None = None
    finished_at: datetime.time | None = None
    chair: str = ""
    signed_by_chair: bool = False
    forward_plan: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    to_check: list[str] = field(default_factory=list)

    kind = KIND

    def missing(self) -> list[str]:
        needed = {"committee": self.committee, "meeting date": self.meeting_date}
        return [name for name, value in needed.items() if not value]

    def people(self, status: str) -> list[NamedPerson]:
        return [a.person for a in self.attendance if a.status == status]


def looks_like_minutes(text: str) -> bool:
    head = " ".join(line for line in text.split("\n")[:10] if line)
    return re.search(r"^\W*minutes\s+of\b", head, re.IGNORECASE) is not None


def parse_minutes(normalised: str) -> Minutes:
    """Parse the output of `text.normalise()`."""
    minutes = Minutes()
    lines = _take_trailer(normalised.split("\n"), minutes)
    first_item = _first_item_index(lines)
    before_items = lines if first_item is None else lines[:first_item]
    _parse_heading_and_attendance(before_items, minutes)
    if first_item is None:
        minutes.to_check.append("No numbered minutes (1. Apologies, 2. …) were found.")
    else:
        minutes.items = _parse_items(lines[first_item:])
    for item in minutes.items:
        _read_special_item(item, minutes)
    chairs = [a.person.name for a in minutes.attendance if _is_chair_role(a.role)]
    minutes.chair = minutes.chair or (chairs[0] if chairs else "")
    if not minutes.chair:
        minutes.to_check.append("No chair was found (no one is marked Chair in attendance).")
    if minutes.started_at is None:
        minutes.to_check.append("No start and finish times were found.")
    return minutes


def _is_chair_role(role: str) -> bool:
    return re.fullmatch(r"chair(?:man|person|woman)?", role.strip(), re.IGNORECASE) is not None


def _take_trailer(lines: list[str], minutes: Minutes) -> list[str]:
    """Take the chair's signature line and the times out, wherever they are."""
    kept = []
    for line in lines:
        times = t.parse_time_range(line)
        signature = SIGNATURE.match(line) if len(line) < 60 else None
        if times:
            minutes.started_at, minutes.finished_at = times
        elif signature:
            minutes.signed_by_chair = True
            minutes.chair = minutes.chair or (signature["name"] or "").strip()
        else:
            started, finished = t.parse_time_sentences(line)
            if started or finished:
                minutes.started_at = started or minutes.started_at
                minutes.finished_at = finished or minutes.finished_at
            kept.append(line)
    return kept


def _first_item_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if _item_heading(line, None)), None)


def _item_heading(line: str, previous: str | None) -> re.Match | None:
    """A numbered minute heading: the next number in sequence, short, no full stop."""
    match = ITEM_HEADING.match(line)
    if not match or len(line) > MAX_TITLE_LENGTH or line.endswith((".", ",", ";", ":")):
        return None
    if previous is not None and int(match["number"]) != int(previous) + 1:
        return None
    return match


def _parse_heading_and_attendance(lines: list[str], minutes: Minutes) -> None:
    heading: list[str] = []
    status = None  # the attendance list a continuation line belongs to
    lists: list[tuple[str, str]] = []
    for line in lines:
        if not line:
            status = None
            continue
        labelled = ATTENDANCE_LINE.match(line)
        label_status = _attendance_status(labelled["label"]) if labelled else None
        if label_status:
            status = label_status
            lists.append((status, labelled["names"]))
        elif status and _list_runs_on(lists[-1][1], line):
            lists[-1] = (status, lists[-1][1] + " " + line)
        elif not lists and not minutes.committee:
            heading.append(line)
        else:
            minutes.unplaced.append(line)
    _read_heading(" ".join(heading), minutes)
    for status, names in lists:
        _add_attendees(names, status, minutes)


def _list_runs_on(names: str, line: str) -> bool:
    """Is `line` the rest of a list of names that a converter broke (as PDF text is)?

    It is if the list stopped mid-way (after a comma, "and", inside parentheses), or if
    the line goes on listing (lower case, "and", or commas) before the list was ended."""
    names = names.strip()
    if re.search(r"(?:[,;&(]|\band)$", names) or names.count("(") > names.count(")"):
        return True
    if re.match(r"^(?:and\b|&|\(|[a-z])", line):
        return True
    if names.endswith("."):
        return False
    last_entry = re.split(r",|\band\b", names)[-1].strip()
    a_given_name_alone = re.fullmatch(r"[A-Z][\w'-]*", last_entry) is not None
    looks_like_a_list = "," in line or " and " in line or re.match(NAME_AND_ROLE, line)
    return a_given_name_alone or bool(looks_like_a_list)


def _attendance_status(label: str) -> str | None:
    label = " ".join(label.split())
    return next((status for pattern, status in ATTENDANCE_LABELS if pattern.match(label)), None)


def _read_heading(heading: str, minutes: Minutes) -> None:
    match = HEADING.match(heading)
    if not match:
        if heading:
            minutes.unplaced.append(heading)
        return
    committee, rest = match["committee"], match["rest"]
    if rest is None:  # "Minutes of the … Panel, 25 September 2024": no "held"
        dates = t.find_dates(committee)
        cut = dates[0][1].start() if dates else len(committee)
        committee, rest = committee[:cut], committee[cut:]
        committee = re.sub(r"(?:\s+(?:on|at)|,)\s*$", "", committee.strip(), flags=re.I)
    minutes.committee = t.title_case(t.strip_end_punctuation(committee))
    dates = t.find_dates(rest)
    minutes.meeting_date = dates[0][0] if dates else None
    if (
        (venue := VENUE.match(rest))
        or dates
        and (venue := VENUE_AFTER_DATE.match(rest[dates[0][1].end() :]))
    ):
        minutes.venue = t.strip_end_punctuation(venue["venue"])
    if not minutes.venue:
        minutes.to_check.append("The minutes do not say where the meeting was held.")


def _add_attendees(names: str, status: str, minutes: Minutes) -> None:
    people, rejected = parse_people(t.strip_end_punctuation(names))
    for person in people:
        person_status = status
        if status == PRESENT and REMOTE_ROLE.match(person.role):
            person_status = REMOTE
            person = NamedPerson(person.name, person.honorific, role="")
        minutes.attendance.append(Attendee(person=person, status=person_status))
    for entry in rejected:
        minutes.unplaced.append(entry)
        minutes.to_check.append(f'"{entry}" in the attendance is not a name; it went to the notes.')


def _parse_items(lines: list[str]) -> list[MinuteEntry]:
    items: list[MinuteEntry] = []
    target: list[str] | None = None  # the paragraphs or resolutions being written
    for line in lines:
        if not line:
            continue
        heading = _item_heading(line, items[-1].number if items else None)
        if heading:
            title = t.title_case(t.strip_end_punctuation(heading["title"]))
            items.append(MinuteEntry(number=heading["number"], title=title))
            target = items[-1].paragraphs
            continue
        item = items[-1]
        resolved = RESOLVED.match(line)
        if not item.paragraphs and not item.resolutions and _title_runs_on(item.title):
            item.title += " " + line  # a long title, broken across lines
        elif resolved:
            item.resolutions.append(resolved["rest"])
            target = item.resolutions
        elif target and target[-1] and t.continues(target[-1], line):
            target[-1] += " " + line
        elif target is item.resolutions and not target[-1]:
            target[-1] = line  # "RESOLVED:" stood alone; its wording follows
        elif target is item.resolutions:
            target[-1] += "\n" + line  # a further paragraph of the same resolution
        else:
            target.append(line)
    return items


def _title_runs_on(title: str) -> bool:
    """A title that stops on "in", "of", "and" or a dash was broken across lines."""
    last = title.rsplit(" ", 1)[-1].lower()
    return last in t.SMALL_WORDS or last in {"-", "–", "&"} or title.endswith(",")


def _read_special_item(item: MinuteEntry, minutes: Minutes) -> None:
    title = item.title.lower()
    if title.startswith("apologies"):
        _read_apologies(item, minutes)
    elif "declaration" in title and "interest" in title:
        _read_declarations(item, minutes)
    elif title.startswith("minutes"):
        _read_approvals(item, minutes)
    elif re.search(r"forward\s+plan|work\s+(?:programme|plan)", title):
        minutes.forward_plan = list(item.paragraphs)


def _read_apologies(item: MinuteEntry, minutes: Minutes) -> None:
    for paragraph in item.paragraphs:
        if received := APOLOGIES_RECEIVED.search(paragraph):
            _add_attendees(received["names"], APOLOGIES, minutes)
        elif not NO_APOLOGIES.match(paragraph):
            minutes.to_check.append(
                f"Minute {item.number} ({item.title}) says more than who sent apologies "
                "(substitutes?); check the attendance."
            )


def _read_declarations(item: MinuteEntry, minutes: Minutes) -> None:
    for paragraph in item.paragraphs:
        if NONE_DECLARED.match(paragraph):
            continue
        declared = DECLARED.match(paragraph)
        if declared:
            kind = re.sub(r"\s+", "-", declared["kind"].lower())
            kind = kind.removeprefix("disclosable-").removeprefix("other-")
            minutes.declarations.append(
                DeclarationEntry(
                    person=NamedPerson(declared["name"]),
                    kind=kind,
                    item_number=declared["item"] or "",
                    text=paragraph,
                )
            )
        else:
            minutes.to_check.append(
                f'Minute {item.number}: could not read "{paragraph[:80]}" as a declaration; '
                "add it by hand."
            )


def _read_approvals(item: MinuteEntry, minutes: Minutes) -> None:
    for paragraph in item.paragraphs + item.resolutions:
        if not AGREED.search(paragraph):
            continue
        mentions = list(APPROVED_MINUTES.finditer(paragraph))
        for mention in mentions:
            dates = t.find_dates(paragraph[mention.end() : mention.end() + 40])
            what = " ".join(mention["what"].split())
            if dates and dates[0][1].start() == 0:
                minutes.approvals.append(Approval(dates[0][0], what, paragraph))
        if not mentions and re.search(r"previous\s+meeting", paragraph, re.I):
            minutes.approvals.append(Approval(None, "previous meeting", paragraph))
        if re.search(r"\bsubject\s+to\b", paragraph, re.IGNORECASE):
            minutes.to_check.append(
                f"Minute {item.number}: earlier minutes were agreed subject to changes; "
                "make them on those minutes."
            )
