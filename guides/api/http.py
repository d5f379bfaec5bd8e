"""Offline-friendly JSON responses: server-side cache, strong ETags, Last-Modified, 304,
brotli and gzip.

The app re-checks every list daily over expensive phone data, so the common answer must be a
304 without a body (guides.api.conditional answers it before sessions, auth and routing), and
a changed list should travel compressed. Each encoding of a body (identity, gzip, brotli) is
built once per content version, the first time a client asks for it, and cached under its own
key; a 304 reads only a small metadata entry.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import math
import time
from typing import TYPE_CHECKING, Any

import brotli
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.http import http_date, parse_http_date_safe

from guides.api import cache, prebuilt
from guides.api.city_context import ApiError
from guides.api.middleware import is_api_request

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

GZIP_SUFFIX = "-gzip"
BROTLI_SUFFIX = "-br"
# Bodies are compressed once per version, in the first request that asks for the encoding:
# quality 5 is as small as gzip -9 at a fraction of brotli -11's time.
BROTLI_QUALITY = 5
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


ENCODINGS = ("br", "gzip")  # in order of preference
SUFFIXES = {"gzip": "-gzip", "br": "-br", "identity": ""}
VERSION_HEADER = "Cityguide-Version"


def accepted_encodings(request: HttpRequest) -> set[str]:
    """The content codings the client accepts (q > 0)."""
    accepted = set()
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _sep, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip() if params else "1"
        try:
            positive = float(quality) > 0
        except ValueError:
            positive = True
        if name.strip() and positive:
            accepted.add(name.strip().lower())
    return accepted


def accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in accepted_encodings(request)


def chosen_encoding(request: HttpRequest) -> str:
    """Brotli where accepted, else gzip where accepted, else the identity."""
    accepted = accepted_encodings(request)
    return next((name for name in ENCODINGS if name in accepted), "identity")


def compress(body: bytes, encoding: str) -> bytes | None:
    """The body in a content coding, or None when it is too short to be worth it."""
    if encoding == "identity":
        return body
    if len(body) < MIN_GZIP_SIZE:
        return None
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, compresslevel=6, mtime=0)


def _etag_matches(header, digest):
    if header.strip() == "*":
        return True
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        for suffix in (GZIP_SUFFIX, BROTLI_SUFFIX):
            tag = tag.removesuffix(suffix)
        if tag == digest:
            return True
    return False


def not_modified(request, digest, modified):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        return _etag_matches(if_none_match, digest)
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and math.ceil(modified) <= since


def last_modified(modified: float) -> str:
    """The Last-Modified of what was built under a version changed at `modified`.

    Never in the future: a change within this second must still count as newer."""
    return http_date(min(math.ceil(modified), math.floor(time.time())))


def headers(response, digest, modified, *, encoding, version=None, date=None):
    """The caching headers of an answer; `date` is its Last-Modified when already fixed (a
    pre-built answer's, guides.api.prebuilt)."""
    response["ETag"] = f'"{digest}{SUFFIXES[encoding]}"'
    response["Last-Modified"] = date or last_modified(modified)
    response["Cache-Control"] = settings.CITYGUIDE_API_CACHE_CONTROL
    if version is not None:
        response[VERSION_HEADER] = str(version)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def not_modified_response(request, digest, modified, version=None):
    """A 304 with the headers of the answer it stands for (the encoding this client gets)."""
    encoding = chosen_encoding(request)
    return headers(HttpResponseNotModified(), digest, modified, encoding=encoding, version=version)


def entry_key(key: str, versions: Iterable[str]) -> str:
    return hashlib.sha256("|".join([key, *versions]).encode()).hexdigest()


def cached_body(
    request: HttpRequest,
    key: str,
    scopes: list[str],
    build: Callable[[list[str]], bytes],
    *,
    version_header: bool = False,
) -> HttpResponse:
    """Answer with build(versions)'s JSON bytes, cached under the versions of scopes.

    Each encoding of the body is its own cache entry, built the first time a client asks for
    it: a hit reads the small metadata entry and the one body it sends. key names the answer
    (endpoint and normalized parameters); build raises ApiError for a 4xx answer, which is not
    cached. version_header: the answer carries `Cityguide-Version`, the counter of the first
    scope's version (a city-language's, for the pages list).
    """
    versions = cache.current_versions(*scopes)
    modified = cache.version_time(versions)
    version = cache.counter(versions[1]) if version_header else None
    entry = entry_key(key, versions)
    meta = cache.get_meta(entry)
    identity, built, date = None, {}, None
    if meta is None:
        try:
            identity = build(versions)
        except ApiError as error:
            return error_response(error.status, error.message)
        meta = {"digest": hashlib.sha256(identity).hexdigest()[:40]}
        built = {"identity": identity}
        cache.set_entry(entry, meta, built)
        if version_header and len(scopes) == 1 and not request.META.get("QUERY_STRING"):
            # Every encoding now, for the files; this answer takes its body from them.
            date = last_modified(modified)
            built = _prebuild(request, scopes[0], versions, version, meta, built, date)
        cache.remember_path(
            request.path_info, request.META.get("QUERY_STRING", ""), key, scopes, version_header
        )
    digest = meta["digest"]
    if not_modified(request, digest, modified):
        return not_modified_response(request, digest, modified, version)
    encoding = chosen_encoding(request)
    body = built.get(encoding) or cache.get_body(entry, encoding)
    if body is None and encoding != "identity" and identity is None:
        identity = cache.get_body(entry, "identity")
    if body is None:
        if identity is None:  # evicted on its own: build again
            try:
                identity = build(versions)
            except ApiError as error:
                return error_response(error.status, error.message)
            digest = hashlib.sha256(identity).hexdigest()[:40]
            cache.set_entry(entry, {"digest": digest}, {"identity": identity})
        body = compress(identity, encoding)
        if body is None:  # too short to compress
            encoding, body = "identity", identity
        else:
            cache.set_body(entry, encoding, body)
    response = HttpResponse(body, content_type="application/json")
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(body))
    return headers(response, digest, modified, encoding=encoding, version=version, date=date)


