"""Editors, Moderators, Legal reviewers, Panel members and Site administrators, and the
"Moderation" and "Legal review and moderation" workflows (see home/roles.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from home.roles import setup_roles, setup_workflows

    setup_roles(apps)
    setup_workflows(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("meetings", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
