"""The one answer to "what may an anonymous visitor see?".

Views, search, feeds, the sitemap, the API and document serving all ask this
queryset method; templates never filter. A page is public when it is live and
has no view restriction on it or an ancestor. Exempt papers (Schedule 12A) are
kept out by a view restriction that the model layer sets whenever a paper is
exempt, so they fall out here too.
"""

from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class PublicPageQuerySet(PageQuerySet):
    def visible_to_public(self):
        return self.live().public()


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


def public_pages():
    """Every page type at once, through the same gate."""
    from wagtail.models import Page

    return PublicPageQuerySet(Page).visible_to_public()
