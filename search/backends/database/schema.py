"""The index tables, created by the `quorum_search` migrations (and by the benchmark).

One row per indexed object in `quorum_search_entry`. On SQLite its FTS5 twin
`quorum_search_fts` (same rowid; Porter stemming) holds the title and body; on
PostgreSQL the entry holds them with a stored weighted tsvector (title A, body B)
and a GIN index, and beside it a word-pair vector for phrases (see PAIRS).

Each entry also carries the facts the public search page filters, sorts and counts by
(see FACTS): its type, committees, day and, for documents and agenda items, whether
the public may see it (pages are gated when a search runs).
"""

ENTRY = "quorum_search_entry"
FTS = "quorum_search_fts"
PAIRS_FUNCTION = "quorum_search_pairs"
PAIR_OVERFLOW = "overflow"  # the whole pair vector of an entry too big to list its pairs
PAIR_GAP = " ~ "  # between the words of a pair two positions apart (a stop word between)
PAIR_MAX_LEXEME_BYTES = 300  # longer pairs are left out: no query word can reach them
PAIR_MAX_TOTAL_BYTES = 900_000  # a tsvector holds at most 1 MB of lexemes

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

# PostgreSQL's parser keeps "2025/26", "2.5", "www.example.org" and "j.smith@example.org"
# as single tokens, and drops whatever looks like an HTML tag, but a query is split into
# words (search/backends/database/query.py), so "2025/26" would never find "Precept
# 2025/26". These characters become spaces before parsing, as FTS5's tokenizer does on
# SQLite: both engines see the same words.
SPLIT_SQL = "translate({}, '/.@:+_<>-', '         ')"

# The weighted tsvector, written once here: the stored column and the pair vector
# are computed from the same expression, so their positions always agree.
VECTOR_SQL = (
    f"setweight(to_tsvector('english', {SPLIT_SQL.format('title')}), 'A')"
    f" || setweight(to_tsvector('english', {SPLIT_SQL.format('body')}), 'B')"
)

# Searches filter on `content_type_id + 0` (see postgres.py: the planner must not start from
# the (content type, object) index). Without statistics of that expression the planner
# guesses it keeps a few percent of the matches, and plans a nested loop that looks up
# 90,000 matches one by one; with them it knows and hashes.
TYPE_STATISTICS = (
    f"CREATE STATISTICS IF NOT EXISTS {ENTRY}_type_stats ON ((content_type_id + 0)) FROM {ENTRY}"
)
DROP_TYPE_STATISTICS = f"DROP STATISTICS IF EXISTS {ENTRY}_type_stats"

POSTGRESQL = [
    f"""CREATE TABLE IF NOT EXISTS {ENTRY} (
        id bigserial PRIMARY KEY,
        content_type_id integer NOT NULL,
        object_id bigint NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        indexed_at double precision NOT NULL DEFAULT 0,
        search_vector tsvector GENERATED ALWAYS AS ({VECTOR_SQL}) STORED)
        WITH (toast_tuple_target = 128)""",
    # toast_tuple_target keeps the heap narrow (text and vector out of line), so the
    # bitmap heap scan behind a very common word reads ids, not whole documents.
    f"CREATE UNIQUE INDEX IF NOT EXISTS {ENTRY}_object ON {ENTRY} (content_type_id, object_id)",
    f"CREATE INDEX IF NOT EXISTS {ENTRY}_vector ON {ENTRY} USING gin (search_vector)",
    TYPE_STATISTICS,
]

# Phrases: the GIN index of search_vector holds no positions, so a phrase of common
# words would re-read every candidate's vector. pair_vector lists each entry's
# adjacent word pairs, taken by PostgreSQL from the positions of that same tsvector:
# 'crime panel' for lexemes at positions p and p + 1, 'polic ~ crime' for p and p + 2
# (a stop word between). `a <-> b` and `a <2> b` in a tsquery match exactly the entries
# holding that pair, so a two-word phrase is a plain GIN lookup; a longer phrase needs
# all its pairs (never fewer entries than truly match) and is re-checked only there.
# An entry whose pairs would not fit in a tsvector gets the single lexeme 'overflow'
# and is matched by its search_vector alone. Pairs with a lexeme over
# PAIR_MAX_LEXEME_BYTES are left out: query words are at most 64 characters.
POSTGRESQL_PAIRS = [
    f"""CREATE OR REPLACE FUNCTION {PAIRS_FUNCTION}(v tsvector) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        WITH p AS (
            SELECT u.lexeme, pos::integer AS pos FROM unnest(v) u, unnest(u.positions) pos
            WHERE octet_length(u.lexeme) <= {PAIR_MAX_LEXEME_BYTES}),
        pairs AS (
            SELECT a.lexeme || ' ' || b.lexeme AS pair
            FROM p a JOIN p b ON b.pos = a.pos + 1
            UNION ALL
            SELECT a.lexeme || '{PAIR_GAP}' || b.lexeme
            FROM p a JOIN p b ON b.pos = a.pos + 2)
        SELECT CASE WHEN coalesce(sum(octet_length(pair)), 0) > {PAIR_MAX_TOTAL_BYTES}
            THEN '{PAIR_OVERFLOW}'::tsvector
            ELSE array_to_tsvector(coalesce(array_agg(pair), '{{}}')) END
        FROM pairs $$""",
    f"""ALTER TABLE {ENTRY} ADD COLUMN IF NOT EXISTS pair_vector tsvector
        GENERATED ALWAYS AS ({PAIRS_FUNCTION}({VECTOR_SQL})) STORED""",
    f"CREATE INDEX IF NOT EXISTS {ENTRY}_pairs ON {ENTRY} USING gin (pair_vector)",
]

