"""Calendars, RSS/Atom feeds, robots.txt and the sitemap: public content only, ever."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.utils import timezone

from tests import factories
from tests.meetings import public_site as build
from tests.meetings.public_site import LONDON

pytestmark = pytest.mark.django_db

SUMMER = datetime.datetime(2025, 7, 9, 13, 30, tzinfo=LONDON)


@pytest.fixture
def content(site_tree, committee):
    """One public, one draft and one view-restricted item of each kind, and an exempt paper."""
    soon = timezone.now() + datetime.timedelta(days=10)
    public = build.meeting(committee, soon, title="Public meeting")
    draft = build.draft(build.meeting(committee, soon + datetime.timedelta(days=1)))
    private = build.meeting(committee, soon + datetime.timedelta(days=2), title="Private one")
    build.restrict(private)
    papers = site_tree["papers"]
    public_paper = build.paper(papers, title="Public precept report")
    draft_paper = build.draft(build.paper(papers, title="Draft report"))
    private_paper = build.paper(papers, title="Private report")
    build.restrict(private_paper)
    exempt_paper = build.paper(
        papers, title="Exempt report", exempt_paragraph=3, exempt_reason="Business affairs."
    )
    held = build.meeting(committee, SUMMER, items=[("Precept", [public_paper], {})])
    public_minutes = build.minutes(held, resolved="That the precept be agreed.")
    draft_held = build.meeting(committee, SUMMER + datetime.timedelta(days=7), title="Later")
    build.draft(build.minutes(draft_held, title="Unpublished minutes"))
    return locals()


def hidden(content):
    return [content[k] for k in ("draft", "private", "draft_paper", "private_paper")] + [
        content["exempt_paper"]
    ]


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_meetings_calendar_is_valid_icalendar_with_london_times(client, content):
    calendar = parse_calendar(client.get("/meetings/calendar.ics"))

    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events].count("Public meeting") == 1
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert not [e for e in events if e.decoded("DTSTART").year == 2025]  # over a year ago
    committee = parse_calendar(client.get(f"/committees/{content['committee'].slug}/meetings.ics"))
    summer = next(e for e in committee.walk("VEVENT") if e.decoded("DTSTART").month == 7)
    assert summer.decoded("DTSTART").strftime("%H:%M %Z") == "13:30 BST"
    assert all(e.get("UID") and e.get("DTSTAMP") for e in events)
    assert str(summer["URL"]).startswith("http://")


def test_calendars_never_include_drafts_or_private_meetings(client, content):
    committee = content["committee"]
    for url in ("/meetings/calendar.ics", f"/committees/{committee.slug}/meetings.ics"):
        body = client.get(url).content.decode()
        assert "Public meeting" in body
        assert f"meeting-{content['draft'].pk}@" not in body
        assert "Private one" not in body


def test_a_meeting_has_its_own_ics_and_hidden_meetings_have_none(client, content):
    calendar = parse_calendar(client.get(f"/meetings/{content['public'].pk}.ics"))

    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Public meeting"]
    assert client.get(f"/meetings/{content['draft'].pk}.ics").status_code == 404
    assert client.get(f"/meetings/{content['private'].pk}.ics").status_code == 404
    assert client.get("/meetings/999999.ics").status_code == 404


def test_cancelled_meeting_is_cancelled_in_the_calendar(client, content):
    meeting = content["public"]
    meeting.status, meeting.status_reason = meeting.Status.CANCELLED, "Not quorate."
    meeting.save()

    event = parse_calendar(client.get(f"/meetings/{meeting.pk}.ics")).walk("VEVENT")[0]

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Public meeting"
    assert "Not quorate." in str(event["DESCRIPTION"])


def test_unknown_committee_calendar_is_not_found(client, content):
    assert client.get("/committees/no-such-committee/meetings.ics").status_code == 404


@pytest.mark.parametrize("url", ["/feeds/papers.rss", "/feeds/papers.atom"])
def test_papers_feed_lists_public_papers_only(client, content, url):
    response = client.get(url)

    assert response.status_code == 200
    ET.fromstring(response.content)  # well-formed XML
    body = response.content.decode()
    assert "Public precept report" in body
    for page in hidden(content):
        assert page.title not in body


@pytest.mark.parametrize("url", ["/feeds/minutes.rss", "/feeds/minutes.atom"])
def test_minutes_feed_lists_published_minutes_with_their_decisions(client, content, url):
    response = client.get(url)

    ET.fromstring(response.content)
    body = response.content.decode()
    assert content["public_minutes"].title in body
    assert "RESOLVED That the precept be agreed." in body
    assert "Unpublished minutes" not in body


def test_exempt_paper_is_view_restricted_and_out_of_feeds(content):
    from meetings.models import PaperPage

    assert not PaperPage.objects.visible_to_public().filter(pk=content["exempt_paper"].pk)


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_public_pages_only(client, content):
    body = client.get("/sitemap.xml").content.decode()

    assert content["public"].url in body
    assert content["public_paper"].url in body
    for page in hidden(content):
        assert page.url not in body


def test_pages_link_to_the_feeds_for_browsers_and_readers(client, content):
    body = client.get("/").content.decode()

    assert 'type="application/rss+xml" title="New papers" href="/feeds/papers.rss"' in body
    assert 'href="/meetings/calendar.ics"' in body


def test_person_page_for_someone_never_minuted_has_an_empty_record(site_tree):
    from meetings.models import Attendance

    person = factories.PersonPageFactory(parent=site_tree["people"])

    record = Attendance.objects.record_for(person)

    assert record.expected == 0 and record.percentage is None


def test_minutes_of_exempt_items_keep_their_decisions_out_of_pages_and_feeds(
    client, site_tree, committee
):
    secret = build.paper(site_tree["papers"], title="Complaint file")
    held = build.meeting(
        committee,
        SUMMER,
        items=[("Complaint", [secret], {"exempt_paragraph": 1, "exempt_reason": "A person."})],
    )
    minutes = build.minutes(held, resolved="That the complaint about Mr X be upheld.")

    page = client.get(minutes.url).content.decode()
    feed = client.get("/feeds/minutes.rss").content.decode()

    assert "Complaint" in page and "exempt under paragraph 1" in page
    assert "Mr X" not in page and "The Panel discussed the item." not in page
    assert minutes.title in feed and "Mr X" not in feed
