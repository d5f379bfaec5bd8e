"""Every API route: Integreat /api/v3 (+ legacy aliases), Wagtail API v2, headless preview.

The Integreat app calls some paths without their trailing slash (`…/news`, the PDF alias
`…/wp-json/ig-mpdf/v1/pdf`). Django would answer those with a 301 to the slashed path, one
more round trip on a phone; `without_trailing_slash` answers them directly instead, for every
/api/v3 and wp-json route, present and future.
"""

from django.http import Http404
from django.urls import Resolver404, get_resolver, path, re_path
from django.views.decorators.csrf import csrf_exempt

from guides.api.v2 import api_router
from guides.api.v3 import api

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@csrf_exempt  # only delegates: a view that checks CSRF is not called for an unsafe method
def without_trailing_slash(request, api_path):
    """Answer /{api_path} as the route at /{api_path}/ would, without a redirect."""
    try:
        match = get_resolver(__name__).resolve(f"/{api_path}/")
    except Resolver404:
        raise Http404(api_path) from None
    if request.method not in SAFE_METHODS and not getattr(match.func, "csrf_exempt", False):
        raise Http404(api_path)
    request.resolver_match = match
    return match.func(request, *match.args, **match.kwargs)


urlpatterns = [
    path("api/v2/", api_router.urls),
    path("", api.urls),
    re_path(
        r"^(?P<api_path>(?:api/v3/|wp-json/|[^/]+/[^/]+/wp-json/)[^?]*[^/])$",
        without_trailing_slash,
        name="api-without-trailing-slash",
    ),
]
