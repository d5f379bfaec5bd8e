"""Django's LocaleMiddleware, with its language retry limited to the URLs that have a language.

Django answers a 404 of a path without a language prefix with a redirect to /de/<path> when that
path would resolve (`prefix_default_language=True`). Wagtail's page route in `i18n_patterns`
resolves every path, so each admin 404 (`/admin/pages/999999/edit/`, or an object of another
city that `guides.admin_guard` hides) became a redirect to a page route that does not exist
either. The retry is meant for public pages typed without a language (`/augsburg/`); a path
that a view outside `i18n_patterns` answered, or one under the prefix of such an include
(`admin/`, `documents/`), keeps its 404.

One view outside `i18n_patterns` matches the bare address `/`: django-ninja's placeholder root
of the Integreat API (mounted at the site root), which only ever answers 404. A reader opening
`http://host/` gets the retry, a redirect to the home page in their language.
"""

from functools import cache

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.cache import patch_vary_headers


@cache
def prefixes_without_language(urlconf):
    """The path prefixes of the top-level includes outside i18n_patterns ("admin/", …)."""
    prefixes = []
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern, URLResolver) and not isinstance(
            pattern.pattern, LocalePrefixPattern
        ):
            prefix = str(pattern.pattern)
            if prefix and not prefix.startswith("^"):
                prefixes.append("/" + prefix)
    return tuple(prefixes)


#: django-ninja's placeholder view at the root of an API (`default_home`, always a 404).
API_ROOT = "integreat:api-root"


def is_outside_language_urls(request) -> bool:
    """Whether a view without a language prefix answered, or the path is under such an include."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        if match.view_name == API_ROOT:
            return False
        return not translation.get_language_from_path(request.path_info)
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    return request.path_info.startswith(prefixes_without_language(urlconf))


class CityguideLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and is_outside_language_urls(request):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
