import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from meetings.models import AgendaItem, MeetingPage, MinutesPage
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def meeting(committee):
    meeting = factories.MeetingPageFactory(
        parent=committee,
        title="Police and Crime Panel, 25 September 2024",
        start=datetime.datetime(2024, 9, 25, 13, 30, tzinfo=LONDON),
        slug="",
    )
    return meeting


def test_meeting_url_reads_committee_meetings_date(meeting):
    assert meeting.slug == "2024-09-25"
    assert meeting.url == "/committees/panel/meetings/2024-09-25/"


def test_meeting_page_is_served_at_its_readable_url(client, meeting):
    response = client.get("/committees/panel/meetings/2024-09-25/")

    assert response.status_code == 200
    assert response.context["page"].pk == meeting.pk


def test_minutes_sit_below_the_meeting_url(client, meeting):
    minutes = factories.MinutesPageFactory(parent=meeting)

    assert minutes.url == "/committees/panel/meetings/2024-09-25/minutes/"
    assert client.get(minutes.url).status_code == 200


def test_each_agenda_item_has_a_stable_anchor_and_its_own_url(client, meeting):
    meeting.agenda_items.add(AgendaItem(number="4.1", title="Public questions"))
    meeting.save_revision().publish()
    item = meeting.agenda_items.get()

    assert item.slug == "item-4-1"
    response = client.get(f"{meeting.url}items/item-4-1/")
    assert response.status_code == 200
    assert "Public questions" in response.content.decode()
    assert client.get(f"{meeting.url}items/item-99/").status_code == 404


def test_exempt_item_shows_only_number_title_and_paragraph(client, meeting, site_tree):
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"], title="Confidential staffing report"
    )
    item = AgendaItem(
        number="9",
        title="Appointment of chief executive",
        exempt_paragraph=1,
        exempt_reason="It is about an individual.",
        summary="<p>Salary negotiations with the preferred candidate.</p>",
    )
    meeting.agenda_items.add(item)
    meeting.save_revision().publish()
    meeting.agenda_items.get().papers.set([paper])

    html = client.get(meeting.url).content.decode()

    assert "Appointment of chief executive" in html
    assert "exempt under paragraph 1" in html
    assert "Salary negotiations" not in html
    assert "Confidential staffing report" not in html


def test_an_exempt_item_needs_a_public_reason():
    item = AgendaItem(number="9", title="Appointment", exempt_paragraph=1)

    with pytest.raises(ValidationError) as error:
        item.clean()

    assert "exempt_reason" in error.value.message_dict


def test_a_meeting_must_end_after_it_starts(committee):
    start = datetime.datetime(2024, 9, 25, 13, 30, tzinfo=LONDON)
    meeting = MeetingPage(title="x", start=start, end=start - datetime.timedelta(hours=1))

    with pytest.raises(ValidationError) as error:
        meeting.clean()

    assert "end" in error.value.message_dict


def test_a_cancelled_meeting_must_say_why(committee):
    meeting = MeetingPage(
        title="x",
        start=datetime.datetime(2024, 9, 25, 13, 30, tzinfo=LONDON),
        status=MeetingPage.Status.CANCELLED,
    )

    with pytest.raises(ValidationError) as error:
        meeting.clean()

    assert "status_reason" in error.value.message_dict


def test_upcoming_and_past_split_on_now(committee):
    now = datetime.datetime(2024, 6, 1, tzinfo=LONDON)
    past = factories.MeetingPageFactory(
        parent=committee, start=datetime.datetime(2024, 5, 1, 13, 0, tzinfo=LONDON)
    )
    future = factories.MeetingPageFactory(
        parent=committee, start=datetime.datetime(2024, 7, 1, 13, 0, tzinfo=LONDON)
    )

    assert list(MeetingPage.objects.upcoming(now)) == [future]
    assert list(MeetingPage.objects.past(now)) == [past]


def test_only_one_set_of_minutes_per_meeting(meeting):
    assert MinutesPage.can_create_at(meeting)

    factories.MinutesPageFactory(parent=meeting)

    assert not MinutesPage.can_create_at(meeting)
