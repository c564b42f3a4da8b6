"""/api/v1/search: the search page's JSON twin (same parameters, same query module)."""

from django.http import JsonResponse

from search.forms import SearchForm
from search.query import search_archive


def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse(search_archive(**form.cleaned_data).as_json())
