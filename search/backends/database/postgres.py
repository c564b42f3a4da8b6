"""PostgreSQL: a stored weighted tsvector with a GIN index, bounded ts_rank_cd, ts_headline."""

from contextlib import contextmanager

from django.db import connection, transaction

from .base import SNIPPET_END, SNIPPET_START, DatabaseSearchBackend, Match
from .query import All, Any, Term, Without
from .schema import ENTRY

# Ranking reads each candidate's tsvector, so it is bounded (rank_candidates): when
# more items match, the newest matches (by index order, served by the GIN bitmap and a
# cheap top-N sort on ids) are ranked. Counts and facets still see every match.
HEADLINE_OPTIONS = (
    f"StartSel={SNIPPET_START}, StopSel={SNIPPET_END}, MaxWords=35, MinWords=15,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)
HEADLINE_CHARS = 20_000  # ts_headline re-parses the text; bound its work per result


def tsquery_sql(tree, autocomplete=False) -> tuple[str, list]:
    """SQL building a tsquery from the tree; each term goes through websearch_to_tsquery."""
    if isinstance(tree, Term):
        if autocomplete:  # title (weight A) only, the last word as a prefix
            suffix = ":*A" if tree.prefix else ":A"
            return "to_tsquery('english', %s)", [" <-> ".join(tree.words) + suffix]
        return "websearch_to_tsquery('english', %s)", ['"' + " ".join(tree.words) + '"']
    if isinstance(tree, All | Any):
        joiner = " && " if isinstance(tree, All) else " || "
        parts = [tsquery_sql(part, autocomplete) for part in tree.parts]
        return "(" + joiner.join(sql for sql, _ in parts) + ")", [
            param for _, params in parts for param in params
        ]
    if isinstance(tree, Without):
        include, include_params = tsquery_sql(tree.include, autocomplete)
        exclude, exclude_params = tsquery_sql(tree.exclude, autocomplete)
        return f"({include} && !!{exclude})", include_params + exclude_params
    raise TypeError(f"Unexpected query part {tree!r}")


class PostgresSearchBackend(DatabaseSearchBackend):
    @contextmanager
    def index_first(self):
        """No sequential scans while searching: for a very common word the planner would
        scan the table, unpacking every tsvector (10× slower than the GIN bitmap, whose
        matches need no recheck). Local to a transaction, restored for any outer one."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'),"
                " set_config('enable_seqscan', 'off', true)"
            )
            previous = cursor.fetchone()[0]
            try:
                yield
            finally:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])

    def match(self, tree, autocomplete=False):
        """The tsquery is built once, here, and passed to the search as a constant: the
        planner then sees the real query, and one the GIN index cannot serve (only
        stop words, or only exclusions once stop words are gone) matches nothing
        instead of scanning every row."""
        sql, params = tsquery_sql(tree, autocomplete)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT q::text, querytree(q) FROM (SELECT {sql} AS q) s", params)
            tsquery, indexable = cursor.fetchone()
        if indexable in ("", "T"):
            return None
        return Match(
            from_sql=f"{ENTRY} e CROSS JOIN (SELECT %s::tsquery AS q) tq",
            where_sql="e.search_vector @@ tq.q",
            params=(tsquery,),
        )

    def ranked_sql(self, match, scope):
        scope_sql, scope_params = scope("e")
        sql = (
            "SELECT c.object_id, ts_rank_cd(c.search_vector, c.q) AS score, c.id FROM ("
            f"SELECT e.id, e.object_id, e.search_vector, tq.q FROM {match.from_sql}"
            f" WHERE {match.where_sql} AND {scope_sql}"
            f" ORDER BY e.id DESC LIMIT {self.rank_candidates}"
            ") c ORDER BY score DESC, c.object_id DESC"
        )
        return sql, [*match.params, *scope_params]

    def snippet_sql(self, match, type_count, id_count):
        sql = (
            f"SELECT e.object_id, ts_headline('english', left(e.body, {HEADLINE_CHARS}),"
            f" tq.q, %s) FROM {match.from_sql} WHERE e.content_type_id IN"
            f" ({', '.join(['%s'] * type_count)})"
            f" AND e.object_id IN ({', '.join(['%s'] * id_count)})"
        )
        return sql, [HEADLINE_OPTIONS, *match.params]


SearchBackend = PostgresSearchBackend
