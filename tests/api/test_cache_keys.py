"""What the API cache stores, for how long, under which key, and what a change invalidates.

Key and TTL tests look into a real Redis (database 7 of the shared server, emptied by them).
"""

import datetime as dt
import threading
import time
import uuid

import pytest
import redis
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from guides.api import cache
from guides.models import ApiCacheVersion
from tests.api.conftest import unpublish
from tests.conftest import make_page
from tests.events.factories import make_event

PAGES = "/api/v3/augsburg/de/pages/"
EN_PAGES = "/api/v3/augsburg/en/pages/"
NUERNBERG_PAGES = "/api/v3/nuernberg/de/pages/"
EVENTS = "/api/v3/augsburg/de/events/"
REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture
def redis7(settings):
    server = redis.Redis.from_url(REDIS_URL)
    server.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cityguide-test",
        }
    }
    yield server
    server.flushdb()


def titles(client, url=PAGES):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return [item["title"] for item in response.json()]


# ---------------------------------------------------------------------------------------------
# Keys and TTLs


def test_undeclared_parameters_make_no_new_entries(city_tree, client, redis7):
    assert client.get(PAGES).status_code == 200
    children = "/api/v3/augsburg/de/children/?depth=2"
    assert client.get(children).status_code == 200
    stored = redis7.dbsize()
    for _ in range(3):
        assert client.get(f"{PAGES}?junk={uuid.uuid4().hex}").status_code == 200
        assert client.get(f"{children}&junk={uuid.uuid4().hex}").status_code == 200
    assert redis7.dbsize() == stored


def test_declared_parameters_still_make_their_own_entries(city_tree, client):
    top = client.get("/api/v3/augsburg/de/children/?depth=1").json()
    deep = client.get("/api/v3/augsburg/de/children/?depth=3").json()
    assert len(top) == 2
    assert len(deep) == 4


def test_an_unknown_city_writes_nothing(city_tree, client, redis7):
    slug = uuid.uuid4().hex
    for url in (
        f"/api/v3/regions/{slug}/",
        f"/api/v3/{slug}/languages/",
        f"/api/v3/{slug}/de/pages/",
        f"/api/v3/{slug}/de/events/",
    ):
        assert client.get(url).status_code == 404, url
    assert redis7.dbsize() == 0
    assert not ApiCacheVersion.objects.filter(scope__contains=slug).exists()


def test_every_entry_has_a_ttl(city_tree, client, redis7):
    for url in (PAGES, EN_PAGES, EVENTS, "/api/v3/regions/", "/api/v3/regions/augsburg/"):
        assert client.get(url).status_code == 200, url
    keys = redis7.keys("*")
    # of each: its meta, its identity body and the note of its path for the early 304
    assert len(keys) == 15
    for key in keys:
        assert 0 < redis7.ttl(key) <= cache.ENTRY_TIMEOUT, key


# ---------------------------------------------------------------------------------------------
# Invalidate by what changed


def test_a_translation_edit_leaves_the_other_languages_cached(
    city_tree, client, django_assert_num_queries
):
    assert titles(client)[0] == "Willkommen"
    assert titles(client, EN_PAGES)[0] == "Welcome"
    welcome = city_tree["willkommen_en"]
    welcome.title = "Welcome to Augsburg"
    welcome.save_revision().publish()
    with django_assert_num_queries(0):  # the German list's pre-built files are still current
        assert titles(client)[0] == "Willkommen"
    assert titles(client, EN_PAGES)[0] == "Welcome to Augsburg"


def test_unpublishing_a_page_updates_the_other_languages_links_to_it(city_tree, client):
    def languages_of_work(client):
        work = next(item for item in client.get(EN_PAGES).json() if item["title"] == "Work")
        return set(work["available_languages"])

    assert languages_of_work(client) == {"de"}
    unpublish(city_tree["arbeit"])
    assert languages_of_work(client) == set()


def test_an_image_in_one_citys_collection_leaves_the_other_city_cached(
    city_tree, nuernberg, client, django_assert_num_queries
):
    make_page(nuernberg, "Ankommen")
    assert titles(client, NUERNBERG_PAGES) == ["Ankommen"]
    versions = cache.current_versions(cache.city_scope("augsburg", "de"))
    Image.objects.create(
        title="Rathaus", file=get_test_image_file(), collection=city_tree["city"].collection
    )
    assert cache.current_versions(cache.city_scope("augsburg", "de")) != versions
    with django_assert_num_queries(0):  # Nürnberg's pre-built list is still current
        assert titles(client, NUERNBERG_PAGES) == ["Ankommen"]


