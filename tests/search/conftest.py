"""Search test helpers: one index build per session, emptied between tests, and a small
public archive (committee, meeting, minutes, paper with a PDF appendix)."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.models import Page

from meetings.demo.pdf import make_pdf
from meetings.models import AgendaItem, Appendix, CommitteeDocument
from quorum import env
from tests import factories
from tests.factories import publish  # noqa: F401 - for the search tests


@pytest.fixture(scope="session")
def es_session(django_db_setup, django_db_blocker):
    """The real Elasticsearch, its indexes created once for the session (update_index)."""
    from wagtail.search.backends import get_search_backend

    if not env.ELASTICSEARCH_URL:
        pytest.fail("This test needs ELASTICSEARCH_URL")
    with django_db_blocker.unblock():
        call_command("update_index", backend_name="default", stdout=io.StringIO())
    return get_search_backend()


def search_indexes(backend):
    return [
        backend.get_index_for_model(Page).name,
        backend.get_index_for_model(CommitteeDocument).name,
        backend.get_index_for_model(AgendaItem).name,
    ]


def empty_indexes(backend):
    """Delete every document (the test distribution has no delete-by-query)."""
    names = search_indexes(backend)
    backend.es.indices.refresh(index=names)
    hits = backend.es.search(index=names, query={"match_all": {}}, size=10_000, _source=False)
    actions = [{"delete": {"_index": h["_index"], "_id": h["_id"]}} for h in hits["hits"]["hits"]]
    if actions:
        backend.es.bulk(operations=actions, refresh=True)


@pytest.fixture
def es(db, es_session):
    """The real Elasticsearch with empty page and document indexes."""
    empty_indexes(es_session)
    yield es_session


def start_rebuild(backend, model):
    """Start an atomic rebuild of `model`'s index as `update_index` does: a new index with
    the mappings of every model it holds. Returns (rebuilder, new index, those models)."""
    from modelsearch.index import get_indexed_models
    from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index

    alias = backend.get_index_for_model(model)
    models = next(
        models
        for index, models in group_models_by_index(backend, get_indexed_models()).items()
        if index.name == alias.name
    )
    rebuilder = backend.rebuilder_class(alias)
    new_index = rebuilder.start()
    for each in models:
        new_index.add_model(each)
    return rebuilder, new_index, models


def refresh(backend):
    backend.es.indices.refresh(index=search_indexes(backend))


EXEMPT_SUMMARY = "<p>Tender figures from Acme Cells Ltd.</p>"


def add_exempt_item(meeting):
    """An exempt agenda item (Schedule 12A paragraph 3) whose summary must never be found."""
    item = AgendaItem(
        number="9",
        title="Custody contract award",
        exempt_paragraph=3,
        exempt_reason="Commercial terms of a tender.",
        summary=EXEMPT_SUMMARY,
    )
    meeting.agenda_items.add(item)
    return item


def pdf_document(title: str, pages: list[str]) -> CommitteeDocument:
    document = CommitteeDocument(title=title)
    document.file.save(
        f"{title[:40].lower().replace(' ', '-')}.pdf",
        ContentFile(make_pdf(pages, title)),
        save=False,
    )
    document.save()  # text extraction runs at once in tests (immediate task backend)
    return document


@pytest.fixture
def archive(es, site_tree, settings, tmp_path):
    """A committee, a meeting with minutes, and a paper with a three-page PDF appendix."""
    settings.MEDIA_ROOT = str(tmp_path)
    panel = factories.CommitteePageFactory(
        parent=site_tree["committees"], title="Police and Crime Panel", slug="panel"
    )
    publish(panel)
    meeting = factories.MeetingPageFactory(
        parent=panel,
        start=datetime.datetime(2024, 9, 25, 13, 30, tzinfo=datetime.UTC),
        title="Panel meeting, 25 September 2024",
    )
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"],
        title="Proposed precept for 2025/26",
        summary="The Commissioner proposes to raise the policing precept by ten pounds.",
        date=datetime.date(2024, 9, 16),
    )
    document = pdf_document(
        "Appendix A: precept consultation results",
        [
            "Consultation results. Residents were asked about the precept.",
            "Responses by district: Northmoor, Eastdale and Westfell.",
            "Respondents asked for more hedgehog crossing patrols near Marsh Lane.",
        ],
    )
    paper.appendices.add(Appendix(title=document.title, document=document))
    publish(paper)
    item = AgendaItem(number="5", title="Proposed precept", summary="The precept proposal.")
    item.papers = [paper]
    meeting.agenda_items.add(item)
    publish(meeting)
    publish(paper)  # re-index: the paper now knows its committee
    minutes = factories.MinutesPageFactory(parent=meeting)
    publish(minutes)
    return {
        "panel": panel,
        "meeting": meeting,
        "paper": paper,
        "document": document,
        "minutes": minutes,
        **site_tree,
    }


@pytest.fixture
def database_search_only(settings):
    """Make Quorum's database backend the only one, as in the embedded default (no
    ELASTICSEARCH_URL), whatever this run is configured with."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
