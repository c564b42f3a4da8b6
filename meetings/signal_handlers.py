from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from meetings.models import CommitteeDocument
from meetings.tasks import extract_document_text


@receiver(post_save, sender=CommitteeDocument)
def extract_text_when_file_changes(sender, instance, created, **kwargs):
    """Queue text extraction for a new or replaced file; the upload itself never waits."""
    if kwargs.get("raw"):
        return
    if created or instance.extraction_status == CommitteeDocument.Extraction.PENDING:
        transaction.on_commit(lambda: extract_document_text.enqueue(instance.pk))
