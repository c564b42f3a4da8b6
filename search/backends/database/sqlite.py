"""SQLite: FTS5 with Porter stemming, bm25 ranking and snippet() in one statement."""

import json

from .base import SNIPPET_END, SNIPPET_START, DatabaseSearchBackend, Match, _with_facts
from .query import All, Any, Term, Without
from .schema import ENTRY, FTS

TITLE_WEIGHT = 10.0  # bm25 column weights: a hit in the title counts ten times one in the body


def fts5_expression(tree, autocomplete=False) -> str:
    """An FTS5 MATCH expression; terms are quoted strings of word characters only."""
    if isinstance(tree, Term):
        text = '"' + " ".join(tree.words) + '"' + ("*" if tree.prefix else "")
        return f"title : {text}" if autocomplete else text
    if isinstance(tree, All | Any):
        joiner = " AND " if isinstance(tree, All) else " OR "
        return "(" + joiner.join(fts5_expression(part, autocomplete) for part in tree.parts) + ")"
    if isinstance(tree, Without):
        include = fts5_expression(tree.include, autocomplete)
        return f"({include} NOT {fts5_expression(tree.exclude, autocomplete)})"
    raise TypeError(f"Unexpected query part {tree!r}")


def sqlite_facts(kind, committees, day, public) -> tuple:
    """The fact columns as SQLite keeps them: committees as a JSON array, the day as
    yyyy-mm-dd text (which sorts and compares as dates), the flag as 0 or 1."""
    return (
        kind,
        None if committees is None else json.dumps(list(committees)),
        None if day is None else day.isoformat(),
        None if public is None else int(public),
    )


class SQLiteSearchBackend(DatabaseSearchBackend):
    def match(self, tree, autocomplete=False, title_only=False):
        expression = fts5_expression(tree, autocomplete)
        if title_only and not autocomplete:  # autocomplete is on titles already
            expression = f"title : ({expression})"
        return Match(
            from_sql=f"{FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid",
            where_sql=f"{FTS} MATCH %s",
            params=(expression,),
        )

    def ranked_sql(self, match, scope):
        """bm25 over the newest rank_candidates matches in scope (all of them when fewer).

        The threshold subquery walks the FTS doclist in rowid order without scoring, so a
        word found in every document costs rank_candidates bm25 calls, not one per document."""
        scope_sql, scope_params = scope("e")
        sql = (
            f"SELECT e.object_id, -bm25({FTS}, {TITLE_WEIGHT}, 1.0) AS score, e.id"
            f" FROM {match.from_sql} WHERE {match.where_sql} AND {scope_sql}"
            f" AND {FTS}.rowid >= coalesce(("
            f"SELECT {FTS}.rowid FROM {match.from_sql} WHERE {match.where_sql} AND {scope_sql}"
            f" ORDER BY {FTS}.rowid DESC LIMIT 1 OFFSET {self.rank_candidates - 1}), 0)"
            " ORDER BY score DESC, e.object_id DESC"
        )
        return sql, [*match.params, *scope_params, *match.params, *scope_params]

    # The cross-model search of the public search page (see entries.py).
    public_sql = "{alias}.public = 1"
    committee_filter_sql = (
        "EXISTS (SELECT 1 FROM json_each({alias}.committees) jc WHERE jc.value = %s)"
    )
    committees_json_sql = "{alias}.committees"
    day_text_sql = "{alias}.day"
    year_sql = "substr({alias}.day, 1, 4)"
    committee_rows_sql = "JOIN json_each(g.committees) AS mc"
    committee_key_sql = "mc.value"

    def day_param(self, day):
        return day.isoformat()

    def ranked_entries_sql(self, match):
        """bm25 needs the MATCH in its own statement: the candidates are matched again,
        from the rowid `t.low` up (FTS5 starts its doclist there), and kept to `m`."""
        sql = (
            "SELECT e.id, e.content_type_id, e.object_id, e.kind, e.committees, e.day,"
            f" -bm25({FTS}, {TITLE_WEIGHT}, 1.0) AS score FROM {match.from_sql}"
            f" WHERE {match.where_sql} AND {FTS}.rowid >= (SELECT low FROM t)"
            " AND e.id IN (SELECT m.id FROM m)"
        )
        return sql, list(match.params)

    def entry_snippet_sql(self, match, id_count):
        sql = (
            f"SELECT e.id, snippet({FTS}, 1, %s, %s, %s, 24) FROM {match.from_sql}"
            f" WHERE {match.where_sql} AND {FTS}.rowid IN ({', '.join(['%s'] * id_count)})"
        )
        return sql, [SNIPPET_START, SNIPPET_END, "…", *match.params]

    def snippet_sql(self, match, type_count, id_count):
        sql = (
            f"SELECT e.object_id, snippet({FTS}, -1, %s, %s, %s, 24)"
            f" FROM {match.from_sql} WHERE {match.where_sql}"
            f" AND e.content_type_id IN ({', '.join(['%s'] * type_count)})"
            f" AND e.object_id IN ({', '.join(['%s'] * id_count)})"
        )
        return sql, [SNIPPET_START, SNIPPET_END, "…", *match.params]

    def write_entries(self, cursor, rows):
        for row in rows:
            content_type_id, object_id, title, body, indexed_at, *facts = _with_facts(row)
            cursor.execute(
                f"INSERT INTO {ENTRY} (content_type_id, object_id, indexed_at,"
                " kind, committees, day, public) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (content_type_id, object_id) DO UPDATE SET"
                " indexed_at = excluded.indexed_at, kind = excluded.kind,"
                " committees = excluded.committees, day = excluded.day,"
                " public = excluded.public RETURNING id",
                [content_type_id, object_id, indexed_at, *sqlite_facts(*facts)],
            )
            entry_id = cursor.fetchone()[0]
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [entry_id])
            cursor.execute(
                f"INSERT INTO {FTS} (rowid, title, body) VALUES (%s, %s, %s)",
                [entry_id, title, body],
            )

    def write_facts(self, cursor, rows):
        cursor.executemany(
            f"UPDATE {ENTRY} SET kind = %s, committees = %s, day = %s, public = %s WHERE id = %s",
            [(*sqlite_facts(*row[:4]), row[4]) for row in rows],
        )

    def optimise(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")


SearchBackend = SQLiteSearchBackend
