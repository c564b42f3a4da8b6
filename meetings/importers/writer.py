"""Write parsed documents into the page tree as drafts.

Nothing is published. A new page is created with live=False; an existing page gets a new
draft revision built on its latest one, so an editor's unpublished changes are kept and
imported content goes through moderation like any other edit. A page that has never
been published also has its own row updated, as Wagtail's editor does; that is what lets
minutes point at the agenda items of a draft meeting.

A second run finds what the first made: the committee by name, the meeting by committee
and date, the paper by its meeting's agenda item number (else by title and date), the
minutes by meeting, people by name. A page whose content would not change gets no new
revision. Call `write()` inside a transaction: one document touches several pages.
"""

import datetime
import hashlib
import html
import json
import re

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.fields import StreamField
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, Site

from home.models import HomePage
from meetings.exempt import ExemptParagraph
from meetings.importers import ImportFailed
from meetings.importers import minutes as m
from meetings.importers.agenda_report import AgendaReport, Paragraph
from meetings.importers.outcome import Outcome
from meetings.importers.people import NamedPerson
from meetings.importers.sources import Source
from meetings.importers.text import BULLET
from meetings.models import (
    AgendaItem,
    Appendix,
    Attendance,
    CommitteeDocument,
    CommitteeIndexPage,
    CommitteePage,
    Declaration,
    MeetingPage,
    MinuteItem,
    MinutesPage,
    PaperIndexPage,
    PaperPage,
    PersonIndexPage,
    PersonPage,
    Venue,
)

DEFAULT_START = datetime.time(10, 0)
ORIGINALS_COLLECTION = "Imported originals"
UNPLACED_HEADING = "Unplaced text"
PAPER_TYPES = [
    (r"\bannual report\b", PaperPage.PaperType.ANNUAL_REPORT),
    (r"\bprecept\b", PaperPage.PaperType.PRECEPT),
    (r"\bconfirmation hearing\b", PaperPage.PaperType.CONFIRMATION_HEARING),
    (r"\bpolice and crime plan\b", PaperPage.PaperType.PLAN),
    (r"\b(?:work programme|forward plan)\b", PaperPage.PaperType.WORK_PROGRAMME),
    (r"\bdecision notice", PaperPage.PaperType.DECISION_NOTICE),
]


def write(parsed: AgendaReport | m.Minutes, source: Source, outcome: Outcome) -> None:
    writer = DraftWriter(outcome)
    if isinstance(parsed, AgendaReport):
        write_report(writer, parsed, source)
    else:
        write_minutes(writer, parsed, source)


