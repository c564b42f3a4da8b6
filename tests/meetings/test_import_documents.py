"""`manage.py import_documents`: the seeds (and PDF and DOCX versions of them) as drafts."""

import datetime
import hashlib
import io
import re
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Collection, Page, Revision

from meetings.importers import writer
from meetings.models import (
    AgendaItem,
    Attendance,
    CommitteeDocument,
    CommitteeIndexPage,
    CommitteePage,
    MeetingPage,
    MinuteItem,
    MinutesPage,
    PaperIndexPage,
    PaperPage,
    PersonIndexPage,
    PersonPage,
)
from tests import factories
from tests.conftest import SHARED

SEEDS = Path(SHARED) / "seeds"
REPORT_SEED = SEEDS / "000_e546f663aee729a3.txt"
MINUTES_SEED = SEEDS / "003_5cadfbb05be16e5f.txt"
COMMITTEE = "Cambridgeshire Police and Crime Panel"
TITLE = "Police and Crime Commissioner's Annual Report 2023/24"


def run_import(*paths) -> str:
    out = io.StringIO()
    call_command("import_documents", *[str(path) for path in paths], stdout=out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


# Agenda report


def assert_is_the_annual_report(paper: PaperPage):
    assert paper.title == TITLE
    assert paper.date == datetime.date(2024, 7, 31)
    assert paper.paper_type == PaperPage.PaperType.ANNUAL_REPORT
    assert paper.exempt_paragraph is None  # a public report
    assert paper.author == "Police and Crime Commissioner for Cambridgeshire and Peterborough"
    assert paper.contact_name == "Jack Hudson"
    assert paper.contact_email == "cambs-pcc@cambs.police.uk"
    assert paper.contact_phone == "0300 333 3456"
    assert paper.recommendations == (
        "<p>The Panel is recommended to review the draft Annual Report for 2023/24, which is "
        "attached at Appendix 1 and make a report or recommendation (as necessary) on this "
        "Annual Report.</p>"
    )
    # The printed numbers stay; recommendations, background documents and appendices
    # are fields of their own, not repeated as sections.
    sections = [
        (b.value["number"], b.value["heading"], len(b.value["paragraphs"])) for b in paper.body
    ]
    assert sections == [
        ("1", "Purpose", 1),
        ("3", "Terms of reference", 1),
        ("4", "Background", 4),
        ("5", "Next Steps", 1),
    ]
    first = paper.body[0].value["paragraphs"][0].source
    assert first.startswith("<p>The purpose of the report is to present to the Police and Crime")
    assert [(b.value["title"], b.value["link"]) for b in paper.background_papers] == [
        ("Police and Crime Commissioner's Police and Crime Plan 2021/24", "")
    ]
    # Listed, but there is no file to attach: the page shows it "to follow".
    assert [(a.display_label, a.title, a.document, a.exempt) for a in paper.appendices.all()] == [
        ("1", "Annual Report 2023/24", None, False)
    ]
    assert paper.agenda_items.get().number == "8"


def test_report_becomes_a_draft_paper_on_agenda_item_8(site_tree):
    output = run_import(REPORT_SEED)

    paper = PaperPage.objects.get()
    assert_is_the_annual_report(paper)
    assert paper.get_parent().specific == site_tree["papers"]
    meeting = MeetingPage.objects.get()
    assert meeting.get_parent().title == COMMITTEE
    assert meeting.title == f"{COMMITTEE}, 31 July 2024"
    assert meeting.slug == "2024-07-31"
    assert timezone.localtime(meeting.start) == datetime.datetime(
        2024, 7, 31, 10, 0, tzinfo=timezone.get_default_timezone()
    )
    item = meeting.agenda_items.get()
    assert (item.number, item.title, list(item.papers.all())) == ("8", TITLE, [paper])
    assert "agenda report; 5 created" not in output  # the site tree existed already
    assert "agenda report; 3 created" in output
    assert "Appendix 1: Annual Report 2023/24 has no file yet" in output
    assert "Contact officer: Jack Hudson" in output
    assert paper.document is None  # a text file is a conversion, not the original


def test_the_published_paper_reads_with_its_printed_numbers(site_tree, client):
    run_import(REPORT_SEED)
    paper = PaperPage.objects.get()
    paper.get_latest_revision().publish()

    html = client.get(paper.url).content.decode()

    assert html.count('<h2 id="recommendations">Recommendations</h2>') == 1
    assert '<span class="number">3.</span> Terms of reference' in html
    assert '<span class="number">4.4</span>' in html
    assert '<span class="number">2.' not in html  # section 2 is the recommendations field
    assert 'Appendix 1: Annual Report 2023/24 <span class="meta">(to follow)</span>' in html
    assert "Police and Crime Commissioner&#x27;s Police and Crime Plan 2021/24" in html


def test_index_pages_are_created_live_when_missing(home):
    run_import(REPORT_SEED)

    for model in (CommitteeIndexPage, PaperIndexPage):
        assert model.objects.child_of(home).get().live
    assert not CommitteePage.objects.get(title=COMMITTEE).live


# Minutes


def test_minutes_become_draft_minutes_with_attendance_and_decisions(site_tree):
    run_import(MINUTES_SEED)

    minutes = MinutesPage.objects.get()
    meeting = minutes.get_parent().specific
    assert meeting.slug == "2024-09-25"
    assert timezone.localtime(meeting.start).time() == datetime.time(13, 30)
    assert timezone.localtime(meeting.end).time() == datetime.time(14, 40)
    assert (minutes.started_at, minutes.finished_at) == (
        datetime.time(13, 30),
        datetime.time(14, 40),
    )
    assert minutes.status == MinutesPage.Status.DRAFT
    assert minutes.chair.title == "Claire George"

    def attendance(status):
        return [(a.person.title, a.role) for a in minutes.attendance.filter(status=status)]

    assert attendance(Attendance.Status.PRESENT) == [
        ("Claire George", "Chair"),
        ("Anna Bradnam", ""),
        ("Marge Beuttell", ""),
        ("Cameron Holloway", ""),
        ("Helene Leeming", ""),
        ("Julie Kerr", ""),
    ]
    assert attendance(Attendance.Status.APOLOGIES) == [
        ("John Gowing", ""),
        ("Christine Wheelan", ""),
    ]
    assert attendance(Attendance.Status.OFFICER) == [
        ("Neil McArthur", "Monitoring Officer PCC"),
        ("Philippa Rose", "Senior Democratic Services Officer (PCP)"),
    ]
    assert [a.person.title for a in minutes.attendance.filter(status="guest")] == [
        "Darryl Preston",
        "Jack Hudson",
        "Cristina Turner",
        "Catherine Kimberley",
    ]
    assert not minutes.declarations.exists()

    items = list(minutes.items.all())
    assert [(i.number, i.title) for i in items][:4] == [
        ("1", "Apologies for Absence"),
        ("2", "Declarations of Interest"),
        ("3", "Minutes of the previous meetings"),
        ("4", "Police and Crime Plan 2024/28 - Public Consultation"),
    ]
    assert len(items) == 6
    assert [(i.agenda_item.number, i.agenda_item.meeting_id) for i in items] == [
        (str(n), meeting.pk) for n in range(1, 7)
    ]
    resolutions = [(b.value["text"], b.value["outcome"]) for i in items for b in i.resolutions]
    assert resolutions == [
        (
            "The Panel, having reviewed the action taken by the Police and Crime Commissioner, "
            "support the Commissioner in the work and will raise awareness of opportunities to "
            "engage with their constituents.",
            "agreed",
        ),
        ("The Panel supports the Commissioner in this work.", "agreed"),
    ]
    assert items[3].narrative.count("<p>") == 5
    assert minutes.forward_plan.startswith("<p>The OPCC will determine the most suitable method")
    assert minutes.notes == ""


def test_people_are_draft_person_pages_with_kind_honorific_and_job_title(site_tree):
    run_import(MINUTES_SEED)

    people = PersonPage.objects.child_of(site_tree["people"])
    assert people.count() == 14
    assert not people.filter(live=True).exists()
    commissioner = people.get(title="Darryl Preston")
    assert (commissioner.kind, commissioner.job_title) == (
        PersonPage.Kind.COMMISSIONER,
        "Police and Crime Commissioner",
    )
    assert people.get(title="Neil McArthur").kind == PersonPage.Kind.OFFICER
    gowing = people.get(title="John Gowing")
    assert (gowing.honorific, gowing.given_name, gowing.family_name) == (
        "Councillor",
        "John",
        "Gowing",
    )


def test_existing_people_are_reused_by_name(site_tree):
    claire = factories.PersonPageFactory(
        parent=site_tree["people"], given_name="Claire", family_name="George", title="Claire George"
    )

    run_import(MINUTES_SEED)

    assert PersonPage.objects.filter(title="Claire George").count() == 1
    assert MinutesPage.objects.get().attendance.get(role="Chair").person_id == claire.pk


def test_declarations_and_the_previous_meeting_without_a_date(site_tree, tmp_path):
    run_import(REPORT_SEED)
    factories.MinutesPageFactory(parent=MeetingPage.objects.get(slug="2024-07-31"))
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(
        f"Minutes of a meeting of the {COMMITTEE} held on 4 December 2024\n\n"
        "Present: Councillor Ann Smith (Chair), Councillor Bob Jones\n\n"
        "1. Declarations of interest\n"
        "Councillor Bob Jones declared a non-registrable interest in item 2 as a trustee.\n"
        "2. Minutes\nThe minutes of the previous meeting were agreed as a correct record.\n"
        "10.00 am - 11.15 am\n"
    )

    output = run_import(minutes)

    page = MinutesPage.objects.get(title__contains="4 December 2024")
    declaration = page.declarations.get()
    assert (declaration.person.title, declaration.kind) == ("Bob Jones", "non-registrable")
    assert declaration.agenda_item.number == "2"
    assert declaration.agenda_item.meeting_id == page.get_parent().pk
    july = MinutesPage.objects.get(title="Minutes").get_latest_revision_as_object()
    assert july.status == MinutesPage.Status.APPROVED
    assert july.approved_at_id == page.get_parent().pk
    assert "'The previous meeting' was taken to be the meeting of 31 July 2024" in output


def test_importing_both_seeds_reports_that_31_july_has_no_minutes(site_tree):
    # Minutes first on the command line: reports are still written first, by meeting date.
    output = run_import(MINUTES_SEED, REPORT_SEED)

    assert output.index("000_e546f663aee729a3.txt: agenda report") < output.index(
        "003_5cadfbb05be16e5f.txt: minutes"
    )
    assert MeetingPage.objects.count() == 2
    assert (
        "The minutes of the previous meeting of 31 July 2024 were agreed, but that meeting has "
        "no minutes in Quorum" in output
    )
    assert (
        "The minutes of the confirmation hearing of 15 August 2024 were agreed, but that "
        "meeting is not in Quorum" in output
    )


def test_minutes_approve_the_earlier_minutes_as_a_draft_revision(site_tree):
    run_import(REPORT_SEED)
    july = MeetingPage.objects.get(slug="2024-07-31")
    earlier = factories.MinutesPageFactory(parent=july)  # live, not yet approved

    output = run_import(MINUTES_SEED)

    september = MeetingPage.objects.get(slug="2024-09-25")
    approved = MinutesPage.objects.get(pk=earlier.pk).get_latest_revision_as_object()
    assert approved.status == MinutesPage.Status.APPROVED
    assert approved.approved_at_id == september.pk
    # The live page is unchanged until an editor publishes the new revision.
    earlier.refresh_from_db()
    assert earlier.status == MinutesPage.Status.DRAFT
    assert earlier.has_unpublished_changes
    assert "Updated (new draft revision): minutes 'Minutes' (approved)" in output
    assert "31 July 2024 were agreed" not in output


# Drafts, duplicates and re-imports


def test_imported_pages_are_drafts_hidden_from_the_public(site_tree, client):
    run_import(REPORT_SEED, MINUTES_SEED)

    imported = [
        *CommitteePage.objects.all(),
        *MeetingPage.objects.all(),
        *MinutesPage.objects.all(),
        *PaperPage.objects.all(),
        *PersonPage.objects.all(),
    ]
    assert len(imported) == 1 + 2 + 1 + 1 + 14
    for page in imported:
        assert not page.live, page
        assert page.latest_revision_id, page
        assert client.get(page.url).status_code == 404, page.url

    # The URL is right: once an editor publishes the paper, the public can read it.
    paper = PaperPage.objects.get()
    paper.get_latest_revision().publish()
    assert client.get(paper.url).status_code == 200


def test_a_second_run_creates_no_duplicates_and_no_revisions(site_tree):
    run_import(REPORT_SEED, MINUTES_SEED)
    models = (Page, Revision, PersonPage, AgendaItem, MinuteItem, Attendance)
    before = {model: model.objects.count() for model in models}

    output = run_import(REPORT_SEED, MINUTES_SEED)

    assert {model: model.objects.count() for model in models} == before
    assert "0 created, 0 updated, 2 unchanged, 0 people added" in output
    assert "Imported 2 of 2 files (0 failed): 0 pages created, 0 updated" in output


def test_reimport_of_a_changed_report_is_a_new_draft_of_the_live_paper(site_tree, tmp_path):
    run_import(REPORT_SEED)
    paper = PaperPage.objects.get()
    paper.get_latest_revision().publish()
    changed = tmp_path / "report.txt"
    changed.write_text(
        REPORT_SEED.read_text().replace(
            "4.4 The Commissioner must arrange", "4.4 The Commissioner shall arrange"
        )
    )

    output = run_import(changed)

    assert PaperPage.objects.count() == 1
    paper.refresh_from_db()
    assert "must arrange" in paper.body[2].value["paragraphs"][3].source  # live: as published
    draft = paper.get_latest_revision_as_object()
    assert "shall arrange" in draft.body[2].value["paragraphs"][3].source
    assert paper.has_unpublished_changes
    assert f"Updated (new draft revision): paper '{TITLE}'" in output


def test_minutes_of_a_live_meeting_leave_its_live_agenda_alone(site_tree):
    committee = factories.CommitteePageFactory(parent=site_tree["committees"], title=COMMITTEE)
    meeting = factories.MeetingPageFactory(
        parent=committee,
        start=datetime.datetime(2024, 9, 25, 13, 0, tzinfo=timezone.get_default_timezone()),
    )

    output = run_import(MINUTES_SEED)

    assert MeetingPage.objects.get().pk == meeting.pk
    meeting.refresh_from_db()
    assert not meeting.agenda_items.exists()  # live: unchanged until an editor publishes
    draft = meeting.get_latest_revision_as_object()
    assert [item.number for item in draft.agenda_items.all()] == ["1", "2", "3", "4", "5", "6"]
    assert timezone.localtime(draft.start).time() == datetime.time(13, 30)
    minutes = MinutesPage.objects.child_of(meeting).get()
    assert not minutes.live
    assert not minutes.items.filter(agenda_item__isnull=False).exists()
    assert "new agenda items (1, 2, 3, 4, 5, 6) wait in a draft" in output


def test_a_report_does_not_overwrite_another_paper_on_the_same_item(site_tree):
    run_import(REPORT_SEED)
    meeting = MeetingPage.objects.get()
    other = factories.PaperPageFactory(parent=site_tree["papers"], title="Annual Report 2023/24")
    items = list(meeting.agenda_items.all())
    items[0].papers.add(other)
    meeting.agenda_items = items
    meeting.save()

    run_import(REPORT_SEED)

    assert PaperPage.objects.get(pk=other.pk).title == "Annual Report 2023/24"
    assert PaperPage.objects.filter(title=TITLE).count() == 1


def test_text_that_cannot_be_placed_is_kept(site_tree, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(
        REPORT_SEED.read_text().replace(
            "**Report of", "Chief Executive's note: late circulation\n\n**Report of"
        )
    )
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(
        MINUTES_SEED.read_text().replace("Others:", "The press were also present\n\nOthers:")
    )

    output = run_import(report, minutes)

    body = PaperPage.objects.get().body
    assert (body[-1].value["number"], body[-1].value["heading"]) == ("8", "Unplaced text")
    assert body[-1].value["paragraphs"][0].source == (
        "<p>Chief Executive's note: late circulation</p>"
    )
    assert MinutesPage.objects.get().notes == "<p>The press were also present</p>"
    assert "1 passage(s) could not be placed; they are in the notes." in output


# PDF and DOCX versions


def seed_lines(path: Path) -> list[str]:
    """The seed's lines as a PDF or Word file shows them: no markup, curly quotes kept."""
    text = re.sub(r"<[^>]+>|\*\*|^#+ ", "", path.read_text(), flags=re.MULTILINE)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return [line for line in text.splitlines() if line.strip()]


def make_pdf(lines: list[str], lines_per_page: int = 25) -> bytes:
    """A minimal PDF: Helvetica text, one line per `Tj`, long lines wrapped as a layout
    would, a page-number footer on each page."""
    wrapped = [part for line in lines for part in textwrap.wrap(line.replace("\t", "    "), 90)]
    pages = [wrapped[i : i + lines_per_page] for i in range(0, len(wrapped), lines_per_page)]

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252")  # WinAnsiEncoding
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b""]
    objects[2] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    kids = []
    for number, page in enumerate(pages, start=1):
        footer = [f"Page {number} of {len(pages)}"]
        shown = b" ".join(literal(line) + b" Tj T*" for line in page + footer)
        stream = b"BT /F1 9 Tf 12 TL 50 800 Td " + shown + b" ET"
        content_id = len(objects) + 2
        kids.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    kid_refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kid_refs, len(kids))

    out = io.BytesIO(b"")
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_docx(lines: list[str]) -> bytes:
    """A minimal Word file: the heading cells in a table, as report templates have them."""

    def paragraph(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    rows = [line.split("\t") for line in lines if "\t" in line]
    table = (
        "<w:tbl>"
        + "".join(
            "<w:tr>" + "".join(f"<w:tc>{paragraph(c)}</w:tc>" for c in row) + "</w:tr>"
            for row in rows
        )
        + "</w:tbl>"
    )
    body = table + "".join(paragraph(line) for line in lines if "\t" not in line)
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = f'<w:document xmlns:w="{namespace}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def test_pdf_version_of_the_report_imports_the_same_and_keeps_the_original(
    site_tree, media, tmp_path, client
):
    pdf = tmp_path / "agenda-item-8.pdf"
    pdf.write_bytes(make_pdf(seed_lines(REPORT_SEED)))

    output = run_import(pdf)

    paper = PaperPage.objects.get()
    assert_is_the_annual_report(paper)
    document = CommitteeDocument.objects.get()
    assert paper.document == document  # OParl mainFile: the report as published
    assert document.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert (document.mime_type, document.page_count) == ("application/pdf", 2)
    assert document.collection == Collection.objects.get(name="Imported originals")
    assert document.collection.get_view_restrictions().exists()
    assert client.get(document.url).status_code != 200  # not public until an editor moves it
    assert f"stored as document {document.pk}" in output
    assert f"The original is document {document.pk}, attached as the paper's report file" in (
        output
    )

    # Published, the paper still does not offer the file while it sits in the private
    # collection: the document gate decides, not the page.
    paper.get_latest_revision().publish()
    assert client.get(paper.url).status_code == 200
    assert document.url not in client.get(paper.url).content.decode()
    assert client.get(document.url).status_code != 200

    output = run_import(pdf)

    assert CommitteeDocument.objects.count() == 1
    assert f"already stored as document {document.pk}" in output
    assert PaperPage.objects.count() == 1
    assert "0 created, 0 updated, 2 unchanged" in output  # the paper and its meeting


