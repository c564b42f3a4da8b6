"""The one module that builds search queries. Views call search_archive() and render.

With Elasticsearch (production, CI) the query goes to the indexes Wagtail maintains,
through the official client, because Wagtail's search API has no highlighting, no nested
per-page hits and no aggregations across page types. Only public things come back: pages
must be live and outside every view restriction (checked when the search runs, so a
privacy change applies at once), documents must carry `quorum_public` (recomputed on every
publish, unpublish, delete and privacy change, see search.signal_handlers), and each hit is
checked once more against the database gate before it is shown.

When Elasticsearch is not configured, down, or slower than QUORUM_SEARCH_TIMEOUT, the
database backend answers instead, with fewer features and a notice saying so.
"""

import datetime
import logging
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.html import escape
from elasticsearch import ApiError
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from home.visibility import public_pages
from search import syntax
from search.elasticsearch import UNAVAILABLE
from search.models import Abbreviation
from search.results import TYPE_LABELS

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20
MAX_RESULT_WINDOW = 10_000
SORTS = {"relevance": "Most relevant", "newest": "Newest first", "oldest": "Oldest first"}
LIMITED_NOTICE = (
    "Search is temporarily limited: results come from a simpler search without "
    "highlighted passages, page numbers in documents, dates or filters."
)
BASIC_NOTICE = (
    "This site uses the basic search: highlighted passages, page numbers in documents, "
    "counts by type, committee and year, and spelling suggestions need Elasticsearch."
)
TEXT_FIELDS = ["title^3", "quorum_text"]
PAGE_TEXT_FIELD = "quorum_pages.text"
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}


@dataclass
class DocumentPageHit:
    number: int
    url: str
    snippet: str


@dataclass
class Result:
    title: str
    url: str
    type: str
    date: datetime.date | None = None
    committees: list[str] = field(default_factory=list)
    snippets: list[str] = field(default_factory=list)  # safe HTML: escaped, <mark> added
    pages: list[DocumentPageHit] = field(default_factory=list)

    @property
    def type_label(self):
        return TYPE_LABELS.get(self.type, self.type)

    def as_json(self):
        return {
            "title": self.title,
            "url": self.url,
            "type": self.type,
            "date": self.date.isoformat() if self.date else None,
            "committee": self.committees,
            "snippets": self.snippets,
            "pages": [{"number": p.number, "url": p.url, "snippet": p.snippet} for p in self.pages],
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchOutcome:
    query: str
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    num_pages: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str = ""
    notice: str = ""
    message: str = ""
    engine: str = "elasticsearch"

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    def as_json(self):
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "num_pages": self.num_pages,
            "engine": self.engine,
            "notice": self.notice,
            "message": self.message,
            "suggestion": self.suggestion,
            "facets": {
                name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                for name, values in self.facets.items()
            },
            "results": [result.as_json() for result in self.results],
        }


def search_archive(
    q: str = "",
    type: str = "",
    committee: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    sort: str = "relevance",
    page: int | None = None,
) -> SearchOutcome:
    parsed = syntax.parse(q)
    if parsed.is_empty:
        return SearchOutcome(query=q)
    parsed = syntax.expand_abbreviations(parsed, Abbreviation.objects.expansions())
    filters = {"type": type, "committee": committee, "date_from": date_from, "date_to": date_to}
    page = page or 1
    backend = get_search_backend()
    if not hasattr(backend, "es"):
        outcome = _database_search(q, parsed, filters, page)
        outcome.notice = BASIC_NOTICE
        return outcome
    try:
        return ElasticsearchQuery(backend, q, parsed, filters, sort or "relevance", page).run()
    except (*UNAVAILABLE, ApiError) as error:
        logger.warning("Elasticsearch search failed, using the database: %r", error)
        outcome = _database_search(q, parsed, filters, page)
        outcome.notice = LIMITED_NOTICE
        return outcome


# Elasticsearch ------------------------------------------------------------------------


def _term_query(term: syntax.Term, fields: list[str]) -> dict:
    if term.phrase:
        return {"multi_match": {"query": term.text, "fields": fields, "type": "phrase"}}
    # Stop words analyse to nothing: such a word must not make the whole query fail.
    exact = {"multi_match": {"query": term.text, "fields": fields, "zero_terms_query": "all"}}
    fuzzy = {
        "multi_match": {
            "query": term.text,
            # Also the unstemmed text: "refurbishmnet" is one edit from "refurbishment"
            # but four from the stem "refurbish".
            "fields": fields
            + [f"{name.split('^')[0]}.plain" for name in fields if name.startswith("quorum_text")],
            "fuzziness": "AUTO:5,8",  # longer words only: 1 edit from 5 letters, 2 from 8
            "prefix_length": 1,
            "max_expansions": 20,
            "zero_terms_query": "all",
        }
    }
    # An exact match outscores a near one.
    exact["multi_match"]["boost"] = 2
    return {"dis_max": {"queries": [exact, fuzzy]}}


