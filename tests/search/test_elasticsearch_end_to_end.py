"""The first end-to-end search test on the real Elasticsearch 9 server."""

import pytest
from wagtail.models import Page

from tests import factories

pytestmark = pytest.mark.elasticsearch


def refresh(backend):
    backend.get_index_for_model(Page).refresh()


def test_search_backend_is_the_real_elasticsearch(search_backend):
    info = search_backend.es.nodes.info(node_id="_local")
    versions = {node["version"] for node in info["nodes"].values()}
    assert all(version.startswith("9.") for version in versions), versions


def test_published_paper_is_found_and_unpublished_paper_is_gone(client, site_tree, search_backend):
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"],
        title="Rural Crime Partnership Review",
        summary="How the quarrying villages are policed after dark.",
    )
    paper.save_revision().publish()
    refresh(search_backend)

    response = client.get("/search/", {"q": "quarrying villages"})
    assert response.status_code == 200
    assert [hit.url for hit in response.context["outcome"].results] == [paper.url]
    assert "Rural Crime Partnership Review" in response.content.decode()

    paper.unpublish()
    refresh(search_backend)

    response = client.get("/search/", {"q": "quarrying villages"})
    assert response.context["outcome"].total == 0
    assert "Rural Crime Partnership Review" not in response.content.decode()


def test_draft_is_not_found(client, site_tree, search_backend):
    draft = factories.PaperPageFactory(
        parent=site_tree["papers"], title="Unannounced Estates Strategy", live=False
    )
    draft.save_revision()
    refresh(search_backend)

    response = client.get("/search/", {"q": "estates strategy"})
    assert response.context["outcome"].total == 0


def test_english_stemming_matches_other_forms_of_a_word(client, site_tree, search_backend):
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"], title="Recommendations on neighbourhood policing"
    )
    paper.save_revision().publish()
    refresh(search_backend)

    response = client.get("/search/", {"q": "recommendation"})
    assert [hit.url for hit in response.context["outcome"].results] == [paper.url]
