from django.urls import path

from search import api, views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete", views.autocomplete, name="search_autocomplete"),
    path("api/v1/search", api.search, name="api_search"),
]
