"""The agenda pack: the public agenda, papers and PDF appendices as one PDF, and nothing else."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from meetings.demo.pdf import make_pdf
from meetings.models import AgendaItem, Appendix, CommitteeDocument
from tests import factories


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def document(title, pages):
    doc = CommitteeDocument(title=title)
    doc.file.save(f"{title}.pdf", ContentFile(make_pdf(pages)), save=False)
    doc.save()
    return doc


def paper_with_appendix(site_tree, title, appendix_text, exempt_appendix=False, **fields):
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"],
        title=title,
        body=[("section", {"heading": "Purpose", "paragraphs": [f"<p>{title} purpose.</p>"]})],
        **fields,
    )
    paper.appendices.add(
        Appendix(
            title=f"{title} appendix",
            document=document(f"{title} appendix", [appendix_text, "Second page"]),
            exempt=exempt_appendix,
        )
    )
    paper.save_revision().publish()
    return paper


def agenda_item(number, title, papers, **fields):
    item = AgendaItem(number=number, title=title, **fields)
    item.papers = papers
    return item


def published_meeting(committee, *items):
    meeting = factories.MeetingPageFactory(parent=committee)
    for item in items:
        meeting.agenda_items.add(item)
    meeting.save_revision().publish()
    return meeting


def pack_text(client, meeting):
    response = client.get(f"{meeting.url}agenda-pack/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_agenda_pack_holds_the_agenda_the_papers_and_their_pdf_appendices(
    client, committee, site_tree
):
    paper = paper_with_appendix(site_tree, "Precept proposal", "Band D rises by four pounds")
    meeting = published_meeting(committee, agenda_item("5", "Proposed precept", [paper]))

    pages, text = pack_text(client, meeting)

    assert "5. Proposed precept" in text
    assert "1.1 Precept proposal purpose." in text
    assert "Band D rises by four pounds" in text
    assert pages == 4  # cover, paper, two appendix pages


def test_agenda_pack_leaves_out_exempt_items_drafts_and_exempt_appendices(
    client, committee, site_tree
):
    public = paper_with_appendix(site_tree, "Road safety", "Withheld figures", exempt_appendix=True)
    secret = paper_with_appendix(site_tree, "Staffing", "Salary of the candidate")
    draft = factories.PaperPageFactory(parent=site_tree["papers"], title="Unapproved draft")
    draft.unpublish()
    meeting = published_meeting(
        committee,
        agenda_item("5", "Road safety", [public, draft]),
        agenda_item(
            "9", "Appointment", [secret], exempt_paragraph=1, exempt_reason="About a person."
        ),
    )

    _, text = pack_text(client, meeting)

    assert "9. Appointment" in text and "exempt under paragraph 1" in text
    assert "Road safety purpose." in text
    assert "Withheld figures" not in text
    assert "Salary of the candidate" not in text
    assert "Staffing purpose" not in text
    assert "Unapproved draft" not in text


def test_an_unreadable_appendix_is_named_instead_of_breaking_the_pack(client, committee, site_tree):
    broken = CommitteeDocument(title="Scan")
    broken.file.save("scan.pdf", ContentFile(b"%PDF-1.4 not really"), save=False)
    broken.save()
    paper = factories.PaperPageFactory(parent=site_tree["papers"], title="Estates")
    paper.appendices.add(Appendix(title="Scanned plans", document=broken))
    paper.save_revision().publish()
    meeting = published_meeting(committee, agenda_item("6", "Estates", [paper]))

    _, text = pack_text(client, meeting)

    assert "Scanned plans could not be added" in text
