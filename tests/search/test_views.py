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
