from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Revision
from wagtail.signals import page_published

from meetings import exempt
from meetings.models import CommitteeDocument, MeetingPage, PaperPage
from meetings.tasks import extract_document_text


@receiver(post_save, sender=CommitteeDocument)
def extract_text_when_file_changes(sender, instance, created, **kwargs):
    """Queue text extraction for a new or replaced file; the upload itself never waits.

    The task backend enqueues on commit, so the worker never sees an uncommitted row.
    """
    if kwargs.get("raw"):
        return
    if created or instance.extraction_status == CommitteeDocument.Extraction.PENDING:
        extract_document_text.enqueue(instance.pk)


@receiver(post_save, sender=PaperPage)
def withhold_exempt_paper(sender, instance, **kwargs):
    """An exempt paper is restricted the moment it is saved as exempt (see meetings.exempt)."""
    if not kwargs.get("raw") and exempt.paper_is_exempt(instance):
        exempt.withhold(instance)


@receiver(post_save, sender=MeetingPage)
def withhold_papers_of_exempt_items(sender, instance, **kwargs):
    # The in-memory meeting: its agenda items are written to the database after this.
    if not kwargs.get("raw"):
        exempt.sync_meeting(instance, version=instance)


@receiver(page_published)
def release_on_publication(sender, instance, **kwargs):
    """Only publication (the end of the workflow) can release an exempt paper."""
    if isinstance(instance, PaperPage):
        exempt.sync_paper(instance)
    elif isinstance(instance, MeetingPage):
        exempt.sync_meeting(instance)


@receiver(post_save, sender=Revision)
def withhold_exempt_drafts(sender, instance, created, **kwargs):
    """A draft of a live page that makes a paper exempt withholds it at once, before any
    approval: the live version must not stay public while the exemption is reviewed."""
    if kwargs.get("raw") or not created:
        return
    obj = instance.as_object()
    if isinstance(obj, PaperPage) and obj.exempt_paragraph is not None:
        exempt.withhold(PaperPage.objects.get(pk=obj.pk))
    elif isinstance(obj, MeetingPage):
        exempt.sync_meeting(obj, version=obj)


@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=PageViewRestriction)
def keep_exempt_papers_restricted(sender, instance, **kwargs):
    """Whatever a moderator does in the privacy dialog, an exempt paper stays restricted."""
    if kwargs.get("raw") or kwargs.get("created"):
        return  # a new restriction only adds protection (and withhold() creates them)
    paper = PaperPage.objects.filter(pk=instance.page_id).first()
    if paper is not None and exempt.paper_is_exempt(paper):
        exempt.withhold(paper)
