"""Which documents the public may download: those a public page shows them.

`CommitteeDocument.objects.visible_to_public()` is the one gate (document serving and
search both use it). A document is public when a public page uses it where the public
sees it: an appendix, a report or minutes file, a background paper, a link in rich text.
Drafts, private pages, exempt papers and the withheld parts of public pages make nothing
public, and an exempt appendix stays withheld even if a public page links the same file.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from home.models import StandardPage
from home.visibility import public_pages, read_restrictions_once
from meetings.demo.pdf import make_pdf
from meetings.models import (
    AgendaItem,
    Appendix,
    CommitteeDocument,
    MinuteItem,
    MinutesPage,
)
from tests import factories
from tests.factories import publish


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def document(name, collection=None):
    doc = CommitteeDocument(title=name)
    if collection is not None:
        doc.collection = collection
    doc.file.save(name, ContentFile(make_pdf([f"Contents of {name}"])), save=False)
    doc.save()
    return doc


def link(doc):
    return f'<p>See <a linktype="document" id="{doc.pk}">{doc.title}</a>.</p>'


def plain_page(home, slug, docs=(), live=True):
    page = StandardPage(
        title=slug.title(),
        slug=slug,
        body=[("paragraph", "".join(link(doc) for doc in docs))],
        live=False,
    )
    home.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return StandardPage.objects.get(pk=page.pk)


def public():
    gate = set(CommitteeDocument.objects.visible_to_public())
    # The same gate when built once per restriction state (search results, downloads).
    everything = CommitteeDocument.objects.values_list("pk", flat=True)
    assert set(CommitteeDocument.objects.public_among(everything)) == gate
    return gate


def assert_served(client, doc, status):
    assert client.get(doc.url).status_code == status, doc.title


@pytest.mark.django_db
def test_a_link_in_rich_text_on_a_public_page_makes_a_document_public(client, home):
    linked, unlinked = document("how-to-ask-a-question.pdf"), document("unused.pdf")
    plain_page(home, "questions", [linked])

    assert public() == {linked}
    assert_served(client, linked, 200)
    assert_served(client, unlinked, 404)


@pytest.mark.django_db
def test_links_from_drafts_private_pages_and_exempt_papers_make_nothing_public(
    client, home, site_tree
):
    in_draft, on_private, in_exempt = (
        document(f"{name}.pdf") for name in ("draft", "private", "exempt")
    )
    plain_page(home, "coming-soon", [in_draft], live=False)
    private = plain_page(home, "members-area", [on_private])
    PageViewRestriction.objects.create(page=private, restriction_type=BaseViewRestriction.LOGIN)
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"],
        exempt_paragraph=3,
        exempt_reason="Prices.",
        recommendations=link(in_exempt),
    )
    publish(paper)

    assert public() == set()
    for doc in (in_draft, on_private, in_exempt):
        assert_served(client, doc, 404)


@pytest.mark.django_db
def test_a_link_waiting_in_a_draft_revision_of_a_live_page_is_not_public(home):
    doc = document("revised-terms.pdf")
    page = plain_page(home, "terms")
    page.body = [("paragraph", link(doc))]
    page.save_revision()  # awaiting approval

    assert public() == set()

    page.get_latest_revision().publish()
    assert public() == {doc}


@pytest.mark.django_db
def test_background_papers_and_report_and_minutes_files_of_public_pages(
    client, committee, site_tree
):
    background, report, signed = (
        document(f"{name}.pdf") for name in ("plan", "report", "signed-minutes")
    )
    paper = factories.PaperPageFactory(parent=site_tree["papers"])
    paper.background_papers = [
        ("background_paper", {"title": "Police and crime plan", "link": "", "document": background})
    ]
    paper.document = report
    paper = publish(paper)
    meeting = publish(factories.MeetingPageFactory(parent=committee))
    minutes = factories.MinutesPageFactory(parent=meeting, live=False)
    minutes.document = signed
    minutes = publish(minutes)

    assert public() == {background, report, signed}
    html = client.get(paper.url).content.decode()
    assert f'href="{report.url}"' in html
    assert f'href="{background.url}"' in html
    assert f'href="{signed.url}"' in client.get(minutes.url).content.decode()


@pytest.mark.django_db
def test_exempt_wins_over_a_public_link(client, home, site_tree):
    """The same file linked from a public page and attached as an exempt appendix (or as
    an exempt paper's report file) stays withheld: it is the exempt information itself."""
    appendix_file, report_file = document("valuations.pdf"), document("pay-report.pdf")
    plain_page(home, "news", [appendix_file, report_file])
    assert public() == {appendix_file, report_file}

    paper = factories.PaperPageFactory(parent=site_tree["papers"])
    paper.appendices.add(Appendix(title="Valuations", document=appendix_file, exempt=True))
    publish(paper)
    exempt = factories.PaperPageFactory(
        parent=site_tree["papers"], exempt_paragraph=1, exempt_reason="About a person."
    )
    exempt.document = report_file
    publish(exempt)

    assert public() == set()
    assert_served(client, appendix_file, 404)
    assert_served(client, report_file, 404)


@pytest.mark.django_db
def test_links_in_the_withheld_parts_of_a_public_meeting_and_minutes(client, committee):
    in_public_item, in_exempt_item, in_exempt_minute = (
        document(f"{name}.pdf") for name in ("public-item", "exempt-item", "exempt-minute")
    )
    meeting = factories.MeetingPageFactory(parent=committee)
    meeting.agenda_items.add(AgendaItem(number="1", title="Budget", summary=link(in_public_item)))
    meeting.agenda_items.add(
        AgendaItem(
            number="2",
            title="Estates",
            exempt_paragraph=3,
            exempt_reason="Prices.",
            summary=link(in_exempt_item),
        )
    )
    meeting = publish(meeting)
    exempt_item = meeting.agenda_items.get(number="2")
    minutes = MinutesPage(title="Minutes", slug="minutes", live=False)
    meeting.add_child(instance=minutes)
    minutes.items.add(
        MinuteItem(
            number="2", title="Estates", agenda_item=exempt_item, narrative=link(in_exempt_minute)
        )
    )
    publish(minutes)

    assert public() == {in_public_item}
    assert_served(client, in_exempt_item, 404)
    assert_served(client, in_exempt_minute, 404)


@pytest.mark.django_db
def test_a_document_in_a_private_collection_stays_private_wherever_it_is_linked(client, home):
    private = Collection.get_first_root_node().add_child(name="Confidential")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=BaseViewRestriction.LOGIN
    )
    doc = document("legal-advice.pdf", collection=private)
    plain_page(home, "advice", [doc])

    assert public() == set()
    assert_served(client, doc, 404)


