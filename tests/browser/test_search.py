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
