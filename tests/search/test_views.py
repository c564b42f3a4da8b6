"""The search page and API on the embedded default (the database backend)."""

import pytest

from search.query import BASIC_NOTICE
from tests import factories


@pytest.fixture
def database_search(settings):
    backends = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {"default": backends.get("database", backends["default"])}


def test_database_backend_finds_public_pages_and_says_what_needs_elasticsearch(
    site_tree, database_search, client
):
    paper = factories.PaperPageFactory(parent=site_tree["papers"], title="Canal towpath lighting")
    paper.save_revision().publish()
    response = client.get("/search/", {"q": "towpath lighting"})
    outcome = response.context["outcome"]
    assert [r.title for r in outcome.results] == ["Canal towpath lighting"]
    assert outcome.results[0].type == "paper"
    assert BASIC_NOTICE in response.content.decode()


def test_api_and_page_share_parameters_and_reject_bad_ones_with_reasons(db, client):
    response = client.get("/api/v1/search", {"q": "x", "sort": "sideways", "page": "0"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"sort", "page"}


def test_empty_query_shows_the_form_without_results(db, client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["outcome"].results == []
    assert 'name="q"' in response.content.decode()


def test_autocomplete_needs_two_characters(db, client):
    assert client.get("/search/autocomplete", {"q": "a"}).json() == {"results": []}


def test_committee_filter_is_a_list_of_the_public_committees(site_tree, database_search, client):
    panel = factories.CommitteePageFactory(
        parent=site_tree["committees"], title="Police and Crime Panel", slug="panel"
    )
    panel.save_revision().publish()
    draft = factories.CommitteePageFactory(
        parent=site_tree["committees"], title="Secret Working Group", slug="secret", live=False
    )
    html = client.get("/search/", {"q": "budget"}).content.decode()

    select = html[
        html.index('<select name="committee"') : html.index(
            "</select>", html.index('<select name="committee"')
        )
    ]
    assert '<label for="id_committee">Committee:</label>' in html
    assert '<option value="" selected>All committees</option>' in select
    # The database search counts results by committee too (none here).
    assert '<option value="panel">Police and Crime Panel (0)</option>' in select
    assert draft.slug not in select
    chosen = client.get("/search/", {"q": "budget", "committee": "panel"}).content.decode()
    assert '<option value="panel" selected>Police and Crime Panel</option>' in chosen


def test_unknown_committee_gets_a_clear_message_not_an_error(site_tree, database_search, client):
    response = client.get("/search/", {"q": "budget", "committee": "<b>nope</b>"})
    assert response.status_code == 200
    assert response.context["outcome"] is None
    html = response.content.decode()
    assert "There is no committee “&lt;b&gt;nope&lt;/b&gt;” on this site" in html
    assert "<b>nope</b>" not in html

    api = client.get("/api/v1/search", {"q": "budget", "committee": "nope"})
    assert api.status_code == 400
    assert api.json()["errors"]["committee"] == [
        "There is no committee “nope” on this site: choose one from the list."
    ]
