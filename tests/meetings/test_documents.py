"""Committee documents: per-page text, and failure that harms nothing for bad files."""

import io
import zipfile
import zlib

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter

from meetings.demo.pdf import make_pdf
from meetings.extraction import ExtractionError, extract
from meetings.models import CommitteeDocument


def upload(name: str, content: bytes) -> CommitteeDocument:
    document = CommitteeDocument(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()  # the immediate task backend extracts at once in tests
    document.refresh_from_db()
    return document


def docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def odt(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_pdf_text_is_stored_page_by_page(db):
    document = upload(
        "annual-report.pdf",
        make_pdf(["Foreword by the Commissioner", "Victims hub referrals rose", "Finance"]),
    )

    assert document.extraction_status == CommitteeDocument.Extraction.DONE
    assert document.page_count == 3
    assert document.mime_type == "application/pdf"
    assert len(document.sha256) == 64
    pages = list(document.text_pages.values_list("number", "text"))
    assert pages[1] == (2, "Victims hub referrals rose")


def test_docx_and_odt_text_is_stored(db):
    word = upload("minutes.docx", docx("Apologies were received"))
    open_document = upload("agenda.odt", odt("Forward plan for March"))

    assert word.text == "Apologies were received"
    assert open_document.text == "Forward plan for March"
    assert word.page_count == open_document.page_count == 1


def test_a_file_that_is_not_a_pdf_is_marked_failed_with_a_reason(db):
    document = upload("renamed.pdf", b"MZ\x90\x00 this is an executable, not a PDF")

    assert document.extraction_status == CommitteeDocument.Extraction.FAILED
    assert "Not a PDF" in document.extraction_error
    assert document.text_pages.count() == 0


def test_an_encrypted_pdf_is_marked_failed(db):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    document = upload("locked.pdf", buffer.getvalue())

    assert document.extraction_status == CommitteeDocument.Extraction.FAILED
    assert "encrypted" in document.extraction_error


def test_a_pdf_with_a_broken_cross_reference_table_still_yields_its_text(db):
    pdf = make_pdf(["Recovered text"]).replace(b"startxref\n", b"startxref\n999999")

    document = upload("broken-xref.pdf", pdf)

    assert document.extraction_status == CommitteeDocument.Extraction.DONE
    assert "Recovered text" in document.text


def test_truncated_pdf_fails_without_harm(db):
    document = upload("truncated.pdf", make_pdf(["Half a file"])[:60])

    assert document.extraction_status == CommitteeDocument.Extraction.FAILED
    assert document.extraction_error


def test_too_many_pages_is_refused(tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(make_pdf(["x"] * 2001))

    with pytest.raises(ExtractionError, match="limit is 2000"):
        extract(path)


def test_a_compression_bomb_fails_within_the_bounds(tmp_path):
    # 400 MB of spaces in a content stream of well under 1 MB.
    bomb = zlib.compress(b"BT (a) Tj ET " + b" " * 400_000_000, 9)
    pdf = make_pdf(["placeholder"])
    start = pdf.index(b"stream\n") + len(b"stream\n")
    end = pdf.index(b"\nendstream")
    pdf = pdf[:start] + bomb + pdf[end:]
    pdf = pdf.replace(b"/Length %d" % (end - start), b"/Length %d" % len(bomb))
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)

    try:
        result = extract(path, timeout=30)
    except ExtractionError as error:
        assert str(error)
    else:
        # pypdf caps decompression itself; either way nothing unbounded was kept.
        assert sum(len(page) for page in result.pages) < 100_000_000


def test_upload_form_rejects_other_file_types_with_a_clear_message(admin_client):
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Spreadsheet",
            "file": ContentFile(b"a,b\n1,2\n", name="budget.csv"),
            "collection": 1,
        },
    )

    assert response.status_code == 200
    assert CommitteeDocument.objects.count() == 0
    assert "Upload a PDF, Word (.docx) or OpenDocument (.odt) file" in response.content.decode()


def test_upload_form_rejects_a_disguised_file(admin_client):
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Looks like a PDF",
            "file": ContentFile(b"<html>not a pdf</html>", name="report.pdf"),
            "collection": 1,
        },
    )

    assert CommitteeDocument.objects.count() == 0
    assert "does not match its name" in response.content.decode()


def test_upload_form_accepts_a_pdf_and_extracts_it(admin_client):
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Annual report",
            "file": ContentFile(make_pdf(["Page one", "Page two"]), name="annual.pdf"),
            "collection": 1,
        },
    )

    assert response.status_code == 302
    document = CommitteeDocument.objects.get()
    assert document.page_count == 2


def test_word_tabs_and_line_breaks_stay_white_space(db):
    content = (
        "POLICE AND CRIME PANEL</w:t></w:r><w:r><w:tab/><w:t>Agenda Item 8</w:t>"
        "</w:r><w:r><w:br/><w:t>31 July 2024"
    )

    document = upload("heading.docx", docx(content))

    assert document.text == "POLICE AND CRIME PANEL\tAgenda Item 8\n31 July 2024"
