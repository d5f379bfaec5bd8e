"""Offline-friendly JSON responses: server-side cache, strong ETags, Last-Modified, 304, gzip.

The app re-checks every list daily over expensive phone data, so the common answer must be a
304 without a body, and a changed list should travel gzipped. Both identity and gzip bodies
are built once per content version and cached; a 304 reads only a small metadata entry.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.http import http_date, parse_http_date_safe

from guides.api import cache
from guides.api.city_context import ApiError
from guides.api.middleware import is_api_request

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

GZIP_SUFFIX = "-gzip"
MIN_GZIP_SIZE = 200


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def error_response(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    response["Cache-Control"] = "no-cache"
    return response


def try_again_response(
    request: HttpRequest,
    status: int,
    data: dict,
    title: str,
    message: str,
    seconds: int,
    *,
    link: tuple[str, str] | None = None,
) -> HttpResponse:
    """An answer that asks the client to come back in `seconds` (Retry-After, never cached).

    An API client that does not ask for HTML gets `data` as JSON; a browser gets a short page
    with the title and message, which loads itself again after `seconds`, and `link` (url,
    text) for a reader whose browser does not reload by itself."""
    wants_html = "text/html" in request.headers.get("Accept", "")
    if is_api_request(request) and not wants_html:
        response = JsonResponse(data, status=status)
    else:
        response = HttpResponse(
            format_html(
                '<!doctype html><html><head><meta charset="utf-8">'
                '<meta http-equiv="refresh" content="{}"><title>{}</title></head>'
                "<body><h1>{}</h1><p>{}</p>{}</body></html>",
                seconds,
                title,
                title,
                message,
                format_html('<p><a href="{}">{}</a></p>', *link) if link else "",
            ),
            status=status,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _etag_matches(header, digest):
    if header.strip() == "*":
        return True
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"').removesuffix(GZIP_SUFFIX)
        if tag == digest:
            return True
    return False


def _not_modified(request, digest, modified):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        return _etag_matches(if_none_match, digest)
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and math.ceil(modified) <= since


def _build(build):
    body = json_bytes(build())
    digest = hashlib.sha256(body).hexdigest()[:40]
    zipped = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= MIN_GZIP_SIZE else None
    return digest, (body, zipped)


def _headers(response, digest, modified, *, zipped):
    response["ETag"] = f'"{digest}{GZIP_SUFFIX if zipped else ""}"'
    # Never in the future: a change within this second must still count as newer.
    response["Last-Modified"] = http_date(min(math.ceil(modified), math.floor(time.time())))
    response["Cache-Control"] = settings.CITYGUIDE_API_CACHE_CONTROL
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def cached_json(
    request: HttpRequest, key: str, scopes: Iterable[str], build: Callable[[], Any]
) -> HttpResponse:
    """Answer with build()'s JSON, cached under the versions of scopes (see guides.api.cache).

    key names the answer (endpoint and normalized parameters); build raises ApiError for a
    4xx answer, which is not cached.
    """
    versions = cache.current_versions(*scopes)
    modified = cache.version_time(versions)
    entry_key = hashlib.sha256("|".join([key, *versions]).encode()).hexdigest()
    meta = cache.get_meta(entry_key)
    bodies = None
    if meta is None:
        try:
            digest, bodies = _build(build)
        except ApiError as error:
            return error_response(error.status, error.message)
        cache.set_entry(entry_key, {"digest": digest}, bodies)
    else:
        digest = meta["digest"]
    zipped = accepts_gzip(request)
    if _not_modified(request, digest, modified):
        response = HttpResponseNotModified()
        return _headers(response, digest, modified, zipped=zipped)
    if bodies is None:
        bodies = cache.get_body(entry_key)
        if bodies is None:  # evicted on its own: build again
            try:
                digest, bodies = _build(build)
            except ApiError as error:
                return error_response(error.status, error.message)
            cache.set_entry(entry_key, {"digest": digest}, bodies)
    body, gz = bodies
    zipped = zipped and gz is not None
    response = HttpResponse(gz if zipped else body, content_type="application/json")
    if zipped:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    return _headers(response, digest, modified, zipped=zipped)
