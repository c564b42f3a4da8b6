"""Builds the demo archive of the fictional Northmoor Police and Crime Panel.

Deterministic for a given seed and idempotent: every object is found by its slug or
name first, so a second run adds nothing that is already there. The bulk mode
(meetings.demo.bulk) writes the same content in batches of rows for large archives.
"""

import datetime
import hashlib
import math
import random
import time
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelsearch import signal_handlers as search_signal_handlers
from modelsearch.index import get_indexed_models
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import HomePage, StandardPage
from meetings import models
from meetings.demo import content
from meetings.demo.pdf import make_pdf, page_text

LONDON = zoneinfo.ZoneInfo("Europe/London")
MEETING_MONTHS = (2, 6, 7, 9, 11)
# The pages every archive has: three indexes, the accessibility statement, the panel and
# sixteen people (twelve members, the Commissioner, three officers).
SKELETON_PAGES = 21


def paper_slug(start, title):
    """A paper's slug: its date and title, cut to 100 characters; a cut slug ends in a
    short hash of the whole, so that long titles of different task groups stay apart."""
    slug = slugify(f"{start.date().isoformat()} {title}")
    if len(slug) <= 100:
        return slug
    return f"{slug[:91]}-{hashlib.sha1(slug.encode()).hexdigest()[:8]}"


ITEM_KINDS = {"CommitteeDocument"}


@dataclass
class Counts:
    created: dict = field(default_factory=dict)

    def add(self, kind: str, n: int = 1):
        self.created[kind] = self.created.get(kind, 0) + n

    @property
    def total(self):
        return sum(self.created.values())

    @property
    def items(self):
        """Pages plus documents: what an archive's size is measured in."""
        return sum(
            n for kind, n in self.created.items() if kind.endswith("Page") or kind in ITEM_KINDS
        )


class NoProgress:
    def start(self, total):
        pass

    def advance(self, n, created=0):
        pass

    def finish(self):
        pass


