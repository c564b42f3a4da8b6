"""Keep documents' and agenda items' public flag in the index true to the gate.

A document is public only through the pages it is attached to, and an agenda item only
through its meeting, so publishing, unpublishing, deleting or restricting a page (or
restricting a collection) re-indexes the documents and agenda items under it; publishing
minutes re-indexes the items they minute (their minute text is searchable with them).
Pages themselves need nothing here: Wagtail re-indexes a page on every save (live or not),
deletion removes it (and its agenda items), and view restrictions are applied when a
search runs (search.query.ElasticsearchQuery.gate)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished

from meetings.models import AgendaItem, CommitteeDocument, PaperPage


def documents_under(page):
    """Documents the page or its descendants use in any way the public gate counts
    (appendices, report and minutes files, links in text, background papers)."""
    return CommitteeDocument.objects.used_under(page)


def items_under(page):
    """Agenda items of the meetings at or under the page, and the items its minutes record."""
    return AgendaItem.objects.filter(meeting__path__startswith=page.path) | (
        AgendaItem.objects.filter(minute_items__minutes_id=page.pk)
    )


def reindex(documents):
    for document in documents:
        insert_or_update_object(document)


@receiver(page_published)
def page_published_everywhere(sender, instance, **kwargs):
    # Wagtail indexes a page on save, before its child rows (agenda items, minute items,
    # appendices) are written; index it again now that they are.
    insert_or_update_object(instance)
    reindex(documents_under(instance))
    reindex(items_under(instance).distinct())
    # A paper's committees (and its documents') come from the meetings that list it.
    for paper in PaperPage.objects.filter(agenda_items__in=items_under(instance)).distinct():
        insert_or_update_object(paper)
        reindex(documents_under(paper))


@receiver(page_unpublished)
def page_visibility_changed(sender, instance, **kwargs):
    reindex(documents_under(instance))
    reindex(items_under(instance).distinct())


@receiver(pre_delete)
def remember_documents_of_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        instance._quorum_documents = list(documents_under(instance).values_list("pk", flat=True))


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    pks = getattr(instance, "_quorum_documents", None)
    if pks:
        reindex(CommitteeDocument.objects.filter(pk__in=pks))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        reindex(documents_under(page))
        reindex(items_under(page).distinct())


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def collection_restriction_changed(sender, instance, **kwargs):
    collection = instance.collection
    reindex(CommitteeDocument.objects.filter(collection__path__startswith=collection.path))
