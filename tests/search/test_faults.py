"""Elasticsearch down or slow: search still answers, publishing still works, nothing is lost.

"Down" is a closed port (nothing listens, as after the process stops); "slow" is a local
TCP server that accepts connections and never answers. The shared Elasticsearch server
keeps running for the other tests."""

import copy
import io
import socket
import threading

import pytest
from django.core.management import call_command
from wagtail.models import Page

from search.models import PendingIndexOperation
from search.query import LIMITED_NOTICE, search_archive
from tests import factories
from tests.search.conftest import publish, refresh

pytestmark = pytest.mark.elasticsearch


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def silent_server():
    """Accepts connections, reads, never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []

    def accept():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            held.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in held:
        connection.close()


def point_elasticsearch_at(settings, port, timeout=1):
    backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    backends["default"]["URLS"] = [f"http://127.0.0.1:{port}"]
    backends["default"]["TIMEOUT"] = timeout
    settings.WAGTAILSEARCH_BACKENDS = backends


def test_search_answers_from_the_database_when_elasticsearch_is_down(
    site_tree, es, settings, client, caplog
):
    publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Quarry lorry survey"))
    point_elasticsearch_at(settings, closed_port())

    response = client.get("/search/", {"q": "quarry lorry"})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.engine == "database"
    assert outcome.notice == LIMITED_NOTICE
    assert [r.title for r in outcome.results] == ["Quarry lorry survey"]
    assert "temporarily limited" in response.content.decode()
    assert "Elasticsearch search failed" in caplog.text
    assert client.get("/").status_code == 200  # the rest of the site does not notice


def test_search_answers_when_elasticsearch_is_slower_than_the_timeout(
    site_tree, es, settings, client, silent_server
):
    publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Ferry terminal audit"))
    point_elasticsearch_at(settings, silent_server)
    settings.QUORUM_SEARCH_TIMEOUT = 0.5

    data = client.get("/api/v1/search", {"q": "ferry terminal"}).json()
    assert data["engine"] == "database"
    assert data["notice"] == LIMITED_NOTICE
    assert [r["title"] for r in data["results"]] == ["Ferry terminal audit"]


def test_publishing_while_down_succeeds_and_search_sync_catches_up(site_tree, es, settings):
    real = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    point_elasticsearch_at(settings, closed_port())

    paper = factories.PaperPageFactory(parent=site_tree["papers"], title="Lighthouse patrol plan")
    publish(paper)  # must not raise
    assert Page.objects.get(pk=paper.pk).live
    assert PendingIndexOperation.objects.filter(object_id=str(paper.pk)).exists()
    with pytest.raises(Exception, match="still not taking updates"):
        call_command("search_sync", stdout=io.StringIO())

    settings.WAGTAILSEARCH_BACKENDS = real
    refresh(es)
    assert search_archive("lighthouse patrol").total == 0  # the index missed it
    out = io.StringIO()
    call_command("search_sync", stdout=out)
    assert "0 still pending" in out.getvalue()
    assert not PendingIndexOperation.objects.exists()
    refresh(es)
    assert [r.title for r in search_archive("lighthouse patrol").results] == [
        "Lighthouse patrol plan"
    ]


def test_deletion_while_down_is_replayed(site_tree, es, settings):
    paper = publish(
        factories.PaperPageFactory(parent=site_tree["papers"], title="Windmill theft review")
    )
    refresh(es)
    assert search_archive("windmill theft").total == 1
    real = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    point_elasticsearch_at(settings, closed_port())
    paper.delete()
    settings.WAGTAILSEARCH_BACKENDS = real
    call_command("search_sync", stdout=io.StringIO())
    refresh(es)
    assert search_archive("windmill theft").total == 0
    assert not PendingIndexOperation.objects.exists()


def test_search_keeps_answering_during_an_atomic_rebuild(site_tree, es):
    """The steps of `update_index` for the page index, with searches in between."""
    from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
    from wagtail.search.index import get_indexed_models

    publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Orchard watch scheme"))
    refresh(es)
    index = es.get_index_for_model(Page)
    models = next(
        ms
        for i, ms in group_models_by_index(es, get_indexed_models()).items()
        if i.name == index.name
    )
    rebuilder = es.rebuilder_class(index)
    new_index = rebuilder.start()  # a new, empty index is being filled
    assert new_index.name != index.name
    assert search_archive("orchard watch").total == 1  # the alias still serves the old one
    for model in models:
        new_index.add_model(model)
    for model in models:
        new_index.add_items(model, model.get_indexed_objects())
    assert search_archive("orchard watch").total == 1
    rebuilder.finish()  # the alias swaps to the new index
    refresh(es)
    assert search_archive("orchard watch").total == 1
    assert index.is_alias()
