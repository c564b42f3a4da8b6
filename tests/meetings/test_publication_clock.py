"""The five-clear-working-day clock (LGA 1972 s.100B), with dates worked out by hand."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from meetings.clock import AgendaStatus, is_working_day, publish_by
from tests import factories

D = datetime.date

# meeting day, publish-by day, how it was counted (clear working days, newest first)
CASES = [
    (D(2024, 9, 25), D(2024, 9, 17), "Wed meeting: Tue 24, Mon 23, Fri 20, Thu 19, Wed 18"),
    (D(2024, 9, 30), D(2024, 9, 20), "Mon meeting: Fri 27 .. Mon 23; Sun 22 is no working day"),
    (D(2024, 9, 28), D(2024, 9, 20), "Sat meeting: Fri 27 .. Mon 23"),
    (D(2025, 1, 2), D(2024, 12, 20), "New Year: Tue 31, Mon 30, Fri 27, Tue 24, Mon 23"),
    (D(2024, 12, 31), D(2024, 12, 19), "Christmas: Mon 30, Fri 27, Tue 24, Mon 23, Fri 20"),
    (D(2026, 12, 30), D(2026, 12, 18), "Boxing Day observed Mon 28: Tue 29, Thu 24 .. Mon 21"),
    (D(2025, 4, 24), D(2025, 4, 14), "Easter 2025: Wed 23, Tue 22, Thu 17, Wed 16, Tue 15"),
    (D(2024, 4, 2), D(2024, 3, 21), "Easter 2024: Thu 28, Wed 27, Tue 26, Mon 25, Fri 22"),
    (D(2024, 5, 29), D(2024, 5, 20), "Spring bank holiday: Tue 28, Fri 24 .. Tue 21"),
]


@pytest.mark.parametrize("meeting, expected, counted", CASES, ids=[c[2] for c in CASES])
def test_publish_by_date(meeting, expected, counted):
    assert publish_by(meeting) == expected


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(D(2025, 12, 25))
    assert not is_working_day(D(2025, 4, 18))  # Good Friday
    assert not is_working_day(D(2025, 4, 19))  # Saturday
    assert is_working_day(D(2025, 4, 22))


@pytest.mark.parametrize(
    "published_on, today, text",
    [
        (D(2024, 9, 17), D(2024, 9, 20), "Published on time"),
        (D(2024, 9, 18), D(2024, 9, 20), "Published late"),
        (None, D(2024, 9, 18), "Late: not yet published"),
        (None, D(2024, 9, 17), "Due today"),
        (None, D(2024, 9, 16), "Due in 1 day"),
        (None, D(2024, 9, 10), "Due in 7 days"),
    ],
)
def test_agenda_status(published_on, today, text):
    status = AgendaStatus(publish_by=D(2024, 9, 17), published_on=published_on, today=today)
    assert str(status) == text


@pytest.mark.django_db
def test_meeting_page_knows_its_deadline_and_first_publication(committee):
    start = datetime.datetime(2024, 9, 25, 13, 30, tzinfo=factories.LONDON)
    meeting = factories.MeetingPageFactory(parent=committee, start=start)
    meeting.first_published_at = datetime.datetime(2024, 9, 16, 9, tzinfo=factories.LONDON)
    assert meeting.publish_by() == D(2024, 9, 17)
    assert meeting.agenda_status(today=D(2024, 9, 20)).on_time


@pytest.mark.django_db
def test_dashboard_lists_agenda_status_and_minutes_still_draft(client, committee):
    now = timezone.now()
    soon = factories.MeetingPageFactory(
        parent=committee, title="Soon meeting", live=False, start=now + datetime.timedelta(days=2)
    )
    later = factories.MeetingPageFactory(
        parent=committee, title="Later meeting", start=now + datetime.timedelta(days=60)
    )
    past = factories.MeetingPageFactory(
        parent=committee, title="Past meeting", start=now - datetime.timedelta(days=20)
    )
    factories.MinutesPageFactory(parent=past)
    call_command("create_user", "mod", role="moderator", password="pw", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="mod"))
    html = client.get("/admin/").content.decode()
    assert "five clear working days" in html
    assert f"{soon.title}</a></td>" in html
    assert "Late: not yet published" in html
    expected_later = str(later.agenda_status())
    assert expected_later.startswith(("Due in", "Published on time"))
    assert expected_later in html
    assert f"{past.title}</a></td><td>Not yet approved" in html
