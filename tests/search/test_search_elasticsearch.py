"""The search page and its JSON twin on the real Elasticsearch 9."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from meetings.models import AgendaItem, Appendix, CommitteeDocument, MinuteItem
from search.models import Abbreviation
from search.query import search_archive
from tests import factories
from tests.search.conftest import (
    add_exempt_item,
    empty_indexes,
    pdf_document,
    publish,
    refresh,
    search_indexes,
    start_rebuild,
)

pytestmark = pytest.mark.elasticsearch


def titles(outcome):
    return [result.title for result in outcome.results]


def test_phrase_only_in_a_pdf_appendix_is_found_with_its_page(archive, es):
    refresh(es)
    outcome = search_archive('"hedgehog crossing patrols"')
    assert titles(outcome) == ["Appendix A: precept consultation results"]
    result = outcome.results[0]
    assert result.type == "document"
    assert [hit.number for hit in result.pages] == [3]
    assert result.pages[0].url.endswith(".pdf#page=3")
    assert "<mark>hedgehog crossing patrols</mark>" in result.pages[0].snippet


def test_a_documents_page_text_is_stored_once_in_the_index(archive, es):
    """Matched through quorum_body, shown from quorum_pages: only the pages keep the text."""
    document = CommitteeDocument.objects.get(title__startswith="Appendix A")
    index = es.get_index_for_model(CommitteeDocument)
    stored = es.es.get(
        index=index.name, id=index.mapping_class(CommitteeDocument).get_document_id(document)
    )
    assert "quorum_body" not in stored["_source"]
    assert "hedgehog crossing patrols" in stored["_source"]["quorum_pages"][2]["text"]
    refresh(es)
    assert titles(search_archive("Westfell Northmoor")) == [document.title]


def test_words_on_different_pages_of_a_pdf_list_each_page_with_its_passage(archive, es):
    refresh(es)
    outcome = search_archive("Eastdale hedgehog")
    assert titles(outcome) == ["Appendix A: precept consultation results"]
    pages = outcome.results[0].pages
    assert sorted(hit.number for hit in pages) == [2, 3]
    assert {hit.number: "<mark>" in hit.snippet for hit in pages} == {2: True, 3: True}


def test_results_carry_type_committee_date_and_highlighted_snippet(archive, es):
    refresh(es)
    outcome = search_archive("policing precept ten pounds")
    paper = next(r for r in outcome.results if r.title == "Proposed precept for 2025/26")
    assert paper.type == "paper"
    assert paper.committees == ["Police and Crime Panel"]
    assert paper.date.isoformat() == "2024-09-16"
    assert any("<mark>" in snippet for snippet in paper.snippets)


def test_facets_count_type_committee_and_year(archive, es):
    refresh(es)
    outcome = search_archive("precept")
    types = {f.value: f.count for f in outcome.facets["type"]}
    assert types["paper"] == 1 and types["document"] == 1
    assert {f.label for f in outcome.facets["committee"]} == {"Police and Crime Panel"}
    assert "2024" in {f.value for f in outcome.facets["year"]}


def test_type_and_date_filters_narrow_the_results(archive, es):
    import datetime

    refresh(es)
    assert titles(search_archive("precept", type="document")) == [archive["document"].title]
    assert search_archive("precept", date_from=datetime.date(2025, 1, 1)).total == 0
    assert search_archive("precept", committee="no-such-committee").total == 0


def test_excluded_word_removes_results(archive, es):
    refresh(es)
    assert archive["document"].title in titles(search_archive("precept"))
    assert archive["document"].title not in titles(search_archive("precept -hedgehog"))


def test_or_finds_either_word(archive, es):
    refresh(es)
    outcome = search_archive("hedgehog OR zebra")
    assert archive["document"].title in titles(outcome)
    assert search_archive("hedgehog zebra").total == 0


def test_typo_in_a_longer_word_is_tolerated(archive, es):
    refresh(es)
    outcome = search_archive("hedgehgo")
    assert archive["document"].title in titles(outcome)
    # The passage marks the word that was meant (highlighted by its correction).
    document = next(r for r in outcome.results if r.title == archive["document"].title)
    assert [page.number for page in document.pages] == [3]
    assert "<mark>hedgehog</mark>" in document.pages[0].snippet


def searches_run(backend):
    """How many searches the search indexes have run (one query phase per index)."""
    stats = backend.es.indices.stats(index=search_indexes(backend), metric="search")
    return stats["_all"]["total"]["search"]["query_total"] // len(search_indexes(backend))


def test_hits_count_facets_and_corrections_come_from_one_search(archive, es):
    refresh(es)
    before = searches_run(es)
    outcome = search_archive("ten")  # too short a word to ask for spelling corrections
    assert searches_run(es) - before == 1
    assert outcome.total and outcome.results and outcome.facets["type"]
    before = searches_run(es)
    # The corrections come with the first search; a second one searches with them.
    outcome = search_archive("hedgehgo")
    assert searches_run(es) - before == 2
    assert archive["document"].title in titles(outcome)


def test_a_word_found_as_typed_is_not_widened_to_near_spellings(archive, es, site_tree):
    papers = site_tree["papers"]
    badger = factories.PaperPageFactory(parent=papers, title="Badger sett survey")
    badges = factories.PaperPageFactory(parent=papers, title="Warrant badges audit")
    publish(badger)
    publish(badges)
    refresh(es)
    # "badges" is one letter from "badger": a typo would find it, a word in the index not.
    assert titles(search_archive("badger")) == ["Badger sett survey"]
    assert titles(search_archive("badgre")) == ["Badger sett survey"]


def test_a_word_found_in_one_index_is_not_widened_by_another(archive, es, site_tree):
    # "Westfell" is only in the appendix (the documents' index); "Westfall" only in a page.
    publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Westfall bridge"))
    refresh(es)
    assert titles(search_archive("westfell")) == [archive["document"].title]
    assert titles(search_archive("westfal")) == ["Westfall bridge"]  # a typo still is one


def test_abbreviation_expands_both_ways_without_reindex(archive, es):
    refresh(es)
    assert search_archive("PRCPT").total == 0
    Abbreviation.objects.create(short_form="PRCPT", long_form="policing precept")
    assert "Proposed precept for 2025/26" in titles(search_archive("PRCPT"))


def test_no_results_offers_a_spelling_suggestion(archive, es):
    refresh(es)
    # Short words get no typo tolerance, so "lnae" finds nothing; the suggester knows better.
    outcome = search_archive("hedgehog lnae")
    assert outcome.total == 0
    assert outcome.suggestion == "hedgehog lane"


def test_did_you_mean_keeps_the_filters_and_never_offers_words_the_public_cannot_read(
    archive, es, site_tree
):
    draft = factories.PaperPageFactory(parent=site_tree["papers"], title="Yurt levy", live=False)
    private = factories.PaperPageFactory(parent=site_tree["papers"], title="Quay toll")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    add_exempt_item(archive["meeting"])
    publish(archive["meeting"])
    refresh(es)
    # Words too short for typo tolerance: only "Did you mean" could find them. Drafts,
    # private pages and exempt items are in the indexes (for the admin), never shown ...
    assert search_archive("yrut levy").suggestion == ""
    assert search_archive("quya toll").suggestion == ""
    assert search_archive("acem").suggestion == ""
    # ... and a word is offered once the public may read it, where the filters keep it.
    publish(draft)
    refresh(es)
    assert search_archive("yrut levy").suggestion == "yurt levy"
    assert search_archive("yrut levy", type="minutes").suggestion == ""


def test_private_page_and_its_document_vanish_at_once(archive, es):
    refresh(es)
    paper = archive["paper"]
    PageViewRestriction.objects.create(page=paper, restriction_type="login")
    refresh(es)
    outcome = search_archive("precept")
    assert paper.title not in titles(outcome)
    assert archive["document"].title not in titles(outcome)


def test_unpublished_paper_takes_its_appendix_out_of_results(archive, es):
    archive["paper"].unpublish()
    refresh(es)
    outcome = search_archive("hedgehog")
    assert outcome.total == 0


def test_document_attached_only_to_a_draft_is_never_found(site_tree, es, settings, tmp_path):
    from meetings.models import Appendix
    from tests import factories
    from tests.search.conftest import pdf_document

    settings.MEDIA_ROOT = str(tmp_path)
    draft = factories.PaperPageFactory(parent=site_tree["papers"], title="Draft", live=False)
    document = pdf_document("Secret annex", ["Armadillo deployment schedule"])
    draft.appendices.add(Appendix(title="Secret annex", document=document))
    draft.save_revision()
    refresh(es)
    assert search_archive("armadillo").total == 0


def test_sort_newest_and_oldest(archive, es):
    refresh(es)
    newest = search_archive("panel OR precept", sort="newest")
    oldest = search_archive("panel OR precept", sort="oldest")
    dated = [r.date for r in newest.results if r.date]
    assert dated == sorted(dated, reverse=True)
    assert [r.date for r in oldest.results if r.date] == sorted(dated)


def test_page_past_the_end_says_so_and_shows_the_last_page(archive, es):
    refresh(es)
    outcome = search_archive("precept", page=40)
    assert outcome.page == 1
    assert "no page 40" in outcome.message


def test_json_api_returns_total_facets_and_document_pages(archive, es, client):
    refresh(es)
    data = client.get("/api/v1/search", {"q": "hedgehog"}).json()
    assert data["total"] == 1
    result = data["results"][0]
    assert result["type"] == "document"
    assert result["pages"][0]["number"] == 3
    assert result["pages"][0]["url"].endswith("#page=3")
    assert "type" in data["facets"]


def test_search_page_shows_page_link_and_marks(archive, es, client):
    refresh(es)
    html = client.get("/search/", {"q": "hedgehog"}).content.decode()
    assert "#page=3" in html and "Page 3" in html
    assert "<mark>hedgehog</mark>" in html or "<mark>Hedgehog</mark>" in html


def test_autocomplete_offers_public_titles(archive, es, client):
    refresh(es)
    data = client.get("/search/autocomplete", {"q": "propo"}).json()
    assert "Proposed precept for 2025/26" in [r["title"] for r in data["results"]]


def test_bulk_indexing_describes_documents_as_single_indexing_does(archive, es):
    from search.results import _describe_documents, describe_for_index

    document = archive["document"]
    single = describe_for_index(document)
    plain = CommitteeDocument.objects.get(pk=document.pk)
    prefetched = CommitteeDocument.objects.prefetch_related("text_pages").get(pk=document.pk)
    assert _describe_documents([plain])[document.pk] == single
    assert _describe_documents([prefetched])[document.pk] == single
    assert single.committees == ["panel"]
    assert single.public is True
    assert [number for number, _ in single.pages] == [1, 2, 3]


def test_bulk_indexing_takes_the_same_queries_for_two_documents_as_for_six(archive, es):
    paper = archive["paper"]
    made = []
    for n in range(6):
        document = pdf_document(f"Survey annex {n}", [f"Annex {n} page {p} otter" for p in (1, 2)])
        paper.appendices.add(Appendix(title=document.title, document=document))
        made.append(document.pk)
    publish(paper)
    empty_indexes(es)  # what is found below, add_items wrote
    index = es.get_index_for_model(CommitteeDocument)

    def index_documents(pks):
        documents = list(CommitteeDocument.objects.filter(pk__in=pks))
        with CaptureQueriesContext(connection) as queries:
            index.add_items(CommitteeDocument, documents)
        return len(queries)

    assert index_documents(made[:2]) == index_documents(made)
    refresh(es)
    outcome = search_archive('"annex 4 page 2"')
    assert titles(outcome) == ["Survey annex 4"]
    assert [page.number for page in outcome.results[0].pages] == [2]


def test_search_page_draws_results_per_year_beside_the_year_facet(archive, es, client):
    refresh(es)
    html = client.get("/search/", {"q": "precept"}).content.decode()

    chart = html[html.index('<figure class="chart">') : html.index("</figure>")]
    assert 'role="img"' in chart
    assert "Results per year: 2024" in chart
    assert "The same figures are in the list beside it." in chart


def test_committee_list_shows_how_many_results_each_committee_has(archive, es, client):
    refresh(es)
    html = client.get("/search/", {"q": "precept"}).content.decode()
    panel = search_archive("precept", committee="panel").total
    assert panel > 0
    assert f'<option value="panel">Police and Crime Panel ({panel})</option>' in html
    # Once a committee is chosen the other counts would be of a narrower search: none shown.
    chosen = client.get("/search/", {"q": "precept", "committee": "panel"}).content.decode()
    assert '<option value="panel" selected>Police and Crime Panel</option>' in chosen


def test_agenda_item_is_a_result_of_its_own_at_its_own_address(archive, es, client):
    refresh(es)
    outcome = search_archive("precept proposal", type="item")
    assert titles(outcome) == ["Item 5: Proposed precept"]
    item = outcome.results[0]
    assert item.url.endswith("/meetings/2024-09-25/items/item-5/")
    assert item.type_label == "Agenda item"
    assert item.committees == ["Police and Crime Panel"]
    assert item.date == datetime.date(2024, 9, 25)
    assert any("<mark>" in snippet for snippet in item.snippets)
    assert client.get(item.url).status_code == 200
    assert {f.value for f in search_archive("precept").facets["type"]} >= {"item", "paper"}


def test_agenda_item_is_found_by_its_minutes(archive, es):
    item = AgendaItem.objects.get(meeting=archive["meeting"])
    minutes = archive["minutes"]
    minutes.items.add(
        MinuteItem(
            number="12",
            title="Proposed precept",
            agenda_item=item,
            narrative="<p>Members asked about the otter sanctuary levy.</p>",
        )
    )
    publish(minutes)
    refresh(es)
    assert "Item 5: Proposed precept" in titles(search_archive("otter sanctuary levy"))


def test_exempt_agenda_item_shows_only_its_number_and_title(archive, es):
    meeting = archive["meeting"]
    add_exempt_item(meeting)
    publish(meeting)
    refresh(es)
    assert search_archive("Acme tender figures").total == 0  # not the item, not the meeting
    outcome = search_archive("custody contract award", type="item")
    assert titles(outcome) == ["Item 9: Custody contract award"]
    assert "Acme" not in " ".join(outcome.results[0].snippets)


def test_agenda_items_of_a_meeting_that_is_not_public_are_not_found(archive, es):
    refresh(es)
    assert search_archive("precept proposal", type="item").total == 1
    archive["meeting"].unpublish()
    refresh(es)
    assert search_archive("precept proposal", type="item").total == 0


def test_a_rebuild_loads_without_refreshes_or_replicas_and_restores_them(es):
    from wagtail.models import Page

    def settings_of(name):
        found = es.es.indices.get_settings(index=name, flat_settings=True)
        return next(iter(found.values()))["settings"]

    rebuilder, new_index, _ = start_rebuild(es, Page)
    loading = settings_of(new_index.name)
    assert loading["index.refresh_interval"] == "-1"
    assert loading["index.number_of_replicas"] == "0"
    assert loading["index.translog.durability"] == "async"
    rebuilder.finish()
    done = settings_of(new_index.name)
    assert "index.refresh_interval" not in done  # back to Elasticsearch's default
    assert done["index.number_of_replicas"] == "1"
    assert done["index.translog.durability"] == "request"
    assert es.get_index_for_model(Page).aliased_indices()[0].name == new_index.name


def test_a_rebuilt_index_goes_live_merged_into_one_segment(site_tree, es):
    from wagtail.models import Page

    def segments_of(name):
        shards = es.es.indices.segments(index=name)["indices"][name]["shards"]
        return sum(len(copy["segments"]) for copies in shards.values() for copy in copies)

    rebuilder, new_index, _ = start_rebuild(es, Page)
    for page in Page.objects.filter(depth__gt=1).specific():  # one segment per refresh
        new_index.add_item(page)
        es.es.indices.refresh(index=new_index.name)
    assert segments_of(new_index.name) > 1
    rebuilder.finish()
    assert segments_of(new_index.name) == 1
    assert es.get_index_for_model(Page).aliased_indices()[0].name == new_index.name


def test_a_document_linked_only_from_a_public_pages_text_is_found_once_published(
    site_tree, es, settings, tmp_path
):
    from home.models import StandardPage

    settings.MEDIA_ROOT = str(tmp_path)
    document = pdf_document("Flood plan", ["The flood plan names the heron weir sandbags."])
    page = StandardPage(title="Emergencies", slug="emergencies", live=False)
    page.body = [
        ("paragraph", f'<p>See the <a linktype="document" id="{document.pk}">flood plan</a>.</p>')
    ]
    site_tree["home"].add_child(instance=page)
    page.save_revision()
    refresh(es)
    assert search_archive("heron weir sandbags", type="document").total == 0  # draft link
    publish(page)
    refresh(es)
    assert titles(search_archive("heron weir sandbags", type="document")) == ["Flood plan"]
    page.refresh_from_db()  # publish() went through a revision: this copy is stale
    page.unpublish()
    refresh(es)
    assert search_archive("heron weir sandbags", type="document").total == 0