DROP = {
    "sqlite": [f"DROP TABLE IF EXISTS {FTS}", f"DROP TABLE IF EXISTS {ENTRY}"],
    "postgresql": [
        f"DROP TABLE IF EXISTS {ENTRY}",
        f"DROP FUNCTION IF EXISTS {PAIRS_FUNCTION}(tsvector)",
    ],
}

DROP_PAIRS = [
    f"DROP INDEX IF EXISTS {ENTRY}_pairs",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS pair_vector",
    f"DROP FUNCTION IF EXISTS {PAIRS_FUNCTION}(tsvector)",
]


def create_tables(connection):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL + POSTGRESQL_PAIRS}
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)
    add_facts(connection)


# The facts of each entry, as search.results.describe_for_index() gives them:
# - kind: the result type (paper, item, document, meeting, minutes, committee, person,
#   page); '' for objects the public search never shows (images, snippets); NULL for an
#   entry written before these columns existed (filled by migration 0004);
# - committees: the committee slugs (PostgreSQL text[], SQLite a JSON array);
# - day: the date shown and filtered on (SQLite: yyyy-mm-dd text, which sorts as dates);
# - public: documents and agenda items only, NULL for pages.
FACTS = {
    "sqlite": {"kind": "TEXT", "committees": "TEXT", "day": "TEXT", "public": "INTEGER"},
    "postgresql": {"kind": "text", "committees": "text[]", "day": "date", "public": "boolean"},
}
FACT_INDEXES = [
    # Entries still without facts (an upgraded index): found at once, none in a fresh one.
    f"CREATE INDEX IF NOT EXISTS {ENTRY}_unfacted ON {ENTRY} (id) WHERE kind IS NULL",
]
FACT_STORAGE = {
    # Kept in the row, not moved out of line by toast_tuple_target: the committee facet
    # reads every match's committees (out of line, 3 page reads each: 100 ms at 9,000).
    "postgresql": [f"ALTER TABLE {ENTRY} ALTER COLUMN committees SET STORAGE MAIN"],
}
DROP_FACTS = [f"DROP INDEX IF EXISTS {ENTRY}_unfacted"]


def add_facts(connection):
    """Migration 0004 (and a fresh table): the fact columns, where they are missing."""
    columns = FACTS.get(connection.vendor)
    if columns is None:
        return
    with connection.cursor() as cursor:
        present = {
            column.name for column in connection.introspection.get_table_description(cursor, ENTRY)
        }
        for name, sql_type in columns.items():
            if name not in present:
                cursor.execute(f"ALTER TABLE {ENTRY} ADD COLUMN {name} {sql_type}")
        for statement in FACT_STORAGE.get(connection.vendor, []) + FACT_INDEXES:
            cursor.execute(statement)


def drop_facts(connection):
    columns = FACTS.get(connection.vendor)
    if columns is None:
        return
    with connection.cursor() as cursor:
        for statement in DROP_FACTS:
            cursor.execute(statement)
        for name in columns:
            cursor.execute(f"ALTER TABLE {ENTRY} DROP COLUMN {name}")


# An index table made before migration 0003 computes its vector without SPLIT_SQL.
REVECTOR = [
    f"DROP INDEX IF EXISTS {ENTRY}_vector",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS search_vector",
    f"ALTER TABLE {ENTRY} ADD COLUMN search_vector tsvector"
    f" GENERATED ALWAYS AS ({VECTOR_SQL}) STORED",
    f"CREATE INDEX IF NOT EXISTS {ENTRY}_vector ON {ENTRY} USING gin (search_vector)",
]


def add_pairs(connection):
    """Migration 0003: the split-word vector and the pair vector on an existing
    PostgreSQL index table (a fresh table already has both)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a"
            " ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
            " WHERE d.adrelid = %s::regclass AND a.attname = 'search_vector'",
            [ENTRY],
        )
        row = cursor.fetchone()
        if row is not None and "translate" not in row[0]:
            cursor.execute(f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS pair_vector")
            for statement in REVECTOR:
                cursor.execute(statement)
        for statement in POSTGRESQL_PAIRS:
            cursor.execute(statement)


def drop_pairs(connection):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in DROP_PAIRS:
            cursor.execute(statement)


def add_type_statistics(connection):
    """Migration 0005: the statistics of the type filter, on an existing PostgreSQL index
    table (a fresh one has them), gathered at once."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(TYPE_STATISTICS)
        cursor.execute(f"ANALYZE {ENTRY}")


def drop_type_statistics(connection):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(DROP_TYPE_STATISTICS)


def drop_tables(connection):
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)
