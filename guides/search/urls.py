"""/{lang}/{city}/search/, inside i18n_patterns: a guide page with the slug `search` directly
under a city would be shadowed."""

from django.urls import path

from guides.search import views

app_name = "search"

urlpatterns = [
    path("<slug:city>/search/", views.search, name="search"),
]
