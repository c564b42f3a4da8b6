from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from search.forms import SearchForm
from search.health import database_status, search_status
from search.query import autocomplete_titles, search_archive


def search(request):
    form = SearchForm(request.GET)
    outcome = search_archive(**form.cleaned_data) if form.is_valid() else None
    if outcome is not None:
        form.show_counts(outcome.facets)
    return TemplateResponse(request, "search/search.html", {"form": form, "outcome": outcome})


def autocomplete(request):
    """Titles for the search box's suggestions (the form works without them)."""
    return JsonResponse({"results": autocomplete_titles(request.GET.get("q", ""))})


@never_cache
def healthz(request):
    """200 when the database and the search backend both answer, 503 naming what failed."""
    parts = {"database": database_status(), "search": search_status()}
    healthy = all(part["ok"] for part in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503
    )
