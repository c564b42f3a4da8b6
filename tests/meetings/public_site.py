"""Builders for the public-site tests: a small archive with every page type in it."""

import datetime
import zoneinfo

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from meetings.models import (
    AgendaItem,
    Appendix,
    Attendance,
    CommitteeDocument,
    Declaration,
    Membership,
    MinuteItem,
)
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")


def documents(count, prefix="appendix"):
    """Documents without files on disk or extraction: bulk_create sends no signals."""
    return CommitteeDocument.objects.bulk_create(
        CommitteeDocument(
            title=f"{prefix} {n}",
            file=f"documents/{prefix}-{n}.pdf",
            mime_type="application/pdf",
            size=123_456,
            page_count=6,
            extraction_status=CommitteeDocument.Extraction.DONE,
        )
        for n in range(count)
    )


def paper(papers_index, title="Proposed police precept 2025/26", appendices=1, **fields):
    page = factories.PaperPageFactory(
        parent=papers_index,
        title=title,
        date=datetime.date(2025, 1, 31),
        author="Report of the Police and Crime Commissioner",
        contact_name="Ada Officer",
        contact_email="ada@example.org",
        contact_phone="01234 567890",
        summary="The Commissioner proposes the precept for 2025/26.",
        body=[
            ("section", {"heading": "Purpose", "paragraphs": ["<p>To set the precept.</p>"]}),
            ("section", {"heading": "Background", "paragraphs": ["<p>One.</p>", "<p>Two.</p>"]}),
        ],
        background_papers=[("background_paper", {"title": "Police and Crime Plan 2021-2025"})],
        **fields,
    )
    for n, document in enumerate(documents(appendices, prefix=page.slug)):
        page.appendices.add(
            Appendix(title=f"Budget table {n + 1}", document=document, sort_order=n)
        )
    page.save()
    return page


def meeting(committee, start, items=(), **fields):
    page = factories.MeetingPageFactory(
        parent=committee,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue=factories.VenueFactory(),
        first_published_at=start - datetime.timedelta(days=8),
        **fields,
    )
    for n, (title, papers, extra) in enumerate(items, start=1):
        item = AgendaItem(number=str(n), title=title, sort_order=n, **extra)
        page.agenda_items.add(item)
        page.save()
        item.papers.set(papers)
        item.save()
    return page


def minutes(meeting_page, present=(), apologies=(), resolved=None, **fields):
    fields.setdefault("title", f"Minutes, {meeting_page.start:%-d %B %Y}")
    page = factories.MinutesPageFactory(
        parent=meeting_page,
        started_at=datetime.time(13, 30),
        finished_at=datetime.time(15, 10),
        **fields,
    )
    for person in present:
        page.attendance.add(Attendance(person=person, status=Attendance.Status.PRESENT))
    for person in apologies:
        page.attendance.add(Attendance(person=person, status=Attendance.Status.APOLOGIES))
    for item in meeting_page.agenda_items.all():
        resolutions = (
            [("resolution", {"text": resolved, "outcome": "agreed"})]
            if resolved and item.papers.exists()
            else []
        )
        page.items.add(
            MinuteItem(
                agenda_item=item,
                number=item.number,
                title=item.title,
                narrative="<p>The Panel discussed the item.</p>",
                resolutions=resolutions,
            )
        )
    page.save()
    return page


def declare(minutes_page, person, text):
    minutes_page.declarations.add(
        Declaration(person=person, kind=Declaration.Kind.REGISTRABLE, text=text)
    )
    minutes_page.save()


def member(committee, people_index, given, role, organisation=None, **dates):
    person = factories.PersonPageFactory(
        parent=people_index, given_name=given, family_name="Member", honorific="Councillor"
    )
    committee.memberships.add(
        Membership(person=person, role=role, on_behalf_of=organisation, **dates)
    )
    committee.save()
    return person


def restrict(page):
    """A view restriction, as editors set it in the privacy dialog."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get_or_create(name="Panel members")[0]])
    return restriction


def draft(page):
    page.live = False
    page.save()
    return page
