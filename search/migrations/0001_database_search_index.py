"""Tables for search.backends.database (raw SQL: an FTS5 table and a generated tsvector)."""

from django.db import migrations


def create(apps, schema_editor):
    from search.backends.database.schema import create_tables

    create_tables(schema_editor.connection)


def drop(apps, schema_editor):
    from search.backends.database.schema import drop_tables

    drop_tables(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