def _group_query(group: list[syntax.Term], fields: list[str]) -> dict:
    if len(group) == 1:
        return _term_query(group[0], fields)
    return {"bool": {"should": [_term_query(t, fields) for t in group], "minimum_should_match": 1}}


def _weighted(query: dict, boost: float) -> dict:
    return {"bool": {"must": [query], "boost": boost}}


class ElasticsearchQuery:
    def __init__(self, backend, q, parsed, filters, sort, page):
        self.backend = backend
        self.q = q
        self.parsed = parsed
        self.filters = filters
        self.sort = sort if sort in SORTS else "relevance"
        self.page = page
        self.page_index = backend.get_index_for_model(Page).name
        from meetings.models import CommitteeDocument

        self.document_index = backend.get_index_for_model(CommitteeDocument).name

    @property
    def client(self):
        timeout = getattr(settings, "QUORUM_SEARCH_TIMEOUT", 2.0)
        return self.backend.es.options(request_timeout=timeout, max_retries=0)

    def text_query(self, fields: list[str]) -> dict:
        groups = [_group_query(g, fields) for g in self.parsed.groups]
        # All words preferred: with four or more groups one may be missing.
        required = len(groups) if len(groups) < 4 else len(groups) - 1
        return {"bool": {"should": groups, "minimum_should_match": required}}

    def gate(self) -> dict:
        restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
        public_page = {
            "bool": {
                "filter": [
                    {"term": {"_django_content_type": "wagtailcore.Page"}},
                    {"term": {"live_filter": True}},
                ],
                "must_not": [{"prefix": {"path_filter": path}} for path in restricted],
            }
        }
        public_document = {
            "bool": {
                "filter": [
                    {"term": {"quorum_type": "document"}},
                    {"term": {"quorum_public": True}},
                ]
            }
        }
        return {"bool": {"should": [public_page, public_document], "minimum_should_match": 1}}

    def filter_clauses(self) -> list[dict]:
        clauses = [self.gate()]
        if self.filters["type"]:
            clauses.append({"term": {"quorum_type": self.filters["type"]}})
        if self.filters["committee"]:
            clauses.append({"term": {"quorum_committee": self.filters["committee"]}})
        dates = {}
        if self.filters["date_from"]:
            dates["gte"] = self.filters["date_from"].isoformat()
        if self.filters["date_to"]:
            dates["lte"] = self.filters["date_to"].isoformat()
        if dates:
            clauses.append({"range": {"quorum_date": dates}})
        return clauses

    def query(self) -> dict:
        words = [t.text for t in self.parsed.terms if not t.phrase]
        boosters = [
            {
                "nested": {
                    "path": "quorum_pages",
                    "ignore_unmapped": True,
                    "score_mode": "max",
                    "query": self.text_query([PAGE_TEXT_FIELD]),
                    "inner_hits": {
                        "size": 3,
                        "_source": ["quorum_pages.number"],
                        "highlight": {
                            **HIGHLIGHT,
                            "fields": {
                                PAGE_TEXT_FIELD: {"fragment_size": 160, "number_of_fragments": 1}
                            },
                        },
                    },
                }
            }
        ]
        if len(words) > 1:
            phrase = " ".join(words)
            boosters.append(
                _weighted(
                    {
                        "multi_match": {
                            "query": phrase,
                            "fields": TEXT_FIELDS,
                            "type": "phrase",
                            "slop": 2,
                        }
                    },
                    2.0,
                )
            )
            boosters.append(
                _weighted({"match": {"title": {"query": phrase, "operator": "and"}}}, 2.0)
            )
        return {
            "bool": {
                "must": [self.text_query(TEXT_FIELDS)],
                "should": boosters,
                "must_not": [_term_query(t, TEXT_FIELDS) for t in self.parsed.excluded],
                "filter": self.filter_clauses(),
            }
        }

    def body(self, start: int) -> dict:
        sort = ["_score"]
        if self.sort in {"newest", "oldest"}:
            order = "desc" if self.sort == "newest" else "asc"
            sort = [{"quorum_date": {"order": order, "missing": "_last"}}, "_score"]
        return {
            "query": self.query(),
            "from": start,
            "size": RESULTS_PER_PAGE,
            "sort": sort,
            "track_total_hits": True,
            "_source": ["pk", "quorum_type", "quorum_committee", "quorum_date"],
            "highlight": {
                **HIGHLIGHT,
                "require_field_match": False,
                "fields": {
                    "title": {"number_of_fragments": 0},
                    "quorum_text": {"fragment_size": 180, "number_of_fragments": 2},
                },
            },
            "aggs": {
                "type": {"terms": {"field": "quorum_type", "size": 20}},
                "committee": {"terms": {"field": "quorum_committee", "size": 50}},
                "year": {
                    "date_histogram": {
                        "field": "quorum_date",
                        "calendar_interval": "year",
                        "format": "yyyy",
                        "min_doc_count": 1,
                        "order": {"_key": "desc"},
                    }
                },
            },
        }

    def _search(self, start: int) -> dict:
        return self.client.search(
            index=[self.page_index, self.document_index],
            body=self.body(start),
            ignore_unavailable=True,
        )

    def run(self) -> SearchOutcome:
        outcome = SearchOutcome(query=self.q, page=self.page)
        start = (self.page - 1) * RESULTS_PER_PAGE
        response = self._search(start)
        outcome.total = response["hits"]["total"]["value"]
        reachable = min(outcome.total, MAX_RESULT_WINDOW)
        outcome.num_pages = math.ceil(reachable / RESULTS_PER_PAGE)
        if outcome.total and self.page > outcome.num_pages:
            outcome.message = (
                f"There is no page {self.page}: the results end at page {outcome.num_pages}. "
                f"Showing page {outcome.num_pages}."
            )
            outcome.page = outcome.num_pages
            response = self._search((outcome.page - 1) * RESULTS_PER_PAGE)
        outcome.results = self.results(response["hits"]["hits"])
        outcome.facets = self.facets(response.get("aggregations", {}))
        if not outcome.total:
            outcome.suggestion = self.suggest()
        return outcome

    def results(self, hits: list[dict]) -> list[Result]:
        from meetings.models import CommitteeDocument

        page_ids = [int(h["_source"]["pk"]) for h in hits if not _is_document(h)]
        doc_ids = [int(h["_source"]["pk"]) for h in hits if _is_document(h)]
        # The database gate has the last word (a hit can be a moment older than the truth).
        pages = {p.pk: p for p in public_pages().filter(pk__in=page_ids).specific()}
        documents = {
            d.pk: d for d in CommitteeDocument.objects.visible_to_public().filter(pk__in=doc_ids)
        }
        committee_titles = _committee_titles(
            {slug for h in hits for slug in h["_source"].get("quorum_committee") or []}
        )
        results = []
        for hit in hits:
            source = hit["_source"]
            is_document = _is_document(hit)
            obj = (documents if is_document else pages).get(int(source["pk"]))
            if obj is None:
                continue
            highlight = hit.get("highlight", {})
            title = obj.title
            url = obj.url if is_document else obj.get_url()
            result = Result(
                title=title,
                url=url or "",
                type=source.get("quorum_type") or "page",
                date=_parse_date(source.get("quorum_date")),
                committees=[
                    committee_titles[s]
                    for s in source.get("quorum_committee") or []
                    if s in committee_titles
                ],
                snippets=highlight.get("quorum_text", [])[:2],
            )
            if is_document:
                result.pages = _page_hits(hit, url)
                if result.pages:
                    result.snippets = []
            if not result.snippets and not result.pages:
                result.snippets = [escape(_summary_of(obj))] if _summary_of(obj) else []
            results.append(result)
        return results

    def facets(self, aggregations: dict) -> dict[str, list[FacetValue]]:
        if not aggregations:
            return {}
        buckets = {name: aggregations[name]["buckets"] for name in ("type", "committee", "year")}
        titles = _committee_titles({b["key"] for b in buckets["committee"]})
        return {
            "type": [
                FacetValue(b["key"], TYPE_LABELS.get(b["key"], b["key"]), b["doc_count"])
                for b in buckets["type"]
            ],
            "committee": [
                FacetValue(b["key"], titles[b["key"]], b["doc_count"])
                for b in buckets["committee"]
                if b["key"] in titles
            ],
            "year": [
                FacetValue(b["key_as_string"], b["key_as_string"], b["doc_count"])
                for b in buckets["year"]
            ],
        }

    def suggest(self) -> str:
        text = self.parsed.plain_text()
        if not text:
            return ""
        body = {
            "size": 0,
            "suggest": {
                "text": text[:200],
                "did_you_mean": {
                    "phrase": {
                        "field": "quorum_text.plain",
                        "size": 1,
                        "max_errors": 2,
                        "direct_generator": [
                            {"field": "quorum_text.plain", "suggest_mode": "always"}
                        ],
                    }
                },
            },
        }
        try:
            response = self.client.search(
                index=[self.page_index, self.document_index], body=body, ignore_unavailable=True
            )
        except (*UNAVAILABLE, ApiError) as error:
            logger.warning("Spelling suggestion failed: %r", error)
            return ""
        options = response.get("suggest", {}).get("did_you_mean", [{}])[0].get("options", [])
        suggestion = options[0]["text"] if options else ""
        return "" if suggestion.lower() == text.lower() else suggestion


