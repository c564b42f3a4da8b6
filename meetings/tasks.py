"""Background work for meetings: run by the task worker, never inside a request."""

import hashlib
import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from meetings.extraction import ExtractionError, extract, sniff_mime_type

logger = logging.getLogger(__name__)


@task()
def extract_document_text(document_id: int) -> str:
    """Store the text of each page of a document, or why it could not be read."""
    from meetings.models import CommitteeDocument, DocumentPageText

    document = CommitteeDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    path = Path(document.file.path)
    fields = {
        "size": path.stat().st_size,
        "sha256": _sha256(path),
        "mime_type": sniff_mime_type(path),
        "extracted_at": timezone.now(),
    }
    try:
        pages = extract(path).pages
    except ExtractionError as error:
        logger.warning("Could not extract text from document %s: %s", document_id, error)
        with transaction.atomic():
            DocumentPageText.objects.filter(document_id=document_id).delete()
            CommitteeDocument.objects.filter(pk=document_id).update(
                extraction_status=CommitteeDocument.Extraction.FAILED,
                extraction_error=str(error),
                page_count=None,
                **fields,
            )
        return "failed"
    with transaction.atomic():
        DocumentPageText.objects.filter(document_id=document_id).delete()
        DocumentPageText.objects.bulk_create(
            DocumentPageText(document_id=document_id, number=number, text=text)
            for number, text in enumerate(pages, start=1)
        )
        CommitteeDocument.objects.filter(pk=document_id).update(
            extraction_status=CommitteeDocument.Extraction.DONE,
            extraction_error="",
            page_count=len(pages),
            **fields,
        )
    # Re-index now that the text is there (the update above bypassed save()).
    from wagtail.search.index import insert_or_update_object

    insert_or_update_object(CommitteeDocument.objects.get(pk=document_id))
    return "done"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
