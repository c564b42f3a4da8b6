"""Keep documents' and agenda items' public flag in the index true to the gate.

A document is public only through the pages it is attached to, and an agenda item only
through its meeting, so publishing, unpublishing, deleting or restricting a page (or
restricting a collection) re-indexes the documents and agenda items under it; publishing
minutes re-indexes the items they minute (their minute text is searchable with them).
Pages themselves need little here: Wagtail re-indexes a page on every save (live or not),
deletion removes it (and its agenda items), and view restrictions are applied when a
search runs (search.query.ElasticsearchQuery.gate) to the path each page was indexed
with. A move is the exception: it rewrites the paths of whole subtrees in SQL and saves
only the moved page, so the pages whose path changed are indexed again here, with the
documents and agenda items under them (a page moved into a private section is private)."""

import logging
from collections import defaultdict
from itertools import chain

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from modelsearch.index import get_indexed_instance
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from meetings.models import AgendaItem, CommitteeDocument, PaperPage

logger = logging.getLogger(__name__)


def documents_under(page):
    """Documents the page or its descendants use in any way the public gate counts
    (appendices, report and minutes files, links in text, background papers)."""
    return CommitteeDocument.objects.used_under(page)


def items_under(page):
    """Agenda items of the meetings at or under the page, and the items its minutes record."""
    return AgendaItem.objects.filter(meeting__path__startswith=page.path) | (
        AgendaItem.objects.filter(minute_items__minutes_id=page.pk)
    )


def reindex(objects):
    """Index the objects again in every backend kept up to date, in bulk, model by model:
    a moved section of hundreds of pages and documents takes a few requests, not one
    each. An Elasticsearch that does not answer records the writes it owes, as for single
    writes (search.elasticsearch.QuorumSearchBackend.add_bulk)."""
    by_model = defaultdict(dict)
    for obj in objects:
        indexed = get_indexed_instance(obj, check_exists=False)
        if indexed is not None:
            by_model[type(indexed)][indexed.pk] = indexed
    for model, found in list(by_model.items()):  # only what the model indexes (one query)
        indexable = set(
            model.get_indexed_objects().filter(pk__in=found).values_list("pk", flat=True)
        )
        by_model[model] = [obj for pk, obj in found.items() if pk in indexable]
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        for model, items in by_model.items():
            if not items:
                continue
            try:
                backend.add_bulk(model, items)
            except Exception:
                logger.exception("Re-indexing %d %s in %r failed", len(items), model.__name__, name)
                if not backend.catch_indexing_errors:
                    raise


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


_paths_before_move: dict[int, dict[int, str]] = {}  # by moved page, from pre to post


def _children_paths(*parents) -> dict[int, str]:
    return {
        pk: path
        for parent in parents
        if parent is not None
        for pk, path in parent.get_children().values_list("pk", "path")
    }


@receiver(pre_page_move)
def remember_paths_before_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # Treebeard may shift the moved page's new siblings too (a move to a position among
    # them, or a reorder): their subtrees change paths as well.
    _paths_before_move[instance.pk] = _children_paths(parent_page_before, parent_page_after)


@receiver(post_page_move)
def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    before = _paths_before_move.pop(instance.pk, {})
    after = _children_paths(parent_page_before, parent_page_after)
    moved = {instance.pk} | {pk for pk, path in after.items() if before.get(pk) != path}
    # One reindex for every subtree: a reorder that shifts many sections writes each model
    # in one bulk request, and a document used in several of them once.
    reindex(chain.from_iterable(map(_subtree, Page.objects.filter(pk__in=moved))))


def _subtree(root):
    """The pages at and under `root`, and the documents and agenda items under it."""
    yield from Page.objects.descendant_of(root, inclusive=True).specific()
    yield from documents_under(root)
    yield from items_under(root).distinct()
