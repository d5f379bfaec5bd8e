"""Server-side caching of API responses: an optimisation, never a point of failure.

Every cached response is stored under a key that contains the current *versions* of what it
depends on. A version is a counter row in the database (`ApiCacheVersion`), bumped with an
UPDATE in the same transaction as the publish, unpublish, move or delete that changes the
content. An invalidation therefore commits or rolls back with the change itself; it can never
be lost to a cache that refused a write, and a publish never fails because of the cache.

Scopes: the global epoch (media, locales), the regions list, a city, and a city's language.
A city's scope covers all its languages; a language's scope covers the city-wide counter and
its own. Versions exist only as rows for real cities (created by a bump), so no request can
create one, and reading them is one query.

A version is "<counter>:<unix time of the last bump>". The time is the Last-Modified of every
response built under it. The `TODAY` scope changes at local midnight, for answers (events)
that depend on the date.

Entries (and the short rebuild locks) all have a TTL. Any cache error counts as a miss and is
logged: `FaultTolerantRedisCache` is the production backend, so Wagtail's and Django's own
lookups survive a Redis outage as well.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import time
from datetime import datetime
from datetime import time as day_time
from typing import TYPE_CHECKING, Any

from django.core.cache import cache as django_cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.signals import request_finished
from django.db import connections, router
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from guides.models import ApiCacheVersion

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest
    from ninja import NinjaAPI

    from guides.models import CityPage

logger = logging.getLogger(__name__)

#: Sent with `slug` when a whole city's version is bumped (in the bump's transaction).
city_bumped = Signal()
#: Sent with `scopes` whenever versions are bumped (in the bump's transaction).
versions_bumped = Signal()

PREFIX = "cityguide:api"
GLOBAL = "global"
REGIONS = "regions"
TODAY = "today"
# Entries of outdated versions are unreachable anyway; the timeout frees their memory and
# bounds what a client can make us store.
ENTRY_TIMEOUT = 24 * 3600
# One request rebuilds a missing entry; the others wait up to LOCK_WAIT seconds for it.
LOCK_TIMEOUT = 10
LOCK_WAIT = 3.0
LOCK_POLL = 0.02


# ---------------------------------------------------------------------------------------------
# A cache whose failures are misses


# During an outage every request fails several cache calls: one warning per operation and
# interval, with the number of failures it stands for, keeps the log readable.
WARNING_INTERVAL = 10.0


class _WarningThrottle:
    def __init__(self, interval, clock=time.monotonic):
        self.interval = interval
        self.clock = clock
        self.lock = threading.Lock()
        self.last = {}  # operation -> (time of the last warning, failures since)

    def warn(self, name, error):
        now = self.clock()
        with self.lock:
            since, count = self.last.get(name, (None, 0))
            if since is not None and now - since < self.interval:
                self.last[name] = (since, count + 1)
                return
            self.last[name] = (now, 0)
        if count:
            logger.warning(
                "Cache %s failed, treated as a miss: %r (and %d more failures in the last %d s)",
                name,
                error,
                count,
                round(now - since),
            )
        else:
            logger.warning("Cache %s failed, treated as a miss: %r", name, error)


cache_warnings = _WarningThrottle(WARNING_INTERVAL)


class _FaultTolerant:
    """Cache methods that log a failure and answer like a miss instead of raising."""

    def _target(self, name):
        raise NotImplementedError

    def _try(self, name, fallback, *args, **kwargs):
        try:
            return self._target(name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 (any failure of the cache is only a miss)
            cache_warnings.warn(name, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._try("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, key, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set", None, key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("add", False, key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set_many", list(data), data, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._try("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._try("delete_many", None, keys, version=version)

    def clear(self):
        return self._try("clear", None)

    def incr(self, key, delta=1, version=None):
        try:
            return self._target("incr")(key, delta, version=version)
        except ValueError:
            raise  # the key does not exist: Django's answer, not a failure
        except Exception as error:
            cache_warnings.warn("incr", error)
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).") from error

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)


class FaultTolerantRedisCache(_FaultTolerant, RedisCache):
    """Django's RedisCache, except that an unreachable or failing Redis is a cache miss."""

    def _target(self, name):
        return getattr(super(_FaultTolerant, self), name)


class _TolerantDefaultCache(_FaultTolerant):
    """The default cache as this module uses it, fault tolerant whatever its backend."""

    def _target(self, name):
        return getattr(django_cache, name)


cache = _TolerantDefaultCache()


# ---------------------------------------------------------------------------------------------
# Versions, from the database


def city_scope(city: CityPage | str, language: str | None = None) -> str:
    """The scope of a city (all its languages), or of one of its languages.

    Accepts a CityPage (any locale copy) or a slug."""
    slug = city if isinstance(city, str) else city.slug
    return f"city:{slug}" if language is None else f"city:{slug}:{language}"


