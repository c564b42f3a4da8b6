"""The search page and its JSON twin on the real Elasticsearch 9."""

import pytest
from wagtail.models import PageViewRestriction

from search.models import Abbreviation
from search.query import search_archive
from tests.search.conftest import refresh

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
    assert archive["document"].title in titles(search_archive("hedgehgo"))


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
    assert _describe_documents([document.pk])[document.pk] == describe_for_index(document)
    assert describe_for_index(document).committees == ["panel"]
    assert describe_for_index(document).public is True


def test_search_page_draws_results_per_year_beside_the_year_facet(archive, es, client):
    refresh(es)
    html = client.get("/search/", {"q": "precept"}).content.decode()

    chart = html[html.index('<figure class="chart">') : html.index("</figure>")]
    assert 'role="img"' in chart
    assert "Results per year: 2024" in chart
    assert "The same figures are in the list beside it." in chart
