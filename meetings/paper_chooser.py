"""The papers picker on an agenda item: type to find a paper, instead of a list of all.

A plain multiple select renders every paper in the archive once per agenda item (and
once more for the empty template), which grows without bound with the archive. The
widget and its script come from wagtail-autocomplete; the two JSON endpoints it calls
are ours, because that package's own admin endpoints answer for any model and list
only live pages, and an agenda is usually built from draft papers.
"""

import json

from django.db.models import Q
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST
from wagtailautocomplete.widgets import Autocomplete

MAX_RESULTS = 30
MAX_QUERY_CHARS = 200


def paper_model():
    from meetings.models import PaperPage

    return PaperPage


def label(paper) -> str:
    """What an editor needs to tell papers apart: reference, title and date."""
    parts = [paper.reference, paper.title] if paper.reference else [paper.title]
    text = " — ".join(parts)
    return f"{text} ({paper.date.day} {paper.date:%b %Y})" if paper.date else text


def item(paper) -> dict:
    return {"pk": paper.pk, "title": label(paper)}


def _ids(values) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


class PaperAutocomplete(Autocomplete):
    """Posts `[{"pk": …}, …]` as JSON. Plain ids (`papers=3&papers=7`, as a script or a
    form without the widget's JavaScript would send) are accepted too."""

    def __init__(self, attrs=None):
        super().__init__(target_model=paper_model(), is_single=False, attrs=attrs)

    def format_value(self, value):
        if not value:
            return "null"
        ids = _ids(getattr(paper, "pk", paper) for paper in value)
        papers = paper_model().objects.filter(pk__in=ids).order_by("-date", "pk")
        return json.dumps([item(paper) for paper in papers], ensure_ascii=False)

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [value for value in values if value not in (None, "", "null")]
        if len(values) == 1 and values[0].lstrip().startswith("["):
            try:
                decoded = json.loads(values[0])
            except ValueError:
                return []
            if not isinstance(decoded, list):
                return []
            values = [entry.get("pk") for entry in decoded if isinstance(entry, dict)]
        return [str(pk) for pk in _ids(values)]

    def value_omitted_from_data(self, data, files, name):
        return name not in data


def papers_matching(query: str):
    """Papers whose title or reference contains the query, newest first, drafts too."""
    papers = paper_model().objects.order_by("-date", "-pk")
    query = query.strip()[:MAX_QUERY_CHARS]
    if query:
        papers = papers.filter(Q(title__icontains=query) | Q(reference__icontains=query))
    return papers


def _check_type(value) -> bool:
    return value in (None, "", paper_model()._meta.label)


@require_POST
def search(request):
    if not _check_type(request.POST.get("type")):
        return HttpResponseBadRequest("Only papers can be chosen here.")
    try:
        limit = min(max(int(request.POST.get("limit", MAX_RESULTS)), 1), MAX_RESULTS)
    except ValueError:
        return HttpResponseBadRequest("limit must be a number.")
    papers = papers_matching(request.POST.get("query", ""))
    excluded = _ids(request.POST.get("exclude", "").split(","))
    if excluded:
        papers = papers.exclude(pk__in=excluded)
    return JsonResponse({"items": [item(paper) for paper in papers[:limit]]})


@require_GET
def objects(request):
    if not _check_type(request.GET.get("type")):
        return HttpResponseBadRequest("Only papers can be chosen here.")
    ids = _ids(request.GET.get("pks", "").split(","))[:MAX_RESULTS]
    papers = paper_model().objects.filter(pk__in=ids)
    return JsonResponse({"items": [item(paper) for paper in papers]})


def admin_urls():
    """The widget's script calls `<admin home>autocomplete/search/` and `…/objects/`."""
    from wagtail.admin.auth import require_admin_access

    return [
        path("autocomplete/search/", require_admin_access(search), name="paper_autocomplete"),
        path("autocomplete/objects/", require_admin_access(objects), name="paper_objects"),
    ]
