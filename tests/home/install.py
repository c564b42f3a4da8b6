"""What a fresh install has, for transactional tests that run after another one's flush.

Transactional tests (live server, subprocesses) end with a flush that also removes what
the data migrations created: the page tree's root, the home page and site, the groups
and the workflows. Serialized rollback would restore it, but not once Playwright has run
in the session, so tests that need it call `ensure_fresh_install()` first.
"""

import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page
from wagtail.permissions import policy_registry

from home.models import HomePage
from home.roles import setup_roles, setup_workflows


def ensure_fresh_install():
    # The flush re-creates content types under new ids; the cache still has the old ones.
    ContentType.objects.clear_cache()
    cache.clear()  # Wagtail caches the site root paths
    for model in (get_document_model(), get_image_model(), Page):
        # Permission policies are process-wide and cache their model's content type.
        policy_registry.get_by_type(model).__dict__.pop("_content_type", None)
    if not HomePage.objects.exists():
        locale = Locale.objects.first() or Locale.objects.create(language_code="en")
        if not Page.objects.filter(depth=1).exists():
            Page.add_root(
                instance=Page(
                    title="Root",
                    slug="root",
                    locale=locale,
                    content_type=ContentType.objects.get_for_model(Page),
                )
            )
        if not Collection.objects.filter(depth=1).exists():
            Collection.add_root(name="Root")
        importlib.import_module("home.migrations.0002_create_homepage").create_homepage(apps, None)
    setup_roles()
    setup_workflows()


def user_in(role, username=None, password="pw-for-tests-only", person=None):
    """A user made the way an administrator makes one: `manage.py create_user --role`
    (and `--person <slug>` to link a panel member to their person page)."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    username = username or role
    options = {"person": person} if person else {}
    call_command(
        "create_user",
        username,
        role=role,
        email=f"{username}@example.org",
        password=password,
        stdout=io.StringIO(),
        **options,
    )
    return get_user_model().objects.get(username=username)
