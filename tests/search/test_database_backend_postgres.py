"""PostgreSQL specifics of the database search backend: the GIN index serves the match."""

import pytest
from django.db import connection

from home.visibility import public_pages
from quorum import env
from search.backends.database.schema import ENTRY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgresql(db, database_search_only):
    if connection.vendor != "postgresql":
        if env.REQUIRE_SERVICES:
            pytest.fail("QUORUM_REQUIRE_SERVICES is set but the database is not PostgreSQL")
        pytest.skip("DATABASE_URL is not PostgreSQL")


def plan_of(results) -> str:
    """The plan of the match itself (what counts, facets and ranking all start from)."""
    match = results._match
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN SELECT e.object_id FROM {match.from_sql} WHERE {match.where_sql}",
            list(match.params),
        )
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def many_entries(site_tree):
    """Enough rows that a sequential scan would be the planner's choice without the index."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ENTRY} (content_type_id, object_id, title, body)"
            " SELECT 1, n, 'Item ' || n, 'routine business number ' || n"
            " || repeat(' filler words about policing and budgets', 20)"
            " FROM generate_series(1000000, 1020000) AS n"
        )
        cursor.execute(f"ANALYZE {ENTRY}")


def test_a_rare_word_is_looked_up_through_the_gin_index(many_entries):
    plan = plan_of(public_pages().search("hearing"))
    assert f"Bitmap Index Scan on {ENTRY}_vector" in plan
    assert "Seq Scan" not in plan


def test_the_visitor_syntax_becomes_one_tsquery(site_tree):
    match = public_pages().search('"crime plan" -veto')._match
    assert match.params == ("'crime' <-> 'plan' & !'veto'",)


def test_stop_words_with_an_exclusion_match_nothing_without_a_scan(site_tree):
    assert public_pages().search("against -crime")._match is None
