"""Health of the parts the site depends on, for /healthz and the `search_health` command."""

import logging

from django.db import connection
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not answering"
        return {"ok": False, "vendor": connection.vendor, "error": _describe(error)}
    return {"ok": True, "vendor": connection.vendor}


def search_status() -> dict:
    backend = get_search_backend()
    name = type(backend).__module__
    client = getattr(backend, "es", None)
    if client is None:
        # The database backend answers whenever the database does.
        return {"ok": True, "backend": name}
    try:
        health = client.options(request_timeout=2).cluster.health()
    except Exception as error:
        return {"ok": False, "backend": name, "error": _describe(error)}
    status = health.get("status")
    return {"ok": status in {"green", "yellow"}, "backend": name, "status": status}


def _describe(error: Exception) -> str:
    logger.warning("Health check failed: %s", error)
    return f"{type(error).__name__}: {error}"[:300]
