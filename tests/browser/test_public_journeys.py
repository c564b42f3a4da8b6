"""What residents, journalists and councillors do on the site, in Chromium."""

from pathlib import Path

import icalendar
import pytest

from tests.browser.public_archive import public_archive

# serialized_rollback: each test starts from the tree that migrations create (home page,
# site, root collection), which a transactional test would otherwise have flushed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def archive(live_server):
    return public_archive()


def test_find_the_next_meeting_and_add_it_to_a_calendar(page, archive):
    page.goto("/")
    page.get_by_role("link", name="Police and Crime Panel, next meeting").click()
    assert page.locator("h1").inner_text() == "Police and Crime Panel, next meeting"

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())

    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Police and Crime Panel, next meeting"
    assert event.decoded("DTSTART") == archive["upcoming"].start


def test_open_an_agenda_read_a_report_and_download_its_appendix(page, archive):
    page.goto("/meetings/")
    page.get_by_role("link", name="Police and Crime Panel").first.click()
    page.goto(archive["held"].url)
    agenda = page.locator("ol.agenda")
    assert "2. Proposed police precept" in agenda.inner_text()

    agenda.get_by_role("link", name="Proposed police precept").click()
    assert page.locator("h1").inner_text() == "Proposed police precept"
    assert "Background" in page.locator("main").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Appendix A: Budget tables").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"


def test_check_a_members_attendance(page, archive):
    page.goto(archive["committee"].url)
    page.get_by_role("link", name="Vida Member").click()

    text = page.locator("#attendance").locator("..").inner_text()
    assert "expected at 1 meeting, attended 1 (100%)" in text
    assert page.locator("svg[role=img] title").count() == 1


def test_subscribe_to_a_feed(page, archive):
    page.goto("/")
    href = page.get_by_role("link", name="New papers (RSS)").get_attribute("href")
    response = page.request.get(href)

    assert response.status == 200
    assert "Proposed police precept" in response.text()
    calendar = page.request.get(
        page.get_by_role("link", name="Meetings calendar (iCalendar)").get_attribute("href")
    )
    assert icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")


def test_keyboard_only_search(page, archive):
    page.goto("/")
    page.keyboard.press("Tab")  # skip link
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("precept")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=precept")
    assert page.locator("h1").count() == 1


def test_keyboard_only_opening_a_paper_from_the_agenda(page, archive):
    page.goto(archive["held"].url)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Proposed police precept":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{archive['paper'].url}")
    assert page.locator("h1").inner_text() == "Proposed police precept"