def _prebuild(request, scope, versions, version, meta, bodies, date):
    """Write a list's bodies as files for nginx and the early path (guides.api.prebuilt): the
    identity and this client's encoding now, the others after the response; returns the
    bodies built now ({encoding: bytes})."""
    if prebuilt.root() is None:
        return bodies
    bodies = dict(bodies)
    identity, now = bodies["identity"], chosen_encoding(request)
    if now != "identity" and (body := compress(identity, now)) is not None:
        bodies[now] = body

    def later():
        rest = {name: compress(identity, name) for name in ENCODINGS if name not in bodies}
        return {name: body for name, body in rest.items() if body is not None}

    prebuilt.store(
        request.path_info,
        scope,
        versions,
        version=version,
        digest=meta["digest"],
        modified=cache.version_time(versions),
        last_modified=date,
        bodies=bodies,
        later=later,
    )
    return bodies


def prebuilt_response(request: HttpRequest, answer: prebuilt.Answer) -> HttpResponse:
    """A pre-built answer's 304, or its body in the encoding this client gets (the same
    headers as `cached_body`'s); None when its file went away meanwhile."""
    if not_modified(request, answer.digest, answer.modified):
        encoding = chosen_encoding(request)
        response = HttpResponseNotModified()
    else:
        # This client's encoding; while it is not written yet (guides.api.prebuilt adds it
        # after the building response) or never is (too short), another one it accepts.
        accepted = accepted_encodings(request)
        body = None
        for encoding in [*(name for name in ENCODINGS if name in accepted), "identity"]:
            with contextlib.suppress(FileNotFoundError):
                body = answer.body_path(encoding).read_bytes()
                break
        if body is None:
            return None
        response = HttpResponse(body, content_type="application/json")
        if encoding != "identity":
            response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(body))
    return headers(
        response,
        answer.digest,
        answer.modified,
        encoding=encoding,
        version=answer.version,
        date=answer.last_modified,
    )


def cached_json(
    request: HttpRequest,
    key: str,
    scopes: Iterable[str],
    build: Callable[[], Any],
    *,
    version_header: bool = False,
) -> HttpResponse:
    """Answer with build()'s JSON, cached under the versions of scopes (see cached_body)."""
    return cached_body(
        request,
        key,
        list(scopes),
        lambda versions: json_bytes(build()),
        version_header=version_header,
    )