def _scope_filter(scope):
    """Which counter rows a scope's version is made of."""
    if scope.startswith("city:"):
        parts = scope.split(":")
        city = f"city:{parts[1]}"
        if len(parts) == 2:  # the whole city: its own row and every language's
            return Q(scope=city) | Q(scope__startswith=f"{city}:")
        return Q(scope__in=[city, scope])
    return Q(scope=scope)


def covers(scope: str, row_scope: str) -> bool:
    """Whether a bump of the counter row `row_scope` changes the version of `scope`."""
    if scope.startswith("city:") and scope.count(":") == 1:
        return row_scope == scope or row_scope.startswith(f"{scope}:")
    if scope.startswith("city:"):
        return row_scope in (scope, scope.rsplit(":", 1)[0])
    return row_scope == scope


def _today_version():
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.combine(today, day_time.min))
    return f"{today.isoformat()}:{midnight.timestamp():.6f}"


def current_versions(*scopes: str) -> list[str]:
    """The versions of the global epoch and the given scopes: one query, no writes."""
    names = [GLOBAL, *scopes]
    stored = [name for name in names if name != TODAY]
    query = Q()
    for name in stored:
        query |= _scope_filter(name)
    rows = list(ApiCacheVersion.objects.filter(query).values_list("scope", "counter", "changed_at"))
    versions = []
    for name in names:
        if name == TODAY:
            versions.append(_today_version())
            continue
        mine = [row for row in rows if covers(name, row[0])]
        counter = sum(row[1] for row in mine)
        changed = max((row[2].timestamp() for row in mine), default=0.0)
        versions.append(f"{counter}:{changed:.6f}")
    return versions


def counter(version: str) -> int:
    """The counter part of a version: a number that only grows (a delta's `since`)."""
    return int(version.split(":", 1)[0])


def language_counter(city: CityPage | str, language: str) -> int:
    """The city-language version's counter, as `Cityguide-Version` states it (one query)."""
    return counter(current_versions(city_scope(city, language))[1])


def version_time(versions: Iterable[str]) -> float:
    """The latest bump time among versions: the Last-Modified of what was built under them."""
    return max(float(version.rsplit(":", 1)[1]) for version in versions)


