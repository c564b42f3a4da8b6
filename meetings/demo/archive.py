"""Builds the demo archive of the fictional Northmoor Police and Crime Panel.

Deterministic for a given seed and idempotent: every object is found by its slug or
name first, so a second run adds nothing that is already there.
"""

import datetime
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
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import HomePage, StandardPage
from meetings import models
from meetings.demo import content
from meetings.demo.pdf import make_pdf

LONDON = zoneinfo.ZoneInfo("Europe/London")
MEETING_MONTHS = (2, 6, 7, 9, 11)


@dataclass
class Counts:
    created: dict = field(default_factory=dict)

    def add(self, kind: str, n: int = 1):
        self.created[kind] = self.created.get(kind, 0) + n

    @property
    def total(self):
        return sum(self.created.values())


class DemoArchive:
    """`committees` > 1 adds sub-committees and task groups with their own meetings.

    `bulk` is for archives of tens of thousands of items (benchmarks, relevance sets):
    pages are saved live without revisions, search and reference indexing are paused and
    rebuilt once at the end, and each generated PDF's page text, which the generator
    wrote itself, is stored directly instead of being extracted again.
    """

    def __init__(
        self,
        years: int = 3,
        seed: int = 1,
        today=None,
        report=print,
        committees: int = 1,
        bulk: bool = False,
    ):
        self.years = years
        self.committee_count = committees
        self.bulk = bulk
        self.random = random.Random(seed)
        self.today = today or datetime.date.today()
        self.report = report
        self.counts = Counts()
        self.started = time.monotonic()

    # The tree ------------------------------------------------------------------------

    def build(self) -> Counts:
        if not self.bulk:
            self._build()
            return self.counts
        with paused_indexing():
            self._build()
        self.report("Rebuilding the search index and the reference index")
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
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
        self._meetings(self.panel)
        for number in range(2, self.committee_count + 1):
            self._meetings(self._sub_committee(number))
        if not self.bulk:
            self.report(self._summary())

    def _sub_committee(self, number):
        topic = content.SUB_COMMITTEE_TOPICS[(number - 2) % len(content.SUB_COMMITTEE_TOPICS)]
        round_ = (number - 2) // len(content.SUB_COMMITTEE_TOPICS)
        title = f"{topic} Task Group" + (f" {round_ + 1}" if round_ else "")
        return self._child(
            self.committees,
            models.CommitteePage,
            slugify(title),
            title,
            kind=models.CommitteePage.Kind.TASK_GROUP,
            parent_committee=self.panel,
            purpose=f"<p>A task group of the Panel looking at {topic.lower()}.</p>",
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
            meeting = self._meeting(committee, start, number, previous)
            previous = meeting
            if number % 5 == 4 and self.counts.total:
                self.report(self._progress(committee, number + 1, len(dates)))
        return previous

    def _meeting(self, committee, start, number, previous):
        slug = start.date().isoformat()
        existing = models.MeetingPage.objects.child_of(committee).filter(slug=slug).first()
        if existing:
            return existing
        rng = random.Random(f"{self.random.random()}-{committee.slug}-{slug}")
        venue = self.venues[number % len(self.venues)]
        is_past = start.date() < self.today
        reports = self._reports_for(committee, start, rng)
        with transaction.atomic():
            meeting = models.MeetingPage(
                title=f"{committee.title}, {start:%-d %B %Y}",
                slug=slug,
                start=start,
                end=start + datetime.timedelta(hours=2, minutes=30),
                venue=venue,
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

    def _reports_for(self, committee, start, rng):
        year = start.year if start.month >= 4 else start.year - 1
        season = content.SEASONS[(start.month % 12) // 3]
        words = {"year": year, "next_year": year + 1, "after_year": year + 2, "season": season}
        if start.month == 2:
            choices = [content.REPORTS[1], content.REPORTS[5]]
        elif start.month == 7:
            choices = [content.REPORTS[0], content.REPORTS[2]]
        else:
            choices = rng.sample([content.REPORTS[2], content.REPORTS[3], content.REPORTS[5]], 2)
            if start.month == 6:
                choices.append(content.REPORTS[4])
        return [self._paper(committee, start, spec, words, rng) for spec in choices]

    def _paper(self, committee, start, spec, words, rng):
        paper_type, title, purpose, background, recommendation, appendix_title = spec
        title = title.format(**words)
        if committee != self.panel:
            title = f"{title} ({committee.title})"
        slug = slugify(f"{start.date().isoformat()} {title}")[:100]
        existing = models.PaperPage.objects.child_of(self.papers).filter(slug=slug).first()
        if existing:
            return existing
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
        appendix = self._appendix_document(appendix_title.format(**words), paper, rng)
        paper.appendices.add(models.Appendix(title=appendix.title, document=appendix))
        self._add(self.papers, paper)
        self._publish(paper)
        self.counts.add("PaperPage")
        return paper

    def _appendix_document(self, title, paper, rng):
        pages = []
        for number in range(1, rng.randint(3, 8) + 1):
            paragraphs = rng.sample(content.DISCUSSION, 3)
            pages.append(
                f"{title} - page {number}\n\n"
                + "\n\n".join(paragraphs)
                + f"\n\nReference {paper.reference}, section {number}."
            )
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
                models.DocumentPageText(
                    document=document, number=n, text=text.replace("\n\n", "\n")
                )
                for n, text in enumerate(pages, start=1)
            )
        self.counts.add("CommitteeDocument")
        return document

    def _minutes(self, meeting, items, rng, previous):
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
        # Minutes are written with their children first, then added to the tree.
        for person in present:
            role = "Chair" if person == self.members[0] else ""
            minutes.attendance.add(
                models.Attendance(person=person, status=models.Attendance.Status.PRESENT, role=role)
            )
        for person in apologies:
            minutes.attendance.add(
                models.Attendance(person=person, status=models.Attendance.Status.APOLOGIES)
            )
        for officer in self.officers:
            minutes.attendance.add(
                models.Attendance(
                    person=officer, status=models.Attendance.Status.OFFICER, role=officer.job_title
                )
            )
        minutes.attendance.add(
            models.Attendance(
                person=self.commissioner,
                status=models.Attendance.Status.GUEST,
                role="Police and Crime Commissioner",
            )
        )
        for item in items:
            narrative, resolutions = self._minute_text(item, rng, apologies)
            minutes.items.add(
                models.MinuteItem(
                    agenda_item=item,
                    number=item.number,
                    title=item.title,
                    narrative=narrative,
                    resolutions=resolutions,
                )
            )
        self._add(meeting, minutes)
        self._publish(minutes)
        self.counts.add("MinutesPage")
        if previous is not None:
            earlier = models.MinutesPage.objects.child_of(previous).first()
            if earlier and earlier.status == models.MinutesPage.Status.DRAFT:
                earlier.status = models.MinutesPage.Status.APPROVED
                earlier.approved_at = meeting
                self._publish(earlier, created=False)

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

    def _progress(self, committee, done, total):
        elapsed = time.monotonic() - self.started
        rate = self.counts.total / elapsed if elapsed else 0
        return (
            f"  {committee.title}: meetings {done}/{total}, "
            f"{self.counts.total} objects, {rate:.0f} objects/s"
        )

    def _summary(self):
        if not self.counts.created:
            return "The demo archive is already in place: nothing to add."
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.created.items()))
        return f"Created {parts} in {time.monotonic() - self.started:.1f} s."


@contextmanager
def paused_indexing():
    """Pause search and reference-index updates on save (rebuild them afterwards)."""
    indexed = get_indexed_models()
    for model in indexed:
        post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in indexed:
            post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)
