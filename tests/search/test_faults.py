"""Elasticsearch down or slow: search still answers, publishing still works, nothing is lost.

The real server is stopped: its process is frozen with SIGSTOP (it keeps its port, takes
connections and answers nothing, so every request is slower than any timeout) and resumed
with SIGCONT, always, before the test ends; its process id is the one the server reports.
Besides, "down" as a closed port (nothing listens) and "slow"
as a local server that never answers are simulated without touching the real one."""

import contextlib
import copy
import io
import os
import signal
import socket
import threading
import time

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from quorum import env
from search.models import PendingIndexOperation
from search.query import LIMITED_NOTICE, search_archive
from tests import factories
from tests.search.conftest import publish, refresh, start_rebuild

pytestmark = pytest.mark.elasticsearch

SERVER_CLASS = "org.elasticsearch.bootstrap.Elasticsearch"


@pytest.fixture
def es_pid(es):
    """The process id of the Elasticsearch server that ELASTICSEARCH_URL reaches, as the
    server reports it; it must be a server process on this machine (the tests freeze it)."""
    reported = es.es.nodes.info(node_id="_local", metric="process")["nodes"]
    [pid] = [node["process"]["id"] for node in reported.values()]
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            local = SERVER_CLASS.encode() in cmdline.read()
    except OSError:
        local = False
    if not local:
        message = f"{env.ELASTICSEARCH_URL} is not an Elasticsearch server on this machine"
        if env.REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    return pid