class DraftWriter:
    """Finds and saves pages for one document, and notes what it did in `outcome`."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        self.home = _home_page()

    def index(self, model, slug: str, title: str):
        """The section page under home (Committees, Papers, People).

        Created live if missing: it holds no content of its own and every page imported
        under it is a draft, while a draft index would leave its own URL a 404 after
        editors publish what is under it."""
        page = model.objects.child_of(self.home).first()
        if page is None:
            page = model(title=title, slug=find_available_slug(self.home, slug))
            self.home.add_child(instance=page)
            page.save_revision().publish()
            self.outcome.created.append(f"index page '{title}' (live: it has no content)")
        return page

    def committee(self, name: str) -> CommitteePage:
        found = CommitteePage.objects.filter(Q(title__iexact=name) | Q(draft_title__iexact=name))
        committee = found.order_by("pk").first()
        if committee is None:
            index = self.index(CommitteeIndexPage, "committees", "Committees")
            committee = CommitteePage(title=name, slug=find_available_slug(index, slugify(name)))
            self.commit(committee, f"committee '{name}'", parent=index)
            self.outcome.to_check.append(
                f"The committee '{name}' was new: check it, then publish it with its meetings."
            )
        return committee

    def find_meeting(self, committee: CommitteePage, date: datetime.date) -> MeetingPage | None:
        zone = timezone.get_default_timezone()
        day = datetime.datetime.combine(date, datetime.time(0), tzinfo=zone)
        meetings = MeetingPage.objects.child_of(committee).filter(
            start__gte=day, start__lt=day + datetime.timedelta(days=1)
        )
        return meetings.order_by("start").first()

    def new_meeting(
        self, committee: CommitteePage, date: datetime.date, start: datetime.time | None = None
    ) -> MeetingPage:
        if start is None:
            self.outcome.to_check.append(
                f"The meeting of {date:%-d %B %Y} was new: check its start time "
                f"({DEFAULT_START:%H:%M} is a default) and venue."
            )
        return MeetingPage(
            title=f"{committee.title}, {date:%-d %B %Y}",
            slug=find_available_slug(committee, date.isoformat()),
            start=_at(date, start or DEFAULT_START),
        )

    def person(self, named: NamedPerson, status: str) -> PersonPage | None:
        """The person page for a name, created as a draft if there is none.

        None for a one-word name: a person page needs a given and a family name."""
        found = PersonPage.objects.filter(
            Q(title__iexact=named.name) | Q(draft_title__iexact=named.name)
        ).order_by("pk")
        person = found.first()
        if person is not None:
            return person
        if not named.given_name or not named.family_name:
            return None
        index = self.index(PersonIndexPage, "people", "People")
        kind = _person_kind(status, named.role)
        person = PersonPage(
            title=named.name,
            slug=find_available_slug(index, slugify(named.name)),
            honorific=named.honorific,
            given_name=named.given_name[:100],
            family_name=named.family_name[:100],
            kind=kind,
            job_title=named.role[:255] if status in (m.OFFICER, m.GUEST) else "",
            live=False,
        )
        index.add_child(instance=person)
        person.save_revision()
        self.outcome.people_created.append(named.name)
        return person

    def commit(self, page, label: str, parent=None, before: str | None = None) -> None:
        """Save `page` as a draft: create it, or give it a new revision if it changed."""
        if page.pk is None:
            page.live = False
            parent.add_child(instance=page)
            page.save_revision()
            self.outcome.created.append(f"{label} (draft)")
        elif before is not None and _snapshot(page) == before:
            self.outcome.unchanged.append(label)
        else:
            if not page.live:
                page.save()
            page.save_revision()
            self.outcome.updated.append(label)

    def keep_original(self, source: Source, title: str) -> CommitteeDocument | None:
        """Keep a PDF, DOCX or ODT as a document, once per content (sha256).

        A text file is not kept: it is a conversion, not what was published, and Quorum's
        documents are PDF, DOCX or ODT (see CommitteeDocumentForm)."""
        if not source.is_original_format:
            self.outcome.document = "not kept: a text file is a conversion, not the original"
            return None
        document = CommitteeDocument.objects.filter(sha256=source.sha256).order_by("pk").first()
        if document is not None:
            self.outcome.document = f"already stored as document {document.pk} '{document.title}'"
            return document
        data = source.read()
        collection = self._originals_collection()
        document = CommitteeDocument(
            title=title[:255],
            collection=collection,
            mime_type=source.mime_type,
            size=len(data),
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's own hash
            sha256=source.sha256,
            page_count=source.page_count,
        )
        document.file.save(source.path.name, ContentFile(data), save=False)
        self.outcome.stored_files.append(document.file.name)
        document.save()
        self.outcome.document = (
            f"stored as document {document.pk} '{document.title}' in the collection "
            f"'{collection.name}' (signed-in users only until an editor moves it)"
        )
        return document

    def _originals_collection(self) -> Collection:
        """Where originals wait for an editor: restricted, because their pages are drafts
        and an exempt report's original must not be served to the public."""
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=ORIGINALS_COLLECTION).first()
        if collection is None:
            collection = root.add_child(name=ORIGINALS_COLLECTION)
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=BaseViewRestriction.LOGIN
            )
        return collection


