"""PostgreSQL specifics of the database search backend: the GIN indexes serve the match,
and phrases go through the word-pair vector without ever losing a true match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from home.visibility import public_pages
from quorum import env
from search.backends.database.base import DatabaseSearchBackend
from search.backends.database.schema import ENTRY, PAIR_OVERFLOW
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgresql(db, database_search_only):
    if connection.vendor != "postgresql":
        if env.REQUIRE_SERVICES:
            pytest.fail("QUORUM_REQUIRE_SERVICES is set but the database is not PostgreSQL")
        pytest.skip("DATABASE_URL is not PostgreSQL")


def plan_of(results, index_first=False) -> str:
    """The plan of the match itself (what counts, facets and ranking all start from)."""
    match = results._match
    backend = get_search_backend("default")
    with backend.index_first() if index_first else connection.cursor(), connection.cursor() as c:
        c.execute(
            f"EXPLAIN SELECT e.object_id FROM {match.from_sql} WHERE {match.where_sql}",
            list(match.params),
        )
        return "\n".join(row[0] for row in c.fetchall())


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


def test_a_phrase_of_common_words_is_looked_up_in_the_pair_index(many_entries):
    """Every one of the 20,000 entries has these words; only the pair index says, without
    reading each entry's tsvector, which have them side by side."""
    for phrase in ['"policing and budgets"', '"filler words"', '"routine business number"']:
        plan = plan_of(public_pages().search(phrase), index_first=True)
        assert f"Bitmap Index Scan on {ENTRY}_pairs" in plan, plan
        assert "Seq Scan" not in plan, plan
    # A two-word phrase is its pair: the entries it finds are not re-checked against
    # their tsvector (only the 'overflow' entries, none here, would be).
    plan = plan_of(public_pages().search('"filler words"'), index_first=True)
    listed, overflow = plan.split("Bitmap Heap Scan")[1:3]
    assert "search_vector" not in listed
    assert "overflow" in overflow


def test_the_visitor_syntax_becomes_one_tsquery(site_tree):
    match = public_pages().search('"crime plan" -veto')._match
    assert match.params[-1] == "'crime' <-> 'plan' & !'veto'"  # ranking and the fallback
    assert "( 'crime plan' ) & !'overflow'" in match.params  # the phrase as its pair


def test_stop_words_with_an_exclusion_match_nothing_without_a_scan(site_tree):
    assert public_pages().search("against -crime")._match is None


def pairs_of(text: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(quorum_search_pairs(to_tsvector('english', %s)))", [text]
        )
        return set(cursor.fetchone()[0])


def test_pairs_are_taken_from_tsvector_positions():
    assert pairs_of("The Police and Crime Panel") == {"polic ~ crime", "crime panel"}
    assert pairs_of("crime crime") == {"crime crime"}
    assert pairs_of("chair of the panel") == set()  # three apart: no pair
    assert pairs_of("the and of") == set()
    assert pairs_of("x" * 400 + " police") == set()  # over PAIR_MAX_LEXEME_BYTES


ENTRIES = [
    ("Police and Crime Panel", "Minutes of the police and crime panel meeting."),
    ("Budget report", "Annual review of the budget."),
    ("Crime crime", "crime crime crime"),
    ("Sub-Committee", "The complaints sub-committee met."),
    ("x² h₂o ½", "water h₂o and x² squared"),
    ("Chair of the Panel", "The chair of the panel spoke."),
    ("🚓 patrols", "police 🚓 car"),
    ("Long words", "a" * 70 + " " + "a" * 70),
    ("O'Brien's report", "O'Brien reported to the panel."),
    ("2025/26 precept", "The precept for 2025 26."),
    ("Café résumé", "café résumé naïve"),
]
PHRASES = [
    '"police and crime panel"',
    '"police and crime"',
    '"crime panel"',
    '"report annual"',  # the last title word, then the first body word
    '"crime crime"',
    '"crime crime crime"',
    '"sub-committee"',
    '"sub committee"',
    '"x² h₂o"',
    '"h₂o"',
    '"chair of the panel"',
    '"police 🚓 car"',
    '"police car"',
    '"' + "a" * 70 + " " + "a" * 70 + '"',
    "\"o'brien's report\"",
    '"2025 26"',
    '"café résumé"',
    '"panel"',
    '"crime panel" -"police and crime"',
    '"crime panel" OR budget',
    'budget -"crime crime"',
    '"report annual" "annual review"',
    'panel -"chair of the panel"',
    '"\'; DROP TABLE quorum_search_entry; --"',
    '"NEAR(crime, panel)"',
]
FOUND_BY = {  # a few the oracle must find too, so the comparison is not vacuous
    '"police and crime panel"': 1,
    '"report annual"': 1,
    '"crime crime crime"': 1,
    '"sub-committee"': 1,
    '"police car"': 1,
}


