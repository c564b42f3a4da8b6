"""The index tables, created by the `quorum_search` migration (and by the benchmark).

One row per indexed object in `quorum_search_entry`. On SQLite its FTS5 twin
`quorum_search_fts` (same rowid; Porter stemming) holds the title and body; on
PostgreSQL the entry holds them with a stored weighted tsvector (title A, body B)
and a GIN index.
"""

ENTRY = "quorum_search_entry"
FTS = "quorum_search_fts"

SQLITE = [
    # The entry table stays small (no text), so mapping FTS hits to objects is cheap;
    # the text lives in the FTS5 table itself (for snippet()).
    f"""CREATE TABLE IF NOT EXISTS {ENTRY} (
        id INTEGER PRIMARY KEY,
        content_type_id INTEGER NOT NULL,
        object_id INTEGER NOT NULL,
        indexed_at REAL NOT NULL DEFAULT 0)""",
    f"CREATE UNIQUE INDEX IF NOT EXISTS {ENTRY}_object ON {ENTRY} (content_type_id, object_id)",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title, body, tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {ENTRY}_ad AFTER DELETE ON {ENTRY} BEGIN
        DELETE FROM {FTS} WHERE rowid = old.id; END""",
]

POSTGRESQL = [
    f"""CREATE TABLE IF NOT EXISTS {ENTRY} (
        id bigserial PRIMARY KEY,
        content_type_id integer NOT NULL,
        object_id bigint NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        indexed_at double precision NOT NULL DEFAULT 0,
        search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', title), 'A')
            || setweight(to_tsvector('english', body), 'B')) STORED)
        WITH (toast_tuple_target = 128)""",
    # toast_tuple_target keeps the heap narrow (text and vector out of line), so the
    # bitmap heap scan behind a very common word reads ids, not whole documents.
    f"CREATE UNIQUE INDEX IF NOT EXISTS {ENTRY}_object ON {ENTRY} (content_type_id, object_id)",
    f"CREATE INDEX IF NOT EXISTS {ENTRY}_vector ON {ENTRY} USING gin (search_vector)",
]

DROP = {
    "sqlite": [f"DROP TABLE IF EXISTS {FTS}", f"DROP TABLE IF EXISTS {ENTRY}"],
    "postgresql": [f"DROP TABLE IF EXISTS {ENTRY}"],
}


def create_tables(connection):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_tables(connection):
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)
