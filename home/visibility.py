"""The one answer to "what may an anonymous visitor see?".

Views, search, feeds, the sitemap, the API and document serving all ask this
queryset method; templates never filter. A page is public when it is live and
has no view restriction on it or an ancestor. Exempt papers (Schedule 12A) are
kept out by a view restriction that the model layer sets whenever a paper is
exempt, so they fall out here too.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import CharField, Q, Value
from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class PublicPageQuerySet(PageQuerySet):
    def visible_to_public(self):
        # Wagtail's .public(), from the restricted paths of view_restrictions(): a page's
        # path starts with the path of each of its ancestors.
        return self.live().exclude(under_any(view_restrictions(self.db).pages))


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


def public_pages(using=DEFAULT_DB_ALIAS):
    """Every page type at once, through the same gate."""
    from wagtail.models import Page

    return PublicPageQuerySet(Page, using=using).visible_to_public()


def under_any(paths, field="path") -> Q:
    """At or below any of `paths` (treebeard paths of pages or collections), by the path
    in `field`."""
    q = Q(pk__in=[])  # matches nothing when nothing is restricted
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


@dataclass(frozen=True)
class ViewRestrictions:
    """The paths of the pages and of the collections that have a view restriction: what
    is at or below them is not public."""

    pages: tuple[str, ...]
    collections: tuple[str, ...]


_read_once: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "quorum_view_restrictions", default=None
)


def view_restrictions(using=DEFAULT_DB_ALIAS) -> ViewRestrictions:
    """The view restrictions now, in one query; inside `read_restrictions_once()`, the
    first reading of the block."""
    readings = _read_once.get()
    if readings is not None and using in readings:
        return readings[using]
    from wagtail.models import CollectionViewRestriction, PageViewRestriction

    pages = PageViewRestriction.objects.using(using).values_list(
        "page__path", Value("page", output_field=CharField())
    )
    collections = CollectionViewRestriction.objects.using(using).values_list(
        "collection__path", Value("collection", output_field=CharField())
    )
    rows = list(pages.union(collections, all=True))
    restrictions = ViewRestrictions(
        pages=tuple(sorted(path for path, kind in rows if kind == "page")),
        collections=tuple(sorted(path for path, kind in rows if kind == "collection")),
    )
    if readings is not None:
        readings[using] = restrictions
    return restrictions


@contextlib.contextmanager
def read_restrictions_once():
    """Within the block, the public gate reads the view restrictions once (per database)
    and reuses them: for a read-only request that asks the gate many times, such as a
    search. A view restriction saved or deleted inside the block ends the reuse."""
    if _read_once.get() is not None:  # already inside one
        yield
        return
    token = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(token)


def forget_restrictions():
    """The view restrictions changed: read them again (see read_restrictions_once)."""
    readings = _read_once.get()
    if readings is not None:
        readings.clear()
