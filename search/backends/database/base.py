"""What both engines share: indexing, the results class and the backend wiring.

A search runs as one SQL statement whose filter is the caller's own queryset
(`Page.objects.live().public()`, content types, FilterFields), embedded as a
subquery, so the public gate and filters are applied inside the database. Only
the requested slice is fetched and ranked in SQL; the objects for that slice are
then loaded through the caller's queryset.
"""

import datetime
import time
from collections import OrderedDict
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    SearchFieldError,
)
from modelsearch.index import RelatedFields, SearchField
from modelsearch.utils import get_descendants_content_types_pks

from .query import EVERYTHING, autocomplete_tree, to_tree
from .schema import ENTRY

MAX_BODY_CHARS = 500_000  # PostgreSQL refuses tsvectors over 1 MB; deeper text is per page
SNIPPET_START, SNIPPET_END = "\x02", "\x03"  # never in indexed text; replaced after escaping


@dataclass(frozen=True)
class Match:
    """An engine's matching SQL: `FROM {from_sql} WHERE {where_sql}`, entries aliased `e`."""

    from_sql: str
    where_sql: str
    params: tuple


def _text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return "" if value is None else force_str(value)


def _field_values(obj, fields):
    for field in fields:
        if isinstance(field, SearchField):
            yield field.field_name, _text(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if hasattr(related, "all"):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                for name, value in _field_values(item, field.fields):
                    yield f"{field.field_name}.{name}", value


def document_for(obj) -> tuple[str, str]:
    """(title, body) of an object: its `title` SearchField, then every other SearchField."""
    title, body = [], []
    for name, value in _field_values(obj, obj.get_search_fields()):
        (title if name == "title" else body).append(value)
    return " ".join(title).replace("\x00", " "), " ".join(body).replace("\x00", " ")[
        :MAX_BODY_CHARS
    ]


def _content_type_id(obj_or_model) -> int:
    return ContentType.objects.get_for_model(obj_or_model).pk


@dataclass(frozen=True)
class EntryFacts:
    """What the public search page filters, counts and sorts an entry by (schema.FACTS)."""

    kind: str
    committees: tuple[str, ...] = ()
    day: datetime.date | None = None
    public: bool | None = None
    text: str = ""  # searchable text beyond the object's own fields

    def columns(self) -> tuple:
        return (self.kind, list(self.committees), self.day, self.public)


def _shown_in_public_search(model) -> bool:
    """Pages, committee documents and agenda items: what the public search page shows."""
    from wagtail.models import Page

    from meetings.models import AgendaItem, CommitteeDocument

    return isinstance(model, type) and issubclass(model, Page | CommitteeDocument | AgendaItem)


def describe_many(model, objects) -> dict:
    """The facts of many objects of a model at once (search.results.describe_many)."""
    from search.results import describe_many

    return describe_many(model, objects) if _shown_in_public_search(model) else {}


def facts_of(obj, described=None) -> EntryFacts:
    """The facts of an object as the Elasticsearch index keeps them
    (search.results.describe_for_index, or `described`: the same worked out in bulk);
    kind '' for what the public search never shows."""
    from search.results import describe_for_index

    if not _shown_in_public_search(type(obj)):
        return EntryFacts(kind="")
    facts = described or describe_for_index(obj)
    return EntryFacts(
        kind=facts.type,
        committees=tuple(facts.committees),
        day=facts.date,
        public=facts.public,
        text=facts.text,
    )


class DatabaseIndex(BaseIndex):
    def add_model(self, model):
        pass  # one table holds every model

    def refresh(self):
        pass

    def reset(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ENTRY}")

    def add_item(self, obj):
        self.add_items(type(obj), [obj])

    def add_items(self, model, items):
        now = time.time()
        items = [obj for obj in items if isinstance(obj.pk, int)]  # keyed by integer pk
        if _shown_in_public_search(model) and model._meta.model_name == "committeedocument":
            prefetch_related_objects(items, "text_pages")  # for the body and the facts
        described = describe_many(model, items)
        rows = []
        for obj in items:
            title, body = document_for(obj)
            facts = facts_of(obj, described.get(obj.pk))
            if facts.text:  # an agenda item's published minutes
                body = f"{body}\n{facts.text}"[:MAX_BODY_CHARS]
            rows.append((_content_type_id(obj), obj.pk, title, body, now, *facts.columns()))
        if not rows:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            self.backend.write_entries(cursor, rows)

    def delete_item(self, item):
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {ENTRY} WHERE content_type_id = %s AND object_id = %s",
                [_content_type_id(item), item.pk],
            )

    def delete_entries_before(self, timestamp: float):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ENTRY} WHERE indexed_at < %s", [timestamp])


