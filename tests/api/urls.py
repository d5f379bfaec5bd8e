"""The site URLs the API needs, so API tests do not depend on other apps' routes."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("documents/", include(wagtaildocs_urls)),
    path("", include("guides.api.urls")),
    *i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True),
]
