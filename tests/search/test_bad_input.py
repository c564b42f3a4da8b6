"""Any query string gets a normal page: never a 500, never reflected unescaped."""

import pytest

from search.forms import MAX_QUERY_LENGTH

NASTY = {
    "syntax": 'title:(a OR b) AND c~2 ^3 \\ / [ ] { } ! * ? : && || "',
    "unbalanced_quotes": '"police and crime',
    "lone_operators": "- OR -- OR",
    "emoji": "🚓 police 👮‍♀️",
    "right_to_left": "شرطة מִשְׁטָרָה police",
    "html_script": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "control_characters": "police\x00\x07crime",
    "only_stopwords": "the and of",
}


def assert_safe(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


@pytest.mark.elasticsearch
@pytest.mark.parametrize("query", NASTY.values(), ids=NASTY.keys())
def test_nasty_query_gets_a_normal_page_on_elasticsearch(query, site_tree, es, client):
    assert_safe(client.get("/search/", {"q": query}))
    api = client.get("/api/v1/search", {"q": query})
    # 400 with a reason for what the form refuses (a NUL character), 200 otherwise.
    assert api.status_code == 200 or (api.status_code == 400 and api.json()["errors"])


@pytest.mark.parametrize("query", NASTY.values(), ids=NASTY.keys())
def test_nasty_query_gets_a_normal_page_on_the_database_backend(query, site_tree, client, settings):
    backends = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {"default": backends.get("database", backends["default"])}
    assert_safe(client.get("/search/", {"q": query}))


def test_ten_thousand_character_query_gets_a_clear_message(db, client):
    response = client.get("/search/", {"q": "police " * 1500})
    assert response.status_code == 200
    assert f"use at most {MAX_QUERY_LENGTH} characters" in response.content.decode()
    api = client.get("/api/v1/search", {"q": "x" * 10_000})
    assert api.status_code == 400
    assert "too long" in api.json()["errors"]["q"][0]


@pytest.mark.parametrize("page", ["0", "-3", "abc", "999999"])
def test_impossible_page_number_gets_a_clear_message(page, db, client):
    response = client.get("/search/", {"q": "police", "page": page})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_dates_in_the_wrong_order_get_a_clear_message(db, client):
    response = client.get(
        "/search/", {"q": "police", "date_from": "2025-01-01", "date_to": "2024-01-01"}
    )
    assert "must not be before the start date" in response.content.decode()


def test_unknown_type_and_sort_get_a_message_not_an_error(db, client):
    response = client.get("/search/", {"q": "police", "type": "<b>x</b>", "sort": "random"})
    assert response.status_code == 200
    assert "<b>x</b>" not in response.content.decode()
