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
import functools
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape, strip_tags
from elasticsearch import ApiError
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from home.visibility import public_pages, read_restrictions_once, view_restrictions
from search import syntax
from search.elasticsearch import UNAVAILABLE
from search.models import Abbreviation
from search.results import TYPE_LABELS

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20
MAX_RESULT_WINDOW = 10_000
SUGGESTION_CANDIDATES = 10  # phrase suggestions checked for public matches
RESCORE_WINDOW = 100  # the best matches that phrase and page boosts re-rank
SORTS = {"relevance": "Most relevant", "newest": "Newest first", "oldest": "Oldest first"}
LIMITED_NOTICE = (
    "Search is temporarily limited: results come from the basic search, which does not "
    "forgive spelling mistakes, suggest other spellings (“Did you mean”) or show the page "
    "numbers inside documents where the words are."
)
BASIC_NOTICE = (
    "This site uses the basic search. Three things need Elasticsearch: forgiving spelling "
    "mistakes, suggesting other spellings (“Did you mean”), and showing the page numbers "
    "inside documents where the words are."
)
TEXT_FIELDS = ["title^3", "quorum_text", "quorum_body"]
PAGE_TEXT_FIELD = "quorum_pages.text"
FACETS = {  # counts by type, committee and year
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
}
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
    from search.database_search import database_search  # it builds on this module

    parsed = syntax.parse(q)
    if parsed.is_empty:
        return SearchOutcome(query=q)
    parsed = syntax.expand_abbreviations(parsed, Abbreviation.objects.expansions())
    filters = {"type": type, "committee": committee, "date_from": date_from, "date_to": date_to}
    page = page or 1
    backend = search_backend()
    with read_restrictions_once():  # the gate is asked several times: one reading
        if not hasattr(backend, "es"):
            return database_search(q, parsed, filters, sort or "relevance", page, BASIC_NOTICE)
        try:
            return ElasticsearchQuery(backend, q, parsed, filters, sort or "relevance", page).run()
        except (*UNAVAILABLE, ApiError) as error:
            logger.warning("Elasticsearch search failed, using the database: %r", error)
            return database_search(q, parsed, filters, sort or "relevance", page, LIMITED_NOTICE)


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


def _term_query(term: syntax.Term, fields: list[str], corrections: tuple[str, ...] = ()) -> dict:
    """A word or phrase as typed (stemmed); a word missing from the index also matches its
    spelling corrections, which rank below an exact match."""
    if term.phrase:
        return {"multi_match": {"query": term.text, "fields": fields, "type": "phrase"}}
    # Stop words analyse to nothing: such a word must not make the whole query fail.
    exact = {"multi_match": {"query": term.text, "fields": fields, "zero_terms_query": "all"}}
    if not corrections:
        return exact
    near = [
        {"multi_match": {"query": word, "fields": fields, "boost": 0.5}} for word in corrections
    ]
    return {"dis_max": {"queries": [exact, *near]}}


def _group_query(group: list[syntax.Term], fields: list[str], corrections: dict) -> dict:
    queries = [_term_query(t, fields, corrections.get(t.text.lower(), ())) for t in group]
    if len(queries) == 1:
        return queries[0]
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def _weighted(query: dict, boost: float) -> dict:
    return {"bool": {"must": [query], "boost": boost}}


