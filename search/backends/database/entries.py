"""One search over every kind of entry at once, for the public search page: pages,
documents and agenda items mixed, filtered, counted by type, committee and year, and
ranked by relevance or ordered by date, in one SQL statement.

The statement finds the matches once (a materialised CTE `m`: the full-text match, the
public gate and the filters), then reads from `m` the requested slice of hits and, in
one pass grouping the matches by type, committees and year (`g`), the total and the
three facets. The gate is the caller's: pages are those whose ids a live
queryset gives (so a privacy change applies at once); documents and agenda items are
those whose entry says `public` (recomputed on every change, see search.signal_handlers).

Ordering by relevance ranks the newest `rank_candidates` matches (by entry id, as the
Wagtail-API path does); the older ones follow, newest first, so every match is reachable.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.db import connection

from .schema import ENTRY

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Gate:
    """Who may be found: entries of `page_types` whose object id `page_ids` (SQL, params)
    returns, and entries of `flagged_types` marked public."""

    page_types: tuple[int, ...]
    page_ids: tuple[str, tuple]
    flagged_types: tuple[int, ...]


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    committee: str = ""
    day_from: datetime.date | None = None
    day_to: datetime.date | None = None


@dataclass
class EntryHit:
    entry_id: int
    content_type_id: int
    object_id: int
    kind: str | None  # None: written before entries had facts
    committees: list[str]
    day: datetime.date | None
    score: float


@dataclass
class EntrySearch:
    total: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # type, committee, year
    hits: list[EntryHit] = field(default_factory=list)
    match: object = None  # the engine's match, for entry_snippets


def _in(column: str, values) -> tuple[str, list]:
    if not values:
        return "false", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def scope_sql(backend, gate: Gate, filters: Filters) -> tuple[str, list]:
    """The gate and the filters, as SQL on the entry alias `e`."""
    column = backend.content_type_column.format(alias="e")
    pages, page_params = _in(column, gate.page_types)
    flagged, flagged_params = _in(column, gate.flagged_types)
    ids_sql, ids_params = gate.page_ids
    sql = (
        f"(({pages} AND e.object_id IN ({ids_sql}))"
        f" OR ({flagged} AND {backend.public_sql.format(alias='e')}))"
    )
    params = [*page_params, *ids_params, *flagged_params]
    if filters.kind:
        sql += " AND e.kind = %s"
        params.append(filters.kind)
    if filters.committee:
        sql += " AND " + backend.committee_filter_sql.format(alias="e")
        params.append(filters.committee)
    if filters.day_from:
        sql += " AND e.day >= %s"
        params.append(backend.day_param(filters.day_from))
    if filters.day_to:
        sql += " AND e.day <= %s"
        params.append(backend.day_param(filters.day_to))
    return sql, params


HIT_COLUMNS = "id, content_type_id, object_id, kind, committees, day"


def search_sql(backend, match, gate, filters, sort, start, stop) -> tuple[str, list]:
    """(part, key, n, id, content_type_id, object_id, kind, committees, day, score) rows:
    part 'hit' (n: position) for the slice, 'total', and 'type', 'committee', 'year'
    (key: the value, n: its count)."""
    scope, scope_params = scope_sql(backend, gate, filters)
    ctes = [
        f"m AS MATERIALIZED (SELECT e.id, e.content_type_id, e.object_id, e.kind,"
        f" e.committees, e.day{backend.rank_column}"
        f" FROM {match.from_sql} WHERE {match.where_sql} AND {scope})"
    ]
    params = [*match.params, *scope_params]
    if sort == "relevance":
        candidates = backend.rank_candidates
        ctes.append(
            "t AS (SELECT coalesce((SELECT m.id FROM m ORDER BY m.id DESC"
            f" LIMIT 1 OFFSET {candidates - 1}), 0) AS low)"
        )
        ranked, ranked_params = backend.ranked_entries_sql(match)
        ranked = f"SELECT {HIT_COLUMNS}, score, 0 AS tier FROM ({ranked}) rk"
        params += ranked_params
        if stop > candidates:  # the slice reaches past the ranked candidates
            ranked += (
                f" UNION ALL SELECT {HIT_COLUMNS}, 0.0, 1 FROM m WHERE m.id < (SELECT low FROM t)"
            )
        ctes.append(f"r AS ({ranked})")
        source, order = "r", "r.tier, r.score DESC, r.id DESC"
    else:
        direction = "DESC" if sort == "newest" else "ASC"
        source = f"(SELECT {HIT_COLUMNS}, 0.0 AS score FROM m) r"
        order = f"r.day {direction} NULLS LAST, r.id {direction}"
    hits = (
        "SELECT * FROM (SELECT CAST('hit' AS text) AS part, CAST(NULL AS text) AS key,"
        f" row_number() OVER (ORDER BY {order}) AS n, r.id, r.content_type_id, r.object_id,"
        f" r.kind, {backend.committees_json_sql.format(alias='r')} AS committees,"
        f" {backend.day_text_sql.format(alias='r')} AS day,"
        f" CAST(r.score AS double precision) AS score FROM {source}"
        f" ORDER BY {order} LIMIT {int(stop - start)} OFFSET {int(start)}) h"
    )
    # The facets in one pass over the matches: `g` groups them by type, committees and
    # year (a few hundred groups however many match), and each facet adds up the groups.
    year = backend.year_sql.format(alias="m")
    ctes.append(
        f"g AS MATERIALIZED (SELECT m.kind, m.committees, {year} AS year, count(*) AS n"
        f" FROM m GROUP BY m.kind, m.committees, {year})"
    )
    empty = "NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    count = "CAST(coalesce(sum(g.n), 0) AS bigint)"
    summary = [
        f"SELECT 'total', NULL, {count}, {empty} FROM g",
        f"SELECT 'type', g.kind, {count}, {empty} FROM g WHERE g.kind IS NOT NULL GROUP BY g.kind",
        f"SELECT 'year', CAST(g.year AS text), {count}, {empty} FROM g"
        " WHERE g.year IS NOT NULL GROUP BY g.year",
        f"SELECT 'committee', {backend.committee_key_sql}, {count}, {empty}"
        f" FROM g {backend.committee_rows_sql} GROUP BY {backend.committee_key_sql}",
    ]
    sql = f"WITH {', '.join(ctes)} {hits} UNION ALL " + " UNION ALL ".join(summary)
    return sql, params


def search_entries(backend, tree, gate: Gate, filters: Filters, sort: str, start: int, stop: int):
    """Total, facets and the hits start..stop of a query tree over every entry in scope."""
    if sort not in SORTS:
        raise ValueError(f"Unknown order {sort!r}: one of {', '.join(SORTS)}")
    match = backend.match(tree) if tree is not None else None
    if match is None:  # nothing searchable (only stop words, say): nothing matches
        return EntrySearch()
    sql, params = search_sql(backend, match, gate, filters, sort, start, max(stop, start))
    with backend.index_first(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = EntrySearch(facets={"type": {}, "committee": {}, "year": {}}, match=match)
    hits = []
    for part, key, n, *hit in rows:
        if part == "hit":
            hits.append((n, hit))
        elif part == "total":
            found.total = n
        elif key is not None:
            found.facets[part][str(key)] = n
    for _, (entry_id, content_type_id, object_id, kind, committees, day, score) in sorted(hits):
        found.hits.append(
            EntryHit(
                entry_id=entry_id,
                content_type_id=content_type_id,
                object_id=object_id,
                kind=kind,
                committees=json.loads(committees) if committees else [],
                day=datetime.date.fromisoformat(day) if day else None,
                score=score or 0.0,
            )
        )
    return found


def entry_snippets(backend, match, entry_ids) -> dict[int, str]:
    """A highlighted passage (escaped HTML, hits in <mark>) of each entry's text, for the
    match of a search (EntrySearch.match)."""
    from .base import _mark

    if match is None or not entry_ids:
        return {}
    sql, params = backend.entry_snippet_sql(match, len(entry_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *entry_ids])
        return {entry_id: _mark(text or "") for entry_id, text in cursor.fetchall()}


def unfacted_entries() -> bool:
    """Whether some entries still lack their facts (written before migration 0004 and not
    filled): `update_index` gives them theirs."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {ENTRY} WHERE kind IS NULL LIMIT 1")
        return cursor.fetchone() is not None