def write_report(writer: DraftWriter, report: AgendaReport, source: Source) -> None:
    outcome = writer.outcome
    if report.public is False and report.exempt_paragraph is None:
        raise ImportFailed(
            "The report is marked exempt but gives no paragraph of Schedule 12A, so it "
            "cannot be recorded as exempt; nothing was imported. Add it by hand."
        )
    committee = writer.committee(report.committee)
    meeting = writer.find_meeting(committee, report.meeting_date)
    meeting_before = None
    if meeting is not None:
        meeting, meeting_before = _working_copy(meeting)

    existing = _find_paper(meeting, report)
    index, paper_before = None, None
    if existing is None:
        index = writer.index(PaperIndexPage, "papers", "Papers")
        paper = PaperPage(slug=find_available_slug(index, slugify(report.title)[:255]))
    else:
        paper, paper_before = _working_copy(existing)
    _fill_paper(paper, report)
    where = f"{report.meeting_date:%-d %B %Y}"
    if report.item_number:
        where = f"agenda item {report.item_number}, {where}"
    original = writer.keep_original(source, f"{report.title} ({where})")
    _attach_original(writer, paper, original, "paper's report file")
    writer.commit(paper, f"paper '{report.title}'", parent=index, before=paper_before)

    if report.item_number:
        if meeting is None:
            meeting = writer.new_meeting(committee, report.meeting_date)
        agenda = _ensure_agenda_items(meeting, [(report.item_number, report.title)])
        item = agenda[report.item_number]
        papers = _papers_of(item)
        if paper.pk not in [p.pk for p in papers]:
            item.papers.set([*papers, paper])
        writer.commit(
            meeting, f"meeting '{meeting.title}'", parent=committee, before=meeting_before
        )
    else:
        outcome.to_check.append(
            "No agenda item number: the paper is not on any meeting's agenda; add it."
        )

    for appendix in paper.appendices.all():
        if appendix.document_id is None:
            outcome.to_check.append(
                f"{appendix} has no file yet (the page shows it as to follow): upload it "
                "and choose it in the paper's appendix."
            )
    if report.summary:
        outcome.to_check.append("The summary is the first paragraph of Purpose; shorten it.")
    if report.unplaced:
        outcome.to_check.append(
            f"{len(report.unplaced)} passage(s) could not be placed; they are in the last "
            f"section, '{UNPLACED_HEADING}': move or delete them."
        )
    if not report.contact_name:
        outcome.to_check.append("No contact officer was found.")
    if report.exempt_paragraph:
        outcome.to_check.append(
            "The paper is exempt: write a short public reason (a default was filled in)."
        )


def _attach_original(writer: DraftWriter, page, document, field_label: str) -> None:
    """Make the kept original the page's file (paper: OParl mainFile; minutes:
    resultsProtocol), unless the page has a file already (an editor's choice is kept)."""
    if document is None:
        return
    if page.document_id is None:
        page.document = document
        writer.outcome.to_check.append(
            f"The original is document {document.pk}, attached as the {field_label}; it stays "
            f"private in the collection '{ORIGINALS_COLLECTION}' until an editor moves it to "
            "a public collection."
        )
    elif page.document_id != document.pk:
        writer.outcome.to_check.append(
            f"The {field_label} is already document {page.document_id}; the original, document "
            f"{document.pk}, was kept but not attached."
        )


def _find_paper(meeting: MeetingPage | None, report: AgendaReport) -> PaperPage | None:
    """The paper on the meeting's agenda item with this number: the one with this title,
    or the only one (an editor may have retitled it); else a paper with this title and date."""
    title = Q(title__iexact=report.title) | Q(draft_title__iexact=report.title)
    if meeting is not None and report.item_number:
        for item in meeting.agenda_items.all():
            papers = _papers_of(item) if item.number == report.item_number else []
            same_title = [p for p in papers if report.title.lower() in _titles(p)]
            if same_title or len(papers) == 1:
                return (same_title or papers)[0].specific
    return PaperPage.objects.filter(title, date=report.meeting_date).order_by("pk").first()


def _titles(page) -> set[str]:
    return {page.title.lower(), (page.draft_title or page.title).lower()}


def _papers_of(item: AgendaItem) -> list[PaperPage]:
    try:
        return list(item.papers.all())
    except ValueError:  # a new agenda item, never saved, has none
        return []


