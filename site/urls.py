import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from guides.editor_home_admin import CityBrowseView
from localization.xliff.api import api as translation_api

urlpatterns = [
    # The API first: its Integreat paths (/{city}/{lang}/wp-json/…) take any slug as the city, so
    # /admin/x/wp-json/… is an API path (a JSON 404 for the city "admin"), never the admin's.
    path("", include("guides.api.urls")),
    # XLIFF export jobs for scripts, on the admin's session (localization.xliff.api).
    path("api/translation/", translation_api.urls),
    # Wagtail's page chooser, opening at the editor's city (guides.editor_home): ahead of
    # Wagtail's own "choose-page/", which no hook can start elsewhere.
    path("admin/choose-page/", never_cache(require_admin_access(CityBrowseView.as_view()))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded images and documents: nginx serves /media/ in production (README,
    # "Production"); SERVE_MEDIA=true makes Django do it on a server without a proxy.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Public pages live under their language: /de/augsburg/…, /ar/augsburg/…
urlpatterns += i18n_patterns(
    path("", include("guides.events.urls")),
    path("", include("guides.search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# A database timeout raised outside a view (in a middleware) still answers 503, not 500.
handler500 = "cityguide.db_timeouts.server_error"
