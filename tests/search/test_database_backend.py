"""Our database search backend (search.backends.database), through Wagtail's search API.

The same tests run on SQLite and, when DATABASE_URL is PostgreSQL, on PostgreSQL:
the backend picks its engine from the connection.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from home.visibility import public_pages
from meetings.models import CommitteeDocument, DocumentPageText, PaperPage
from search.backends.database.base import DatabaseSearchBackend
from search.backends.database.schema import ENTRY
from tests import factories

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    '"',
    '"unbalanced phrase',
    'precept NEAR(veto, 2) "',
    "prec*",
    "title:precept",
    "^precept",
    "precept AND OR NOT",
    "(((precept",
    "-",
    "- - OR OR",
    "precept " * 2500,  # 10,000 characters
    "x" * 10_000,
    "🚓🚓 precept 🚓",
    "الشرطة והמשטרה",
    "pre\x00cept\x00",
    "'; DROP TABLE quorum_search_entry; --",
    "%s %% {} \\",
    "\u200b\u202e",
]
STILL_FIND_PRECEPT = {"^precept", "(((precept", "precept " * 2500, "🚓🚓 precept 🚓"}


@pytest.fixture
def backend(db, database_search_only):
    backend = get_search_backend("default")
    assert isinstance(backend, DatabaseSearchBackend), "tests need search.backends.database"
    return backend


@pytest.fixture
def papers(site_tree, backend):
    parent = site_tree["papers"]
    return {
        "precept": factories.PaperPageFactory(
            parent=parent,
            title="Proposed precept 2025/26",
            summary="The Commissioner proposes to raise the policing precept.",
            date=datetime.date(2025, 1, 30),
        ),
        "plan": factories.PaperPageFactory(
            parent=parent,
            title="Police and crime plan refresh",
            summary="Consultation on the crime plan priorities, including the precept.",
            date=datetime.date(2023, 6, 1),
        ),
        "hearing": factories.PaperPageFactory(
            parent=parent,
            title="Confirmation hearing",
            summary="Hearing for the chief executive; the plan was mentioned, crime too.",
            date=datetime.date(2021, 3, 1),
        ),
    }


def titles(results):
    return [page.title for page in results]


def test_a_stemmed_word_finds_its_other_forms(papers):
    assert titles(public_pages().search("hearings")) == ["Confirmation hearing"]


def test_a_title_hit_ranks_above_a_body_hit(papers):
    assert titles(public_pages().search("precept")) == [
        "Proposed precept 2025/26",
        "Police and crime plan refresh",
    ]


def test_years_written_with_a_slash_are_found_as_typed_or_in_part(papers, site_tree):
    factories.PaperPageFactory(
        parent=site_tree["papers"],
        title="Annual report 2023/24",
        summary="Questions to the.commissioner@example.org about the 2.5% rise.",
    )
    assert titles(public_pages().search("2025/26")) == ["Proposed precept 2025/26"]
    assert titles(public_pages().search('"precept 2025"')) == ["Proposed precept 2025/26"]
    assert titles(public_pages().search("annual 2023/24")) == ["Annual report 2023/24"]
    assert titles(public_pages().search("commissioner example")) == ["Annual report 2023/24"]
    assert titles(public_pages().search('"2.5"')) == ["Annual report 2023/24"]


def test_a_quoted_phrase_needs_its_words_together(papers):
    assert titles(public_pages().search('"crime plan"')) == ["Police and crime plan refresh"]


def test_a_minus_word_excludes_items(papers):
    assert titles(public_pages().search("plan -precept")) == ["Confirmation hearing"]


def test_or_between_words_finds_either(papers):
    found = set(titles(public_pages().search("hearing OR proposed")))
    assert found == {"Confirmation hearing", "Proposed precept 2025/26"}


def test_operator_or_finds_any_word(papers):
    found = public_pages().search("hearing proposed", operator="or")
    assert set(titles(found)) == {"Confirmation hearing", "Proposed precept 2025/26"}


def test_wagtail_query_objects_work(papers):
    from wagtail.search.query import And, Not, Phrase, PlainText

    query = And([PlainText("plan"), Not(Phrase("chief executive"))])
    assert titles(public_pages().search(query)) == ["Police and crime plan refresh"]


def test_specific_querysets_give_specific_pages(papers):
    [hit] = public_pages().specific().search("hearing")
    assert isinstance(hit, PaperPage)


def test_count_and_pages_of_results(papers):
    results = public_pages().search("crime")
    assert results.count() == 2
    assert len(results[1:2]) == 1
    assert list(results[5:10]) == []


def test_date_order_keeps_the_queryset_ordering(papers):
    results = (
        PaperPage.objects.visible_to_public()
        .order_by("date")
        .search("plan", order_by_relevance=False)
    )
    assert titles(results) == ["Confirmation hearing", "Police and crime plan refresh"]


def test_filter_fields_filter_inside_the_search(papers):
    results = PaperPage.objects.visible_to_public().filter(date__year=2025).search("precept")
    assert titles(results) == ["Proposed precept 2025/26"]


def test_facets_count_matching_items_by_field(papers, site_tree):
    factories.PersonPageFactory(
        parent=site_tree["people"], given_name="Precept", biography="Precept expert"
    )
    facets = public_pages().search("precept").facet("content_type_id")
    assert sorted(facets.values()) == [1, 2]


def test_unpublished_pages_are_not_found(papers):
    papers["hearing"].unpublish()
    assert titles(public_pages().search("hearing")) == []


def test_pages_under_a_view_restriction_are_not_found(papers, site_tree):
    PageViewRestriction.objects.create(
        page=papers["hearing"], restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(public_pages().search("hearing")) == []
    assert titles(Page.objects.live().search("hearing")) == ["Confirmation hearing"]


def test_deleted_pages_leave_the_index(papers):
    page_id = papers["hearing"].pk
    papers["hearing"].delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {ENTRY} WHERE object_id = %s", [page_id])
        assert cursor.fetchone()[0] == 0


def test_an_edit_is_searchable_once_published(papers):
    page = papers["hearing"]
    page.title = "Confirmation hearing for the deputy"
    page.save_revision().publish()
    assert titles(public_pages().search("deputy")) == ["Confirmation hearing for the deputy"]


def test_update_index_rebuilds_and_drops_stale_entries(backend, papers):
    content_type = papers["plan"].content_type_id
    with connection.cursor() as cursor:
        backend.write_entries(cursor, [(content_type, 999999, "ghost", "ghost", 0.0)])
        backend.write_entries(cursor, [(content_type, papers["hearing"].pk, "stale", "", 0.0)])
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {ENTRY} WHERE object_id = 999999")
        assert cursor.fetchone()[0] == 0
    assert titles(public_pages().search("hearing")) == ["Confirmation hearing"]
    assert titles(public_pages().search("stale")) == []


def test_documents_are_found_by_their_page_text(backend, papers):
    document = CommitteeDocument.objects.create(title="Budget appendix", file="appendix.pdf")
    DocumentPageText.objects.create(document=document, number=3, text="Reserves strategy")
    backend.add(document)
    assert list(CommitteeDocument.objects.search("reserves")) == [document]


def test_snippets_mark_the_hits_and_escape_html(site_tree, database_search_only):
    factories.PaperPageFactory(
        parent=site_tree["papers"],
        title="Reserves",
        summary="<script>alert(1)</script> the reserves policy is reviewed yearly",
    )
    [hit] = public_pages().search("policy").annotate_snippet("snippet")
    assert "<mark>policy</mark>" in hit.snippet
    assert "<script>" not in hit.snippet


def test_scores_are_annotated_on_request(papers):
    hits = list(public_pages().search("precept").annotate_score("score"))
    assert hits[0].score > hits[1].score > 0


def test_autocomplete_matches_title_prefixes(papers):
    assert titles(public_pages().autocomplete("confirm")) == ["Confirmation hearing"]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_any_query_string_is_answered_without_error(papers, query):
    results = public_pages().search(query)
    found = titles(results)
    assert results.count() == len(found)
    assert results.facet("content_type_id") is not None
    if query in STILL_FIND_PRECEPT:
        assert found  # the searchable words still search


@pytest.mark.parametrize("query", ["-precept", "", "   ", "🚓", '""'])
def test_queries_with_nothing_to_look_for_find_nothing(papers, query):
    results = public_pages().search(query)
    assert results.count() == 0
    assert list(results) == []


@pytest.mark.parametrize("query", [*BAD_QUERIES, "x² h₂o ½", "con:* & !x"])
def test_any_autocomplete_string_is_answered_without_error(papers, query):
    results = public_pages().autocomplete(query)
    assert results.count() == len(list(results))


def test_every_match_is_reachable_beyond_the_ranked_ones(
    site_tree, monkeypatch, database_search_only
):
    monkeypatch.setattr(DatabaseSearchBackend, "rank_candidates", 2)
    for number in range(5):
        factories.PaperPageFactory(parent=site_tree["papers"], title=f"Archive note {number}")
    results = public_pages().search("archive")
    assert results.count() == 5
    assert len(set(titles(results))) == 5
    assert titles(results[3:5]) == ["Archive note 1", "Archive note 0"]


def test_fields_title_searches_titles_only(papers):
    assert titles(public_pages().search("precept", fields=["title"])) == [
        "Proposed precept 2025/26"
    ]
    assert titles(public_pages().search('"crime plan"', fields=["title"])) == [
        "Police and crime plan refresh"
    ]
    assert titles(public_pages().search("plan -precept", fields=["title"])) == [
        "Police and crime plan refresh"  # the exclusion looks at titles too
    ]


def test_fields_naming_every_field_search_everything(papers):
    every = [field.field_name for field in PaperPage.get_searchable_search_fields()]
    found = PaperPage.objects.visible_to_public().search("precept", fields=every)
    assert titles(found) == ["Proposed precept 2025/26", "Police and crime plan refresh"]


def test_fields_the_index_cannot_tell_apart_are_refused(papers):
    from modelsearch.backends.base import SearchFieldError

    with pytest.raises(SearchFieldError, match="title alone.*or every field"):
        PaperPage.objects.visible_to_public().search("precept", fields=["summary"])


def entry_queries(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries if ENTRY in query["sql"]]


def test_a_results_page_matches_once_when_all_matches_are_ranked(papers):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        results = public_pages().search("crime")
        assert results.count() == 2
        assert len(results[:20]) == 2
        assert sum(results.facet("content_type_id").values()) == 2
    assert len(entry_queries(context)) == 1  # count, page and facet share one match


def test_facets_before_the_count_give_the_count(papers):
    from django.test.utils import CaptureQueriesContext

    results = public_pages().search("plan", operator="or")
    facets = results.facet("content_type_id")
    with CaptureQueriesContext(connection) as context:
        assert results.count() == sum(facets.values()) == 2
    assert entry_queries(context) == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ('"police and crime panel"', ["Police and Crime Panel annual report"]),
        ('"crime crime"', ["Crime crime everywhere"]),
        ('"annual"', ["Police and Crime Panel annual report"]),
        ('"panel" -"crime panel"', ["Panel of crime experts"]),
        ('"crime panel" OR "crime everywhere"', None),
    ],
)
def test_phrases_with_stop_words_repeats_and_exclusions(backend, site_tree, phrase, expected):
    for title, summary in [
        ("Police and Crime Panel annual report", "Scrutiny of the plan."),
        ("Crime crime everywhere", "A repeated word."),
        ("Panel of crime experts", "Crime and the panel: words apart."),
    ]:
        factories.PaperPageFactory(parent=site_tree["papers"], title=title, summary=summary)
    found = titles(public_pages().search(phrase))
    if expected is None:
        assert set(found) == {"Police and Crime Panel annual report", "Crime crime everywhere"}
    else:
        assert found == expected