def _fill_paper(paper: PaperPage, report: AgendaReport) -> None:
    paper.title = report.title[:255]
    paper.date = report.meeting_date
    paper.paper_type = _paper_type(report.title)
    paper.author = report.author[:255]
    paper.contact_name = report.contact_name[:255]
    paper.contact_email = report.contact_email
    paper.contact_phone = report.contact_phone[:50]
    paper.exempt_paragraph = report.exempt_paragraph
    if report.exempt_paragraph and not paper.exempt_reason:
        label = ExemptParagraph(report.exempt_paragraph).label
        paper.exempt_reason = label.split(". ", 1)[-1]
    paper.summary = report.summary
    paper.recommendations = "".join(_html_paragraphs(report.recommendations))
    # Sections keep their printed numbers, so "as noted in paragraph 3" still points at
    # section 3 once the recommendations (section 2) live in their own field. A section
    # read into a field (recommendations, background papers, appendices) is not repeated.
    sections = [
        {
            "type": "section",
            "value": {
                "number": section.number[:10],
                "heading": section.heading[:200],
                "paragraphs": [_paragraph_html(p) for p in section.paragraphs],
            },
        }
        for section in report.sections
        if not section.read_into
    ]
    if report.unplaced:
        last = report.sections[-1].number if report.sections else "0"
        sections.append(
            {
                "type": "section",
                "value": {
                    "number": str(int(last) + 1) if last.isdigit() else "",
                    "heading": UNPLACED_HEADING,
                    "paragraphs": _html_paragraphs(report.unplaced),
                },
            }
        )
    _set_stream(paper, "body", sections)
    background = [
        {
            "type": "background_paper",
            "value": {"title": doc.title[:500], "link": doc.link, "document": None},
        }
        for doc in report.background_documents
    ]
    _set_stream(paper, "background_papers", background)
    _list_appendices(paper, report)


def _list_appendices(paper: PaperPage, report: AgendaReport) -> None:
    """Add the appendices the report lists and the paper lacks, without a file (the page
    shows them "to follow"). Appendices already there, with the file an editor attached
    or one they added, are kept as they are."""
    appendices = list(paper.appendices.all())
    labels = {a.label.upper() for a in appendices if a.label}
    titles = {a.title.lower() for a in appendices}
    added = False
    for listed in report.appendices:
        if (listed.label and listed.label.upper() in labels) or listed.title.lower() in titles:
            continue
        appendices.append(
            Appendix(label=listed.label[:10], title=listed.title[:500], document=None)
        )
        added = True
    if added:
        for order, appendix in enumerate(appendices):
            appendix.sort_order = order
        paper.appendices = appendices


def _paper_type(title: str) -> str:
    for pattern, paper_type in PAPER_TYPES:
        if re.search(pattern, title, re.IGNORECASE):
            return paper_type
    return PaperPage.PaperType.REPORT


def write_minutes(writer: DraftWriter, minutes: m.Minutes, source: Source) -> None:
    outcome = writer.outcome
    committee = writer.committee(minutes.committee)
    date = minutes.meeting_date
    meeting = writer.find_meeting(committee, date)
    meeting_before = None
    if meeting is None:
        meeting = writer.new_meeting(committee, date, start=minutes.started_at)
    else:
        meeting, meeting_before = _working_copy(meeting)
    if minutes.started_at:
        meeting.start = _at(date, minutes.started_at)
        meeting.end = _at(date, minutes.finished_at) if minutes.finished_at else meeting.end
    _set_venue(meeting, minutes.venue, outcome)
    agenda = _ensure_agenda_items(meeting, [(item.number, item.title) for item in minutes.items])
    writer.commit(meeting, f"meeting '{meeting.title}'", parent=committee, before=meeting_before)

    page = MinutesPage.objects.child_of(meeting).first()
    page_before = None
    if page is None:
        title = f"Minutes: {committee.title}, {date:%-d %B %Y}"
        page = MinutesPage(title=title, slug="minutes")
    else:
        page, page_before = _working_copy(page)
    _fill_minutes(writer, page, minutes, agenda)
    original = writer.keep_original(source, f"Minutes: {committee.title}, {date:%-d %B %Y}")
    _attach_original(writer, page, original, "minutes file")
    writer.commit(page, f"minutes '{page.title}'", parent=meeting, before=page_before)

    unlinked = [n for n, item in agenda.items() if item.pk is None]
    if unlinked:
        outcome.to_check.append(
            f"The meeting is live, so its new agenda items ({', '.join(unlinked)}) wait in a "
            "draft; after publishing it, link the minutes to them."
        )
    _record_approvals(writer, committee, meeting, minutes)
    if outcome.people_created:
        outcome.to_check.append(
            f"{len(outcome.people_created)} people were added as drafts: check their names and "
            "councils, and publish them."
        )
    if minutes.unplaced:
        outcome.to_check.append(
            f"{len(minutes.unplaced)} passage(s) could not be placed; they are in the notes."
        )


