"""What importing one file did, and how the command reports it."""

from dataclasses import dataclass, field
from pathlib import Path

from meetings.importers.agenda_report import AgendaReport
from meetings.importers.minutes import APOLOGIES, GUEST, OFFICER, PRESENT, REMOTE, Minutes


@dataclass
class Outcome:
    path: Path
    kind: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)
    document: str = ""
    to_check: list[str] = field(default_factory=list)
    error: str = ""
    stored_files: list[str] = field(default_factory=list)  # to remove if the file fails

    @property
    def ok(self) -> bool:
        return not self.error

    def progress(self, number: int, total: int) -> str:
        prefix = f"[{number}/{total}] {self.path.name}"
        if self.error:
            return f"{prefix}: FAILED: {self.error}"
        return (
            f"{prefix}: {self.kind}; {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.people_created)} people added, "
            f"{len(self.to_check)} to check"
        )

    def details(self) -> list[str]:
        if self.error:
            return []
        lines = [f"    {label}: {value}" for label, value in self.fields]
        lines += [f"    Created: {item}" for item in self.created]
        lines += [f"    Updated (new draft revision): {item}" for item in self.updated]
        lines += [f"    Unchanged: {item}" for item in self.unchanged]
        if self.people_created:
            lines.append(f"    People added (draft): {', '.join(self.people_created)}")
        if self.document:
            lines.append(f"    Original: {self.document}")
        if self.to_check:
            lines.append("    For an editor to check:")
            lines += [f"      - {item}" for item in self.to_check]
        return lines


def summary(outcomes: list[Outcome]) -> str:
    done = [o for o in outcomes if o.ok]
    failed = len(outcomes) - len(done)
    return (
        f"Imported {len(done)} of {len(outcomes)} files ({failed} failed): "
        f"{sum(len(o.created) for o in done)} pages created, "
        f"{sum(len(o.updated) for o in done)} updated, "
        f"{sum(len(o.unchanged) for o in done)} unchanged, "
        f"{sum(len(o.people_created) for o in done)} people added; "
        f"{sum(len(o.to_check) for o in done)} things for an editor to check. "
        "Nothing was published."
    )


def describe(parsed: AgendaReport | Minutes) -> list[tuple[str, str]]:
    """The fields found, for the report; empty ones say so."""
    if isinstance(parsed, AgendaReport):
        return _describe_report(parsed)
    return _describe_minutes(parsed)


def _or_none(value) -> str:
    return str(value) if value not in (None, "", []) else "(not found)"


def _date(value) -> str:
    return f"{value:%-d %B %Y}" if value else "(not found)"


def _describe_report(report: AgendaReport) -> list[tuple[str, str]]:
    if report.public is None:
        visibility = "not stated"
    elif report.public:
        visibility = "public"
    else:
        visibility = f"exempt, paragraph {_or_none(report.exempt_paragraph)}"
    sections = "; ".join(f"{s.number}. {s.heading} ({len(s.paragraphs)})" for s in report.sections)
    return [
        ("Committee", report.committee),
        ("Meeting", _date(report.meeting_date)),
        ("Agenda item", _or_none(report.item_number)),
        ("Title", report.title),
        ("Public or exempt", visibility),
        ("Report of", _or_none(report.author)),
        ("Contact officer", _or_none(report.contact_name)),
        ("E-mail", _or_none(report.contact_email)),
        ("Phone", _or_none(report.contact_phone)),
        ("Sections (paragraphs)", _or_none(sections)),
        ("Recommendations", str(len(report.recommendations))),
        ("Background documents", _or_none("; ".join(d.title for d in report.background_documents))),
        ("Appendices listed", _or_none("; ".join(str(a) for a in report.appendices))),
    ]


def _describe_minutes(minutes: Minutes) -> list[tuple[str, str]]:
    def names(*statuses):
        people = [a.person for a in minutes.attendance if a.status in statuses]
        shown = [f"{p.name} ({p.role})" if p.role else p.name for p in people]
        return f"{len(people)}: {', '.join(shown)}" if people else "none"

    times = (
        f"{minutes.started_at:%H:%M}-{minutes.finished_at:%H:%M}"
        if minutes.started_at and minutes.finished_at
        else _or_none(minutes.started_at)
    )
    return [
        ("Committee", minutes.committee),
        ("Meeting", _date(minutes.meeting_date)),
        ("Venue", _or_none(minutes.venue)),
        ("Present", names(PRESENT, REMOTE)),
        ("Apologies", names(APOLOGIES)),
        ("Officers", names(OFFICER)),
        ("Others", names(GUEST)),
        ("Minutes", "; ".join(f"{i.number}. {i.title}" for i in minutes.items) or "none"),
        ("Resolutions", str(sum(len(i.resolutions) for i in minutes.items))),
        ("Declarations", str(len(minutes.declarations))),
        (
            "Earlier minutes agreed",
            _or_none("; ".join(f"{a.what}, {_date(a.meeting_date)}" for a in minutes.approvals)),
        ),
        ("Chair", _or_none(minutes.chair)),
        ("Times", times),
        ("Forward plan", f"{len(minutes.forward_plan)} paragraphs"),
    ]
