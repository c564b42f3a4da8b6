"""Quorum's database search backend: `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"search.backends.database"}}`.

Fast full-text search without Elasticsearch, through Wagtail's standard search API:
FTS5 (Porter stemming, bm25) on SQLite, a weighted tsvector with a GIN index on
PostgreSQL. Other databases get modelsearch's generic fallback.
"""

from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    return DatabaseSearchBackend(params)
