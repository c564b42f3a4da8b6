from django.core.files.base import ContentFile

from meetings.demo.pdf import make_pdf
from meetings.models import CommitteeDocument


def make_document(title, content, name):
    document = CommitteeDocument(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def test_editors_can_list_documents_whose_text_could_not_be_read(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    make_document("Readable report", make_pdf(["Precept"]), "readable.pdf")
    make_document("Broken scan", b"%PDF-1.4 broken", "broken.pdf")

    response = admin_client.get(
        "/admin/meetings/committeedocument/", {"extraction_status": "failed"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Broken scan" in html
    assert "Readable report" not in html


def test_the_document_text_report_is_read_only(admin_client):
    assert admin_client.get("/admin/meetings/committeedocument/create/").status_code in (
        302,
        403,
        404,
    )