class ElasticsearchQuery:
    """One search on Elasticsearch, in as few round trips as possible.

    The first asks, in one search, for the page of hits, the count, the facets and the
    spelling corrections of long words that are not in the index. Only when that finds
    less than a page and a word has corrections does a second round trip search again with
    them (typo tolerance without fuzzy queries, which are costly on every search). A page
    past the end costs one more; no results at all ("Did you mean") two more."""

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
        # Lower-cased word -> its spelling corrections, once they are in use.
        self.corrections: dict[str, tuple[str, ...]] = {}

    @property
    def client(self):
        timeout = getattr(settings, "QUORUM_SEARCH_TIMEOUT", 2.0)
        return self.backend.es.options(request_timeout=timeout, max_retries=0)

    def text_query(self, fields: list[str], any_word: bool = False) -> dict:
        groups = [_group_query(g, fields, self.corrections) for g in self.parsed.groups]
        # All words preferred: with four or more groups one may be missing.
        required = len(groups) if len(groups) < 4 else len(groups) - 1
        return {"bool": {"should": groups, "minimum_should_match": 1 if any_word else required}}

    def gate(self) -> dict:
        restricted = view_restrictions().pages
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

    def excluded(self) -> list[dict]:
        return [_term_query(t, TEXT_FIELDS) for t in self.parsed.excluded]

    def pages_query(self, any_word: bool = False) -> dict:
        """The pages of a document where the words are (nested: one entry per page)."""
        return {
            "path": "quorum_pages",
            "ignore_unmapped": True,
            "score_mode": "max",
            "query": self.text_query([PAGE_TEXT_FIELD], any_word),
        }

    def page_hits(self) -> dict:
        """A clause that only names the page hits wanted for each result (`inner_hits`):
        an optional clause in filter context, which Elasticsearch never runs while
        matching (nothing is scored there); the pages of each shown document are looked
        up when the hits are fetched. A page with some of the words is listed too (below
        pages with all of them): a document can hold the words on different pages."""
        pages = self.pages_query(any_word=True)
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
                        "highlight_query": self.highlight_query(PAGE_TEXT_FIELD),
                    }
                },
            },
        }
        return {"bool": {"filter": [{"match_all": {}}], "should": [{"nested": pages}]}}

    def query(self) -> dict:
        """What matches, scored by its words (each field's BM25, a title hit 3×)."""
        return {
            "bool": {
                "must": [self.text_query(TEXT_FIELDS)],
                "must_not": self.excluded(),
                "filter": [*self.filter_clauses(), self.page_hits()],
            }
        }

    def rescore(self) -> dict:
        """Boosts for the best RESCORE_WINDOW matches only, so that their cost does not
        grow with the archive: a document page holding the words, the words as a phrase
        (within two positions), all the words in the title."""
        boosters = [{"nested": self.pages_query()}]
        words = [t.text for t in self.parsed.terms if not t.phrase]
        if len(words) > 1:
            phrase = " ".join(words)
            boosters += [
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
                ),
                _weighted({"match": {"title": {"query": phrase, "operator": "and"}}}, 2.0),
            ]
        return {
            "window_size": RESCORE_WINDOW,
            "query": {"rescore_query": {"bool": {"should": boosters}}},
        }

    def corrections_suggest(self) -> dict:
        """Spelling corrections of the longer words that are not in the index as typed (one
        suggester per word, so that each correction is known to belong to its word)."""
        words = {t.text.lower() for t in self.parsed.terms if not t.phrase and len(t.text) >= 5}
        return {
            f"word{n}": {
                "text": word[:100],
                "term": {
                    "field": "quorum_spelling",
                    "suggest_mode": "missing",
                    "min_word_length": 5,
                    "prefix_length": 1,
                    "max_edits": 1 if len(word) < 8 else 2,  # as fuzziness AUTO:5,8
                    "size": 3,
                },
            }
            for n, word in enumerate(sorted(words)[:8])
        }

    def highlight_query(self, field: str) -> dict:
        """What a passage is marked for: the words and phrases as typed (stemmed) and the
        corrections in use for misspelt words; no fuzzy matching (which would make
        Elasticsearch scan the term dictionary once per hit)."""
        clauses = [
            {"match_phrase": {field: t.text}}
            if t.phrase
            else {"match": {field: {"query": t.text, "zero_terms_query": "none"}}}
            for t in self.parsed.terms
        ]
        clauses += [
            {"match": {field: word}} for words in self.corrections.values() for word in words
        ]
        return {"bool": {"should": clauses}}

    def hits_body(self, page: int, summary: bool = True) -> dict:
        """A page of hits; with `summary`, also the total and the facets, from the same
        pass over the matches (counting them in a search of its own, unscored, was a
        second pass: together they take about a fifth less at 100,000 items)."""
        page = min(page, MAX_RESULT_WINDOW // RESULTS_PER_PAGE)  # Elasticsearch's window
        sort = ["_score"]
        if self.sort in {"newest", "oldest"}:
            order = "desc" if self.sort == "newest" else "asc"
            sort = [{"quorum_date": {"order": order, "missing": "_last"}}, "_score"]
        body = {
            "query": self.query(),
            "from": (page - 1) * RESULTS_PER_PAGE,
            "size": RESULTS_PER_PAGE,
            "sort": sort,
            "track_total_hits": summary,
            "_source": False,
            "docvalue_fields": ["pk", "quorum_type", "quorum_committee", "quorum_date"],
            "highlight": {
                **HIGHLIGHT,
                "fields": {
                    "quorum_text": {
                        "fragment_size": 180,
                        "number_of_fragments": 2,
                        "highlight_query": self.highlight_query("quorum_text"),
                    },
                },
            },
        }
        if summary:
            body["aggs"] = FACETS
        if self.sort == "relevance":  # a rescore keeps the order by score
            body["rescore"] = self.rescore()
        return body

    def send(self, body: dict) -> dict:
        return self.client.search(index=self.indexes, body=body, ignore_unavailable=True)

    def search(self, page: int) -> dict:
        """The response for the page: one round trip, or two when the words as typed find
        less than a page and some are misspelt: then the corrections join the query.

        Each index's term suggester corrects the words missing from that index alone; a
        word is misspelt only when no index holds it, which the first search counts too
        (over every entry, whatever the query: a count of one term is cheap)."""
        spelling = self.corrections_suggest()
        body = self.hits_body(page)
        if spelling:
            held = {
                name: {"filter": {"match": {"quorum_spelling": s["text"]}}}
                for name, s in spelling.items()
            }
            body["suggest"] = spelling
            body["aggs"] = {**body["aggs"], "as_typed": {"global": {}, "aggs": held}}
        response = self.send(body)
        if spelling and response["hits"]["total"]["value"] < RESULTS_PER_PAGE:
            as_typed = response["aggregations"]["as_typed"]
            corrections = {}
            for name, entries in response.get("suggest", {}).items():
                if as_typed[name]["doc_count"]:
                    continue  # a word in some index, as typed
                options = [o["text"] for e in entries for o in e.get("options", [])]
                if options:
                    corrections[spelling[name]["text"]] = tuple(dict.fromkeys(options))
            if corrections:
                self.corrections = corrections
                response = self.send(self.hits_body(page))
        return response

    def run(self) -> SearchOutcome:
        outcome = SearchOutcome(query=self.q, page=self.page)
        response = self.search(self.page)
        outcome.total = response["hits"]["total"]["value"]
        outcome.facets = self.facets(response.get("aggregations", {}))
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
            response = self.send(self.hits_body(outcome.page, summary=False))
        outcome.results = self.results(response["hits"]["hits"])
        return outcome

    def results(self, hits: list[dict]) -> list[Result]:
        hits = [{**hit, "_source": _fields_of(hit)} for hit in hits]
        return public_results(
            [
                ResultHit(
                    kind=_kind(hit),
                    pk=int(hit["_source"]["pk"]),
                    type=hit["_source"].get("quorum_type") or "page",
                    committees=hit["_source"].get("quorum_committee") or [],
                    date=_parse_date(hit["_source"].get("quorum_date")),
                    snippets=hit.get("highlight", {}).get("quorum_text", [])[:2],
                    pages=functools.partial(_page_hits, hit),
                )
                for hit in hits
            ]
        )

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
        """The "Did you mean": the best spelling of the words that finds something the public
        may see, with the same filters; "" when there is none.

        The phrase suggester reads every word in the indexes, drafts and private pages
        included, and each index scores its candidates against its own vocabulary. When
        Elasticsearch merges the indexes' answers it drops every candidate scoring below
        the words as typed in any one index, and a small index rates misspelt words highly:
        so the suggester keeps all its candidates (confidence 0), and one more search, gated
        and filtered as the results are, keeps those whose every word is found."""
        text = self.parsed.plain_text()
        if not text:
            return ""
        body = {
            "size": 0,
            "suggest": {
                "text": text[:200],
                "did_you_mean": {
                    "phrase": {
                        "field": "quorum_spelling",
                        "size": SUGGESTION_CANDIDATES,
                        "max_errors": 2,
                        "confidence": 0.0,
                        "direct_generator": [
                            {"field": "quorum_spelling", "suggest_mode": "always"}
                        ],
                    }
                },
            },
        }
        try:
            response = self.client.search(index=self.indexes, body=body, ignore_unavailable=True)
            options = response.get("suggest", {}).get("did_you_mean", [{}])[0].get("options", [])
            candidates = list(
                dict.fromkeys(o["text"] for o in options if o["text"].lower() != text.lower())
            )
            return self.first_found(candidates)
        except (*UNAVAILABLE, ApiError) as error:
            logger.warning("Spelling suggestion failed: %r", error)
            return ""

    def first_found(self, candidates: list[str]) -> str:
        """The first of `candidates` whose every word is in something the public may see
        and the filters keep, in one search (a filter per candidate)."""
        if not candidates:
            return ""
        wanted = {
            str(n): {
                "bool": {
                    "filter": [
                        _term_query(syntax.Term(word), TEXT_FIELDS) for word in candidate.split()
                    ]
                }
            }
            for n, candidate in enumerate(candidates)
        }
        body = {
            "size": 0,
            "track_total_hits": False,
            "query": {
                "bool": {
                    "filter": self.filter_clauses(),
                    "should": list(wanted.values()),
                    "minimum_should_match": 1,
                }
            },
            "aggs": {"found": {"filters": {"filters": wanted}}},
        }
        buckets = self.send(body)["aggregations"]["found"]["buckets"]
        return next((c for n, c in enumerate(candidates) if buckets[str(n)]["doc_count"]), "")


@dataclass
class ResultHit:
    """A hit of either engine, before the database gate has its last word."""

    kind: str  # which table: "page", "document" or "item"
    pk: int
    type: str = ""  # "": worked out from the object
    committees: list[str] = field(default_factory=list)  # slugs
    date: datetime.date | None = None
    snippets: list[str] = field(default_factory=list)  # safe HTML: escaped, <mark> added
    pages: Callable[[str], list[DocumentPageHit]] | None = None  # a document's, by its URL


def public_results(hits: list[ResultHit]) -> list[Result]:
    """The results to show for hits of either engine, in their order: each hit checked once
    more against the database gate (a hit can be a moment older than the truth), with its
    title, URL (an agenda item's own), committee titles, and a summary where no passage."""
    from meetings.models import AgendaItem, CommitteeDocument, MeetingPage
    from search.results import type_of

    ids = {"page": [], "document": [], "item": []}
    for hit in hits:
        ids[hit.kind].append(hit.pk)
    gates = {  # building a gate costs queries of its own: only for kinds among the hits
        "page": lambda pks: public_pages().filter(pk__in=pks).specific(),
        "document": CommitteeDocument.objects.public_among,
        "item": lambda pks: AgendaItem.objects.filter(
            pk__in=pks, meeting__in=MeetingPage.objects.visible_to_public()
        ).select_related("meeting"),
    }
    found = {
        kind: {obj.pk: obj for obj in gates[kind](pks)} if pks else {} for kind, pks in ids.items()
    }
    committee_titles = _committee_titles({slug for hit in hits for slug in hit.committees})
    results = []
    for hit in hits:
        obj = found[hit.kind].get(hit.pk)
        if obj is None:
            continue
        title = obj.title
        if hit.kind == "item":
            title, url = f"Item {obj.number}: {obj.title}", obj.meeting.agenda_item_url(obj)
        else:
            url = obj.url if hit.kind == "document" else obj.get_url()
        result = Result(
            title=title,
            url=url or "",
            type=hit.type or type_of(obj),
            date=hit.date,
            committees=[committee_titles[s] for s in hit.committees if s in committee_titles],
            snippets=list(hit.snippets),
        )
        if hit.kind == "document" and hit.pages is not None:
            result.pages = hit.pages(url)
            if result.pages:
                result.snippets = []
        if not result.snippets and not result.pages:
            result.snippets = [escape(_summary_of(obj))] if _summary_of(obj) else []
        results.append(result)
    return results


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
