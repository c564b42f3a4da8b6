"""PostgreSQL: statistics of the expression the search filters types by, so that the planner
knows how many matches a type list keeps (see schema.TYPE_STATISTICS); SQLite is unchanged."""

from django.db import migrations


def add(apps, schema_editor):
    from search.backends.database.schema import add_type_statistics

    add_type_statistics(schema_editor.connection)


def drop(apps, schema_editor):
    from search.backends.database.schema import drop_type_statistics

    drop_type_statistics(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("quorum_search", "0004_database_search_facts")]

    operations = [migrations.RunPython(add, drop)]