def _fill_minutes(writer: DraftWriter, page: MinutesPage, minutes: m.Minutes, agenda) -> None:
    people = {}

    def person(named: NamedPerson, status: str) -> PersonPage | None:
        key = named.name.lower()
        if key not in people:
            people[key] = writer.person(named, status)
        return people[key]

    attendance = []
    for attendee in minutes.attendance:
        page_for = person(attendee.person, attendee.status)
        attendance.append(
            Attendance(
                person=page_for,
                name="" if page_for else attendee.person.name,
                status=attendee.status,
                role=attendee.role[:255],
            )
        )
        if page_for is None:
            writer.outcome.to_check.append(
                f"'{attendee.person.name}' has no person page (a one-word name)."
            )
    _replace_children(page, "attendance", attendance, key=_attendance_key)

    items = [
        MinuteItem(
            number=entry.number,
            title=entry.title[:500],
            narrative="".join(_html_paragraphs(entry.paragraphs)),
            resolutions=[
                {"type": "resolution", "value": {"text": text, "outcome": "agreed"}}
                for text in entry.resolutions
            ],
            agenda_item=agenda[entry.number] if agenda[entry.number].pk else None,
        )
        for entry in minutes.items
    ]
    _replace_children(page, "items", items, key=lambda item: item.number)

    declarations = []
    for entry in minutes.declarations:
        declared_by = person(entry.person, m.PRESENT)
        if declared_by is None:
            writer.outcome.to_check.append(f"Add the declaration by {entry.person.name} by hand.")
            continue
        declarations.append(
            Declaration(
                person=declared_by,
                kind=entry.kind,
                agenda_item=_saved(agenda.get(entry.item_number)),
                text=entry.text,
            )
        )
    _replace_children(page, "declarations", declarations, key=lambda d: (d.person_id, d.kind))

    if minutes.chair:
        chair = next(
            (a.person for a in minutes.attendance if a.person.name == minutes.chair),
            NamedPerson(minutes.chair),
        )
        page.chair = person(chair, m.PRESENT)
    page.started_at = minutes.started_at
    page.finished_at = minutes.finished_at
    page.forward_plan = "".join(_html_paragraphs(minutes.forward_plan))
    page.notes = "".join(_html_paragraphs(minutes.unplaced))


def _attendance_key(attendance: Attendance):
    return (attendance.person_id or attendance.name, attendance.status)


def _saved(item: AgendaItem | None) -> AgendaItem | None:
    return item if item is not None and item.pk else None


def _record_approvals(writer, committee, meeting: MeetingPage, minutes: m.Minutes) -> None:
    """Mark the earlier minutes that this meeting agreed as approved (as a draft revision)."""
    outcome = writer.outcome
    for approval in minutes.approvals:
        if approval.meeting_date:
            earlier = writer.find_meeting(committee, approval.meeting_date)
            when = f"{approval.meeting_date:%-d %B %Y}"
        else:
            earlier = (
                MeetingPage.objects.child_of(committee)
                .filter(start__lt=meeting.start)
                .order_by("-start")
                .first()
            )
            when = ""
            if earlier is not None:
                when = f"{timezone.localtime(earlier.start):%-d %B %Y}"
                outcome.to_check.append(
                    f"'The previous meeting' was taken to be the meeting of {when}; check "
                    "that its minutes are the ones agreed."
                )
        if earlier is None:
            outcome.to_check.append(
                f"The minutes of the {approval.what} of {when or 'an earlier date'} were agreed, "
                "but that meeting is not in Quorum; import its minutes, then these again."
            )
            continue
        earlier_minutes = MinutesPage.objects.child_of(earlier).first()
        if earlier_minutes is None:
            outcome.to_check.append(
                f"The minutes of the {approval.what} of {when} were agreed, but that meeting "
                "has no minutes in Quorum; import them, then these again."
            )
            continue
        earlier_minutes, before = _working_copy(earlier_minutes)
        if earlier_minutes.approved_at_id not in (None, meeting.pk):
            outcome.to_check.append(
                f"The minutes of {when} are already recorded as approved at another meeting; "
                "left as they were."
            )
            continue
        earlier_minutes.status = MinutesPage.Status.APPROVED
        earlier_minutes.approved_at_id = meeting.pk
        writer.commit(
            earlier_minutes, f"minutes '{earlier_minutes.title}' (approved)", before=before
        )


def _set_venue(meeting: MeetingPage, venue_name: str, outcome: Outcome) -> None:
    if not venue_name or meeting.venue_id:
        return
    venue = Venue.objects.filter(name__iexact=venue_name).first()
    if venue is None:
        outcome.to_check.append(f"The venue '{venue_name}' is not one of Quorum's venues.")
    else:
        meeting.venue = venue


