"""PostgreSQL: the word-pair vector that makes phrase searches an index lookup.

A generated column computed from the entry's own tsvector, and its GIN index; SQLite
is unchanged (FTS5 keeps positions in its index). Adding the column computes the pairs
of every existing entry (about 2 ms each).
"""

from django.db import migrations


def add(apps, schema_editor):
    from search.backends.database.schema import add_pairs

    add_pairs(schema_editor.connection)


def drop(apps, schema_editor):
    from search.backends.database.schema import drop_pairs

    drop_pairs(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("quorum_search", "0002_abbreviations_pending_index_operations")]

    operations = [migrations.RunPython(add, drop)]
