"""An exempt agenda item's summary is never searchable, on either search engine: the public
may know its number, title and paragraph (Schedule 12A), nothing else."""

import datetime

import pytest

from meetings.models import AgendaItem
from search.query import search_archive
from tests import factories
from tests.search.conftest import EXEMPT_SUMMARY, add_exempt_item


@pytest.fixture
def meeting_with_exempt_item(site_tree):
    panel = factories.CommitteePageFactory(parent=site_tree["committees"], slug="panel")
    panel.save_revision().publish()
    meeting = factories.MeetingPageFactory(
        parent=panel, start=datetime.datetime(2024, 9, 25, 13, 30, tzinfo=datetime.UTC)
    )
    meeting.agenda_items.add(
        AgendaItem(number="4", title="Police and crime plan", summary="<p>Plan refresh.</p>")
    )
    add_exempt_item(meeting)
    meeting.save_revision().publish()
    return meeting


def test_the_model_gives_search_no_summary_for_an_exempt_item(meeting_with_exempt_item):
    items = {item.number: item for item in meeting_with_exempt_item.agenda_items.all()}
    assert items["9"].summary == EXEMPT_SUMMARY  # kept for panel members and staff
    assert items["9"].public_summary == ""
    assert items["4"].public_summary == "<p>Plan refresh.</p>"


def test_database_search_does_not_find_an_exempt_items_summary(meeting_with_exempt_item, settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    from django.core.management import call_command

    call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert search_archive("Acme tender figures").total == 0
    found = search_archive("custody contract award")
    assert found.total >= 1
    assert "Acme" not in " ".join(s for r in found.results for s in r.snippets)
    assert search_archive("plan refresh").total >= 1  # a public item's summary is found
