from quorum import env

from .base import *  # noqa: F403
from .base import search_backends

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests run background work at once, inside the test, so they can assert on its effect.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}
WAGTAILSEARCH_BACKENDS = search_backends("quorum_test_")
MEDIA_ROOT = env.MEDIA_ROOT or "/tmp/quorum-test-media"
