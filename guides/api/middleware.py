"""Middleware for the API paths: CORS, and keeping API 404s from becoming language redirects.

CORS: any origin may GET the read-only APIs. A few lines instead of a dependency: the API has no
credentials, so `*` is safe, and there is nothing to configure per origin.

Language redirects: Django's LocaleMiddleware answers every 404 outside i18n_patterns with a
redirect to /{lang}/… when that path would resolve, and Wagtail's catch-all page route makes
every path resolve. An API client must see the JSON 404 instead.
"""

import re

from django.http import HttpResponse

API_PATH = re.compile(r"^/(api/v[23]/|wp-json/|[^/]+/[^/]+/wp-json/)")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Length"


def is_api_request(request):
    return bool(API_PATH.match(request.path_info))


class ApiCorsMiddleware:
    """Goes first in MIDDLEWARE: it sees the final response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_request(request):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "If-None-Match, If-Modified-Since, Accept-Language, X-Integreat-Development"
            )
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            kept = getattr(request, "_api_not_found", None)
            if kept is not None and response is not kept and response.status_code in (301, 302):
                response = kept  # undo LocaleMiddleware's redirect of an API 404
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response


class KeepApiNotFoundMiddleware:
    """Goes right after LocaleMiddleware: remembers an API 404 so ApiCorsMiddleware restores it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and is_api_request(request):
            request._api_not_found = response
        return response
