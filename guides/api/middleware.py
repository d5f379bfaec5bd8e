"""CORS for the read-only APIs: any origin may GET them; nothing else is allowed cross-site.

A few lines instead of a dependency: the API has no credentials, so `*` is safe, and there is
nothing to configure per origin.
"""

import re

from django.http import HttpResponse

API_PATH = re.compile(r"^/(api/v[23]/|wp-json/|[^/]+/[^/]+/wp-json/)")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Length"


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not API_PATH.match(request.path):
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
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response