def _ensure_agenda_items(meeting: MeetingPage, wanted: list[tuple[str, str]]) -> dict:
    """The meeting's agenda items by number, adding those it lacks (existing ones are the
    agenda's own wording and are kept)."""
    items = list(meeting.agenda_items.all())
    by_number = {item.number: item for item in items}
    added = False
    for number, title in wanted:
        if number not in by_number:
            by_number[number] = AgendaItem(number=number, title=title[:500])
            items.append(by_number[number])
            added = True
    if added:
        items.sort(key=lambda item: _number_key(item.number))
        for order, item in enumerate(items):
            item.sort_order = order
    # Re-assign, so the related manager holds these instances and commits their changes.
    meeting.agenda_items = items
    return by_number


def _number_key(number: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 10_000 for part in re.split(r"[.\s]", number))


def _replace_children(page, relation: str, wanted: list, key) -> None:
    """Make `wanted` the page's children, reusing the ids of children with the same key so
    that an unchanged re-import is recognised as unchanged."""
    existing = {}
    for child in getattr(page, relation).all():
        existing.setdefault(key(child), child)
    for order, child in enumerate(wanted):
        old = existing.pop(key(child), None)
        if old is not None:
            child.pk = old.pk
            for field in child._meta.concrete_fields:
                if isinstance(field, StreamField):
                    _keep_stream_ids(child, old, field.name)
        child.sort_order = order
    setattr(page, relation, wanted)


def _working_copy(page):
    """The page as an editor would open it (its latest revision), and a snapshot of it."""
    page = page.specific.get_latest_revision_as_object()
    return page, _snapshot(page)


def _snapshot(page) -> str:
    return json.dumps(page.serializable_data(), cls=DjangoJSONEncoder, sort_keys=True)


def _set_stream(obj, name: str, raw: list[dict]) -> None:
    """Assign stream data, keeping the current value (and its block ids) if only ids differ."""
    current = getattr(obj, name)
    setattr(obj, name, raw)
    if _without_ids(getattr(obj, name).get_prep_value()) == _without_ids(current.get_prep_value()):
        setattr(obj, name, current)


def _keep_stream_ids(new, old, name: str) -> None:
    if _without_ids(getattr(new, name).get_prep_value()) == _without_ids(
        getattr(old, name).get_prep_value()
    ):
        setattr(new, name, getattr(old, name))


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _html_paragraphs(texts: list[str]) -> list[str]:
    return [f"<p>{html.escape(text, quote=False)}</p>" for text in texts if text]


def _paragraph_html(paragraph: Paragraph) -> str:
    """A numbered paragraph as rich text: its sub-paragraphs, bullets as a list."""
    out, bullets = [], []
    for part in paragraph.parts:
        if BULLET.match(part):
            bullets.append(f"<li>{html.escape(BULLET.sub('', part), quote=False)}</li>")
            continue
        if bullets:
            out.append(f"<ul>{''.join(bullets)}</ul>")
            bullets = []
        out.append(f"<p>{html.escape(part, quote=False)}</p>")
    if bullets:
        out.append(f"<ul>{''.join(bullets)}</ul>")
    return "".join(out)


def _person_kind(status: str, role: str) -> str:
    if status == m.OFFICER:
        return PersonPage.Kind.OFFICER
    if status == m.GUEST:
        if re.match(r"^(?:the\s+)?police,?\s+(?:fire\s+)?and\s+crime\s+commissioner\b", role, re.I):
            return PersonPage.Kind.COMMISSIONER
        officer = r"\b(?:OPCC|officer|chief executive|director|head of|manager|clerk|treasurer)\b"
        if re.search(officer, role, re.IGNORECASE):
            return PersonPage.Kind.OFFICER
        return PersonPage.Kind.OTHER
    if re.search(r"\b(?:independent|co-opted)\b", role, re.IGNORECASE):
        return PersonPage.Kind.INDEPENDENT
    return PersonPage.Kind.COUNCILLOR


def _at(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time, tzinfo=timezone.get_default_timezone())


def _home_page() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    home = HomePage.objects.order_by("path").first()
    if home is None:
        raise ImportFailed("There is no home page to import under (run `manage.py migrate`).")
    return home
