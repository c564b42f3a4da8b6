"""In Chromium: search for a phrase that is only inside a PDF appendix, open it at its page."""

import pytest

from tests.search.conftest import archive, es, es_session, refresh  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.elasticsearch,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_phrase_inside_a_pdf_appendix_opens_the_document_at_its_page(archive, es, page):  # noqa: F811
    refresh(es)
    page.goto("/")
    page.fill("#site-search-q", '"hedgehog crossing patrols"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")

    result = page.locator("li.result").first
    assert result.locator("h3").inner_text() == "Appendix A: precept consultation results"
    assert result.locator("mark").first.inner_text().lower() == "hedgehog crossing patrols"
    link = result.get_by_role("link", name="Page 3")
    href = link.get_attribute("href")
    assert href.endswith(".pdf#page=3")

    response = page.request.get(href.split("#")[0])
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    link.click()
    page.wait_for_url("**/*.pdf#page=3")
    assert page.url.endswith(".pdf#page=3")


def test_committee_is_chosen_from_a_list_with_result_counts(archive, es, page):  # noqa: F811
    refresh(es)
    page.goto("/search/?q=precept")
    page.locator("summary", has_text="Filters and order").click()
    committee = page.get_by_label("Committee")
    option = committee.locator("option[value=panel]")
    assert option.inner_text().startswith("Police and Crime Panel (")  # with its count
    committee.select_option("panel")
    page.locator(".search-form button[type=submit]").click()
    page.wait_for_url("**committee=panel**")

    assert page.get_by_label("Committee").input_value() == "panel"
    assert page.locator("li.result").count() > 0
