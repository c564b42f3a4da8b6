"""Page cost does not grow with content: the same number of SQL queries for 5 and for 50."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.meetings import public_site as build
from tests.meetings.public_site import LONDON

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 2, 12, 13, 30, tzinfo=LONDON)


def queries_for(client, url):
    client.get(url)  # warm caches that are per process, not per page (site root, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def meeting_with_items(committee, papers, count, day):
    items = [
        (f"Report {day}-{n}", [build.paper(papers, title=f"Report {day}-{n}")], {})
        for n in range(count)
    ]
    meeting = build.meeting(committee, START + datetime.timedelta(days=day), items=items)
    build.minutes(meeting, resolved="Noted.")
    return meeting


def test_meeting_page_costs_the_same_with_5_and_50_agenda_items(client, site_tree, committee):
    small = meeting_with_items(committee, site_tree["papers"], 5, day=0)
    large = meeting_with_items(committee, site_tree["papers"], 50, day=1)

    assert queries_for(client, small.url) == queries_for(client, large.url)
    assert "Report 1-49" in client.get(large.url).content.decode()


def test_committee_page_costs_the_same_with_5_and_50_meetings(client, site_tree):
    from tests import factories

    few = factories.CommitteePageFactory(parent=site_tree["committees"], title="Few")
    many = factories.CommitteePageFactory(parent=site_tree["committees"], title="Many")
    for day in range(5):
        build.meeting(few, START + datetime.timedelta(days=day))
    for day in range(50):
        build.meeting(many, START + datetime.timedelta(days=day))

    assert queries_for(client, few.url) == queries_for(client, many.url)


def test_paper_page_costs_the_same_with_5_and_50_appendices(client, site_tree):
    small = build.paper(site_tree["papers"], title="Small", appendices=5)
    large = build.paper(site_tree["papers"], title="Large", appendices=50)

    assert queries_for(client, small.url) == queries_for(client, large.url)
    assert "Budget table 50" in client.get(large.url).content.decode()


def test_meetings_calendar_costs_the_same_with_5_and_50_meetings(client, site_tree, committee):
    for day in range(5):
        build.meeting(committee, START + datetime.timedelta(days=day))
    small = queries_for(client, "/meetings/?year=2025")
    for day in range(5, 50):
        build.meeting(committee, START + datetime.timedelta(days=day))

    assert queries_for(client, "/meetings/?year=2025") == small