def _upsert_counters(scopes: list[str], now: datetime) -> None:
    """Create each scope's row at 1, or add 1 to it: one statement (PostgreSQL and SQLite
    both know `INSERT … ON CONFLICT … DO UPDATE`; Django's `bulk_create` cannot add)."""
    meta = ApiCacheVersion._meta
    connection = connections[router.db_for_write(ApiCacheVersion)]
    quote = connection.ops.quote_name
    table, scope, counter, changed = (
        quote(name) for name in (meta.db_table, "scope", "counter", "changed_at")
    )
    changed_at = meta.get_field("changed_at").get_db_prep_value(now, connection)
    rows = ", ".join(["(%s, 1, %s)"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({scope}, {counter}, {changed}) VALUES {rows} "
            f"ON CONFLICT ({scope}) DO UPDATE SET {counter} = {table}.{counter} + 1, "
            f"{changed} = excluded.{changed}",
            [value for name in scopes for value in (name, changed_at)],
        )


def bump(*scopes: str) -> None:
    """Bump the counters of scopes in the current transaction (one statement).

    Call it only for scopes that exist (a real city); rows are created on the first bump.
    A whole city's bump sends `city_bumped`, on which the worker is asked to rebuild the
    city's stored page objects (guides.api.signals, guides.api.fragments): whatever changed
    city-wide may show in them."""
    scopes = tuple(dict.fromkeys(scopes))  # a row is bumped once per statement
    _upsert_counters(list(scopes), timezone.now())
    versions_bumped.send(sender=ApiCacheVersion, scopes=scopes)
    cities = {s.split(":")[1] for s in scopes if s.startswith("city:") and s.count(":") == 1}
    for slug in sorted(cities):
        city_bumped.send(sender=ApiCacheVersion, slug=slug)


def bump_city_version(city: CityPage | str, language: str | None = None) -> None:
    """Invalidate every cached response about a city, or only about one of its languages.

    Public hook: call it whenever something a city's API responses contain changes.
    `city` is a CityPage (any locale copy) or a city slug.
    """
    bump(city_scope(city, language))


def bump_regions_version() -> None:
    """Invalidate the regions list (a city root, its name, languages or visibility changed)."""
    bump(REGIONS)


def bump_global_version() -> None:
    """Invalidate every cached API response (locales: things any city can show)."""
    bump(GLOBAL)


# ---------------------------------------------------------------------------------------------
# Keys: only what an endpoint declares


def _route_of(openapi_path):
    """/api/v3/{city}/pages/ as Django's resolver writes the route: api/v3/<city>/pages/."""
    return re.sub(r"\{(\w+)\}", r"<\1>", openapi_path.lstrip("/"))


@functools.cache
def _declared_query_parameters(api: NinjaAPI) -> dict[str, tuple[str, ...]]:
    """{route: the query parameters its GET operation declares}, from the API's own schema."""
    schema = api.get_openapi_schema()
    return {
        _route_of(path): tuple(
            sorted(p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query")
        )
        for path, item in schema["paths"].items()
        if "get" in item
    }


def request_key(api: NinjaAPI, request: HttpRequest, name: str, *parts: str) -> str:
    """The name of a cached answer: endpoint, path parts and the declared query parameters.

    Undeclared parameters (`?junk=…`) change nothing in the answer, so they are left out and
    cannot make new entries."""
    route = request.resolver_match.route
    declared = _declared_query_parameters(api)
    names = declared.get(route)
    if names is None:  # the API is mounted below a prefix
        names = next((v for k, v in declared.items() if route.endswith(k)), None)
    if names is None:  # not a route of this API: keep every parameter, as safe as ever
        names = tuple(sorted(request.GET))
    query = "&".join(f"{param}={value}" for param in names for value in request.GET.getlist(param))
    return "|".join([name, *parts, query])


# ---------------------------------------------------------------------------------------------
# Entries, with one rebuild at a time

_held_locks = threading.local()


def _lock_key(key):
    return f"{PREFIX}:lock:{key}"


def _held():
    if not hasattr(_held_locks, "keys"):
        _held_locks.keys = set()
    return _held_locks.keys


def _take_lock(key):
    if cache.add(_lock_key(key), 1, timeout=LOCK_TIMEOUT):
        _held().add(key)
        return True
    return False


def _release(key):
    _held().discard(key)
    cache.delete(_lock_key(key))


def release_rebuild_locks(**kwargs: Any) -> None:
    """At the end of a request, free the locks of rebuilds that ended without an entry (4xx)."""
    for key in list(_held()):
        _release(key)


request_finished.connect(release_rebuild_locks, dispatch_uid="guides-api-cache-locks")


def get_meta(key: str) -> dict[str, Any] | None:
    """The small part of a cached response (ETag, status): enough to answer a 304.

    On a miss, the caller is expected to build the entry and `set_entry` it. Only one request
    at a time does: the others wait briefly for its entry, and build it themselves only if it
    does not come (the builder failed, or the cache is down)."""
    meta_key, lock_key = f"{PREFIX}:meta:{key}", _lock_key(key)
    meta = cache.get(meta_key)
    if meta is not None or _take_lock(key):
        return meta
    deadline = time.monotonic() + LOCK_WAIT
    while time.monotonic() < deadline:
        if not cache.has_key(lock_key):
            meta = cache.get(meta_key)
            if meta is not None or _take_lock(key) or not cache.has_key(lock_key):
                return meta  # the entry is there, or it is our turn, or the cache is down
        time.sleep(LOCK_POLL)
        meta = cache.get(meta_key)
        if meta is not None:
            return meta
    return None


def get_body(key: str, encoding: str) -> bytes | None:
    """One stored body of a cached response: "identity", "gzip" or "br" (each its own entry,
    so a hit reads only the bytes it sends)."""
    return cache.get(f"{PREFIX}:body:{key}:{encoding}")


def set_body(key: str, encoding: str, body: bytes) -> None:
    cache.set(f"{PREFIX}:body:{key}:{encoding}", body, timeout=ENTRY_TIMEOUT)


def set_entry(key: str, meta: dict[str, Any], bodies: dict[str, bytes]) -> None:
    """Store a response's metadata and the bodies built so far ({encoding: bytes})."""
    entries = {f"{PREFIX}:body:{key}:{encoding}": body for encoding, body in bodies.items()}
    cache.set_many({f"{PREFIX}:meta:{key}": meta, **entries}, timeout=ENTRY_TIMEOUT)
    if key in _held():
        _release(key)


def peek_meta(key: str) -> dict[str, Any] | None:
    """The metadata of a cached response, if there is one: no lock, no waiting."""
    return cache.get(f"{PREFIX}:meta:{key}")


# ---------------------------------------------------------------------------------------------
# The early conditional path: which entry a raw request path names


def path_key(path: str, query: str) -> str:
    return f"{PREFIX}:path:" + hashlib.sha256(f"{path}?{query}".encode()).hexdigest()


def remember_path(path: str, query: str, name: str, scopes: list[str], headers: bool) -> None:
    """Note which answer (its key and scopes) a request path names, so that the conditional
    middleware can answer a 304 before sessions, auth and routing."""
    cache.set(path_key(path, query), (name, scopes, headers), timeout=ENTRY_TIMEOUT)


def recall_path(path: str, query: str) -> tuple[str, list[str], bool] | None:
    return cache.get(path_key(path, query))
