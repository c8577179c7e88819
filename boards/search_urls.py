"""The signed-in search page: a namespace of its own, as it belongs to no section of the menu."""

from django.urls import path

from .views import search

app_name = "search"

urlpatterns = [
    path("search/", search.results, name="results"),
]