@contextlib.contextmanager
def stopped(es, pid):
    """Elasticsearch frozen for the duration of the block, then resumed and healthy again."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)
        es.es.options(request_timeout=60).cluster.health(wait_for_status="yellow", timeout="60s")


def with_timeout(settings, seconds):
    backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    backends["default"]["TIMEOUT"] = seconds
    settings.WAGTAILSEARCH_BACKENDS = backends


def test_search_page_and_api_answer_while_elasticsearch_is_stopped(
    site_tree, es, es_pid, settings, client, caplog
):
    publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Canal towpath lighting"))
    refresh(es)
    settings.QUORUM_SEARCH_TIMEOUT = 0.5

    with stopped(es, es_pid):
        started = time.monotonic()
        page = client.get("/search/", {"q": "canal towpath"})
        data = client.get("/api/v1/search", {"q": "canal towpath"}).json()
        home = client.get("/")
        elapsed = time.monotonic() - started

    assert page.status_code == 200
    assert page.context["outcome"].engine == "database"
    assert "temporarily limited" in page.content.decode()
    assert [r.title for r in page.context["outcome"].results] == ["Canal towpath lighting"]
    assert data["engine"] == "database"
    assert data["notice"] == LIMITED_NOTICE
    assert [r["title"] for r in data["results"]] == ["Canal towpath lighting"]
    assert caplog.text.count("Elasticsearch search failed") == 2
    assert home.status_code == 200  # the rest of the site does not notice
    assert elapsed < 5  # two abandoned searches of 0.5 s each, not a hang
    # Resumed, Elasticsearch answers again.
    assert client.get("/api/v1/search", {"q": "canal towpath"}).json()["engine"] == (
        "elasticsearch"
    )


def test_publishing_while_elasticsearch_is_stopped_succeeds_and_search_sync_replays_it(
    site_tree, es, es_pid, settings
):
    with_timeout(settings, 0.5)
    paper = factories.PaperPageFactory(parent=site_tree["papers"], title="Marina patrol plan")
    old = publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Pier camera audit"))

    with stopped(es, es_pid):
        publish(paper)  # must not raise
        old.delete()
        assert Page.objects.get(pk=paper.pk).live
        owed = dict(PendingIndexOperation.objects.values_list("object_id", "action"))
        assert owed == {str(paper.pk): "index", str(old.pk): "delete"}
        with pytest.raises(Exception, match="still not taking updates"):
            call_command("search_sync", stdout=io.StringIO())
        assert PendingIndexOperation.objects.count() == 2  # kept for the next try

    out = io.StringIO()
    call_command("search_sync", stdout=out)
    assert "2 pending: 1 indexed, 1 deleted, 0 still pending." in out.getvalue()
    assert not PendingIndexOperation.objects.exists()
    refresh(es)
    assert [r.title for r in search_archive("marina patrol").results] == ["Marina patrol plan"]
    assert search_archive("pier camera").total == 0


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


def test_a_move_while_down_is_owed_for_every_page_and_replayed(site_tree, es, settings):
    """A move re-indexes the moved section in bulk; Elasticsearch down, every page in it is
    recorded, and search_sync takes them where they went (here: behind a sign-in)."""
    home = site_tree["home"]
    members = factories.PaperIndexPageFactory(parent=home, title="Members", slug="members")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    archive = factories.PaperIndexPageFactory(parent=home, title="Archive", slug="archive")
    papers = [
        publish(factories.PaperPageFactory(parent=archive, title=f"Turbine survey {n}"))
        for n in range(3)
    ]
    refresh(es)
    assert search_archive("turbine survey").total == 3
    real = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    point_elasticsearch_at(settings, closed_port())

    archive.move(members, pos="last-child")  # must not raise

    owed = set(PendingIndexOperation.objects.values_list("object_id", flat=True))
    assert {str(page.pk) for page in [archive, *papers]} <= owed
    settings.WAGTAILSEARCH_BACKENDS = real
    refresh(es)
    assert search_archive("turbine survey").total == 3  # indexed at their old paths
    call_command("search_sync", stdout=io.StringIO())
    refresh(es)
    assert search_archive("turbine survey").total == 0
    assert not PendingIndexOperation.objects.exists()


def test_search_keeps_answering_during_an_atomic_rebuild(site_tree, es):
    """The steps of `update_index` for the page index, with searches in between."""
    publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Orchard watch scheme"))
    refresh(es)
    index = es.get_index_for_model(Page)
    rebuilder, new_index, models = start_rebuild(es, Page)  # a new, empty index is filled
    assert new_index.name != index.name
    assert search_archive("orchard watch").total == 1  # the alias still serves the old one
    for model in models:
        new_index.add_items(model, model.get_indexed_objects())
    assert search_archive("orchard watch").total == 1
    rebuilder.finish()  # the alias swaps to the new index
    refresh(es)
    assert search_archive("orchard watch").total == 1
    assert index.is_alias()


def test_the_scheduler_replays_missed_index_updates_every_minute(site_tree, es, settings):
    """run_scheduler (started by `make run` and the systemd unit) runs search_sync too."""
    real = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    point_elasticsearch_at(settings, closed_port())
    publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Harbour wall survey"))
    assert PendingIndexOperation.objects.count() == 1

    errors = io.StringIO()
    call_command("run_scheduler", "--once", stdout=io.StringIO(), stderr=errors)  # still down
    assert "still not taking updates" in errors.getvalue()
    assert PendingIndexOperation.objects.count() == 1  # kept for the next minute

    settings.WAGTAILSEARCH_BACKENDS = real
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "1 pending: 1 indexed, 0 deleted, 0 still pending." in out.getvalue()
    assert not PendingIndexOperation.objects.exists()
    refresh(es)
    assert [r.title for r in search_archive("harbour wall").results] == ["Harbour wall survey"]


def test_a_reorder_that_shifts_many_sections_reindexes_them_together(site_tree, es):
    home = site_tree["home"]
    sections = [
        factories.PaperIndexPageFactory(parent=home, title=f"Section {n}", slug=f"section-{n}")
        for n in range(4)
    ]
    for section in sections:
        publish(factories.PaperPageFactory(parent=section, title=f"{section.title} survey"))
    page_index = es.get_index_for_model(Page).name

    def bulk_requests():
        stats = es.es.indices.stats(index=page_index, metric="bulk")
        return stats["_all"]["primaries"]["bulk"]["total_operations"]

    before = bulk_requests()
    sections[-1].move(home, pos="first-child")  # every section of home shifts along
    # The moved page's own save, then one request per type of page (one model at a time),
    # whatever the number of sections (one at a time: 12 requests here).
    page_types = {type(page) for page in home.get_descendants().specific()}
    assert bulk_requests() - before == 1 + len(page_types)
    refresh(es)
    assert search_archive("section survey").total == 4
