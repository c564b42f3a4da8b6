"""The agenda pack: one PDF of a meeting's public agenda, papers and PDF appendices.

Built from the same public agenda as the meeting page (MeetingPage.agenda(), which only
holds public papers and non-exempt appendices), so nothing withheld there reaches the pack.
"""

import io
import logging

from django.utils import timezone
from django.utils.html import strip_tags
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from meetings.demo.pdf import make_pdf, paginate

logger = logging.getLogger(__name__)


def build_agenda_pack(meeting) -> bytes:
    items = list(meeting.agenda())
    writer = PdfWriter()
    _append(writer, make_pdf(paginate(_cover_text(meeting, items)), meeting.title))
    for item in items:
        if item.is_exempt:
            continue
        for paper in item.public_papers:
            _append(writer, make_pdf(paginate(_paper_text(item, paper)), paper.title))
            for appendix in paper.public_appendix_list:
                _append_document(writer, appendix)
    writer.add_metadata({"/Title": f"Agenda pack: {meeting.title}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _cover_text(meeting, items) -> str:
    start = timezone.localtime(meeting.start)
    parts = [meeting.title, f"{start:%A %-d %B %Y}, {start:%H:%M}"]
    if meeting.venue:
        parts.append(str(meeting.venue))
    parts.append("Agenda")
    for item in items:
        line = f"{item.number}. {item.title}"
        if item.is_exempt:
            line += (
                f" (exempt under paragraph {item.exempt_paragraph} of Schedule 12A to the "
                "Local Government Act 1972: not published)"
            )
        parts.append(line)
    return "\n\n".join(parts)


def _paper_text(item, paper) -> str:
    parts = [f"Agenda item {item.number}: {paper.title}"]
    if paper.author:
        parts.append(paper.author)
    if paper.contact_name:
        contact = ", ".join(
            part for part in (paper.contact_name, paper.contact_email, paper.contact_phone) if part
        )
        parts.append(f"Contact officer: {contact}")
    for number, block in enumerate(paper.body, start=1):
        parts.append(f"{number}. {block.value['heading']}")
        for index, paragraph in enumerate(block.value["paragraphs"], start=1):
            parts.append(f"{number}.{index} {strip_tags(paragraph.source).strip()}")
    return "\n\n".join(parts)


def _append(writer, pdf: bytes):
    writer.append(PdfReader(io.BytesIO(pdf)))


def _append_document(writer, appendix):
    """Append a PDF appendix; another format, or a file that cannot be read, is named on a
    page of its own instead, so one bad file never breaks the pack."""
    document = appendix.document
    note = None
    if document is None:
        note = "is to follow."
    elif document.file_extension.lower() != "pdf":
        note = "is not a PDF: download it from the meeting page."
    else:
        try:
            with document.open_file() as handle:
                writer.append(PdfReader(io.BytesIO(handle.read())))
        except (OSError, PyPdfError, ValueError) as error:
            logger.warning("Agenda pack: could not add %s: %s", document, error)
            note = "could not be added: download it from the meeting page."
    if note:
        _append(writer, make_pdf([f"Appendix {appendix.display_label}: {appendix.title} {note}"]))