def test_renaming_a_city_clears_its_old_slug(city_tree, client):
    assert client.get("/api/v3/regions/augsburg/").status_code == 200
    assert client.get(PAGES).status_code == 200
    city = city_tree["city"]
    city.slug = "augsburg-stadt"
    city.save_revision().publish()
    assert client.get("/api/v3/regions/augsburg/").status_code == 404
    assert client.get(PAGES).status_code == 404
    assert client.get("/api/v3/regions/augsburg-stadt/").status_code == 200


def test_an_event_moved_to_another_city_leaves_the_old_citys_list(city_tree, nuernberg, client):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    event = make_event(city_tree["city"], "Sprachcafé", start=tomorrow)

    def events_of(slug):
        return [e["title"] for e in client.get(f"/api/v3/{slug}/de/events/").json()]

    assert events_of("augsburg") == ["Sprachcafé"]
    assert events_of("nuernberg") == []
    event.city = nuernberg
    event.save_revision().publish()
    assert events_of("augsburg") == []
    assert events_of("nuernberg") == ["Sprachcafé"]


def test_the_events_list_is_modified_when_the_day_changes(city_tree, client, monkeypatch):
    today = timezone.localdate()
    first = client.get(EVENTS)
    assert first.status_code == 200
    same_day = client.get(EVENTS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert same_day.status_code == 304
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + dt.timedelta(days=1))
    next_day = client.get(EVENTS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert next_day.status_code == 200


def test_last_modified_of_a_city_never_predates_its_last_bump(city_tree, client):
    before = time.time()
    cache.bump_city_version("augsburg")
    response = client.get(PAGES)
    assert response["Last-Modified"] in (http_date(before), http_date(before + 1))


# ---------------------------------------------------------------------------------------------
# One rebuild at a time


def _rebuild_concurrently(key, *, first_fails=False, threads=8):
    builds = []
    answers = []
    lock = threading.Lock()

    def request():
        meta = cache.get_meta(key)
        if meta is None:
            with lock:
                builds.append(threading.get_ident())
                failing = first_fails and len(builds) == 1
            time.sleep(0.3)  # an expensive build
            if failing:
                cache.release_rebuild_locks()  # a 4xx answer: nothing cached, lock freed
                answers.append(None)
                return
            cache.set_entry(key, {"digest": "d"}, {"identity": b"[]"})
            meta = {"digest": "d"}
        answers.append(meta["digest"])

    workers = [threading.Thread(target=request) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return builds, answers


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_only_one_request_rebuilds_a_missing_entry(settings, backend, request):
    if backend == "redis":
        request.getfixturevalue("redis7")
    builds, answers = _rebuild_concurrently(uuid.uuid4().hex)
    assert len(builds) == 1
    assert answers == ["d"] * 8


def test_when_the_rebuild_fails_one_waiting_request_takes_over():
    builds, answers = _rebuild_concurrently(uuid.uuid4().hex, first_fails=True)
    assert len(builds) == 2
    assert sorted(answers, key=str) == [None] + ["d"] * 7


def test_a_failed_rebuild_leaves_no_lock_behind(city_tree, client):
    assert client.get("/api/v3/augsburg/de/page/?url=/augsburg/de/nirgends/").status_code == 404
    assert not [key for key in django_cache._cache if ":lock:" in key]


@pytest.mark.django_db
def test_a_bump_creates_or_adds_to_its_counters_in_one_statement():
    with CaptureQueriesContext(connection) as queries:
        cache.bump("city:neustadt", "city:neustadt:de", "city:neustadt")
    assert len(queries) == 1, [q["sql"] for q in queries]
    before = ApiCacheVersion.objects.get(scope="city:neustadt").changed_at
    cache.bump("city:neustadt")

    counters = ApiCacheVersion.objects.filter(scope__startswith="city:neustadt")
    assert dict(counters.values_list("scope", "counter")) == {
        "city:neustadt": 2,
        "city:neustadt:de": 1,
    }
    assert ApiCacheVersion.objects.get(scope="city:neustadt").changed_at >= before
