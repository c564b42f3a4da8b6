import pytest
from django.test import override_settings

from quorum import env


def test_healthz_reports_database_and_search_as_json(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["search"]["ok"] is True


@pytest.mark.elasticsearch
def test_healthz_names_elasticsearch_when_it_does_not_answer(client, db):
    # A port nothing listens on stands in for an Elasticsearch that is down.
    unreachable = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "quorum_unreachable_",
            "TIMEOUT": 1,
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=unreachable):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is True
    assert body["search"]["ok"] is False
    assert "Connection" in body["search"]["error"]


@pytest.mark.elasticsearch
def test_healthz_checks_the_configured_elasticsearch(client, db):
    body = client.get("/healthz").json()

    assert "elasticsearch" in body["search"]["backend"]
    assert body["search"]["status"] in {"green", "yellow"}
    assert env.ELASTICSEARCH_URL
