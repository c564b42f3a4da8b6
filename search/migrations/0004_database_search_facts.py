"""The public search page's facts on each database index entry: type, committees, day and
(documents, agenda items) the public flag, for filters, facets and sorting by date.

The columns are added, then the entries already in the index are given their facts here,
from the objects themselves (search.results.describe_for_index, as a rebuild would), so
an upgraded index keeps its types, committees and dates. That reads every indexed object
once: about as long as `update_index`. Should it fail (an object that no longer loads),
the entries keep no facts, the migration says to run `update_index`, and until then the
search page finds those pages without their facts and says the index needs rebuilding.
"""

from django.db import migrations


def add(apps, schema_editor):
    from search.backends.database.schema import add_facts

    add_facts(schema_editor.connection)
    fill(schema_editor.connection)


def fill(connection):
    from django.db import DatabaseError, transaction

    from search.backends.database import SearchBackend

    backend = SearchBackend({})
    if not hasattr(backend, "fill_missing_facts"):
        return  # another database: modelsearch's generic backend, no entry table
    try:
        with transaction.atomic():
            filled = backend.fill_missing_facts()
    except (DatabaseError, LookupError, AttributeError) as error:
        print(
            f"\n  Search index entries were left without facts ({error!r}):"
            " run `manage.py update_index` to give them their types, committees and dates."
        )
        return
    if filled:
        print(f"\n  Search index: facts recorded for {filled:,} existing entries.")


def drop(apps, schema_editor):
    from search.backends.database.schema import drop_facts

    drop_facts(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("quorum_search", "0003_database_search_pairs"),
        # The facts are read from these models as they are now.
        ("home", "0005_standardpage_change_note"),
        ("meetings", "0003_files_and_person_accounts"),
    ]

    operations = [migrations.RunPython(add, drop)]
