"""Server-side caching of API responses, invalidated by version keys that signals bump.

Every cached response is stored under a key that contains the current *versions* of what it
depends on: a global epoch (media, locales) and the city's version. Publishing, unpublishing,
moving or deleting anything of a city bumps that city's version, so the old entries are simply
never read again; nothing relies on a TTL guess. Versions live in Django's cache (Redis in
production), never in process memory, so every app server sees the same ones.

A version is "<random token>:<unix time of the bump>". The time doubles as the Last-Modified
of every response built under it. A version missing from the cache (evicted, or cache flushed)
is created afresh, which only ever makes responses look newer, never staler.
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guides.models import CityPage

PREFIX = "cityguide:api"
GLOBAL = "global"
REGIONS = "regions"
# Entries of outdated versions are unreachable anyway; the timeout only frees their memory.
ENTRY_TIMEOUT = 7 * 24 * 3600


def _version_key(name):
    return f"{PREFIX}:version:{name}"


def _new_version():
    return f"{uuid.uuid4().hex}:{time.time():.6f}"


def city_scope(city: CityPage | str) -> str:
    """The version name of a city; accepts a CityPage (any locale copy) or a slug."""
    slug = city if isinstance(city, str) else city.slug
    return f"city:{slug}"


def current_versions(*scopes: str) -> list[str]:
    """The versions of the global epoch and the given scopes, creating any that are missing."""
    names = [GLOBAL, *scopes]
    keys = [_version_key(name) for name in names]
    found = cache.get_many(keys)
    missing = {key: _new_version() for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            # add() keeps a version another server created meanwhile.
            if not cache.add(key, value, timeout=None):
                value = cache.get(key) or value
            found[key] = value
    return [found[key] for key in keys]


def version_time(versions: Iterable[str]) -> float:
    """The latest bump time among versions: the Last-Modified of what was built under them."""
    return max(float(version.rsplit(":", 1)[1]) for version in versions)


def _bump(*names):
    cache.set_many({_version_key(name): _new_version() for name in names}, timeout=None)


def _bump_now_and_after_commit(*names):
    # Bumping at once makes the change visible in this transaction; bumping again after the
    # commit discards anything a concurrent request cached from the pre-commit data.
    _bump(*names)
    transaction.on_commit(lambda: _bump(*names))


def bump_city_version(city: CityPage | str) -> None:
    """Invalidate every cached response about a city (its pages, events, locations, region).

    Public hook: call it whenever something a city's API responses contain changes.
    `city` is a CityPage (any locale copy) or a city slug.
    """
    _bump_now_and_after_commit(city_scope(city), REGIONS)


def bump_global_version() -> None:
    """Invalidate every cached API response (media files, locales: things any city can show)."""
    _bump_now_and_after_commit(GLOBAL)


def get_meta(key: str) -> dict[str, Any] | None:
    """The small part of a cached response (ETag, status): enough to answer a 304."""
    return cache.get(f"{PREFIX}:meta:{key}")


def get_body(key: str) -> tuple[bytes, bytes | None] | None:
    """The bodies of a cached response: (identity bytes, gzip bytes)."""
    return cache.get(f"{PREFIX}:body:{key}")


def set_entry(key: str, meta: dict[str, Any], body: tuple[bytes, bytes | None]) -> None:
    cache.set_many(
        {f"{PREFIX}:meta:{key}": meta, f"{PREFIX}:body:{key}": body}, timeout=ENTRY_TIMEOUT
    )
