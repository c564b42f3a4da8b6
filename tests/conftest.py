"""Test set-up: the real services, and a public site tree to build on.

Tests marked `elasticsearch` need the real server at ELASTICSEARCH_URL. When
QUORUM_REQUIRE_SERVICES is set (the test command and CI set it), a missing
PostgreSQL or Elasticsearch fails the run instead of skipping anything.
"""

import io
import os
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command

from quorum import env
from tests import factories

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "shared")


def pytest_configure(config):
    if env.REQUIRE_SERVICES:
        missing = []
        if not env.DATABASE_URL.startswith(("postgres://", "postgresql://")):
            missing.append("DATABASE_URL (PostgreSQL)")
        if not env.ELASTICSEARCH_URL:
            missing.append("ELASTICSEARCH_URL (Elasticsearch 9)")
        if missing:
            raise pytest.UsageError(
                "QUORUM_REQUIRE_SERVICES is set but these are not configured: " + ", ".join(missing)
            )


def pytest_collection_modifyitems(config, items):
    for item in items:
        _restore_migration_data_after_flushes(item)
    if env.ELASTICSEARCH_URL:
        return
    skip = pytest.mark.skip(reason="ELASTICSEARCH_URL is not set (run `make test`)")
    for item in items:
        if "elasticsearch" in item.keywords:
            item.add_marker(skip)


def _restore_migration_data_after_flushes(item):
    """Every transactional test (browser tests, subprocess tests) empties the database when
    it ends. What migrations created (the home page, site, roles, workflows) must come back
    for the next one, with the same ids, so each of them uses serialized_rollback: a single
    transactional test without it would recreate content types under new ids."""
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        {"live_server", "transactional_db"} & set(getattr(item, "fixturenames", ()))
    )
    if transactional:
        kwargs = dict(marker.kwargs) if marker else {}
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session", autouse=True)
def _unique_index_prefix():
    """Each test session writes to its own Elasticsearch indexes."""
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    if "elasticsearch" not in backend.get("BACKEND", ""):
        yield
        return
    prefix = backend["INDEX_PREFIX"] = f"quorum_test_{uuid.uuid4().hex[:8]}_"
    yield
    # Leave the server as we found it: a few hundred leftover shards slow a small node.
    from elasticsearch import Elasticsearch

    with Elasticsearch(env.ELASTICSEARCH_URL, request_timeout=30) as es:
        names = list(es.indices.get(index=f"{prefix}*", expand_wildcards="all"))
        if names:
            es.indices.delete(index=",".join(names))


@pytest.fixture
def search_backend(db):
    """The real Elasticsearch backend, with a fresh, empty index for this test."""
    from wagtail.search.backends import get_search_backend

    if not env.ELASTICSEARCH_URL:
        pytest.fail("This test needs ELASTICSEARCH_URL")
    # update_index creates each index with Wagtail's settings and mappings (an index that
    # Elasticsearch creates on the first write would have neither).
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    yield get_search_backend()


@pytest.fixture
def home(db):
    from tests.browser.public_archive import ensure_home

    return ensure_home()


@pytest.fixture
def site_tree(home):
    """The public site's sections, as the demo content and a real install have them."""
    return {
        "home": home,
        "committees": factories.CommitteeIndexPageFactory(parent=home),
        "papers": factories.PaperIndexPageFactory(parent=home),
        "people": factories.PersonIndexPageFactory(parent=home),
    }


@pytest.fixture
def committee(site_tree):
    return factories.CommitteePageFactory(
        parent=site_tree["committees"], title="Police and Crime Panel", slug="panel"
    )
