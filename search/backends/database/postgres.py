"""PostgreSQL: a stored weighted tsvector with a GIN index, a word-pair vector for
phrases, bounded ts_rank_cd, ts_headline."""

import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from .base import SNIPPET_END, SNIPPET_START, DatabaseSearchBackend, Match
from .query import All, Any, Term, Without
from .schema import ENTRY, PAIR_GAP, PAIR_MAX_LEXEME_BYTES, PAIR_OVERFLOW

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
        return "websearch_to_tsquery('english', %s)", [term_text(tree)]
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


def term_text(term: Term) -> str:
    """A term for websearch_to_tsquery: its words as one quoted phrase."""
    return '"' + " ".join(term.words) + '"'


def terms_of(tree) -> list[Term]:
    if isinstance(tree, Term):
        return [tree]
    if isinstance(tree, All | Any):
        return [term for part in tree.parts for term in terms_of(part)]
    return terms_of(tree.include) + terms_of(tree.exclude)


# Phrases through the pair vector ----------------------------------------------------

_LEXEME = re.compile(r"'(?:[^'\\]|''|\\.)*'")
_CHAIN_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)*)'|<(-|\d+)>|(\S))")


def phrase_chain(tsquery_text: str):
    """(lexemes, distances) of a tsquery that is one chain `'a' <-> 'b' <2> 'c'`, as
    phraseto_tsquery writes a phrase; None for anything else (weights, prefixes, &, |)."""
    lexemes, distances, expect_lexeme = [], [], True
    for match in _CHAIN_TOKEN.finditer(tsquery_text):
        lexeme, distance, other = match.groups()
        if other is not None or (lexeme is None) == expect_lexeme:
            return None
        if lexeme is not None:
            lexemes.append(re.sub(r"\\(.)", r"\1", lexeme.replace("''", "'")))
        else:
            distances.append(1 if distance == "-" else int(distance))
        expect_lexeme = not expect_lexeme
    if not lexemes or expect_lexeme:
        return None
    return lexemes, distances


def pair_tokens(lexemes, distances) -> list[str]:
    """The pair vector's entries a phrase needs: one per link of distance 1 or 2 (the
    same rule as the quorum_search_pairs() SQL function)."""
    tokens = []
    links = zip(lexemes, lexemes[1:], distances, strict=False)  # one link fewer than words
    for first, second, distance in links:
        if distance not in (1, 2):
            continue
        if max(len(first.encode()), len(second.encode())) > PAIR_MAX_LEXEME_BYTES:
            continue
        tokens.append(first + (" " if distance == 1 else PAIR_GAP) + second)
    return tokens


