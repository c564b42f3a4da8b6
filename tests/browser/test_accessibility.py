"""WCAG 2.2 AA in a real browser: axe-core over every public page type, plus the checks
axe cannot make (keyboard use, focus, small screens, print, cookies, third parties)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.public_archive import page_of_each_type, public_archive

# serialized_rollback: each test starts from the tree that migrations create (home page,
# site, root collection), which a transactional test would otherwise have flushed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture
def archive(live_server):
    return public_archive()


def violations_on(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_every_public_page_type_has_no_axe_violations(page, archive):
    found = {}
    for kind, url in page_of_each_type(archive).items():
        problems = violations_on(page, url)
        if problems:
            found[kind] = problems

    assert found == {}


def test_every_page_type_has_one_h1_and_no_skipped_heading_levels(page, archive):
    for kind, url in page_of_each_type(archive).items():
        page.goto(url)
        levels = page.eval_on_selector_all(
            "main h1, main h2, main h3, main h4, main h5, main h6",
            "els => els.map(e => Number(e.tagName[1]))",
        )
        assert levels.count(1) == 1 and levels[0] == 1, kind
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (kind, levels)


def test_pages_fit_a_320_pixel_screen_without_sideways_scrolling(page, archive):
    page.set_viewport_size({"width": 320, "height": 640})
    for kind, url in page_of_each_type(archive).items():
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at 320px"


def test_focus_is_visible_on_links_and_the_skip_link_moves_to_main(page, archive):
    page.goto(archive["held"].url)
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Skip to main content"
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.top]; })()"
    )
    assert style[0] == "solid" and style[1] == "3px"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_agenda_prints_without_navigation_or_buttons(page, archive):
    page.goto(archive["held"].url)
    page.emulate_media(media="print")

    assert page.locator(".site-search").is_hidden()
    assert page.locator(".actions").is_hidden()
    assert page.locator("ol.agenda").is_visible()


def test_anonymous_visitors_get_no_cookies_while_reading_and_searching(page, archive):
    set_cookies = []
    page.on(
        "response", lambda r: set_cookies.append(r.url) if r.header_value("set-cookie") else None
    )
    for url in page_of_each_type(archive).values():
        page.goto(url)
    page.goto("/")
    page.fill("#site-search-q", "precept")
    page.press("#site-search-q", "Enter")
    page.wait_for_load_state()

    assert "/search/" in page.url
    assert set_cookies == []
    assert page.evaluate("document.cookie") == ""
    assert page.context.cookies() == []


def test_pages_make_no_third_party_requests(page, archive, live_server):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    for url in page_of_each_type(archive).values():
        page.goto(url)

    foreign = [u for u in requested if not u.startswith(live_server.url)]
    assert requested and foreign == []


def test_the_axe_scan_reports_a_real_violation(page, archive):
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input>')")

    results = Axe().run(page, options=AXE_OPTIONS)

    assert "label" in {v["id"] for v in results.response["violations"]}