def test_docx_version_of_the_report_imports_the_same(site_tree, media, tmp_path):
    docx = tmp_path / "agenda-item-8.docx"
    docx.write_bytes(make_docx(seed_lines(REPORT_SEED)))

    run_import(docx)

    assert_is_the_annual_report(PaperPage.objects.get())
    assert CommitteeDocument.objects.get().mime_type.endswith("wordprocessingml.document")


def test_text_pdf_and_docx_of_one_report_make_one_paper(site_tree, media, tmp_path):
    pdf, docx = tmp_path / "report.pdf", tmp_path / "report.docx"
    pdf.write_bytes(make_pdf(seed_lines(REPORT_SEED)))
    docx.write_bytes(make_docx(seed_lines(REPORT_SEED)))

    run_import(REPORT_SEED, pdf, docx)

    assert PaperPage.objects.count() == 1
    assert MeetingPage.objects.get().agenda_items.count() == 1
    assert CommitteeDocument.objects.count() == 2  # the text file is a conversion: not kept
    # The first original becomes the report file; a later one does not replace it.
    first = CommitteeDocument.objects.get(mime_type="application/pdf")
    assert PaperPage.objects.get().get_latest_revision_as_object().document == first
    assert PaperPage.objects.get().appendices.count() == 1


def test_minutes_as_pdf(site_tree, media, tmp_path):
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(make_pdf(seed_lines(MINUTES_SEED)))

    run_import(pdf)

    minutes = MinutesPage.objects.get()
    assert minutes.document == CommitteeDocument.objects.get()  # OParl resultsProtocol
    guests = minutes.attendance.filter(status=Attendance.Status.GUEST)
    assert [(a.person.title, a.role) for a in guests] == [
        ("Darryl Preston", "Police and Crime Commissioner"),
        ("Jack Hudson", "Interim Chief Executive OPCC"),
        ("Cristina Turner", "Director of Strategic Partnerships OPCC"),
        ("Catherine Kimberley", "Head of Communications & Engagement OPCC"),
    ]
    assert minutes.attendance.filter(person__isnull=False).count() == 14
    assert minutes.notes == ""
    assert [item.title for item in minutes.items.all()][3:5] == [
        "Police and Crime Plan 2024/28 - Public Consultation",
        "Tackling Crime and Anti-Social Behaviour - Supporting Community Safety Partnerships "
        "in Problem Solving Local Issues",
    ]
    assert minutes.items.count() == 6
    assert (minutes.started_at, minutes.finished_at) == (
        datetime.time(13, 30),
        datetime.time(14, 40),
    )