class Rebuilder:
    """`update_index`: re-add everything, then drop entries not seen (deleted objects).

    The old entries stay searchable while the rebuild runs.
    """

    def __init__(self, index):
        self.index = index

    def start(self):
        self.started = time.time()
        return self.index

    def finish(self):
        self.index.delete_entries_before(self.started)
        self.index.backend.optimise()


class DatabaseQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    autocomplete = False
    # Filled by the results on first use, shared by their slices (see DatabaseSearchResults)
    _ranked = None
    _total = None

    def tree(self):
        return autocomplete_tree(self.query) if self.autocomplete else to_tree(self.query)

    def check(self):
        super().check()
        self.title_only()

    def title_only(self) -> bool:
        """Whether `fields=` restricts the search to the title. The index keeps the title
        apart from everything else, so the title alone or every field are possible;
        other field lists are refused rather than silently widened."""
        if not self.fields:
            return False
        fields = set(self.fields)
        if fields == {"title"}:
            return True
        searchable = {f.field_name for f in self.queryset.model.get_searchable_search_fields()}
        if fields >= searchable:
            return False
        raise SearchFieldError(
            "The database search backend can search the title alone (fields=['title']) "
            f"or every field, not only {sorted(fields)}.",
            field_name=sorted(fields - {"title"})[0] if fields - {"title"} else None,
        )


class DatabaseAutocompleteQueryCompiler(DatabaseQueryCompiler):
    autocomplete = True