@pytest.fixture
def entries(site_tree):
    backend = get_search_backend("default")
    with connection.cursor() as cursor:
        backend.write_entries(
            cursor,
            [(1, 2_000_000 + n, title, body, 0.0) for n, (title, body) in enumerate(ENTRIES)],
        )


def matched(match) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.object_id FROM {match.from_sql} WHERE {match.where_sql}",
            list(match.params),
        )
        return {row[0] for row in cursor.fetchall()}


def oracle(tsquery: str) -> set[int]:
    """The plain tsquery on every entry's tsvector, no index involved."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id FROM {ENTRY} WHERE search_vector @@ %s::tsquery", [tsquery]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("phrase", PHRASES)
def test_the_pair_index_finds_exactly_what_the_phrase_query_finds(entries, phrase):
    match = public_pages().search(phrase)._match
    if match is None:  # nothing searchable left (stop words only)
        assert phrase in {'"chair of the panel"'} or not oracle_possible(phrase)
        return
    expected = oracle(match.params[-1])
    assert matched(match) == expected
    if phrase in FOUND_BY:
        assert len(expected) == FOUND_BY[phrase]


def oracle_possible(phrase) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT querytree(websearch_to_tsquery('english', %s))", [phrase])
        return cursor.fetchone()[0] not in ("", "T")


@pytest.mark.parametrize("phrase", ['"of the"', '"and the"', '"-"', '""'])
def test_a_phrase_of_stop_words_only_finds_nothing_and_raises_nothing(entries, phrase):
    results = public_pages().search(phrase)
    assert results.count() == 0
    assert list(results) == []


def test_an_entry_with_too_many_pairs_is_still_found_by_its_phrases(site_tree):
    """Pairs that would not fit in a tsvector (1 MB) make the entry 'overflow': its
    phrases are then matched against search_vector alone."""
    words = [f"w{n:05d}" + "q" * 14 for n in range(16_000)]
    backend = get_search_backend("default")
    with connection.cursor() as cursor:
        backend.write_entries(cursor, [(1, 3_000_000, "Huge", " ".join(words), 0.0)])
        backend.write_entries(cursor, [(1, 3_000_001, "Small", f"{words[7]} {words[8]}", 0.0)])
        cursor.execute(f"SELECT pair_vector::text FROM {ENTRY} WHERE object_id = 3000000")
        assert cursor.fetchone()[0] == f"'{PAIR_OVERFLOW}'"
    match = public_pages().search(f'"{words[7]} {words[8]}"')._match
    assert matched(match) == {3_000_000, 3_000_001}
    match = public_pages().search(f'"{words[7]} {words[9]}"')._match
    assert matched(match) == set()


def test_count_and_first_page_are_one_statement(site_tree, monkeypatch):
    """More matches than ranked candidates: the count comes with the ranking, and the
    facets take one statement more."""
    monkeypatch.setattr(DatabaseSearchBackend, "rank_candidates", 2)
    for number in range(5):
        factories.PaperPageFactory(parent=site_tree["papers"], title=f"Crime panel {number}")
    results = public_pages().search('"crime panel"')
    with CaptureQueriesContext(connection) as context:
        assert results.count() == 5
        assert len(results[:2]) == 2
        assert len(results[2:5]) == 3
    index_queries = [q["sql"] for q in context.captured_queries if ENTRY in q["sql"]]
    assert len(index_queries) == 2  # the ranked candidates with the count; the older ones
    with CaptureQueriesContext(connection) as context:
        assert sum(results.facet("content_type_id").values()) == 5
    assert len([q for q in context.captured_queries if ENTRY in q["sql"]]) == 1


def test_committees_stay_in_the_row_for_the_committee_facet():
    """The public search page counts the committees of every match: kept out of line
    (toast_tuple_target), each entry's would cost three page reads (100 ms at 9,000)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attname = 'committees'",
            [ENTRY],
        )
        assert cursor.fetchone()[0] == "m"  # MAIN: compressed if need be, kept in the row


