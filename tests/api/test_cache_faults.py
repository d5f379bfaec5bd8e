"""The cache is an optimisation: a refusing, failing or absent cache only makes answers slower.

Real Redis where it matters: a closed port, a Redis stopped and started again, and a full one
that refuses writes (a redis-server of the test's own on a free port, started and shut down by
these tests, so that suites running at once never stop each other's).
"""

import contextlib
import itertools
import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from wagtail.models import Locale, PageLogEntry

from guides.api import cache
from guides.api.cache import WARNING_INTERVAL, cache_warnings
from localization.tracking import current_source_revision_id, get_status
from tests.tools import unavailable

PAGES = "/api/v3/augsburg/de/pages/"
EN_PAGES = "/api/v3/augsburg/en/pages/"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_caches(port):
    return {
        "default": {
            "BACKEND": "guides.api.cache.FaultTolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "cityguide-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


class OwnRedis:
    """A redis-server of our own, to stop, start and fill."""

    def __init__(self, port):
        self.port = port
        self.client = redis.Redis(port=port)

    def start(self, *options):
        subprocess.run(
            [
                *("redis-server", "--port", str(self.port), "--save", ""),
                *("--appendonly", "no", "--daemonize", "yes", *options),
            ],
            check=True,
            capture_output=True,
        )
        for _ in range(100):
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        # Shutting down closes the connection, or the server was down already.
        with contextlib.suppress(redis.ConnectionError):
            self.client.shutdown(nosave=True)
        for _ in range(100):
            try:
                self.client.ping()
            except redis.ConnectionError:
                return
            time.sleep(0.05)

    def fill(self):
        """Until Redis refuses writes: OOM command not allowed when used memory > 'maxmemory'."""
        chunk = b"x" * 100_000
        for index in range(1000):
            try:
                self.client.set(f"filler:{index}", chunk)
            except redis.ResponseError:
                return
        raise RuntimeError("Redis never refused a write")


@pytest.fixture
def own_redis(settings):
    if shutil.which("redis-server") is None:
        unavailable(
            "redis-server is not installed (apt-get install redis-server)",
            required_by="CITYGUIDE_REQUIRE_REDIS",
        )
    server = OwnRedis(closed_port())
    yield server
    server.stop()


class RefusingCache(LocMemCache):
    """A cache whose writes fail (Redis full or gone), reads miss."""

    def _refuse(self, *args, **kwargs):
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    get = set = add = delete = get_many = set_many = delete_many = touch = _refuse


@pytest.fixture
def refusing_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "tests.api.test_cache_faults.RefusingCache"}}


@pytest.fixture(autouse=True)
def _fresh_warning_throttle():
    """Each test sees its own first warning (the throttle is per process)."""
    cache_warnings.last.clear()


def titles(client, url=PAGES):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return [item["title"] for item in response.json()]


def test_redis_on_a_closed_port_keeps_the_api_v2_and_html_pages_up(
    city_tree, client, settings, caplog
):
    settings.CACHES = redis_caches(closed_port())
    assert titles(client) == ["Willkommen", "Arbeit", "Praktikum", "Wohnen"]
    v2 = client.get("/api/v2/pages/?type=guides.GuidePage&fields=title")
    assert v2.status_code == 200
    assert "Praktikum" in [item["title"] for item in v2.json()["items"]]
    html = client.get(city_tree["willkommen"].url)
    assert html.status_code == 200
    assert "Hallo in Augsburg" in html.content.decode()
    assert "Cache get failed, treated as a miss" in caplog.text


def test_the_fault_tolerant_backend_keeps_redis_cache_semantics(settings):
    settings.CACHES = redis_caches(6379)
    settings.CACHES["default"]["LOCATION"] = "redis://127.0.0.1:6379/7"
    settings.CACHES["default"]["TIMEOUT"] = 60
    backend = caches["default"]
    backend.set("forever", 1, timeout=None)
    backend.set("default", 1)
    assert backend.add("default", 2) is False
    assert backend.incr("default") == 2
    with pytest.raises(ValueError):
        backend.incr("missing")
    client = backend._cache.get_client()
    assert client.ttl(backend.make_and_validate_key("forever")) == -1
    assert 0 < client.ttl(backend.make_and_validate_key("default")) <= 60
    backend.delete_many(["forever", "default"])