class DatabaseSearchResults(BaseSearchResults):
    """Search results; besides Wagtail's API, `annotate_snippet(name)` adds an HTML passage."""

    supports_facet = True
    _snippet_field = None

    def _clone(self):
        new = super()._clone()
        new._snippet_field = self._snippet_field
        return new

    def annotate_snippet(self, field_name="search_snippet"):
        """Give each result `field_name`: a short passage, HTML-escaped, hits in <mark>."""
        new = self._clone()
        new._snippet_field = field_name
        return new

    # The parts of the SQL each engine supplies (see sqlite.py and postgres.py).
    @property
    def _match(self):
        compiler = self.query_compiler
        if not hasattr(compiler, "_match_cache"):
            tree = compiler.tree()
            if tree is None or tree is EVERYTHING:
                compiler._match_cache = tree
            else:
                compiler._match_cache = self.backend.match(
                    tree, autocomplete=compiler.autocomplete, title_only=compiler.title_only()
                )
        return compiler._match_cache

    def _scope(self, alias="e"):
        """SQL restricting entries to the caller's queryset (gate, filters, content types)."""
        queryset = self.query_compiler.queryset
        types = get_descendants_content_types_pks(queryset.model)
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        placeholders = ", ".join(["%s"] * len(types))
        column = self.backend.content_type_column.format(alias=alias)
        return (
            f"{column} IN ({placeholders}) AND {alias}.object_id IN ({sql})",
            [*types, *params],
        )

    def _matching_ids(self):
        """RawSQL of the object ids that match (for counts, facets and date order)."""
        match = self._match
        types = get_descendants_content_types_pks(self.query_compiler.queryset.model)
        placeholders = ", ".join(["%s"] * len(types))
        column = self.backend.content_type_column.format(alias="e")
        return RawSQL(
            f"SELECT e.object_id FROM {match.from_sql} WHERE {match.where_sql}"
            f" AND {column} IN ({placeholders})",
            [*match.params, *types],
        )

    def _filtered_queryset(self):
        queryset = self.query_compiler.queryset
        if self._match is EVERYTHING:
            return queryset
        return queryset.filter(pk__in=self._matching_ids())

    def _do_count(self):
        if self._match is None:
            return 0
        compiler = self.query_compiler
        if getattr(compiler, "_total", None) is not None:
            return compiler._total
        if self._match is not EVERYTHING and compiler.order_by_relevance:
            # The results page needs the ranked candidates next: one statement gives
            # both (and the count itself when all matches are candidates).
            self._ranked_candidates()
            if compiler._total is not None:
                return compiler._total
        with self.backend.index_first():
            compiler._total = self._filtered_queryset().count()
        return compiler._total

    def _do_search(self):
        if self._match is None or self.start == self.stop:
            return []
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        if self._match is EVERYTHING or not self.query_compiler.order_by_relevance:
            ordered = self._filtered_queryset()
            if not ordered.query.order_by:
                ordered = ordered.order_by("-pk")
            results = list(ordered[self.start : self.stop])
            scores = {}
        else:
            scores = self._ranked_ids()
            found = {obj.pk: obj for obj in queryset.filter(pk__in=list(scores))}
            results = [found[pk] for pk in scores if pk in found]
        if self._score_field:
            for obj in results:
                setattr(obj, self._score_field, scores.get(obj.pk))
        if self._snippet_field and self._match is not EVERYTHING:
            snippets = self._snippets([obj.pk for obj in results])
            for obj in results:
                setattr(obj, self._snippet_field, snippets.get(obj.pk, ""))
        return results

    def _ranked_ids(self) -> "OrderedDict[int, float]":
        """Object ids and scores for the slice, best first.

        Ranking covers the newest `rank_candidates` matches in scope (all, when fewer);
        pages beyond those list the older matches newest first, so every match is
        reachable and the count stays true."""
        stop = 2**62 if self.stop is None else self.stop
        ranked = self._ranked_candidates()
        rows = ranked[self.start : stop]
        if len(ranked) == self.backend.rank_candidates and stop > len(ranked):
            with self.backend.index_first(), connection.cursor() as cursor:
                rows += self._older_matches(cursor, ranked, stop)
        return OrderedDict((row[0], row[1]) for row in rows)

    def _ranked_candidates(self) -> list:
        """(object_id, score, entry id) of the ranked candidates, best first: one
        statement per search, shared by its count, its pages and its facets (on the
        query compiler, which slices of these results share). Where the engine can,
        the same statement counts every match in scope (`_total`); when fewer match
        than there are candidates, the candidates are the count."""
        compiler = self.query_compiler
        if getattr(compiler, "_ranked", None) is None:
            candidates = self.backend.rank_candidates
            sql, params = self.backend.ranked_sql(self._match, self._scope)
            with self.backend.index_first(), connection.cursor() as cursor:
                cursor.execute(f"{sql} LIMIT {candidates}", params)
                rows = cursor.fetchall()
            compiler._ranked = [row[:3] for row in rows]
            if len(rows) < candidates:
                compiler._total = len({row[0] for row in rows})
            elif self.backend.ranked_sql_counts:
                compiler._total = rows[0][3]
        return compiler._ranked

    def _older_matches(self, cursor, ranked, stop):
        match = self._match
        scope_sql, scope_params = self._scope("e")
        offset = max(self.start - len(ranked), 0)
        limit = stop - max(self.start, len(ranked))
        cursor.execute(
            f"SELECT e.object_id, 0.0, e.id FROM {match.from_sql} WHERE {match.where_sql}"
            f" AND {scope_sql} AND e.id < %s ORDER BY e.id DESC"
            f" LIMIT {int(min(limit, 2**62))} OFFSET {int(offset)}",
            [*match.params, *scope_params, min(row[2] for row in ranked)],
        )
        return cursor.fetchall()

    def _snippets(self, object_ids) -> dict:
        if not object_ids:
            return {}
        match = self._match
        types = get_descendants_content_types_pks(self.query_compiler.queryset.model)
        sql, params = self.backend.snippet_sql(match, len(types), len(object_ids))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *types, *object_ids])
            rows = cursor.fetchall()
        return {object_id: _mark(text or "") for object_id, text in rows}

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            model = self.query_compiler.queryset.model.__name__
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f"index.FilterField('{field_name}') to {model}.search_fields.",
                field_name=field_name,
            )
        if self._match is None:
            return OrderedDict()
        compiler = self.query_compiler
        matches = self._filtered_queryset()
        ranked = compiler._ranked
        if ranked is not None and compiler._total == len({row[0] for row in ranked}):
            # Every match is a ranked candidate: count those, without matching again.
            matches = compiler.queryset.filter(pk__in=[row[0] for row in ranked])
        rows = matches.order_by().values(field_name).annotate(count=Count("pk")).order_by("-count")
        many = compiler._total is not None and compiler._total > self.backend.rank_candidates
        with self.backend.index_first(many_matches=many):
            facets = OrderedDict((row[field_name], row["count"]) for row in rows)
        if compiler._total is None:
            compiler._total = sum(facets.values())  # each match has one value (or None)
        return facets


def _with_facts(row) -> tuple:
    """A row of write_entries with its four fact columns (NULL where not given)."""
    return (*row, *[None] * (9 - len(row)))


def _mark(text: str) -> str:
    """A passage as safe HTML: the markup of rich-text fields taken out (it is indexed as
    it is stored), every character escaped, the engine's hit markers made <mark>."""
    html = escape(strip_tags(text)).replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - every character but our two markers was escaped