def _is_document(hit: dict) -> bool:
    return hit["_source"].get("quorum_type") == "document"


def _page_hits(hit: dict, url: str) -> list[DocumentPageHit]:
    inner = hit.get("inner_hits", {}).get("quorum_pages", {}).get("hits", {}).get("hits", [])
    pages = []
    for page_hit in inner:
        number = page_hit.get("_source", {}).get("number")
        if number is None:
            continue
        snippets = page_hit.get("highlight", {}).get(PAGE_TEXT_FIELD, [])
        pages.append(
            DocumentPageHit(number, f"{url}#page={number}", snippets[0] if snippets else "")
        )
    return pages


def _committee_titles(slugs: set[str]) -> dict[str, str]:
    from meetings.models import CommitteePage

    if not slugs:
        return {}
    return dict(
        CommitteePage.objects.visible_to_public()
        .filter(slug__in=slugs)
        .values_list("slug", "title")
    )


def _parse_date(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _summary_of(obj) -> str:
    return (getattr(obj, "search_description", "") or getattr(obj, "summary", "") or "")[:300]


# The database backend: the fallback, and the embedded default ------------------------


def _database_query(parsed: syntax.ParsedQuery):
    def term(t):
        return Phrase(t.text) if t.phrase else PlainText(t.text)

    parts = [term(g[0]) if len(g) == 1 else Or([term(t) for t in g]) for g in parsed.groups]
    parts += [Not(term(t)) for t in parsed.excluded]
    return parts[0] if len(parts) == 1 else And(parts)


def _database_search(q, parsed, filters, page) -> SearchOutcome:
    from meetings.models import CommitteePage

    pages = public_pages()
    if filters["committee"]:
        committee = (
            CommitteePage.objects.visible_to_public().filter(slug=filters["committee"]).first()
        )
        pages = pages.descendant_of(committee, inclusive=True) if committee else pages.none()
    model = _page_models().get(filters["type"])
    if filters["type"] and model is None:
        pages = pages.none()
    elif model is not None:
        pages = pages.type(model)
    # With Elasticsearch configured the database backend is the extra "database" entry;
    # without it, it is the default.
    name = "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
    hits = pages.search(_database_query(parsed), backend=name)
    paginator = Paginator(hits, RESULTS_PER_PAGE)
    outcome = SearchOutcome(query=q, engine="database")
    outcome.total = paginator.count
    outcome.num_pages = paginator.num_pages if outcome.total else 0
    if outcome.total and page > paginator.num_pages:
        outcome.message = (
            f"There is no page {page}: the results end at page {paginator.num_pages}. "
            f"Showing page {paginator.num_pages}."
        )
    current = paginator.get_page(page)
    outcome.page = current.number
    outcome.results = [
        Result(
            title=hit.title,
            url=hit.get_url() or "",
            type=_type_of_page(hit),
            snippets=[escape(_summary_of(hit.specific))] if _summary_of(hit.specific) else [],
        )
        for hit in current.object_list
    ]
    return outcome


def _page_models():
    """Type filter values for the database backend (built lazily: models load after us)."""
    from home.models import StandardPage
    from meetings.models import CommitteePage, MeetingPage, MinutesPage, PaperPage, PersonPage

    return {
        "paper": PaperPage,
        "meeting": MeetingPage,
        "minutes": MinutesPage,
        "committee": CommitteePage,
        "person": PersonPage,
        "page": StandardPage,
    }


def _type_of_page(page) -> str:
    from search.results import type_of

    return type_of(page.specific)


def autocomplete_titles(q: str, limit: int = 8) -> list[dict]:
    """Titles of public pages that start with what has been typed so far."""
    text = " ".join(q.split())[:100]
    if len(text) < 2:
        return []
    try:
        hits = list(public_pages().specific().autocomplete(text)[:limit])
    except (*UNAVAILABLE, ApiError) as error:
        logger.warning("Autocomplete on Elasticsearch failed, using the database: %r", error)
        hits = list(public_pages().filter(title__icontains=text).specific()[:limit])
    return [{"title": hit.title, "url": hit.get_url()} for hit in hits]