@pytest.mark.django_db
def test_a_new_view_restriction_applies_at_once_to_downloads_and_search_results(client, home):
    doc = document("annual-report.pdf")
    page = plain_page(home, "reports", [doc])
    assert public() == {doc}  # the gate is built for this state, and kept
    assert_served(client, doc, 200)

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.LOGIN
    )
    assert public() == set()
    assert_served(client, doc, 404)

    restriction.delete()
    collection = Collection.get_first_root_node().add_child(name="Confidential")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.LOGIN
    )
    doc.collection = collection
    doc.save()
    assert public() == set()
    assert_served(client, doc, 404)


@pytest.mark.django_db
def test_a_view_restriction_saved_while_restrictions_are_read_once_applies_at_once(home):
    doc = document("annual-report.pdf")
    page = plain_page(home, "reports", [doc])

    def page_is_public():
        return public_pages().filter(pk=page.pk).exists()

    with read_restrictions_once():  # as during a search
        assert page_is_public() and public() == {doc}
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=BaseViewRestriction.LOGIN
        )
        assert not page_is_public() and public() == set()
        restriction.delete()
        assert page_is_public() and public() == {doc}


def runs_of_prepared_document_gates():
    """How many times PostgreSQL has run the document gate as a prepared statement on this
    connection."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%meetings_committeedocument%= ANY($%"],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_document_gate_is_prepared_once_per_database_connection(home):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    docs = [document(f"report-{n}.pdf") for n in range(8)]
    plain_page(home, "reports", docs[:4])
    gate = CommitteeDocument.objects.public_ids_among
    for _ in range(5):  # psycopg prepares a statement on its fifth run
        gate([docs[0].pk])
    before = runs_of_prepared_document_gates()

    for n in range(1, 8):  # a different number of ids each time: still the one statement
        assert gate([d.pk for d in docs[:n]]) == {d.pk for d in docs[: min(n, 4)]}
    assert runs_of_prepared_document_gates() - before == 7


@pytest.mark.django_db
def test_the_gate_built_for_one_server_thread_serves_the_others(home):
    if connection.vendor == "sqlite":
        # Its in-memory test database is shared between connections, and one connection
        # may not read a table another has written to in an open transaction.
        pytest.skip("needs a database that other connections can read while a test writes")
    doc = document("annual-report.pdf")
    plain_page(home, "reports", [doc])
    assert CommitteeDocument.objects.public_ids_among([doc.pk]) == {doc.pk}  # built here

    def in_another_thread():
        # Its own connection, which cannot see this test's uncommitted rows: the gate must
        # answer there as visible_to_public() does, not fail on the first thread's.
        try:
            gate = CommitteeDocument.objects.public_ids_among([doc.pk])
            return gate, set(
                CommitteeDocument.objects.visible_to_public().values_list("pk", flat=True)
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        among, visible = pool.submit(in_another_thread).result()
    assert among == visible & {doc.pk}


@pytest.mark.django_db
def test_an_appendix_listed_before_its_file_shows_to_follow(client, site_tree):
    paper = factories.PaperPageFactory(parent=site_tree["papers"])
    paper.appendices.add(Appendix(title="Annual Report 2023/24", label="1"))
    paper.appendices.add(Appendix(title="Prices", exempt=True))  # no file, exempt
    paper = publish(paper)

    html = client.get(paper.url).content.decode()
    assert 'Appendix 1: Annual Report 2023/24 <span class="meta">(to follow)</span>' in html
    assert "Prices" not in html
    # An exempt appendix without a file withholds nothing else.
    other = factories.PaperPageFactory(parent=site_tree["papers"])
    attached = document("figures.pdf")
    other.appendices.add(Appendix(title="Figures", document=attached))
    publish(other)
    assert public() == {attached}


@pytest.mark.django_db
def test_used_under_finds_every_kind_of_use(home, site_tree):
    in_text, appendix, report = (document(f"{n}.pdf") for n in ("text", "appendix", "report"))
    plain_page(home, "about", [in_text])
    paper = factories.PaperPageFactory(parent=site_tree["papers"], live=False, document=report)
    paper.appendices.add(Appendix(title="A", document=appendix))
    paper.save()  # a draft, never published: uses count, whatever the public sees

    assert set(CommitteeDocument.objects.used_under(site_tree["papers"])) == {appendix, report}
    assert set(CommitteeDocument.objects.used_under(home)) == {in_text, appendix, report}
