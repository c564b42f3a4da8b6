"""Nothing unapproved or exempt reaches an anonymous visitor, on any public surface.

Each case builds a paper in one hidden state beside a public control paper that must
show up everywhere, so a surface that silently broke would fail here too. To cover a
new public surface (an API endpoint, another feed), add it to SURFACES.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from meetings.models import AgendaItem, Appendix, PaperPage
from tests import factories
from tests.search.conftest import (  # noqa: F401 (fixtures)
    database_search_only,
    es,
    es_session,
    pdf_document,
    refresh,
)

WORD = "quokka"
SURFACES = {
    "search": f"/search/?q={WORD}",
    "search API": f"/api/v1/search?q={WORD}",
    "sitemap": "/sitemap.xml",
    "papers RSS": "/feeds/papers.rss",
    "papers Atom": "/feeds/papers.atom",
}


def paper(site_tree, title, live=True, **fields):
    page = factories.PaperPageFactory.build(
        title=title, summary=f"The {WORD} survey.", live=False, **fields
    )
    site_tree["papers"].add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return PaperPage.objects.get(pk=page.pk)


def draft(site_tree, title):
    return paper(site_tree, title, live=False)


def in_moderation(site_tree, title):
    from django.contrib.auth import get_user_model

    page = paper(site_tree, title, live=False)
    author = get_user_model().objects.create_user("author", "author@example.org")
    page.get_workflow().start(page, author)
    return page


def scheduled(site_tree, title):
    page = paper(site_tree, title, live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()
    return PaperPage.objects.get(pk=page.pk)


def unpublished(site_tree, title):
    page = paper(site_tree, title)
    page.unpublish()
    return page


def exempt(site_tree, title):
    return paper(site_tree, title, exempt_paragraph=3, exempt_reason="Contract terms.")


def paper_of_exempt_item(site_tree, title):
    page = paper(site_tree, title)
    committee = factories.CommitteePageFactory(parent=site_tree["committees"])
    meeting = factories.MeetingPageFactory(parent=committee)
    item = AgendaItem(number="9", title="Estates", exempt_paragraph=3, exempt_reason="Prices.")
    item.papers = [page]
    meeting.agenda_items.add(item)
    meeting.save_revision().publish()
    return PaperPage.objects.get(pk=page.pk)


HIDDEN = [draft, in_moderation, scheduled, unpublished, exempt, paper_of_exempt_item]


@pytest.fixture(params=[pytest.param("elasticsearch", marks=pytest.mark.elasticsearch), "database"])
def engine(request):
    """Search is checked on both engines: Elasticsearch, and the database backend (the
    embedded default and the fallback). Gives the engine's name and a function that makes
    the latest writes searchable."""
    if request.param == "database":
        request.getfixturevalue("database_search_only")
        return request.param, lambda: None
    backend = request.getfixturevalue("es")
    return request.param, lambda: refresh(backend)


@pytest.fixture
def control(site_tree):
    return paper(site_tree, f"Public {WORD} report")


@pytest.mark.django_db
@pytest.mark.parametrize("make", HIDDEN, ids=lambda f: f.__name__)
def test_hidden_paper_is_404_and_absent_from_every_public_surface(
    client, site_tree, engine, control, make
):
    hidden = make(site_tree, f"Hidden {WORD} paper")
    name, make_searchable = engine
    make_searchable()
    assert client.get(SURFACES["search API"]).json()["engine"] == name  # not a fallback
    assert not PaperPage.objects.visible_to_public().filter(pk=hidden.pk).exists()
    assert client.get(hidden.url_path.removeprefix("/home")).status_code == 404
    assert client.get(control.url).status_code == 200
    for surface, url in SURFACES.items():
        content = client.get(url).content.decode()
        assert control.slug in content or control.title in content, f"{surface} is broken"
        assert hidden.slug not in content and hidden.title not in content, surface


def section(site_tree, title, private=False):
    """A section of papers beside the usual one; `private`: for signed-in users only."""
    index = factories.PaperIndexPageFactory(parent=site_tree["home"], title=title, slug=title)
    if private:
        PageViewRestriction.objects.create(page=index, restriction_type="login")
    return index


def paper_with_appendix(parent, title):
    page = factories.PaperPageFactory.build(title=title, summary=f"The {WORD} survey.")
    parent.add_child(instance=page)
    document = pdf_document(f"{title}: appendix", [f"Counts of {WORD} by district."])
    page.appendices.add(Appendix(title=document.title, document=document))
    page.save_revision().publish()
    return page.title, document.title


def found(client) -> tuple[int, set[str]]:
    answer = client.get(SURFACES["search API"]).json()
    return answer["total"], {result["title"] for result in answer["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "move, still_found",
    [("into the members' section", False), ("before the members' section", True)],
)
def test_moving_a_section_takes_its_papers_and_documents_where_it_goes(
    client, site_tree, engine, control, settings, tmp_path, move, still_found
):
    """A move rewrites the paths of whole subtrees (the moved one, and the sections shifted
    aside, private ones included) without saving the pages in them."""
    settings.MEDIA_ROOT = str(tmp_path)
    members = section(site_tree, "members", private=True)
    archive = section(site_tree, "archive")
    paper_with_appendix(members, f"Secret {WORD} paper")
    archived = paper_with_appendix(archive, f"Old {WORD} paper")
    _, make_searchable = engine
    make_searchable()
    assert found(client) == (3, {control.title, *archived})
    archive.move(members, pos="last-child" if move.startswith("into") else "left")
    make_searchable()
    if still_found:
        assert found(client) == (3, {control.title, *archived})
    else:
        assert found(client) == (1, {control.title})  # not even counted
