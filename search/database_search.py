"""The public search page on Quorum's database backend (SQLite, PostgreSQL): the embedded
default (`make run`) and the fallback when Elasticsearch is down.

Pages, documents (with the text of their pages) and agenda items are searched together,
with the same filters, facets, sorting and result list as on Elasticsearch: one SQL
statement gives the total, the counts by type, committee and year, and the page of hits
(search.backends.database.entries); the hits then pass the database gate once more and
are described by the same code as Elasticsearch's (search.query.public_results), with a
highlighted passage from the database's own snippet function. What only Elasticsearch
does (typo tolerance, "Did you mean", page numbers inside documents) the notice says.
"""

import logging
import math

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from home.visibility import public_pages
from search import syntax
from search.backends.database.entries import Filters, Gate, unfacted_entries
from search.backends.database.query import to_tree
from search.query import (
    MAX_RESULT_WINDOW,
    RESULTS_PER_PAGE,
    SORTS,
    FacetValue,
    ResultHit,
    SearchOutcome,
    _committee_titles,
    public_results,
)
from search.results import TYPE_LABELS

logger = logging.getLogger(__name__)

MAX_COMMITTEE_FACETS = 50  # as many as Elasticsearch's terms aggregation returns
PARTLY_FACTED = (
    " Filters, counts and dates do not yet cover the whole archive: the search index is "
    "being rebuilt."
)


def database_backend():
    """Quorum's database backend: the `database` entry beside Elasticsearch, or the default."""
    name = "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
    return get_search_backend(name)


def query_tree(parsed: syntax.ParsedQuery):
    """The backend's query tree for a parsed visitor query (abbreviations expanded)."""

    def term(t):
        return Phrase(t.text) if t.phrase else PlainText(t.text)

    parts = [term(g[0]) if len(g) == 1 else Or([term(t) for t in g]) for g in parsed.groups]
    parts += [Not(term(t)) for t in parsed.excluded]
    if not parts:
        return None
    return to_tree(parts[0] if len(parts) == 1 else And(parts))


def public_gate() -> Gate:
    """Pages through the live public-page queryset (a privacy change applies at once);
    documents and agenda items through the public flag on their entries."""
    from meetings.models import AgendaItem, CommitteeDocument

    sql, params = public_pages().order_by().values("pk").query.sql_with_params()
    return Gate(
        page_types=tuple(get_descendants_content_types_pks(Page)),
        page_ids=(sql, tuple(params)),
        flagged_types=(
            ContentType.objects.get_for_model(CommitteeDocument).pk,
            ContentType.objects.get_for_model(AgendaItem).pk,
        ),
    )


def refusal(filters: dict) -> str:
    """Why these filters cannot be searched (the form refuses them too), or ''."""
    from meetings.models import CommitteePage

    kind, committee = filters.get("type") or "", filters.get("committee") or ""
    if kind and kind not in TYPE_LABELS:
        return f"There is no type “{kind[:50]}”: choose one from the list."
    if committee and not (
        CommitteePage.objects.visible_to_public().filter(slug=committee[:255]).exists()
    ):
        return f"There is no committee “{committee[:50]}” on this site: choose one from the list."
    return ""


def database_search(q, parsed, filters, sort="relevance", page=1, notice="") -> SearchOutcome:
    outcome = SearchOutcome(query=q, engine="database", notice=notice)
    backend = database_backend()
    outcome.message = refusal(filters)
    if outcome.message:
        return outcome
    if not hasattr(backend, "search_entries"):  # modelsearch's generic fallback
        outcome.message = "Search is not available on this database."
        return outcome
    tree = query_tree(parsed)
    sort = sort if sort in SORTS else "relevance"
    gate = public_gate()
    wanted = Filters(
        kind=filters.get("type") or "",
        committee=filters.get("committee") or "",
        day_from=filters.get("date_from"),
        day_to=filters.get("date_to"),
    )
    page = max(page or 1, 1)

    def search(number):
        start = (number - 1) * RESULTS_PER_PAGE
        return backend.search_entries(tree, gate, wanted, sort, start, start + RESULTS_PER_PAGE)

    found = search(page)
    if unfacted_entries():
        logger.warning("Database search entries without facts: run manage.py update_index")
        outcome.notice += PARTLY_FACTED
    outcome.total = found.total
    outcome.facets = facets(found.facets)
    if not found.total:
        return outcome
    outcome.num_pages = math.ceil(min(found.total, MAX_RESULT_WINDOW) / RESULTS_PER_PAGE)
    if page > outcome.num_pages:
        outcome.message = (
            f"There is no page {page}: the results end at page {outcome.num_pages}. "
            f"Showing page {outcome.num_pages}."
        )
        page = outcome.num_pages
        found = search(page)
    outcome.page = page
    outcome.results = results(backend, found, gate)
    return outcome


def results(backend, found, gate: Gate):
    document_type, item_type = gate.flagged_types
    tables = {document_type: "document", item_type: "item"}
    snippets = backend.entry_snippets(found.match, [hit.entry_id for hit in found.hits])
    return public_results(
        [
            ResultHit(
                kind=tables.get(hit.content_type_id, "page"),
                pk=hit.object_id,
                type=hit.kind or "",
                committees=hit.committees,
                date=hit.day,
                # A passage without a hit (the words were in the title) gives way to the
                # summary.
                snippets=[s for s in [snippets.get(hit.entry_id, "")] if "<mark>" in s],
            )
            for hit in found.hits
        ]
    )


def facets(counts: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Counts by type and committee (most first) and by year (newest first), as
    Elasticsearch's aggregations give them."""
    if not counts:
        return {}

    def most_first(values):
        return sorted(values.items(), key=lambda item: (-item[1], item[0]))

    titles = _committee_titles(set(counts["committee"]))
    return {
        "type": [
            FacetValue(kind, TYPE_LABELS.get(kind, kind), count)
            for kind, count in most_first(counts["type"])
            if kind in TYPE_LABELS
        ],
        "committee": [
            FacetValue(slug, titles[slug], count)
            for slug, count in most_first(counts["committee"])
            if slug in titles
        ][:MAX_COMMITTEE_FACETS],
        "year": [
            FacetValue(year, year, count)
            for year, count in sorted(counts["year"].items(), reverse=True)
        ],
    }