# Bad input


def test_bad_files_each_fail_with_a_message_and_write_nothing(site_tree, media, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n")
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(bytes(range(256)) * 8)
    unknown = tmp_path / "note.txt"
    unknown.write_text("Dear colleagues,\n\nThe car park is closed on Friday.\n")
    missing = tmp_path / "missing.txt"
    out = io.StringIO()
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="No file could be imported"):
        call_command("import_documents", empty, garbage, unknown, missing, stdout=out)

    output = out.getvalue()
    assert "empty.txt: FAILED: The file is empty." in output
    assert "garbage.pdf: FAILED: The file is named .pdf but its content is not a .pdf file." in (
        output
    )
    assert "note.txt: FAILED: Not recognised as an agenda report" in output
    assert "missing.txt: FAILED: No such file." in output
    assert "Imported 0 of 4 files (4 failed)" in output
    assert Page.objects.count() == pages


def test_a_bad_file_does_not_stop_the_others(site_tree, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")

    output = run_import(empty, REPORT_SEED)

    assert "Imported 1 of 2 files (1 failed)" in output
    assert PaperPage.objects.count() == 1


def test_a_file_that_fails_while_writing_leaves_nothing_behind(
    site_tree, media, tmp_path, monkeypatch
):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf(seed_lines(REPORT_SEED)))
    original_keep = writer.DraftWriter.keep_original

    def keep_then_fail(self, source, title):
        original_keep(self, source, title)
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer.DraftWriter, "keep_original", keep_then_fail)
    pages = Page.objects.count()
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_documents", pdf, stdout=out)

    assert "report.pdf: FAILED: Could not save: RuntimeError: disk full" in out.getvalue()
    assert Page.objects.count() == pages
    assert not CommitteeDocument.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_an_exempt_report_without_a_paragraph_is_refused(site_tree, tmp_path):
    exempt = tmp_path / "exempt.txt"
    exempt.write_text(REPORT_SEED.read_text().replace("Public Report", "Exempt Report"))

    with pytest.raises(CommandError):
        call_command("import_documents", exempt, stdout=io.StringIO())

    assert not PaperPage.objects.exists()


def test_an_exempt_report_records_its_paragraph(site_tree, tmp_path):
    exempt = tmp_path / "exempt.txt"
    exempt.write_text(
        REPORT_SEED.read_text().replace("Public Report", "Exempt: paragraph 3 of Schedule 12A")
    )

    run_import(exempt)

    paper = PaperPage.objects.get()
    assert paper.exempt_paragraph == 3
    assert paper.exempt_reason == "Financial or business affairs of any particular person"
    assert PersonIndexPage.objects.count() == 1  # from site_tree; a report adds no people