class DatabaseSearchBackend(BaseSearchBackend):
    query_compiler_class = DatabaseQueryCompiler
    autocomplete_query_compiler_class = DatabaseAutocompleteQueryCompiler
    index_class = DatabaseIndex
    results_class = DatabaseSearchResults
    rebuilder_class = Rebuilder
    rank_candidates = 1000  # how many of the newest matches relevance ranking reads
    ranked_sql_counts = False  # whether ranked_sql's rows carry the count of all matches
    content_type_column = "{alias}.content_type_id"  # how the scope names it in SQL

    def match(self, tree, autocomplete=False, title_only=False) -> Match:
        """The engine's matching SQL for a query tree; `title_only`: in titles alone."""
        raise NotImplementedError

    def ranked_sql(self, match, scope) -> tuple[str, list]:
        """SQL and params of (object_id, score, entry id), best first, over the newest
        `rank_candidates` matches; `scope(alias)` gives the caller's filter. With
        `ranked_sql_counts`, a fourth column holds the number of all matches in scope."""
        raise NotImplementedError

    def snippet_sql(self, match, type_count, id_count):
        raise NotImplementedError

    # The public search page's cross-model search (entries.py): engine SQL fragments.
    rank_column = ""  # what `m` keeps for ranked_entries_sql beyond the facts
    public_sql = ""  # entry `{alias}` is marked public
    committee_filter_sql = ""  # entry `{alias}` has the committee %s
    committees_json_sql = ""  # entry `{alias}`'s committees as a JSON array
    day_text_sql = ""  # entry `{alias}`'s day as yyyy-mm-dd
    year_sql = ""  # entry `{alias}`'s year (grouped on, then shown as text)
    committee_rows_sql = ""  # joined to the groups `g`: one row per committee of an entry
    committee_key_sql = ""  # that row's committee slug

    def day_param(self, day):
        return day

    def ranked_entries_sql(self, match) -> tuple[str, list]:
        """SQL and params of the ranked candidates: the hit columns and `score`."""
        raise NotImplementedError

    def entry_snippet_sql(self, match, id_count) -> tuple[str, list]:
        """SQL and params (before the entry ids) of (entry id, passage) rows."""
        raise NotImplementedError

    def search_entries(self, tree, gate, filters, sort="relevance", start=0, stop=20):
        """Every kind of entry at once: see entries.search_entries."""
        from .entries import search_entries

        return search_entries(self, tree, gate, filters, sort, start, stop)

    def entry_snippets(self, match, entry_ids) -> dict[int, str]:
        from .entries import entry_snippets

        return entry_snippets(self, match, entry_ids)

    def write_entries(self, cursor, rows):
        """Insert or update (content_type_id, object_id, title, body, indexed_at, kind,
        committees, day, public) rows; the facts may be left off (then unknown: NULL)."""
        cursor.executemany(
            f"INSERT INTO {ENTRY} (content_type_id, object_id, title, body, indexed_at,"
            " kind, committees, day, public)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s::text[], %s, %s)"
            " ON CONFLICT (content_type_id, object_id)"
            " DO UPDATE SET title = excluded.title, body = excluded.body,"
            " indexed_at = excluded.indexed_at, kind = excluded.kind,"
            " committees = excluded.committees, day = excluded.day, public = excluded.public",
            [_with_facts(row) for row in rows],
        )

    def write_facts(self, cursor, rows):
        """Set (kind, committees, day, public) of entries, each row ending with the entry id."""
        cursor.executemany(
            f"UPDATE {ENTRY} SET kind = %s, committees = %s::text[], day = %s, public = %s"
            " WHERE id = %s",
            rows,
        )

    def fill_missing_facts(self, batch: int = 500) -> int:
        """Give the entries written before the fact columns existed their facts, from their
        objects (migration 0004); an entry whose object is gone gets kind ''. Returns how
        many entries were filled."""
        filled = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, content_type_id, object_id FROM {ENTRY} WHERE kind IS NULL"
                    f" ORDER BY id LIMIT {int(batch)}"
                )
                rows = cursor.fetchall()
            if not rows:
                return filled
            by_type: dict[int, dict[int, int]] = {}
            for entry_id, content_type_id, object_id in rows:
                by_type.setdefault(content_type_id, {})[object_id] = entry_id
            updates = []
            for content_type_id, entries in by_type.items():
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                objects = list(model._default_manager.filter(pk__in=list(entries))) if model else []
                described = describe_many(model, objects)
                found = {obj.pk for obj in objects}
                updates += [
                    (*facts_of(obj, described.get(obj.pk)).columns(), entries[obj.pk])
                    for obj in objects
                ]
                gone = EntryFacts(kind="").columns()
                updates += [(*gone, entries[pk]) for pk in entries if pk not in found]
            with connection.cursor() as cursor:
                self.write_facts(cursor, updates)
            filled += len(rows)

    def index_first(self, many_matches=False):
        """A context in which the engine's planner is steered to the full-text index;
        `many_matches`: the search is known to match more than rank_candidates."""
        return nullcontext()

    def optimise(self):
        pass
