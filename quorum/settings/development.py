from quorum import env

from .base import *  # noqa: F403
from .base import search_backends

DEBUG = True
SECRET_KEY = "development-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = env.ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILSEARCH_BACKENDS = search_backends("quorum_dev_")
