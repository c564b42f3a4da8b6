"""The one module that builds search queries. Views call search_archive() and render."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator

from home.visibility import public_pages

RESULTS_PER_PAGE = 20


@dataclass
class SearchOutcome:
    query: str
    results: PaginatorPage | None
    total: int


def search_archive(q: str, page: int | None = None) -> SearchOutcome:
    if not q:
        return SearchOutcome(query=q, results=None, total=0)
    hits = public_pages().specific().search(q, operator="and")
    paginator = Paginator(hits, RESULTS_PER_PAGE)
    results = paginator.get_page(page or 1)
    return SearchOutcome(query=q, results=results, total=paginator.count)
