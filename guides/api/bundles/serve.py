"""Answering `bundle/`: a built file, or 503 while it is being built. Never a build.

A request reads the city (three queries, for the API's 404s), the city-language version (one
query) and the bundle's index file; then it sends a pre-built file (the full bundle, or the
delta from `since` when one was built from that version). Every request costs the same four
queries whatever the size of the city. When nothing is built yet, or what is built is older
than the content (a lost task, a new day for events and news), it queues one build, at most
once a minute per city-language and version, and answers 503 (nothing built) or the older
bundle.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.http import FileResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.translation import gettext as _

from guides.api import http
from guides.api.bundles import store
from guides.api.cache import PREFIX, cache, language_counter
from guides.api.city_context import load_city
from guides.api.tasks import schedule_bundle_build

if TYPE_CHECKING:
    from pathlib import Path

    from django.http import HttpRequest, HttpResponse

RETRY_AFTER = 30  # seconds: a small city's bundle is built in a few
QUEUE_GUARD = 60  # seconds: one queued build per city-language and version in that time


def _request_build(slug, code, version):
    if cache.add(f"{PREFIX}:bundle-queued:{slug}:{code}:{version}", 1, timeout=QUEUE_GUARD):
        schedule_bundle_build(slug, code)


def _building(request):
    return http.try_again_response(
        request,
        503,
        {
            "status": "building",
            "retry_after": RETRY_AFTER,
            "message": _("The offline bundle is being built. Please try again shortly."),
        },
        _("The offline bundle is being built"),
        _("Please try again shortly."),
        RETRY_AFTER,
    )


def file_response(
    request: HttpRequest,
    path: Path,
    etag: str,
    modified: float,
    *,
    content_type: str,
    filename: str,
    version: int,
) -> HttpResponse:
    """A stored file with its ETag, Last-Modified and version, or a 304.

    The one place that sends bundle bytes: nginx's X-Accel-Redirect would replace only the
    FileResponse below."""
    if http.not_modified(request, etag, modified):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
            content_type=content_type,
            as_attachment=True,
            filename=filename,
        )
    return http.headers(response, etag, math.ceil(modified), encoding="identity", version=version)


def bundle_response(request: HttpRequest, slug: str, code: str, since: int | None) -> HttpResponse:
    load_city(slug).root_for(code)  # the API's 404s
    current = language_counter(slug, code)
    index = store.read_index(slug, code)
    if index is None:
        _request_build(slug, code, current)
        return _building(request)
    if index["version"] < current or index["built_on"] != timezone.localdate().isoformat():
        _request_build(slug, code, current)
    delta = index["deltas"].get(str(since)) if since is not None else None
    entry = delta or index["full"]
    kind = f"delta-{since}-{index['version']}" if delta else str(index["version"])
    try:
        return file_response(
            request,
            store.directory(slug, code) / entry["file"],
            entry["etag"],
            index["modified"],
            content_type="application/zip",
            filename=f"cityguide-{slug}-{code}-{kind}.zip",
            version=index["version"],
        )
    except FileNotFoundError:  # pruned by a build that finished since the index was read
        return _building(request)
