"""The public search page without Elasticsearch: Quorum's database backend finds pages,
documents (by the text of their pages) and agenda items together, with filters, counts,
dates, committees, highlighted passages, sorting and pages of results.

The same tests run on SQLite and, when DATABASE_URL is PostgreSQL, on PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from meetings.models import AgendaItem, Appendix, MeetingPage, PaperPage
from search import database_search
from search.backends.database.schema import ENTRY
from search.query import BASIC_NOTICE, search_archive
from tests import factories
from tests.factories import publish
from tests.search.conftest import EXEMPT_SUMMARY, add_exempt_item, pdf_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(db, database_search_only):
    """No Elasticsearch here: the shared search archive (conftest) goes to the database
    backend alone, as with `make run`."""
    return None


@pytest.fixture
def hedgehogs(archive):
    """The shared archive, plus hedgehogs: in the paper, its PDF appendix (already) and two
    agenda items, one per committee (2024 and 2022); and an exempt item."""
    paper = PaperPage.objects.get(pk=archive["paper"].pk)
    paper.summary = "The precept would pay for hedgehog crossings on rural roads."
    archive["paper"] = publish(paper)
    meeting = MeetingPage.objects.get(pk=archive["meeting"].pk)
    meeting.agenda_items.add(
        AgendaItem(
            number="6",
            title="Hedgehog crossing patrols",
            summary="<p>Members asked about night patrols.</p>",
        )
    )
    add_exempt_item(meeting)
    archive["meeting"] = publish(meeting)
    audit = publish(
        factories.CommitteePageFactory(
            parent=archive["committees"], title="Audit Committee", slug="audit"
        )
    )
    old_meeting = factories.MeetingPageFactory(
        parent=audit, start=datetime.datetime(2022, 3, 10, 13, 30, tzinfo=datetime.UTC)
    )
    old_meeting.agenda_items.add(
        AgendaItem(
            number="2",
            title="Hedgehog survey audit",
            summary="<p>The survey counted sightings.</p>",
        )
    )
    return {**archive, "audit": audit, "old_meeting": publish(old_meeting)}


def titles(outcome):
    return [result.title for result in outcome.results]


def counts(outcome, facet):
    return {value.value: value.count for value in outcome.facets[facet]}


def test_a_documents_pdf_text_is_found_without_elasticsearch(hedgehogs):
    outcome = search_archive("Marsh Lane")
    assert outcome.engine == "database"
    [result] = outcome.results
    assert result.title == "Appendix A: precept consultation results"
    assert result.type == "document"
    assert result.url == hedgehogs["document"].url
    assert result.committees == ["Police and Crime Panel"]  # through its paper's meeting
    assert result.date == datetime.date(2024, 9, 16)  # its paper's date
    assert "<mark>Marsh</mark> <mark>Lane</mark>" in result.snippets[0]


def test_an_agenda_item_is_found_and_links_to_its_own_page(hedgehogs):
    found = search_archive("night patrols")
    assert {r.type for r in found.results} == {"item", "meeting"}  # the agenda has it too
    [result] = [r for r in found.results if r.type == "item"]
    assert result.title == "Item 6: Hedgehog crossing patrols"
    assert result.type == "item"
    assert result.url.endswith("/committees/panel/meetings/2024-09-25/items/item-6/")
    assert result.committees == ["Police and Crime Panel"]
    assert result.date == datetime.date(2024, 9, 25)
    assert "<mark>night</mark> <mark>patrols</mark>" in result.snippets[0]


def test_an_exempt_item_shows_its_number_and_title_only(hedgehogs):
    assert search_archive("Acme tender figures").total == 0
    found = search_archive("custody contract award")
    assert "Item 9: Custody contract award" in titles(found)
    passages = " ".join(s for result in found.results for s in result.snippets)
    assert "Acme" in EXEMPT_SUMMARY and "Acme" not in passages


HEDGEHOGS = {
    "Proposed precept for 2025/26",
    "Appendix A: precept consultation results",
    "Item 6: Hedgehog crossing patrols",
    "Item 2: Hedgehog survey audit",
    "Panel meeting, 25 September 2024",  # the meetings list their items
    "Panel meeting, 10 March 2022",
}


def test_results_of_every_kind_are_mixed_with_their_counts(hedgehogs):
    outcome = search_archive("hedgehog")
    assert set(titles(outcome)) == HEDGEHOGS
    assert outcome.total == 6
    assert counts(outcome, "type") == {"paper": 1, "document": 1, "item": 2, "meeting": 2}
    assert counts(outcome, "committee") == {"panel": 4, "audit": 2}
    assert counts(outcome, "year") == {"2024": 4, "2022": 2}
    assert [v.label for v in outcome.facets["committee"]] == [
        "Police and Crime Panel",
        "Audit Committee",
    ]
    assert [v.value for v in outcome.facets["year"]] == ["2024", "2022"]  # newest first


def test_a_title_hit_ranks_first(hedgehogs):
    # The item has the word in its title, its meeting only in the agenda.
    assert titles(search_archive("survey")) == [
        "Item 2: Hedgehog survey audit",
        "Panel meeting, 10 March 2022",
    ]


def test_filters_by_type_committee_and_date(hedgehogs):
    assert titles(search_archive("hedgehog", type="item", committee="audit")) == [
        "Item 2: Hedgehog survey audit"
    ]
    assert set(titles(search_archive("hedgehog", type="item"))) == {
        "Item 6: Hedgehog crossing patrols",
        "Item 2: Hedgehog survey audit",
    }
    in_2022 = search_archive(
        "hedgehog", date_from=datetime.date(2022, 1, 1), date_to=datetime.date(2022, 12, 31)
    )
    assert set(titles(in_2022)) == {"Item 2: Hedgehog survey audit", "Panel meeting, 10 March 2022"}
    assert counts(in_2022, "year") == {"2022": 2}  # the counts follow the filters
    assert counts(in_2022, "type") == {"item": 1, "meeting": 1}
    since = search_archive("hedgehog", type="item", date_from=datetime.date(2024, 9, 20))
    assert titles(since) == ["Item 6: Hedgehog crossing patrols"]
    assert titles(search_archive("hedgehog", committee="audit", type="meeting")) == [
        "Panel meeting, 10 March 2022"
    ]
    assert search_archive("hedgehog", date_to=datetime.date(2021, 1, 1)).total == 0


def test_newest_and_oldest_first(hedgehogs):
    newest = search_archive("hedgehog", sort="newest")
    assert [r.date for r in newest.results] == sorted(
        [r.date for r in newest.results], reverse=True
    )
    assert [r.date for r in newest.results][:2] == [datetime.date(2024, 9, 25)] * 2
    oldest = search_archive("hedgehog", sort="oldest")
    assert [r.date for r in oldest.results] == sorted(r.date for r in newest.results)
    assert set(titles(oldest)[:2]) == {
        "Item 2: Hedgehog survey audit",
        "Panel meeting, 10 March 2022",
    }


def test_pages_of_results_cover_every_kind_once(hedgehogs, monkeypatch):
    monkeypatch.setattr(database_search, "RESULTS_PER_PAGE", 3)
    first = search_archive("hedgehog")
    second = search_archive("hedgehog", page=2)
    assert (first.total, first.num_pages, second.page) == (6, 2, 2)
    assert len(first.results) == 3 and len(second.results) == 3
    assert set(titles(first)) | set(titles(second)) == HEDGEHOGS
    assert not set(titles(first)) & set(titles(second))


def test_a_page_past_the_end_shows_the_last_page_and_says_so(hedgehogs, monkeypatch):
    monkeypatch.setattr(database_search, "RESULTS_PER_PAGE", 4)
    outcome = search_archive("hedgehog", page=9)
    assert outcome.message == ("There is no page 9: the results end at page 2. Showing page 2.")
    assert outcome.page == 2 and len(outcome.results) == 2


def test_private_and_draft_pages_are_never_found(hedgehogs, site_tree):
    factories.PaperPageFactory(parent=site_tree["papers"], title="Badger tunnel draft", live=False)
    secret = factories.PaperPageFactory(parent=site_tree["papers"], title="Badger sett survey")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert search_archive("badger").total == 0


def test_a_page_made_private_disappears_at_once(hedgehogs):
    assert search_archive("hedgehog", type="paper").total == 1
    PageViewRestriction.objects.create(
        page=hedgehogs["paper"], restriction_type=PageViewRestriction.LOGIN
    )
    assert search_archive("hedgehog", type="paper").total == 0
    # Its appendix is no longer public either (re-indexed when the restriction was made).
    assert search_archive("Marsh Lane").total == 0


def test_a_private_meetings_items_are_not_found(hedgehogs):
    PageViewRestriction.objects.create(
        page=hedgehogs["old_meeting"], restriction_type=PageViewRestriction.LOGIN
    )
    assert search_archive("survey sightings").total == 0


def test_documents_no_public_page_uses_are_not_found(hedgehogs, settings):
    pdf_document("Unattached notes", ["Otter holt survey notes."])
    draft = factories.PaperPageFactory(
        parent=hedgehogs["papers"], title="Draft paper", summary="Draft.", live=False
    )
    withheld = pdf_document("Draft appendix", ["Otter crossing figures."])
    draft.appendices.add(Appendix(title=withheld.title, document=withheld))
    draft.save_revision()
    assert search_archive("otter").total == 0
    hedgehogs["paper"].unpublish()
    assert search_archive("Marsh Lane").total == 0


def test_a_committee_or_type_that_is_not_on_the_site_gets_a_message(hedgehogs):
    outcome = search_archive("hedgehog", committee="<b>nope</b>")
    assert outcome.total == 0 and outcome.results == []
    assert outcome.message.startswith("There is no committee “<b>nope</b>”")
    assert search_archive("hedgehog", type="budget").message.startswith("There is no type")


HOSTILE = ['"', "hedgehog NEAR(x, 2)", "-", "hedge* OR", "'; DROP TABLE x; --", "%s %% {}", "🦔"]


def test_any_query_with_any_order_and_filters_is_answered(hedgehogs):
    for query in [*HOSTILE, "the and of", "x" * 500]:
        for sort in ["relevance", "newest", "oldest", "sideways"]:
            outcome = search_archive(query, sort=sort, committee="panel", type="item")
            assert outcome.total == len(outcome.results), (query, sort)
            assert not outcome.message
    assert search_archive("🦔 hedgehog", sort="sideways").total == 6  # the words still search


def test_the_page_shows_dates_committees_passages_counts_and_the_notice(hedgehogs, client):
    response = client.get("/search/", {"q": "night patrols"})
    html = response.content.decode()
    assert response.status_code == 200
    assert BASIC_NOTICE in html
    assert "“Did you mean”" in BASIC_NOTICE and "page numbers inside documents" in BASIC_NOTICE
    assert '<time datetime="2024-09-25">25 September 2024</time>' in html
    assert "· Police and Crime Panel" in html
    assert "<mark>night</mark>" in html
    assert "&lt;p&gt;" not in html  # the summary's markup is not shown as text
    assert "<h3>Type</h3>" in html and "Agenda item</a> (1)" in html
    assert '<option value="panel">Police and Crime Panel (2)</option>' in html  # item, meeting
    assert '<option value="audit">Audit Committee (0)</option>' in html


def test_the_api_gives_the_same_facts(hedgehogs, client):
    data = client.get("/api/v1/search", {"q": "hedgehog", "sort": "oldest"}).json()
    assert data["engine"] == "database"
    assert data["total"] == 6
    assert data["results"][0]["date"] == "2022-03-10"
    assert data["results"][0]["committee"] == ["Audit Committee"]
    assert {f["value"]: f["count"] for f in data["facets"]["committee"]} == {"panel": 4, "audit": 2}
    assert [f["label"] for f in data["facets"]["type"]][:2] == ["Agenda item", "Meeting"]


def test_an_index_from_before_the_facts_gets_them_back(hedgehogs):
    before = search_archive("hedgehog")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ENTRY} SET kind = NULL, committees = NULL, day = NULL, public = NULL"
        )
    limited = search_archive("hedgehog")
    assert "the search index is being rebuilt" in limited.notice  # said, not silent
    assert set(titles(limited)) == {  # pages, gated as they are; no items, no documents
        "Proposed precept for 2025/26",
        "Panel meeting, 25 September 2024",
        "Panel meeting, 10 March 2022",
    }
    assert limited.facets["year"] == []
    filled = database_search.database_backend().fill_missing_facts()
    assert filled >= 4
    after = search_archive("hedgehog")
    assert after.notice == BASIC_NOTICE
    assert after.facets == before.facets
    assert [(r.title, r.date, r.committees) for r in after.results] == [
        (r.title, r.date, r.committees) for r in before.results
    ]


def test_facts_worked_out_in_bulk_are_the_facts_of_each_object(hedgehogs):
    from meetings.models import CommitteeDocument, CommitteePage, MinutesPage
    from search.results import describe_for_index, describe_many

    for model in [
        AgendaItem,
        CommitteeDocument,
        CommitteePage,
        MeetingPage,
        MinutesPage,
        PaperPage,
    ]:
        objects = list(model.objects.all())
        assert objects, model
        bulk = describe_many(model, objects)
        assert bulk == {obj.pk: describe_for_index(obj) for obj in objects}


def test_a_paper_put_on_an_agenda_later_gets_the_meetings_committee(hedgehogs):
    paper = publish(
        factories.PaperPageFactory(
            parent=hedgehogs["papers"], title="Walrus sightings", date=datetime.date(2022, 3, 1)
        )
    )
    assert search_archive("walrus", committee="audit").total == 0
    meeting = MeetingPage.objects.get(pk=hedgehogs["old_meeting"].pk)
    item = AgendaItem(number="3", title="Sightings report")
    item.papers = [paper]
    meeting.agenda_items.add(item)
    publish(meeting)
    [result] = search_archive("walrus", committee="audit").results
    assert result.committees == ["Audit Committee"]
