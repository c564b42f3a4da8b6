"""Settings shared by every environment. Environment variables come from quorum.env."""

from pathlib import Path

import dj_database_url

from quorum import env
from search.index_settings import ENGLISH_ANALYSIS

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "home",
    "meetings",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    "wagtailautocomplete",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "quorum.urls"
WSGI_APPLICATION = "quorum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The public gate's nested EXISTS queries are cheap to run (index look-ups) but look
    # expensive to the planner, which then JIT-compiles them: seconds spent per query.
    # Planning them also costs more than running them (8 ms against 1 ms at 100,000
    # items): the document gate runs as a statement that psycopg prepares after five runs
    # on a connection, so PostgreSQL keeps its plan (see meetings.models.documents). Other
    # queries bind on the client, as by default, and are never prepared.
    DATABASES["default"].setdefault("OPTIONS", {}).update(options="-c jit=off", prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = env.MEDIA_ROOT or str(BASE_DIR / "media")
MEDIA_URL = "/media/"

# Background work (search-index updates, document text extraction) goes through
# django-tasks; the database-backed queue survives restarts and runs in `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = "Quorum"
WAGTAILADMIN_BASE_URL = env.SITE_BASE_URL
WAGTAILDOCS_DOCUMENT_MODEL = "meetings.CommitteeDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_I18N_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


# A search slower than this (seconds) is abandoned and answered by the database backend.
QUORUM_SEARCH_TIMEOUT = 2.0


def search_backends(index_prefix: str) -> dict:
    """The database backend always exists (it is the fallback); Elasticsearch when configured."""
    database = {"BACKEND": "search.backends.database"}
    if not env.ELASTICSEARCH_URL:
        return {"default": database}
    return {
        "default": {
            # Wagtail's elasticsearch9 backend plus facet/page fields and a durable
            # queue of missed writes (see search/elasticsearch.py).
            "BACKEND": "search.elasticsearch",
            "URLS": [env.ELASTICSEARCH_URL],
            "INDEX_PREFIX": env.ELASTICSEARCH_INDEX_PREFIX or index_prefix,
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": ENGLISH_ANALYSIS,
        },
        "database": database,
    }


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"quorum": {"level": "INFO"}, "meetings": {"level": "INFO"}},
}
WAGTAILDOCS_DOCUMENT_FORM_BASE = "meetings.forms.CommitteeDocumentForm"