def test_a_cache_whose_every_call_raises_is_a_miss_for_the_api(city_tree, client, refusing_cache):
    first = client.get(PAGES)
    assert first.status_code == 200
    again = client.get(PAGES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_failing_cache_never_makes_a_request_wait_for_a_rebuild(refusing_cache, monkeypatch):
    def no_waiting(seconds):
        raise AssertionError("waited for a rebuild lock the cache cannot hold")

    monkeypatch.setattr(cache.time, "sleep", no_waiting)
    assert cache.get_meta("pages|augsburg|de") is None


def _publish_a_real_change(page, title, on_commit):
    """As the editor's Publish button does, the commit's callbacks (status tracking) included."""
    page.title = title
    with on_commit():
        page.save_revision().publish()


def _assert_publish_complete(city_tree, client, title):
    """The log entry, the status tracking (the new source revision) and the API all follow."""
    willkommen = city_tree["willkommen"]
    willkommen.refresh_from_db()
    assert PageLogEntry.objects.filter(page=willkommen, action="wagtail.publish").count() == 1
    assert current_source_revision_id(willkommen) == willkommen.live_revision_id
    assert get_status(willkommen, Locale.objects.get(language_code="en")) == "outdated"
    assert titles(client)[0] == title


def test_a_publish_succeeds_when_the_cache_refuses_writes(
    city_tree, client, refusing_cache, on_commit
):
    assert (
        current_source_revision_id(city_tree["willkommen"])
        != city_tree["willkommen"].get_latest_revision().id + 1
    )
    PageLogEntry.objects.all().delete()
    _publish_a_real_change(city_tree["willkommen"], "Herzlich willkommen", on_commit)
    _assert_publish_complete(city_tree, client, "Herzlich willkommen")


def test_a_publish_succeeds_when_redis_is_full(city_tree, client, settings, own_redis, on_commit):
    own_redis.start("--maxmemory", "3mb", "--maxmemory-policy", "noeviction")
    settings.CACHES = redis_caches(own_redis.port)
    assert titles(client)[0] == "Willkommen"  # cached while Redis still had room
    own_redis.fill()
    PageLogEntry.objects.all().delete()
    _publish_a_real_change(city_tree["willkommen"], "Herzlich willkommen", on_commit)
    _assert_publish_complete(city_tree, client, "Herzlich willkommen")


def test_a_publish_while_redis_is_unreachable_is_not_lost_when_it_comes_back(
    city_tree, client, settings, own_redis, on_commit
):
    own_redis.start()
    settings.CACHES = redis_caches(own_redis.port)
    assert titles(client)[0] == "Willkommen"
    cached = own_redis.client.dbsize()
    assert cached > 0
    settings.CACHES = redis_caches(closed_port())  # the network to Redis is gone
    assert titles(client)[0] == "Willkommen"  # from the database
    _publish_a_real_change(city_tree["willkommen"], "Herzlich willkommen", on_commit)
    assert titles(client)[0] == "Herzlich willkommen"
    settings.CACHES = redis_caches(own_redis.port)  # back, with the old entry still in it
    assert own_redis.client.dbsize() == cached
    assert titles(client)[0] == "Herzlich willkommen"


def test_an_outage_logs_one_warning_per_operation_and_interval_with_the_count(
    settings, caplog, monkeypatch
):
    settings.CACHES = redis_caches(closed_port())
    clock = itertools.chain([1000.0] * 50, itertools.repeat(1000.0 + WARNING_INTERVAL + 1))
    monkeypatch.setattr(cache_warnings, "clock", lambda: next(clock))
    backend = caches["default"]

    with caplog.at_level(logging.WARNING, logger="guides.api.cache"):
        for _ in range(51):
            assert backend.get("some-key") is None

    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2
    assert warnings[0].startswith("Cache get failed, treated as a miss: ")
    assert warnings[1].endswith(f"(and 49 more failures in the last {int(WARNING_INTERVAL) + 1} s)")
