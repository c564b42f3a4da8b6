"""What a resident sees on each public page type, rendered through the real views."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from home.models import StandardPage
from meetings.models import Attendance, Membership, MinutesPage
from tests import factories
from tests.meetings import public_site as build
from tests.meetings.public_site import LONDON

pytestmark = pytest.mark.django_db

WINTER = datetime.datetime(2025, 2, 12, 13, 30, tzinfo=LONDON)  # GMT
SUMMER = datetime.datetime(2025, 7, 9, 13, 30, tzinfo=LONDON)  # BST


@pytest.fixture
def archive(site_tree, committee):
    council = factories.OrganisationFactory(name="Northmoor County Council")
    committee.purpose = "<p>The Panel scrutinises the Commissioner.</p>"
    committee.terms_of_reference = "<p>To review the precept.</p>"
    committee.forward_plan = "<p>Annual report in July.</p>"
    committee.save()
    chair = build.member(
        committee,
        site_tree["people"],
        "Vida",
        Membership.Role.CHAIR,
        council,
        start_date=datetime.date(2023, 6, 1),
    )
    former = build.member(
        committee,
        site_tree["people"],
        "Ned",
        Membership.Role.MEMBER,
        council,
        start_date=datetime.date(2023, 6, 1),
        end_date=datetime.date(2024, 5, 31),
    )
    precept = build.paper(site_tree["papers"])
    confidential = build.paper(site_tree["papers"], title="Complaint file")
    winter = build.meeting(
        committee,
        WINTER,
        items=[
            ("Apologies for absence", [], {}),
            ("Proposed police precept 2025/26", [precept], {"summary": "<p>The precept.</p>"}),
            (
                "Complaint about the Commissioner",
                [confidential],
                {"exempt_paragraph": 1, "exempt_reason": "Information about an individual."},
            ),
        ],
        webcast_url="https://webcasts.example.org/npcp/2025-02-12",
    )
    winter.save_revision().publish()
    minutes = build.minutes(
        winter, present=[chair], apologies=[former], resolved="That the precept be agreed."
    )
    build.declare(minutes, chair, "Member of the county council.")
    future = build.meeting(committee, timezone.now() + datetime.timedelta(days=20))
    return {
        "committee": committee,
        "chair": chair,
        "former": former,
        "precept": precept,
        "confidential": confidential,
        "winter": winter,
        "minutes": minutes,
        "future": future,
        "papers": site_tree["papers"],
    }


def text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_page_shows_next_meeting_latest_paper_minutes_committees_and_search(client, archive):
    html = text(client.get("/"))

    assert archive["future"].url in html
    assert archive["precept"].url in html
    assert archive["minutes"].url in html
    assert archive["committee"].url in html
    assert 'action="/search/"' in html and 'name="q"' in html


def test_committee_page_lists_purpose_members_past_members_meetings_and_forward_plan(
    client, archive
):
    html = text(client.get(archive["committee"].url))

    assert "The Panel scrutinises the Commissioner." in html
    assert "To review the precept." in html
    assert "Annual report in July." in html
    assert "Vida Member</a></th><td>Chair</td><td>Northmoor County Council</td>" in html
    past = html.split("<h3>Past members</h3>")[1]
    assert "Ned Member" in past and "31 May 2024" in past
    upcoming = html.split('id="upcoming"')[1].split('id="members"')[0]
    assert archive["future"].url in upcoming and archive["winter"].url not in upcoming
    assert "Wednesday 12 February 2025" in html.split('id="past"')[1]
    assert f"/committees/{archive['committee'].slug}/meetings.ics" in html


def test_meeting_page_has_date_times_venue_agenda_papers_and_downloads(client, archive):
    html = text(client.get(archive["winter"].url))

    assert "Wednesday 12 February 2025" in html
    assert "13:30 to 15:30" in html
    assert "Shire Hall, Council Chamber" in html
    assert "Agenda first published on</dt><dd>4 February 2025" in html
    assert '<span class="number">2.</span> Proposed police precept 2025/26' in html
    assert archive["precept"].url in html
    assert 'Appendix A: Budget table 1</a> <span class="meta">(PDF, 120.6 KB, 6 pages)' in html
    assert "webcasts.example.org/npcp/2025-02-12" in html
    assert f"/meetings/{archive['winter'].pk}.ics" in html
    assert archive["minutes"].url in html


def test_exempt_item_is_listed_with_its_paragraph_but_not_its_paper(client, archive):
    html = text(client.get(archive["winter"].url))

    item = html.split("Complaint about the Commissioner")[1].split("</li>")[0]
    assert "paragraph 1 of Part 1 of Schedule 12A" in item
    assert "Information about an individual." in item
    assert archive["confidential"].url not in html


def test_meeting_page_shows_attendance_and_apologies_once_held(client, archive):
    held = text(client.get(archive["winter"].url))
    ahead = text(client.get(archive["future"].url))

    attendance = held.split("Attendance and apologies")[1]
    assert "Members present" in attendance and "Vida Member" in attendance
    assert "Apologies" in attendance and "Ned Member" in attendance
    assert "Attendance and apologies" not in ahead


def test_cancelled_meeting_shows_its_status_and_reason(client, archive):
    meeting = archive["future"]
    meeting.status = meeting.Status.CANCELLED
    meeting.status_reason = "Not quorate."
    meeting.save()

    html = text(client.get(meeting.url))

    assert "This meeting is cancelled.</strong> Not quorate." in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


@pytest.mark.parametrize(
    ("start", "shown"),
    [(WINTER, "13:30"), (SUMMER, "13:30"), (datetime.datetime(2025, 3, 30, 9, 0), "09:00")],
)
def test_meeting_times_are_shown_in_london_time_across_the_clock_change(
    client, committee, start, shown
):
    start = start.replace(tzinfo=LONDON)
    meeting = build.meeting(committee, start)

    html = text(client.get(meeting.url))

    assert f"<dt>Time</dt><dd>{shown} to " in html


def test_meeting_page_carries_schema_org_event_and_open_graph(client, archive):
    html = text(client.get(archive["winter"].url))

    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2025-02-12T13:30:00+00:00"
    assert data["location"]["name"] == "Shire Hall, Council Chamber"
    assert data["url"].endswith(archive["winter"].url)
    assert '<meta property="og:title" content="Panel meeting, 12 February 2025">' in html
    assert f'<meta property="og:url" content="http://localhost{archive["winter"].url}">' in html


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, committee):
    meeting = build.meeting(committee, WINTER, title="</script><script>alert(1)</script>")

    html = client.get(meeting.url).content.decode()

    script = re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script
    assert json.loads(script)["name"] == "</script><script>alert(1)</script>"


def test_paper_page_has_header_sections_appendices_background_and_decision(client, archive):
    html = text(client.get(archive["precept"].url))

    assert f'<a href="{archive["committee"].url}">Police and Crime Panel</a>' in html
    assert "Wednesday 12 February 2025" in html
    assert "2. Proposed police precept 2025/26" in html
    assert "Public report" in html
    assert "Report of the Police and Crime Commissioner" in html
    assert "Ada Officer" in html and "mailto:ada@example.org" in html and "01234 567890" in html
    assert '<span class="number">2.</span> Background' in html
    assert '<span class="number">2.2</span>' in html
    assert "Appendix A: Budget table 1" in html
    assert "Police and Crime Plan 2021-2025" in html
    happened = html.split("What happened to this report")[1]
    assert f"{archive['minutes'].url}#minute-2" in happened
    assert "That the precept be agreed." in happened


def test_paper_without_published_decision_says_so(client, archive):
    archive["minutes"].unpublish()

    html = text(client.get(archive["precept"].url))

    assert "No decision on this report has been published yet." in html
    assert "That the precept be agreed." not in html


def test_minutes_page_shows_status_attendance_declarations_resolutions_and_times(client, archive):
    minutes = archive["minutes"]
    html = text(client.get(minutes.url))
    assert "Draft: these minutes have not yet been approved." in html

    minutes.status = MinutesPage.Status.APPROVED
    minutes.approved_at = archive["future"]
    minutes.chair = archive["chair"]
    minutes.save()
    html = text(client.get(minutes.url))

    assert f'Approved as a correct record at the <a href="{archive["future"].url}">' in html
    assert "<h3>Members present</h3>" in html and "<h3>Apologies</h3>" in html
    assert "Vida Member: Other registrable interest. Member of the county council." in html
    assert "<strong>RESOLVED:</strong> That the precept be agreed." in html
    assert "began at 13:30 and ended at 15:10" in html
    assert "Chair: Vida Member." in html


def test_attendance_record_is_counted_from_published_minutes(archive):
    chair, former = archive["chair"], archive["former"]
    later = build.meeting(archive["committee"], SUMMER)
    build.minutes(later, apologies=[chair], present=[former])
    unpublished = build.meeting(archive["committee"], SUMMER + datetime.timedelta(days=7))
    build.draft(build.minutes(unpublished, present=[chair]))

    record = Attendance.objects.record_for(chair)

    assert (record.expected, record.attended, record.apologies, record.absent) == (2, 1, 1, 0)
    assert record.percentage == 50
    assert Attendance.objects.record_for(former).attended == 1
    assert [year for year, _ in Attendance.objects.yearly_record_for(chair)] == [2025]


def test_person_page_shows_attendance_record_chart_and_table(client, archive):
    html = text(client.get(archive["chair"].url))

    assert "expected at <strong>1</strong> meeting, attended <strong>1</strong> (100%)" in html
    assert '<svg role="img"' in html and "2025 1 of 1" in html
    assert '<th scope="row">2025</th><td>1</td><td>1</td><td>0</td><td>0</td>' in html
    assert archive["minutes"].url in html


def test_person_without_minutes_has_no_attendance_section(client, site_tree):
    person = factories.PersonPageFactory(parent=site_tree["people"])

    html = text(client.get(person.url))

    assert "Attendance record" not in html


def test_meetings_calendar_groups_by_month_and_filters_by_committee_and_year(
    client, archive, site_tree
):
    other = factories.CommitteePageFactory(parent=site_tree["committees"], title="Task group")
    other_meeting = build.meeting(other, WINTER + datetime.timedelta(days=1))

    html = text(client.get("/meetings/", {"year": 2025}))
    assert '<h2 id="month-1">February 2025</h2>' in html
    assert archive["winter"].url in html and other_meeting.url in html

    html = text(client.get("/meetings/", {"year": 2025, "committee": other.slug}))
    assert other_meeting.url in html and archive["winter"].url not in html

    future_year = timezone.localtime(archive["future"].start).year
    html = text(client.get("/meetings/", {"year": future_year, "committee": other.slug}))
    assert "No public meetings match." in html


def test_meetings_calendar_with_bad_filters_says_so_and_shows_this_year(client, archive):
    response = client.get("/meetings/", {"year": "'; drop table", "committee": "nope"})

    html = text(response)
    assert "That filter was not recognised" in html
    assert f"Meetings in {timezone.localdate().year}" in html


def test_drafts_and_private_meetings_are_not_listed_anywhere(client, archive, committee):
    hidden_draft = build.draft(build.meeting(committee, SUMMER))
    private = build.meeting(committee, SUMMER + datetime.timedelta(days=1))
    build.restrict(private)

    pages = [
        text(client.get(url))
        for url in ("/", "/meetings/?year=2025", committee.url, "/meetings/?year=")
    ]

    for html in pages:
        assert hidden_draft.url not in html
        assert private.url not in html


def test_exempt_paper_is_not_listed_or_linked(client, archive):
    exempt = build.paper(archive["papers"], title="Staffing matter")
    exempt.exempt_paragraph = 1
    exempt.exempt_reason = "About an individual."
    exempt.save_revision().publish()

    for url in ("/", "/papers/", archive["winter"].url):
        assert exempt.url not in text(client.get(url))


def test_accessibility_statement_is_a_standard_page(client, home):
    page = home.add_child(
        instance=StandardPage(
            title="Accessibility statement",
            slug="accessibility",
            introduction="How accessible this website is.",
        )
    )

    html = text(client.get(page.url))

    assert "<h1>Accessibility statement</h1>" in html
    assert 'href="/accessibility/"' in html


def test_demo_accessibility_statement_has_the_required_sections(client, home):
    from meetings.demo import content

    page = home.add_child(
        instance=StandardPage(
            title="Accessibility statement",
            slug="accessibility",
            body=content.ACCESSIBILITY_STATEMENT,
        )
    )

    html = text(client.get(page.url))

    for heading in ("Reporting accessibility problems", "Enforcement procedure"):
        assert f"<h2>{heading}</h2>" in html
    assert "Equality Advisory and Support Service" in html


def test_meetings_calendar_charts_meetings_per_year_with_the_numbers_in_a_table(client, archive):
    html = text(client.get("/meetings/"))

    chart = html.split('id="per-year"')[1]
    assert '<svg role="img"' in chart
    assert '<th scope="row">2025</th><td>1</td>' in chart
