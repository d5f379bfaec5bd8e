"""Middleware for the API paths: CORS, JSON errors, and keeping API 404s from becoming redirects.

CORS: any origin may GET the read-only APIs, and POST the app's feedback (guides.feedback). A few
lines instead of a dependency: the API has no credentials, so `*` is safe, and there is nothing
to configure per origin.

Language redirects: Django's LocaleMiddleware answers every 404 outside i18n_patterns with a
redirect to /{lang}/… when that path would resolve, and Wagtail's catch-all page route makes
every path resolve. An API client must see the JSON 404 instead.

JSON errors: an API client parses every answer as JSON, so no API path answers with an HTML
error page, whoever made it (Django's 404 and 500 handlers, a 405 from the router). A control
character (NUL, …) in the path or the query string is refused up front with a 400: no slug,
code, search or url of ours can hold one, and the database driver would choke on it.
"""

import re

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PATH = re.compile(r"^/(api/v[23]/|wp-json/|[^/]+/[^/]+/wp-json/)")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
FEEDBACK_PATH = re.compile(r"^/(api/v3/[^/]+/[^/]+/|[^/]+/[^/]+/wp-json/extensions/v3/)feedback/")
FEEDBACK_METHODS = "POST, OPTIONS"
CORS_METHODS = ("GET", "HEAD", "OPTIONS")
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Length, Retry-After, Cityguide-Version"


CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
V2_PATH = re.compile(r"^/api/v2/")


def is_api_request(request):
    return bool(API_PATH.match(request.path_info))


def api_error(request, status, message):
    """The API's error body: {"message"} on Wagtail's /api/v2/ (its own shape), else {"error"}."""
    key = "message" if V2_PATH.match(request.path_info) else "error"
    response = JsonResponse({key: message}, status=status)
    response["Cache-Control"] = "no-cache"
    return response


def _is_feedback(request):
    return bool(FEEDBACK_PATH.match(request.path_info))


def _control_character_in(request):
    values = [request.path_info]
    for key, items in request.GET.lists():
        values.append(key)
        values.extend(items)
    return any(CONTROL_CHARACTER.search(value) for value in values)


def _generic_message(status):
    if status == 404:
        return _("There is no API resource at this path.")
    if status == 405:
        return _("This method is not allowed here; the Allow header lists the methods that are.")
    if status >= 500:
        return _("The server could not answer this request; please try again later.")
    return _("The request was not understood.")


def as_json_error(request, response):
    """An HTML (or empty) error answer on an API path, turned into the API's JSON error."""
    if response.status_code < 400 or "json" in response.get("Content-Type", ""):
        return response
    json_response = api_error(request, response.status_code, _generic_message(response.status_code))
    for header in ("Allow", "Retry-After"):
        if header in response:
            json_response[header] = response[header]
    return json_response


class ApiCorsMiddleware:
    """Goes first in MIDDLEWARE: it sees the final response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_request(request):
            return self.get_response(request)
        if _control_character_in(request):
            response = api_error(
                request,
                400,
                _("The path or the query string holds a control character (such as NUL)."),
            )
        elif request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = (
                FEEDBACK_METHODS if _is_feedback(request) else ALLOWED_METHODS
            )
            response["Access-Control-Allow-Headers"] = (
                "If-None-Match, If-Modified-Since, Accept-Language, X-Integreat-Development, "
                "Content-Type"
            )
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            kept = getattr(request, "_api_not_found", None)
            if kept is not None and response is not kept and response.status_code in (301, 302):
                response = kept  # undo LocaleMiddleware's redirect of an API 404
            response = as_json_error(request, response)
        if request.method in CORS_METHODS or (request.method == "POST" and _is_feedback(request)):
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
