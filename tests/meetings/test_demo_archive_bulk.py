"""The demo archive at scale: `demo_archive --bulk` / `--items` writes the tree as rows in
batches. At a few hundred items these tests check that what it writes is a valid Wagtail
tree that serves and can be edited, that it is the same archive as the normal mode's for
a seed, that a re-run adds nothing and an interrupted run finishes where it stopped, and
that document page text is searchable."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend

from meetings import models
from meetings.demo import content
from meetings.demo.archive import DemoArchive
from meetings.demo.bulk import BulkWriter

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def build(bulk=True, years=2, committees=3, seed=7, index=False, **kwargs):
    archive = DemoArchive(
        years=years,
        committees=committees,
        seed=seed,
        today=TODAY,
        bulk=bulk,
        index=index,
        report=lambda *a: None,
        **kwargs,
    )
    archive.build()
    return archive


def snapshot():
    """What a visitor sees of the archive, independent of database ids and tree paths."""
    pages = sorted(
        (page.url_path, page.title, type(page.specific).__name__, page.live)
        for page in Page.objects.filter(depth__gt=2)
    )
    papers = sorted(
        (paper.slug, paper.reference, paper.date.isoformat(), paper.summary)
        for paper in models.PaperPage.objects.all()
    )
    documents = sorted(
        (
            appendix.paper.slug,
            appendix.title,
            tuple(appendix.document.text_pages.values_list("text", flat=True)),
        )
        for appendix in models.Appendix.objects.select_related("paper", "document")
    )
    agenda = sorted(
        (item.meeting.url_path, item.number, item.title, item.exempt_paragraph)
        + tuple(item.papers.values_list("slug", flat=True))
        for item in models.AgendaItem.objects.select_related("meeting")
    )
    minutes = sorted(
        (
            m.url_path,
            m.status,
            m.approved_at.slug if m.approved_at else None,
            m.finished_at.isoformat(),
            tuple(m.attendance.order_by("sort_order").values_list("person__slug", "status")),
            tuple(m.items.order_by("sort_order").values_list("number", "narrative")),
        )
        for m in models.MinutesPage.objects.all()
    )
    return {
        "pages": pages,
        "papers": papers,
        "documents": documents,
        "agenda": agenda,
        "minutes": minutes,
    }


def remove_archive():
    """Delete everything the demo archive made, as a fresh database would be."""
    home = Page.objects.get(depth=2)
    for page in home.get_children():
        page.delete()
    models.CommitteeDocument.objects.all().delete()


def tree_rows():
    return list(Page.objects.order_by("path").values_list("path", "depth", "numchild"))


@pytest.mark.django_db
def test_a_bulk_archive_is_a_valid_wagtail_tree(home, media):
    archive = build()

    assert archive.counts.items == archive.planned_items() > 150
    assert Page.find_problems() == ([], [], [], [], [])
    before = tree_rows()
    Page.fix_tree()
    assert tree_rows() == before, "fix_tree found something to fix"
    for page in Page.objects.filter(depth__gt=2).specific():
        parent = page.get_parent().specific
        assert page.url_path == type(page).set_url_path(page, parent), page.url_path
        assert page.numchild == page.get_children().count()
    # Every generated page is live, with no draft changes waiting.
    assert not Page.objects.filter(depth__gt=1, live=False).exists()
    assert not Page.objects.filter(has_unpublished_changes=True).exists()


@pytest.mark.django_db
def test_a_bulk_archive_writes_the_reference_index_that_a_rebuild_would(home, media):
    build()

    def references():
        return set(
            ReferenceIndex.objects.values_list(
                "base_content_type", "object_id", "to_content_type", "to_object_id", "content_path"
            )
        )

    written = references()
    call_command("rebuild_references_index", verbosity=0)
    assert written == references()
    assert any(path.startswith("appendices.") for *_, path in written)


@pytest.mark.django_db
def test_the_public_pages_of_a_bulk_archive_serve(client, home, media):
    build()
    meeting = models.MeetingPage.objects.exclude(numchild=0).order_by("-start").first()
    minutes = models.MinutesPage.objects.child_of(meeting).get()
    paper = models.PaperPage.objects.filter(agenda_items__meeting=meeting).first()
    committee = models.CommitteePage.objects.get(slug="precept-scrutiny-task-group")
    person = models.PersonPage.objects.order_by("path").first()

    pages = {
        "/": content.PANEL,
        "/committees/": "Precept Scrutiny Task Group",
        committee.url: meeting.url,
        meeting.url: paper.title,
        meeting.url + "items/item-5/": paper.title,
        minutes.url: "Apologies for absence",
        paper.url: paper.appendices.get().title,
        "/papers/": paper.title,
        "/people/": person.title,
        person.url: person.title,
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), (url, text)
    assert meeting.url.startswith("/committees/") and "/meetings/" in meeting.url
    document = paper.appendices.get().document
    assert client.get(document.url).status_code == 200


@pytest.mark.django_db
def test_editors_can_add_pages_to_a_bulk_archive(home, media):
    build()
    committee = models.CommitteePage.objects.get(slug="precept-scrutiny-task-group")
    papers = models.PaperIndexPage.objects.get()

    meeting = committee.add_child(
        instance=models.MeetingPage(
            title="Extra meeting",
            slug="2025-06-20",
            start=datetime.datetime(2025, 6, 20, 10, tzinfo=datetime.UTC),
        )
    )
    meeting.save_revision().publish()
    paper = papers.add_child(
        instance=models.PaperPage(title="A late paper", slug="a-late-paper", date=TODAY)
    )
    paper.save_revision().publish()

    assert Page.find_problems() == ([], [], [], [], [])
    assert meeting.url == "/committees/precept-scrutiny-task-group/meetings/2025-06-20/"
    assert paper.get_parent().specific == papers
    assert models.PaperPage.objects.child_of(papers).filter(slug="a-late-paper").exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_archive_in_bulk_and_normal_mode(home, media):
    build(bulk=True, years=1, committees=2)
    first = snapshot()
    assert len(first["pages"]) > 20 and first["documents"]

    remove_archive()
    build(bulk=True, years=1, committees=2)
    assert snapshot() == first

    remove_archive()
    build(bulk=False, years=1, committees=2)
    assert snapshot() == first

    remove_archive()
    build(bulk=True, years=1, committees=2, seed=8)
    assert snapshot()["papers"] != first["papers"], "another seed, other reference numbers"


@pytest.mark.django_db
def test_a_second_run_adds_nothing(home, media):
    build()
    before = snapshot()
    rows = {
        model: model.objects.count()
        for model in (
            Page,
            models.AgendaItem,
            models.CommitteeDocument,
            models.DocumentPageText,
            models.Attendance,
            ReferenceIndex,
        )
    }

    again = build()

    assert again.counts.created == {}
    assert {model: model.objects.count() for model in rows} == rows
    assert snapshot() == before


class StopAfter:
    """A progress display that stops the run, as Ctrl+C would, after `n` updates."""

    def __init__(self, n):
        self.n = n

    def start(self, total):
        pass

    def advance(self, n, created=0):
        self.n -= 1
        if self.n == 0:
            raise KeyboardInterrupt

    def finish(self):
        pass


@pytest.mark.django_db
def test_an_interrupted_run_leaves_a_valid_tree_and_a_re_run_finishes_it(home, media):
    build(committees=3)
    whole = snapshot()
    remove_archive()

    # Updates: the skeleton, the task groups, then one per batch of meetings.
    with pytest.raises(KeyboardInterrupt):
        build(committees=3, progress=StopAfter(4))
    assert Page.find_problems() == ([], [], [], [], [])
    partial = snapshot()
    assert 0 < len(partial["pages"]) < len(whole["pages"])

    build(committees=3)
    assert Page.find_problems() == ([], [], [], [], [])
    assert snapshot() == whole


@pytest.mark.django_db
def test_an_interrupted_batch_writes_nothing(home, media):
    archive = build(years=1, committees=1)
    before = tree_rows()
    writer = BulkWriter(archive)
    committees = models.CommitteeIndexPage.objects.get()

    with pytest.raises(KeyboardInterrupt), writer.batch() as batch:
        batch.add_page(committees, models.CommitteePage(title="Half written", slug="half"))
        raise KeyboardInterrupt

    assert tree_rows() == before
    committees.refresh_from_db()
    with writer.batch() as batch:
        batch.add_page(committees, models.CommitteePage(title="Written", slug="written"))
    assert Page.find_problems() == ([], [], [], [], [])
    assert models.CommitteePage.objects.child_of(committees).filter(slug="written").exists()


@pytest.mark.django_db
def test_generated_documents_are_real_pdfs_with_their_page_text_searchable(home, media, settings):
    # The database backend only: Elasticsearch's bulk indexing reads pages in threads of its
    # own, which cannot see this test's uncommitted rows.
    database = next(
        config
        for config in settings.WAGTAILSEARCH_BACKENDS.values()
        if config["BACKEND"] == "search.backends.database"
    )
    settings.WAGTAILSEARCH_BACKENDS = {"default": database}
    build(years=1, committees=1, index=True)

    document = models.CommitteeDocument.objects.order_by("pk").first()
    pages = list(document.text_pages.order_by("number"))
    assert document.extraction_status == models.CommitteeDocument.Extraction.DONE
    assert document.page_count == len(pages) >= 3
    with document.file.open("rb") as file:
        reader = PdfReader(file)
        assert len(reader.pages) == document.page_count
        second = reader.pages[1].extract_text()
    assert f"{document.title} - page 2" in second
    assert pages[1].text.startswith(f"{document.title} - page 2")

    backend = get_search_backend()
    found = list(backend.search("benchmarking data", models.CommitteeDocument))
    assert found
    assert all("benchmarking data" in doc.text for doc in found)
    paper = document.appendix_uses.get().paper
    words = " ".join(word for word in paper.title.split() if word.isalpha())
    assert paper in list(backend.search(words, models.PaperPage))


@pytest.mark.django_db
def test_the_command_builds_a_target_number_of_items_with_progress_and_a_summary(home, media):
    out = io.StringIO()
    call_command(
        "demo_archive", "--items", "300", "--no-index", "--today", "2025-06-01", stdout=out
    )
    text = out.getvalue()

    items = Page.objects.filter(depth__gt=2).count() + models.CommitteeDocument.objects.count()
    assert 300 <= items < 300 + 60
    assert "10 years" in text
    assert f"{items:,}/{items:,} items (100%)" in text
    assert "new/s" in text
    assert f"{items:,} items (pages and documents) in" in text
    assert "items/s" in text


def test_the_committees_for_a_target_are_the_fewest_that_reach_it():
    for target in (100, 5_000, 100_000):
        committees = DemoArchive.committees_for(target, 10, TODAY)
        archive = DemoArchive(years=10, today=TODAY)
        assert archive.planned_items(committees) >= target
        if committees > 1:
            assert archive.planned_items(committees - 1) < target


@pytest.mark.parametrize(
    "args, message",
    [
        (["--items", "0"], "--items must be between 1 and 1,000,000"),
        (["--items", "100", "--committees", "3"], "either --items or --committees"),
        (["--no-index"], "--no-index only applies with --bulk or --items"),
        (["--years", "0"], "--years must be between 1 and 50"),
        (["--items", "1000000", "--years", "1"], "--committees must be between"),
    ],
)
def test_the_command_refuses_bad_input_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("demo_archive", *args, stdout=io.StringIO())
