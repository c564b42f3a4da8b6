"""Every environment variable Quorum reads, read here and nowhere else."""

import os

from django.core.exceptions import ImproperlyConfigured


def optional(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def required(name: str) -> str:
    value = optional(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def flag(name: str, default: bool = False) -> bool:
    value = optional(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def listing(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in optional(name, default).split(",") if item.strip()]


DATABASE_URL = optional("DATABASE_URL")
ELASTICSEARCH_URL = optional("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = optional("ELASTICSEARCH_INDEX_PREFIX")
MEDIA_ROOT = optional("MEDIA_ROOT")
ALLOWED_HOSTS = listing("ALLOWED_HOSTS")
SITE_BASE_URL = optional("SITE_BASE_URL", "http://127.0.0.1:8000")
REQUIRE_SERVICES = flag("QUORUM_REQUIRE_SERVICES")