def test_a_search_plans_without_sequential_scans_and_with_room_for_its_matches():
    """index_first() steers the planner and raises work_mem for the search alone: the
    session's own settings come back afterwards, and a larger work_mem is never lowered."""
    backend = get_search_backend("default")

    def settings():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_nestloop'),"
                " current_setting('work_mem')"
            )
            return cursor.fetchone()

    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '4MB'")
    before = settings()
    with backend.index_first():
        assert settings() == ("off", "on", backend.search_work_mem)
    with backend.index_first(many_matches=True):  # the matches meet other rows hashed
        assert settings() == ("off", "off", backend.search_work_mem)
    assert settings() == before == ("on", "on", "4MB")

    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '256MB'")
    with backend.index_first():
        assert settings() == ("off", "on", "256MB")
    with connection.cursor() as cursor:
        cursor.execute("RESET work_mem")


def test_the_facets_of_many_matches_take_one_hash_join(site_tree, monkeypatch):
    """Counted by the facet's own statement only when more match than are ranked: then
    each match is not looked up on its own, whatever the planner guesses of a phrase."""
    monkeypatch.setattr(DatabaseSearchBackend, "rank_candidates", 2)
    for number in range(5):
        factories.PaperPageFactory(parent=site_tree["papers"], title=f"Crime panel {number}")
    results = public_pages().search('"crime panel"')
    assert results.count() == 5
    with CaptureQueriesContext(connection) as context:
        assert sum(results.facet("content_type_id").values()) == 5
    statements = [query["sql"] for query in context.captured_queries]
    steered = [n for n, sql in enumerate(statements) if "'enable_nestloop', 'off'" in sql]
    counted = [n for n, sql in enumerate(statements) if "COUNT(" in sql]
    assert len(steered) == len(counted) == 1 and steered[0] < counted[0], statements


def test_the_public_search_ranks_its_newest_candidates_in_one_pass(site_tree, monkeypatch):
    """The candidates for ranking are the newest rank_candidates matches, taken by one
    top-N sort; the facets read the matches once more, grouped, not once per facet."""
    from wagtail.search.query import PlainText

    from search.backends.database.entries import Filters, search_sql
    from search.backends.database.query import to_tree
    from search.database_search import public_gate

    monkeypatch.setattr(DatabaseSearchBackend, "rank_candidates", 3)
    pages = [
        factories.PaperPageFactory(parent=site_tree["papers"], title=f"Budget item {number}")
        for number in range(6)
    ]
    backend = get_search_backend("default")
    tree = to_tree(PlainText("budget"))
    sql, params = search_sql(
        backend, backend.match(tree), public_gate(), Filters(), "relevance", 0, 3
    )
    with backend.index_first(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("CTE Scan on m") == 2, plan  # the candidates, and the groups
    assert "Disk:" not in plan and "temp" not in plan.lower(), plan

    found = backend.search_entries(tree, public_gate(), Filters(), "relevance", 0, 20)
    assert found.total == 6 and found.facets["type"] == {"paper": 6}
    newest_first = [page.pk for page in reversed(pages)]
    assert {hit.object_id for hit in found.hits[:3]} == set(newest_first[:3])  # ranked
    assert [hit.object_id for hit in found.hits[3:]] == newest_first[3:]  # then by age


def test_the_planner_knows_how_many_entries_a_type_filter_keeps(site_tree):
    """Searches filter types by `content_type_id + 0`; without statistics of that expression
    the planner guesses it keeps a few percent of the entries, and looks each match up on
    its own (at 90,000 matches 90,000 index look-ups)."""
    for number in range(40):
        factories.PaperPageFactory(parent=site_tree["papers"], title=f"Quarry report {number}")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ENTRY}")
        cursor.execute(f"SELECT array_agg(DISTINCT content_type_id), count(*) FROM {ENTRY}")
        types, entries = cursor.fetchone()
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT id FROM {ENTRY} WHERE (content_type_id + 0) = ANY(%s)",
            [types],
        )
        estimated = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
    assert entries >= 40
    assert estimated >= entries * 0.8