def quoted(lexeme: str) -> str:
    """A lexeme in tsquery input syntax (taken verbatim, never normalised)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _joined(operator, parts):
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f" {operator} ".join(f"( {p} )" for p in parts)


@dataclass(frozen=True)
class Split:
    """A query part as `search_vector @@ sv AND pair_vector @@ pv` (None: no condition),
    equal to the part itself for every entry whose pairs are listed (not 'overflow');
    `real` is the plain tsquery of the part, for search_vector alone."""

    sv: str | None
    pv: str | None
    real: str


def split(tree, texts: dict):
    """The Split of a tree, given each term's tsquery text; None when the part has no
    lexemes (only stop words), which tsquery operators ignore as well."""
    if isinstance(tree, Term):
        real = texts[tree]
        if not real:
            return None
        chain = phrase_chain(real)
        if chain is None:
            return Split(real, None, real)
        lexemes, distances = chain
        tokens = pair_tokens(lexemes, distances)
        if len(lexemes) == 2 and tokens:
            return Split(None, quoted(tokens[0]), real)  # the pair is the phrase
        return Split(real, _joined("&", [quoted(token) for token in tokens]), real)
    if isinstance(tree, All | Any):
        parts = [part for part in (split(p, texts) for p in tree.parts) if part is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        operator = "&" if isinstance(tree, All) else "|"
        real = _joined(operator, [part.real for part in parts])
        if operator == "&":
            return Split(
                _joined("&", [p.sv for p in parts]), _joined("&", [p.pv for p in parts]), real
            )
        if all(part.pv is None for part in parts):
            return Split(_joined("|", [part.sv for part in parts]), None, real)
        if all(part.sv is None for part in parts):
            return Split(None, _joined("|", [part.pv for part in parts]), real)
        pairs = None if any(p.pv is None for p in parts) else _joined("|", [p.pv for p in parts])
        return Split(real, pairs, real)  # each alternative implies its own pairs
    include, exclude = split(tree.include, texts), split(tree.exclude, texts)
    if exclude is None:
        return include
    if include is None:
        return Split(f"!( {exclude.real} )", None, f"!( {exclude.real} )")
    real = f"( {include.real} ) & !( {exclude.real} )"
    if exclude.pv is None:
        return Split(_joined("&", [include.sv, f"!( {exclude.sv} )"]), include.pv, real)
    if exclude.sv is None:
        return Split(include.sv, _joined("&", [include.pv, f"!( {exclude.pv} )"]), real)
    return Split(real, include.pv, real)


STEERED = ("enable_seqscan", "enable_nestloop", "work_mem")  # the settings index_first() sets


def _set_locally(cursor, settings: dict):
    """Settings for the rest of the transaction (SET LOCAL, with parameters)."""
    cursor.execute(
        "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(settings)),
        [value for item in settings.items() for value in item],
    )


class PostgresSearchBackend(DatabaseSearchBackend):
    # `+ 0`: the content type list must not lead the planner to the (content type,
    # object) index, from which it would then test every entry's tsvector.
    content_type_column = "({alias}.content_type_id + 0)"

    # The matches of a very common word (~90,000 rows at 100,000 entries, about 9 MB) are
    # kept in memory, not written to a temporary file and read back for each use.
    search_work_mem = "32MB"

    @contextmanager
    def index_first(self, many_matches=False):
        """No sequential scans while searching: for a very common word the planner would
        scan the table, unpacking every tsvector (10× slower than the GIN bitmap, whose
        matches need no recheck); and room in memory for the matches (search_work_mem).
        `many_matches` (more than rank_candidates, known from the ranked statement): no
        nested loops either, so the matches meet the caller's rows in one hash join.
        Before the type filter had statistics (schema.TYPE_STATISTICS), the planner
        underestimated a phrase's matches and looked each up on its own (at 80,000
        matches 2.6× slower); this keeps that plan out whatever the estimate.
        Local to a transaction, restored for any outer one."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT "
                + "".join(f"current_setting('{name}'), " for name in STEERED)
                + "pg_size_bytes(current_setting('work_mem')) < pg_size_bytes(%s)",
                [self.search_work_mem],
            )
            *previous, more_memory = cursor.fetchone()
            steer = {"enable_seqscan": "off"}
            if many_matches:
                steer["enable_nestloop"] = "off"
            if more_memory:  # never lowered
                steer["work_mem"] = self.search_work_mem
            _set_locally(cursor, steer)
            try:
                yield
            finally:
                _set_locally(cursor, dict(zip(STEERED, previous, strict=True)))

    def optimise(self):
        """After a rebuild: fresh statistics for the planner (among them the type filter's)."""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ENTRY}")

    def match(self, tree, autocomplete=False, title_only=False):
        """The tsquery is built once, here, and passed to the search as a constant: the
        planner then sees the real query, and one the GIN index cannot serve (only
        stop words, or only exclusions once stop words are gone) matches nothing
        instead of scanning every row.

        Phrases also go through the pair vector (see schema.py): the query is split
        into a condition on search_vector and one on pair_vector that together equal
        it; entries marked 'overflow' are matched by the plain tsquery instead."""
        sql, params = tsquery_sql(tree, autocomplete)
        terms = [] if autocomplete else list(dict.fromkeys(terms_of(tree)))
        term_sql = "".join(", websearch_to_tsquery('english', %s)::text" for _ in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT q::text, querytree(q){term_sql} FROM (SELECT {sql} AS q) s",
                [*[term_text(term) for term in terms], *params],
            )
            tsquery, indexable, *term_texts = cursor.fetchone()
        if indexable in ("", "T"):
            return None
        if title_only and not autocomplete:  # every lexeme in the title (weight A) only
            tsquery = _LEXEME.sub(lambda lexeme: lexeme.group(0) + ":A", tsquery)
            autocomplete = True  # no pairs: they do not know the title from the body
        parts = None if autocomplete else split(tree, dict(zip(terms, term_texts, strict=True)))
        if parts is None or parts.pv is None:
            return Match(
                from_sql=f"{ENTRY} e CROSS JOIN (SELECT %s::tsquery AS q) tq",
                where_sql="e.search_vector @@ tq.q",
                params=(tsquery,),
            )
        # Two branches, not an OR: PostgreSQL would re-evaluate an OR on every row found.
        listed = "x.pair_vector @@ %s::tsquery"
        params = [f"( {parts.pv} ) & !{quoted(PAIR_OVERFLOW)}"]
        if parts.sv is not None:
            listed = f"x.search_vector @@ %s::tsquery AND {listed}"
            params.insert(0, parts.sv)
        return Match(
            from_sql=(
                f"(SELECT x.* FROM {ENTRY} x WHERE {listed}"
                f" UNION ALL SELECT x.* FROM {ENTRY} x"
                f" WHERE x.pair_vector @@ '{PAIR_OVERFLOW}'::tsquery"
                " AND x.search_vector @@ %s::tsquery) e"
                " CROSS JOIN (SELECT %s::tsquery AS q) tq"
            ),
            where_sql="true",
            params=(*params, tsquery, tsquery),
        )

    ranked_sql_counts = True

    def ranked_sql(self, match, scope):
        """The matches in scope are found once (a materialised CTE): counted, and the
        newest rank_candidates of them ranked, each reading its tsvector only then."""
        scope_sql, scope_params = scope("e")
        sql = (
            "WITH m AS MATERIALIZED (SELECT e.id, e.object_id, e.search_vector"
            f" FROM {match.from_sql} WHERE {match.where_sql} AND {scope_sql}),"
            " c AS (SELECT m.id, m.object_id, m.search_vector FROM m ORDER BY m.id DESC"
            f" LIMIT {self.rank_candidates})"
            " SELECT c.object_id, ts_rank_cd(c.search_vector, rq.q) AS score, c.id,"
            " (SELECT count(DISTINCT m.object_id) FROM m) AS total"
            " FROM c CROSS JOIN (SELECT %s::tsquery AS q) rq"
            " ORDER BY score DESC, c.object_id DESC"
        )
        return sql, [*match.params, *scope_params, match.params[-1]]

    # The cross-model search of the public search page (see entries.py).
    rank_column = ", e.search_vector"
    public_sql = "{alias}.public"
    committee_filter_sql = "%s = ANY({alias}.committees)"
    committees_json_sql = "array_to_json({alias}.committees)::text"
    day_text_sql = "to_char({alias}.day, 'YYYY-MM-DD')"
    year_sql = "date_part('year', {alias}.day)::integer"  # 3x faster than to_char()
    committee_rows_sql = "CROSS JOIN LATERAL unnest(g.committees) AS mc(slug)"
    committee_key_sql = "mc.slug"

    def ranked_entries_sql(self, match):
        """The candidates (the newest rank_candidates of `m`, taken in one top-N pass) with
        their scores: each reads its tsvector only here."""
        sql = (
            "SELECT m.id, m.content_type_id, m.object_id, m.kind, m.committees, m.day,"
            " ts_rank_cd(m.search_vector, rq.q) AS score"
            f" FROM (SELECT * FROM m ORDER BY m.id DESC LIMIT {int(self.rank_candidates)}) m"
            " CROSS JOIN (SELECT %s::tsquery AS q) rq"
        )
        return sql, [match.params[-1]]

    def entry_snippet_sql(self, match, id_count):
        sql = (
            f"SELECT e.id, ts_headline('english', left(e.body, {HEADLINE_CHARS}),"
            f" %s::tsquery, %s) FROM {ENTRY} e WHERE e.id IN ({', '.join(['%s'] * id_count)})"
        )
        return sql, [match.params[-1], HEADLINE_OPTIONS]

    def snippet_sql(self, match, type_count, id_count):
        sql = (
            f"SELECT e.object_id, ts_headline('english', left(e.body, {HEADLINE_CHARS}),"
            f" tq.q, %s) FROM {match.from_sql} WHERE e.content_type_id IN"
            f" ({', '.join(['%s'] * type_count)})"
            f" AND e.object_id IN ({', '.join(['%s'] * id_count)})"
        )
        return sql, [HEADLINE_OPTIONS, *match.params]


SearchBackend = PostgresSearchBackend