class DemoArchive:
    """`committees` > 1 adds sub-committees and task groups with their own meetings.

    `bulk` is for archives of tens of thousands of items (benchmarks, relevance sets): the
    meetings, papers, documents and minutes are written as rows in batches (see
    meetings.demo.bulk), each batch in its own transaction; pages are live without
    revisions; the search and reference indexes are rebuilt once at the end (`index`).
    For the same seed and day, bulk and normal mode make the same titles and slugs.
    """

    def __init__(
        self,
        years: int = 3,
        seed: int = 1,
        today=None,
        report=print,
        committees: int = 1,
        bulk: bool = False,
        index: bool = True,
        progress=None,
    ):
        self.years = years
        self.seed = seed
        self.committee_count = committees
        self.bulk = bulk
        self.index = index
        self.random = random.Random(seed)
        self.today = today or datetime.date.today()
        self.report = report
        self.progress = progress or NoProgress()
        self.counts = Counts()
        self.timings = {}
        self.saved_one_by_one = []
        self.started = time.monotonic()

    # Size ----------------------------------------------------------------------------

    def meeting_items(self, start):
        """Pages and documents one meeting brings: itself, its papers with one appendix
        each, and minutes once it has been held."""
        papers = 3 if start.month == 6 else 2
        return 1 + 2 * papers + (1 if start.date() < self.today else 0)

    def planned_items(self, committees=None):
        committees = committees or self.committee_count
        per_committee = sum(self.meeting_items(start) for start in self.meeting_dates())
        return SKELETON_PAGES + committees * per_committee + (committees - 1)

    @classmethod
    def committees_for(cls, items, years, today=None):
        """The fewest committees whose archive over `years` has at least `items` items."""
        archive = cls(years=years, today=today)
        per_committee = archive.planned_items(2) - archive.planned_items(1)
        return max(1, math.ceil((items - archive.planned_items(1)) / per_committee) + 1)

    # The tree ------------------------------------------------------------------------

    def build(self) -> Counts:
        self.progress.start(self.planned_items())
        if not self.bulk:
            self._build()
            self.progress.finish()
            self.report(self._summary())
            return self.counts
        # The reference index is written with each batch (meetings.demo.bulk), and for the
        # few pages saved one by one, at once (see _build).
        with paused_indexing():
            self._build()
        self.progress.finish()
        self.timings["build"] = time.monotonic() - self.started
        if self.index and self.counts.created:
            self.report("Rebuilding the search index")
            started = time.monotonic()
            call_command("update_index", verbosity=0)
            self.timings["search index"] = time.monotonic() - started
        self.report(self._summary())
        return self.counts

    def _build(self):
        home = HomePage.objects.get(depth=2)
        if home.title == "Home":
            home.title = content.PANEL
            home.introduction = (
                "<p>The Panel scrutinises the Police and Crime Commissioner for Northmoor. "
                "Here you can find its meetings, agendas, reports, minutes and decisions.</p>"
            )
            self._publish(home, created=False)
        self.committees = self._child(home, models.CommitteeIndexPage, "committees", "Committees")
        self.papers = self._child(home, models.PaperIndexPage, "papers", "Papers")
        self.people_index = self._child(home, models.PersonIndexPage, "people", "People")
        self._child(
            home,
            StandardPage,
            "accessibility",
            "Accessibility statement",
            introduction="How accessible this website is, and how to report a problem.",
            body=content.ACCESSIBILITY_STATEMENT,
        )
        self.organisations = self._organisations()
        self.venues = self._venues()
        self.panel = self._child(
            self.committees,
            models.CommitteePage,
            slugify(content.PANEL),
            content.PANEL,
            short_name="Panel",
            purpose="<p>The Panel reviews and scrutinises the decisions and actions of the "
            "Police and Crime Commissioner, and supports the Commissioner in their work.</p>",
            terms_of_reference="<p>To review the police and crime plan, the annual report and "
            "the proposed precept; to hold confirmation hearings for senior appointments; and "
            "to handle complaints about the Commissioner.</p>",
            forward_plan="<p>Next meetings: precept review, annual report, plan delivery.</p>",
        )
        self.members = self._people_and_memberships()
        self.progress.advance(SKELETON_PAGES, created=self.counts.items)
        if self.bulk:
            from meetings.demo.bulk import BulkWriter

            with transaction.atomic():
                for page in self.saved_one_by_one:
                    ReferenceIndex.create_or_update_for_object(page)

            writer = BulkWriter(self)
            for committee in writer.committees():
                writer.meetings(committee)
            return
        self._meetings(self.panel)
        for number in range(2, self.committee_count + 1):
            before = self.counts.items
            committee = self._sub_committee(number)
            self.progress.advance(1, created=self.counts.items - before)
            self._meetings(committee)

    def sub_committee_fields(self, number):
        topic = content.SUB_COMMITTEE_TOPICS[(number - 2) % len(content.SUB_COMMITTEE_TOPICS)]
        round_ = (number - 2) // len(content.SUB_COMMITTEE_TOPICS)
        title = f"{topic} Task Group" + (f" {round_ + 1}" if round_ else "")
        return {
            "slug": slugify(title),
            "title": title,
            "kind": models.CommitteePage.Kind.TASK_GROUP,
            "parent_committee": self.panel,
            "purpose": f"<p>A task group of the Panel looking at {topic.lower()}.</p>",
        }

    def _sub_committee(self, number):
        fields = self.sub_committee_fields(number)
        return self._child(
            self.committees, models.CommitteePage, fields.pop("slug"), fields.pop("title"), **fields
        )

    def _publish(self, page, created=True):
        """Publish through a revision, as editors do; in bulk mode the page is saved live."""
        if self.bulk:
            if not created:
                page.save()
            return
        page.save_revision().publish()

    def _add(self, parent, page):
        if self.bulk:
            page.live = True
            page.first_published_at = page.last_published_at = timezone.now()
        parent.add_child(instance=page)

    def _child(self, parent, model, slug, title, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = model(slug=slug, title=title, **fields)
        with transaction.atomic():
            self._add(parent, page)
            self._publish(page)
        self.saved_one_by_one.append(page)
        self.counts.add(model.__name__)
        return page

    def _organisations(self):
        found = []
        for name in content.COUNCILS + [content.COMMISSIONER_OFFICE, content.FORCE]:
            kind = (
                models.Organisation.Kind.COMMISSIONER
                if name == content.COMMISSIONER_OFFICE
                else models.Organisation.Kind.POLICE
                if name == content.FORCE
                else models.Organisation.Kind.COUNCIL
            )
            org, created = models.Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind}
            )
            if created:
                self.counts.add("Organisation")
            found.append(org)
        return found

    def _venues(self):
        venues = []
        for name, room, address in content.VENUES:
            venue, created = models.Venue.objects.get_or_create(
                name=name, defaults={"room": room, "address": address}
            )
            if created:
                self.counts.add("Venue")
            venues.append(venue)
        return venues

    def _person(self, given, family, kind, organisation=None, job_title="", honorific=""):
        slug = slugify(f"{given} {family}")
        return self._child(
            self.people_index,
            models.PersonPage,
            slug,
            f"{given} {family}",
            given_name=given,
            family_name=family,
            kind=kind,
            organisation=organisation,
            job_title=job_title,
            honorific=honorific,
        )

    def _people_and_memberships(self):
        rng = self.random
        names = list(zip(content.GIVEN_NAMES, content.FAMILY_NAMES, strict=True))
        rng.shuffle(names)
        councils = self.organisations[: len(content.COUNCILS)]
        members = []
        for index, (given, family) in enumerate(names[:12]):
            independent = index >= 10
            person = self._person(
                given,
                family,
                models.PersonPage.Kind.INDEPENDENT
                if independent
                else models.PersonPage.Kind.COUNCILLOR,
                organisation=None if independent else councils[index % len(councils)],
                honorific="" if independent else "Councillor",
            )
            members.append(person)
        self.commissioner = self._person(
            *names[12],
            models.PersonPage.Kind.COMMISSIONER,
            organisation=self.organisations[len(content.COUNCILS)],
            job_title="Police and Crime Commissioner",
        )
        self.officers = [
            self._person(
                *names[13],
                models.PersonPage.Kind.OFFICER,
                job_title="Monitoring Officer",
                organisation=councils[0],
            ),
            self._person(
                *names[14],
                models.PersonPage.Kind.OFFICER,
                job_title="Democratic Services Officer",
                organisation=councils[0],
            ),
            self._person(
                *names[15],
                models.PersonPage.Kind.OFFICER,
                job_title="Chief Executive, Commissioner's office",
                organisation=self.organisations[len(content.COUNCILS)],
            ),
        ]
        if not self.panel.memberships.exists():
            first_year = self.today.year - self.years
            for index, person in enumerate(members):
                role = (
                    models.Membership.Role.CHAIR
                    if index == 0
                    else models.Membership.Role.VICE_CHAIR
                    if index == 1
                    else models.Membership.Role.CO_OPTED
                    if person.kind == models.PersonPage.Kind.INDEPENDENT
                    else models.Membership.Role.MEMBER
                )
                # The last councillor left the panel a year ago: the committee page lists
                # them under past members.
                end = self.today - datetime.timedelta(days=365) if index == 9 else None
                self.panel.memberships.add(
                    models.Membership(
                        person=person,
                        role=role,
                        on_behalf_of=person.organisation,
                        start_date=datetime.date(first_year, 6, 1),
                        end_date=end,
                    )
                )
            self._publish(self.panel, created=False)
            self.saved_one_by_one.append(self.panel)
            self.counts.add("Membership", len(members))
        return members

    # Meetings -------------------------------------------------------------------------

    def meeting_dates(self):
        dates = []
        for year in range(self.today.year - self.years + 1, self.today.year + 2):
            for month in MEETING_MONTHS:
                day = datetime.date(year, month, 1)
                day += datetime.timedelta(days=(2 - day.weekday()) % 7 + 7)  # 2nd Wednesday
                dates.append(datetime.datetime(year, month, day.day, 13, 30, tzinfo=LONDON))
        # Everything in the past, and the next two meetings ahead.
        past = [d for d in dates if d.date() < self.today]
        future = [d for d in dates if d.date() >= self.today][:2]
        return past + future

    def _meetings(self, committee):
        dates = self.meeting_dates()
        previous = None
        for number, start in enumerate(dates):
            before = self.counts.items
            meeting = self._meeting(committee, start, number, previous)
            self.progress.advance(self.meeting_items(start), created=self.counts.items - before)
            previous = meeting
        return previous

    def _meeting(self, committee, start, number, previous):
        slug = start.date().isoformat()
        existing = models.MeetingPage.objects.child_of(committee).filter(slug=slug).first()
        if existing:
            return existing
        rng = random.Random(f"{self.random.random()}-{committee.slug}-{slug}")
        is_past = start.date() < self.today
        reports = self._reports_for(committee, start, rng, self._paper)
        with transaction.atomic():
            meeting, items = self._make_meeting(committee, start, number, reports)
            for item, paper in zip(items[4:], reports, strict=False):
                item.papers = [paper]
            for item in items:
                meeting.agenda_items.add(item)
            self._add(committee, meeting)
            self._publish(meeting)
            self.counts.add("MeetingPage")
            self.counts.add("AgendaItem", len(items))
            if is_past:
                self._minutes(meeting, items, rng, previous)
        return meeting

    def _make_meeting(self, committee, start, number, reports):
        """The unsaved meeting and its agenda; items[4:] take the reports in order."""
        meeting = models.MeetingPage(
            title=f"{committee.title}, {start:%-d %B %Y}",
            slug=start.date().isoformat(),
            start=start,
            end=start + datetime.timedelta(hours=2, minutes=30),
            venue=self.venues[number % len(self.venues)],
        )
        items = [
            models.AgendaItem(number="1", title="Apologies for absence"),
            models.AgendaItem(number="2", title="Declarations of interest"),
            models.AgendaItem(number="3", title="Minutes of the previous meeting"),
            models.AgendaItem(number="4", title="Public questions"),
        ]
        for offset, paper in enumerate(reports, start=5):
            items.append(
                models.AgendaItem(
                    number=str(offset),
                    title=paper.title,
                    summary=f"<p>{paper.summary}</p>",
                    role=models.AgendaItem.Role.SCRUTINY,
                )
            )
        if number % 4 == 3:
            items.append(
                models.AgendaItem(
                    number=str(len(items) + 1),
                    title="Complaint about the Commissioner",
                    exempt_paragraph=1,
                    exempt_reason="It contains information about an individual.",
                )
            )
        items.append(models.AgendaItem(number=str(len(items) + 1), title="Forward plan"))
        for position, item in enumerate(items):
            item.sort_order = position
        return meeting, items

    @staticmethod
    def report_specs(start, rng):
        """The report specs for a meeting: set by the month, or two drawn from three."""
        if start.month == 2:
            return [content.REPORTS[1], content.REPORTS[5]]
        if start.month == 7:
            return [content.REPORTS[0], content.REPORTS[2]]
        choices = rng.sample([content.REPORTS[2], content.REPORTS[3], content.REPORTS[5]], 2)
        if start.month == 6:
            choices.append(content.REPORTS[4])
        return choices

    def _reports_for(self, committee, start, rng, paper):
        year = start.year if start.month >= 4 else start.year - 1
        season = content.SEASONS[(start.month % 12) // 3]
        words = {"year": year, "next_year": year + 1, "after_year": year + 2, "season": season}
        return [paper(committee, start, spec, words, rng) for spec in self.report_specs(start, rng)]

    def paper_title_and_slug(self, committee, start, spec, words):
        title = spec[1].format(**words)
        if committee != self.panel:
            title = f"{title} ({committee.title})"
        return title, paper_slug(start, title)

    def _paper(self, committee, start, spec, words, rng):
        title, slug = self.paper_title_and_slug(committee, start, spec, words)
        existing = models.PaperPage.objects.child_of(self.papers).filter(slug=slug).first()
        if existing:
            return existing
        paper, appendix_title, pages = self._make_paper(start, spec, words, rng, title, slug)
        appendix = self._appendix_document(appendix_title, pages)
        paper.appendices.add(models.Appendix(title=appendix.title, document=appendix))
        self._add(self.papers, paper)
        self._publish(paper)
        self.counts.add("PaperPage")
        return paper

    def _make_paper(self, start, spec, words, rng, title, slug):
        """The unsaved paper, its appendix's title and the text of each appendix page."""
        paper_type, _title, purpose, background, recommendation, appendix_title = spec
        officer = self.officers[2]
        sections = [
            ("Purpose", [purpose.format(**words)]),
            ("Recommendations", [recommendation]),
            ("Background", background),
            (
                "Next steps",
                [
                    "The Commissioner will respond to any report or recommendation "
                    "the Panel makes, and publish the response."
                ],
            ),
        ]
        paper = models.PaperPage(
            title=title,
            slug=slug,
            paper_type=paper_type,
            date=(start - datetime.timedelta(days=9)).date(),
            reference=f"NPCP/{start:%Y}/{rng.randint(100, 999)}",
            author="Report of the Police and Crime Commissioner for Northmoor",
            originator=self.organisations[len(content.COUNCILS)],
            contact_name=officer.title,
            contact_email="panel@northmoor-pcc.example",
            contact_phone="01234 567890",
            summary=purpose.format(**words),
            recommendations=f"<p>{recommendation}</p>",
            body=[
                (
                    "section",
                    {"heading": heading, "paragraphs": [f"<p>{p}</p>" for p in paragraphs]},
                )
                for heading, paragraphs in sections
            ],
            background_papers=[
                ("background_paper", {"title": "Northmoor Police and Crime Plan 2021-2025"})
            ],
        )
        appendix_title = appendix_title.format(**words)
        return paper, appendix_title, self._appendix_pages(appendix_title, paper.reference, rng)

    @staticmethod
    def _appendix_pages(title, reference, rng):
        pages = []
        for number in range(1, rng.randint(3, 8) + 1):
            paragraphs = rng.sample(content.DISCUSSION, 3)
            pages.append(
                f"{title} - page {number}\n\n"
                + "\n\n".join(paragraphs)
                + f"\n\nReference {reference}, section {number}."
            )
        return pages

    def _appendix_document(self, title, pages):
        document = models.CommitteeDocument(title=title)
        document.file.save(
            f"{slugify(title)[:60]}.pdf", ContentFile(make_pdf(pages, title)), save=False
        )
        if self.bulk:
            document.extraction_status = models.CommitteeDocument.Extraction.DONE
            document.page_count = len(pages)
            document.mime_type = "application/pdf"
        document.save()
        if self.bulk:
            models.DocumentPageText.objects.bulk_create(
                models.DocumentPageText(document=document, number=n, text=page_text(text))
                for n, text in enumerate(pages, start=1)
            )
        self.counts.add("CommitteeDocument")
        return document

    def _minutes(self, meeting, items, rng, previous):
        minutes, attendance, minute_items = self._make_minutes(meeting, items, rng)
        # Minutes are written with their children first, then added to the tree.
        for row in attendance:
            minutes.attendance.add(row)
        for row in minute_items:
            minutes.items.add(row)
        self._add(meeting, minutes)
        self._publish(minutes)
        self.counts.add("MinutesPage")
        if previous is not None:
            earlier = models.MinutesPage.objects.child_of(previous).first()
            if earlier and earlier.status == models.MinutesPage.Status.DRAFT:
                earlier.status = models.MinutesPage.Status.APPROVED
                earlier.approved_at = meeting
                self._publish(earlier, created=False)

    def _make_minutes(self, meeting, items, rng):
        """The unsaved minutes page, its attendance and its minute items."""
        present = rng.sample(self.members, 8)
        apologies = [m for m in self.members if m not in present][:2]
        minutes = models.MinutesPage(
            title=f"Minutes, {meeting.start:%-d %B %Y}",
            slug="minutes",
            chair=self.members[0],
            started_at=datetime.time(13, 30),
            finished_at=datetime.time(15, rng.choice([5, 20, 40])),
            forward_plan="<p>Reports on the delivery plan and on communication and "
            "engagement will come to the next meeting.</p>",
        )
        Status = models.Attendance.Status
        attendance = [
            models.Attendance(
                person=person,
                status=Status.PRESENT,
                role="Chair" if person == self.members[0] else "",
            )
            for person in present
        ]
        attendance += [models.Attendance(person=p, status=Status.APOLOGIES) for p in apologies]
        attendance += [
            models.Attendance(person=officer, status=Status.OFFICER, role=officer.job_title)
            for officer in self.officers
        ]
        attendance.append(
            models.Attendance(
                person=self.commissioner, status=Status.GUEST, role="Police and Crime Commissioner"
            )
        )
        minute_items = []
        for item in items:
            narrative, resolutions = self._minute_text(item, rng, apologies)
            minute_items.append(
                models.MinuteItem(
                    agenda_item=item,
                    number=item.number,
                    title=item.title,
                    narrative=narrative,
                    resolutions=resolutions,
                )
            )
        for rows in (attendance, minute_items):
            for position, row in enumerate(rows):
                row.sort_order = position
        return minutes, attendance, minute_items

    def _minute_text(self, item, rng, apologies):
        if item.number == "1":
            names = " and ".join(p.title for p in apologies)
            return f"<p>Apologies for absence were received from {names}.</p>", []
        if item.number == "2":
            return "<p>There were none.</p>", []
        if item.number == "3":
            return "<p>The minutes of the previous meeting were agreed as a correct record.</p>", []
        if item.number == "4":
            return "<p>No public questions had been received.</p>", []
        if item.is_exempt:
            return "<p>The Panel considered the item in private.</p>", []
        if item.title == "Forward plan":
            return "<p>The Panel noted its forward plan.</p>", []
        narrative = "".join(f"<p>{p}</p>" for p in rng.sample(content.DISCUSSION, 3))
        resolution = rng.choice(content.RESOLUTIONS)
        return narrative, [("resolution", {"text": resolution, "outcome": "agreed"})]

    # Reporting ------------------------------------------------------------------------

    def _summary(self):
        elapsed = time.monotonic() - self.started
        if not self.counts.created:
            return "The demo archive is already in place: nothing to add."
        parts = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.counts.created.items()))
        build = self.timings.get("build", elapsed)
        lines = [
            f"Created {parts}.",
            f"{self.counts.items:,} items (pages and documents) in {build:.1f} s, "
            f"{self.counts.items / build if build else 0:.0f} items/s.",
        ]
        if "search index" in self.timings:
            lines.append(f"Rebuilt the search index in {self.timings['search index']:.1f} s.")
        if len(self.timings) > 1:
            lines.append(f"Total {elapsed:.1f} s.")
        return "\n".join(lines)


@contextmanager
def paused_indexing(references=True):
    """Pause search-index updates on save (rebuild the index afterwards), and with
    `references` the reference-index updates too."""
    indexed = get_indexed_models()
    for model in indexed:
        post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    try:
        if references:
            with disable_reference_index_auto_update():
                yield
        else:
            yield
    finally:
        for model in indexed:
            post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)
