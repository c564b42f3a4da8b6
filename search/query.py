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
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.html import escape, strip_tags
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


class SearchRefused(Exception):
    """Elasticsearch answered a multi-search with an error for one of its searches."""


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
    backend = search_backend()
    if not hasattr(backend, "es"):
        outcome = _database_search(q, parsed, filters, page)
        outcome.notice = BASIC_NOTICE
        return outcome
    try:
        return ElasticsearchQuery(backend, q, parsed, filters, sort or "relevance", page).run()
    except (*UNAVAILABLE, ApiError, SearchRefused) as error:
        logger.warning("Elasticsearch search failed, using the database: %r", error)
        outcome = _database_search(q, parsed, filters, page)
        outcome.notice = LIMITED_NOTICE
        return outcome


_BACKENDS: dict[str, object] = {}


def search_backend():
    """The default search backend, made once per configuration: Wagtail makes a new one
    (with a new Elasticsearch client and connection pool) on every call, which would cost
    every search a new connection."""
    key = repr(settings.WAGTAILSEARCH_BACKENDS.get("default"))
    backend = _BACKENDS.get(key)
    if backend is None:
        if len(_BACKENDS) > 8:  # tests switch configurations; production has one
            _BACKENDS.clear()
        backend = _BACKENDS[key] = get_search_backend()
    return backend


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
        from meetings.models import AgendaItem, CommitteeDocument

        self.document_index = backend.get_index_for_model(CommitteeDocument).name
        self.item_index = backend.get_index_for_model(AgendaItem).name
        self.indexes = [self.page_index, self.document_index, self.item_index]

    @property
    def client(self):
        timeout = getattr(settings, "QUORUM_SEARCH_TIMEOUT", 2.0)
        return self.backend.es.options(request_timeout=timeout, max_retries=0)

    def text_query(self, fields: list[str]) -> dict:
        groups = [_group_query(g, fields) for g in self.parsed.groups]
        # All words preferred: with four or more groups one may be missing.
        required = len(groups) if len(groups) < 4 else len(groups) - 1
        return {"bool": {"should": groups, "minimum_should_match": required}}

    @cached_property
    def restricted_paths(self) -> list[str]:
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    def gate(self) -> dict:
        restricted = self.restricted_paths
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
                    # documents and agenda items: public as their pages and meetings are
                    {"terms": {"quorum_type": ["document", "item"]}},
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

    def matching(self) -> dict:
        """What matches, unscored: for counting and facets."""
        return {
            "bool": {
                "filter": [self.text_query(TEXT_FIELDS), *self.filter_clauses()],
                "must_not": [_term_query(t, TEXT_FIELDS) for t in self.parsed.excluded],
            }
        }

    def query(self, inner_hits: bool = False, corrections: list[str] = ()) -> dict:
        words = [t.text for t in self.parsed.terms if not t.phrase]
        pages = {
            "path": "quorum_pages",
            "ignore_unmapped": True,
            "score_mode": "max",
            "query": self.text_query([PAGE_TEXT_FIELD]),
        }
        if inner_hits:
            pages["inner_hits"] = {
                "size": 3,
                "_source": False,
                "docvalue_fields": ["quorum_pages.number"],
                "highlight": {
                    **HIGHLIGHT,
                    "fields": {
                        PAGE_TEXT_FIELD: {
                            "fragment_size": 160,
                            "number_of_fragments": 1,
                            "highlight_query": self.highlight_query(
                                PAGE_TEXT_FIELD, list(corrections)
                            ),
                        }
                    },
                },
            }
        boosters = [{"nested": pages}]
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

    def summary_body(self) -> dict:
        """The count and the facets: no hits, so Elasticsearch caches the answer (the request
        cache) until the index next changes."""
        return {
            "query": self.matching(),
            "size": 0,
            "track_total_hits": True,
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

    def corrections_body(self) -> dict | None:
        """Spelling corrections of the words that are not in the index as typed, so that a
        typo's match can be highlighted without highlighting with fuzzy queries (which makes
        Elasticsearch scan the whole term dictionary once per hit)."""
        words = [t.text for t in self.parsed.terms if not t.phrase and len(t.text) >= 5]
        if not words:
            return None
        return {
            "size": 0,
            "suggest": {
                "text": " ".join(words)[:200],
                "corrections": {
                    "term": {
                        "field": "quorum_text.plain",
                        "suggest_mode": "missing",
                        "min_word_length": 5,
                        "prefix_length": 1,
                        "size": 3,
                    }
                },
            },
        }

    def highlight_query(self, field: str, corrections: list[str]) -> dict:
        """What a passage is marked for: the words and phrases as typed (stemmed) and the
        corrections of misspelt words; no fuzzy matching."""
        clauses = [
            {"match_phrase": {field: t.text}}
            if t.phrase
            else {"match": {field: {"query": t.text, "zero_terms_query": "none"}}}
            for t in self.parsed.terms
        ]
        clauses += [{"match": {field: word}} for word in corrections]
        return {"bool": {"should": clauses}}

    def hits_body(self, start: int, corrections: list[str]) -> dict:
        sort = ["_score"]
        if self.sort in {"newest", "oldest"}:
            order = "desc" if self.sort == "newest" else "asc"
            sort = [{"quorum_date": {"order": order, "missing": "_last"}}, "_score"]
        return {
            "query": self.query(inner_hits=True, corrections=corrections),
            "from": start,
            "size": RESULTS_PER_PAGE,
            "sort": sort,
            "track_total_hits": False,  # counted by the summary request
            "_source": False,
            "docvalue_fields": ["pk", "quorum_type", "quorum_committee", "quorum_date"],
            "highlight": {
                **HIGHLIGHT,
                "fields": {
                    "quorum_text": {
                        "fragment_size": 180,
                        "number_of_fragments": 2,
                        "highlight_query": self.highlight_query("quorum_text", corrections),
                    },
                },
            },
        }

    def summarise(self) -> tuple[dict, list[str]]:
        """First round trip: count, facets and spelling corrections, side by side."""
        searches = [{"index": self.indexes, "request_cache": True}]
        searches.append(self.summary_body())
        corrections = self.corrections_body()
        if corrections:
            searches += [{"index": self.indexes}, corrections]
        responses = self.client.msearch(searches=searches, ignore_unavailable=True)["responses"]
        for response in responses:
            if "error" in response:
                raise SearchRefused(str(response["error"])[:300])
        words = []
        if corrections:
            for entry in responses[1].get("suggest", {}).get("corrections", []):
                words += [option["text"] for option in entry.get("options", [])]
        return responses[0], words

    def fetch_hits(self, start: int, corrections: list[str]) -> dict:
        """Second round trip: the page of hits with their passages and document pages."""
        return self.client.search(
            index=self.indexes,
            body=self.hits_body(start, corrections),
            ignore_unavailable=True,
        )

    def raw(self, page: int = 1) -> dict:
        """Both Elasticsearch requests of a search, nothing else (for the benchmark)."""
        summary, corrections = self.summarise()
        if summary["hits"]["total"]["value"]:
            return self.fetch_hits((page - 1) * RESULTS_PER_PAGE, corrections)
        return summary

    def run(self) -> SearchOutcome:
        outcome = SearchOutcome(query=self.q, page=self.page)
        summary, corrections = self.summarise()
        outcome.total = summary["hits"]["total"]["value"]
        outcome.facets = self.facets(summary.get("aggregations", {}))
        if not outcome.total:
            outcome.suggestion = self.suggest()
            return outcome
        reachable = min(outcome.total, MAX_RESULT_WINDOW)
        outcome.num_pages = math.ceil(reachable / RESULTS_PER_PAGE)
        if self.page > outcome.num_pages:
            outcome.message = (
                f"There is no page {self.page}: the results end at page {outcome.num_pages}. "
                f"Showing page {outcome.num_pages}."
            )
            outcome.page = outcome.num_pages
        response = self.fetch_hits((outcome.page - 1) * RESULTS_PER_PAGE, corrections)
        outcome.results = self.results(response["hits"]["hits"])
        return outcome

    def results(self, hits: list[dict]) -> list[Result]:
        from meetings.models import AgendaItem, CommitteeDocument, MeetingPage

        hits = [{**hit, "_source": _fields_of(hit)} for hit in hits]
        ids = {"page": [], "document": [], "item": []}
        for hit in hits:
            ids[_kind(hit)].append(int(hit["_source"]["pk"]))
        # The database gate has the last word (a hit can be a moment older than the truth).
        found = {
            "page": {p.pk: p for p in public_pages().filter(pk__in=ids["page"]).specific()},
            "document": {
                d.pk: d
                for d in CommitteeDocument.objects.visible_to_public().filter(
                    pk__in=ids["document"]
                )
            },
            "item": {
                i.pk: i
                for i in AgendaItem.objects.filter(
                    pk__in=ids["item"], meeting__in=MeetingPage.objects.visible_to_public()
                ).select_related("meeting")
            },
        }
        committee_titles = _committee_titles(
            {slug for h in hits for slug in h["_source"].get("quorum_committee") or []}
        )
        results = []
        for hit in hits:
            source = hit["_source"]
            kind = _kind(hit)
            is_document = kind == "document"
            obj = found[kind].get(int(source["pk"]))
            if obj is None:
                continue
            highlight = hit.get("highlight", {})
            title = obj.title
            if kind == "item":
                title, url = f"Item {obj.number}: {obj.title}", obj.meeting.agenda_item_url(obj)
            else:
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
            response = self.client.search(index=self.indexes, body=body, ignore_unavailable=True)
        except (*UNAVAILABLE, ApiError) as error:
            logger.warning("Spelling suggestion failed: %r", error)
            return ""
        options = response.get("suggest", {}).get("did_you_mean", [{}])[0].get("options", [])
        suggestion = options[0]["text"] if options else ""
        return "" if suggestion.lower() == text.lower() else suggestion


def _fields_of(hit: dict) -> dict:
    """A hit's doc-value fields as one value each (the committees as a list)."""
    fields = hit.get("fields", {})
    return {
        "pk": (fields.get("pk") or [None])[0],
        "quorum_type": (fields.get("quorum_type") or [None])[0],
        "quorum_committee": fields.get("quorum_committee") or [],
        "quorum_date": (fields.get("quorum_date") or [None])[0],
    }


def _kind(hit: dict) -> str:
    """Which table a hit comes from: a page, a document or an agenda item."""
    kind = hit["_source"].get("quorum_type")
    return kind if kind in {"document", "item"} else "page"


def _page_hits(hit: dict, url: str) -> list[DocumentPageHit]:
    inner = hit.get("inner_hits", {}).get("quorum_pages", {}).get("hits", {}).get("hits", [])
    pages = []
    for page_hit in inner:
        number = (page_hit.get("fields", {}).get("quorum_pages.number") or [None])[0]
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
    from meetings.models import AgendaItem

    if isinstance(obj, AgendaItem):  # rich text; an exempt item's is not for the public
        return " ".join(strip_tags(obj.public_summary).split())[:300]
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
