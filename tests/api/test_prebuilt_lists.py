"""Pre-built pages lists as files (guides.api.prebuilt): written when a list is built, served
by the early path before the rest of the stack, unreachable once a change commits."""

import gzip
import os
import time
from datetime import UTC, datetime

import brotli
import pytest
from django.core.signals import request_finished
from django.utils.http import http_date

from guides.api import cache, prebuilt
from guides.models import ApiCacheVersion
from tests.api.conftest import decoded, unpublish

PAGES = "/api/v3/augsburg/de/pages/"
LEGACY_PAGES = "/augsburg/de/wp-json/extensions/v3/pages/"
# What a client or a CDN acts on; the early path and nginx send these exactly as the view does.
SAME_HEADERS = (
    "Content-Type",
    "Content-Encoding",
    "Content-Length",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Cityguide-Version",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "X-Content-Type-Options",
    "Content-Security-Policy",
)


def same_headers(response):
    return {name: response.get(name) for name in SAME_HEADERS}


def titles(client, path=PAGES):
    return [item["title"] for item in decoded(client.get(path))]


@pytest.mark.parametrize("path", [PAGES, LEGACY_PAGES])
def test_a_built_list_is_stored_as_files_in_every_encoding(city_tree, client, path):
    built = client.get(path, HTTP_ACCEPT_ENCODING="identity")
    answer = prebuilt.current(path)
    assert answer is not None
    assert answer.digest in built["ETag"]
    assert answer.version == int(built["Cityguide-Version"])
    assert answer.last_modified == built["Last-Modified"]
    identity = answer.body_path("identity").read_bytes()
    assert identity == built.content
    assert gzip.decompress(answer.body_path("gzip").read_bytes()) == identity
    assert brotli.decompress(answer.body_path("br").read_bytes()) == identity


@pytest.mark.parametrize("accept", ["br, gzip", "gzip", "identity", "gzip;q=0, br;q=0"])
def test_the_early_path_answers_from_the_files_with_the_views_headers(
    city_tree, client, django_assert_num_queries, accept
):
    built = client.get(PAGES, HTTP_ACCEPT_ENCODING=accept)
    with django_assert_num_queries(0):
        early = client.get(PAGES, HTTP_ACCEPT_ENCODING=accept)
        not_modified = client.get(
            PAGES, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=early["ETag"]
        )
    assert same_headers(early) == same_headers(built)
    assert "Accept-Encoding" in early["Vary"]
    assert early.content == built.content
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == built["ETag"]
    assert not_modified["Cityguide-Version"] == built["Cityguide-Version"]


def test_brotli_and_gzip_files_decode_to_the_views_json(city_tree, client):
    from_view = client.get(PAGES, HTTP_ACCEPT_ENCODING="identity").json()
    brotli_answer = client.get(PAGES, HTTP_ACCEPT_ENCODING="br")
    gzip_answer = client.get(PAGES, HTTP_ACCEPT_ENCODING="gzip")
    assert brotli_answer["Content-Encoding"] == "br"
    assert gzip_answer["Content-Encoding"] == "gzip"
    assert decoded(brotli_answer) == decoded(gzip_answer) == from_view


def test_if_modified_since_from_the_files_counts_the_versions_time(
    city_tree, client, django_assert_num_queries
):
    changed = datetime(2026, 1, 1, 12, 0, 0, 500000, tzinfo=UTC)  # half a second past
    ApiCacheVersion.objects.update(changed_at=changed)
    built = client.get(PAGES)
    assert built["Last-Modified"] == http_date(changed.timestamp() + 0.5)  # rounded up
    with django_assert_num_queries(0):
        same = client.get(PAGES, HTTP_IF_MODIFIED_SINCE=built["Last-Modified"])
        before = client.get(PAGES, HTTP_IF_MODIFIED_SINCE=http_date(changed.timestamp() - 0.5))
    assert same.status_code == 304
    assert before.status_code == 200


def test_a_publish_makes_the_old_files_unreachable_when_it_commits(
    city_tree, client, django_capture_on_commit_callbacks
):
    assert titles(client)[0] == "Willkommen"
    old = prebuilt.current(PAGES)
    welcome = city_tree["willkommen"]
    welcome.title = "Herzlich willkommen"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        welcome.save_revision().publish()
    assert callbacks  # the commit points the path at none/ again
    assert prebuilt.current(PAGES) is None
    assert old.body_path("identity").exists()  # kept a while for reads in flight
    assert titles(client)[0] == "Herzlich willkommen"
    assert prebuilt.current(PAGES).digest != old.digest


def test_an_unpublish_makes_the_files_unreachable(city_tree, client):
    assert "Arbeit" in titles(client)
    unpublish(city_tree["arbeit"])
    assert prebuilt.current(PAGES) is None
    assert "Arbeit" not in titles(client)


def test_a_list_built_before_a_commit_does_not_become_current_after_it(city_tree, client):
    """The race a publish must win: a request read the versions, the publish committed and
    made the path stale, and only then does the request store what it built."""
    versions = cache.current_versions(cache.city_scope("augsburg", "de"))
    cache.bump_city_version("augsburg", "de")
    stored = prebuilt.store(
        PAGES,
        cache.city_scope("augsburg", "de"),
        versions,
        version=cache.counter(versions[1]),
        digest="0" * 40,
        modified=cache.version_time(versions),
        last_modified="Mon, 30 Nov 2026 00:00:00 GMT",
        bodies={"identity": b"[]"},
    )
    assert stored is False
    assert prebuilt.current(PAGES) is None
    assert titles(client)  # the view builds the current list


def test_a_change_elsewhere_keeps_the_files_current(city_tree, nuernberg, client):
    client.get(PAGES)
    answer = prebuilt.current(PAGES)
    cache.bump_city_version("nuernberg")
    cache.bump_city_version("augsburg", "en")
    assert prebuilt.current(PAGES) == answer


def test_a_global_change_makes_every_list_stale(city_tree, client):
    client.get(PAGES)
    cache.bump_global_version()
    assert prebuilt.current(PAGES) is None


@pytest.mark.parametrize("query", ["since=0", "x=1"])
def test_a_query_string_goes_to_the_view(city_tree, client, query):
    client.get(PAGES)
    welcome = city_tree["willkommen"]
    answer = prebuilt.current(PAGES)
    answer.body_path("identity").write_bytes(b'["from the file"]')  # what the view never says
    response = client.get(f"{PAGES}?{query}", HTTP_ACCEPT_ENCODING="identity")
    assert b"from the file" not in response.content
    assert str(welcome.pk).encode() in response.content


def test_a_vanished_file_falls_back_to_the_view(city_tree, client):
    built = client.get(PAGES, HTTP_ACCEPT_ENCODING="gzip")
    prebuilt.current(PAGES).body_path("gzip").unlink()
    prebuilt.current(PAGES).body_path("identity").unlink()
    again = client.get(PAGES, HTTP_ACCEPT_ENCODING="gzip")
    assert again.status_code == 200
    assert decoded(again) == decoded(built)


def test_files_off_answers_from_the_cache_as_before(city_tree, client, settings):
    settings.API_PREBUILT_ROOT = None
    first = client.get(PAGES)
    assert prebuilt.current(PAGES) is None
    assert client.get(PAGES, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_migration_forgets_every_file(city_tree, client):
    client.get(PAGES)
    prebuilt.forget_all()
    assert prebuilt.current(PAGES) is None


def test_an_unwritable_root_costs_the_files_not_the_answer_or_the_publish(
    city_tree, client, settings, tmp_path
):
    (tmp_path / "a-file").write_text("")
    settings.API_PREBUILT_ROOT = str(tmp_path / "a-file" / "prebuilt")
    assert titles(client)[0] == "Willkommen"
    assert prebuilt.current(PAGES) is None
    welcome = city_tree["willkommen"]
    welcome.title = "Herzlich willkommen"
    welcome.save_revision().publish()
    assert titles(client)[0] == "Herzlich willkommen"


def test_an_old_answer_stays_a_while_after_it_stops_being_current(city_tree, client):
    client.get(PAGES)
    old = prebuilt.current(PAGES)
    long_ago = time.time() - 3600
    os.utime(old.directory, (long_ago, long_ago))  # current for an hour
    cache.bump_city_version("augsburg", "de")
    client.get(PAGES)  # the new answer is written; old ones are cleared away
    assert prebuilt.current(PAGES).directory != old.directory
    assert old.body_path("identity").exists()  # a read that found it just before still can


def test_the_building_request_writes_its_clients_encoding_and_the_others_after_it(
    city_tree, client
):
    uid = "guides-api-prebuilt-encodings"
    request_finished.disconnect(dispatch_uid=uid)  # as if the response were still going out
    try:
        client.get(PAGES, HTTP_ACCEPT_ENCODING="gzip")
        answer = prebuilt.current(PAGES)
        assert answer.body_path("gzip").exists()
        assert not answer.body_path("br").exists()
        meanwhile = client.get(PAGES, HTTP_ACCEPT_ENCODING="br, gzip")
        assert meanwhile["Content-Encoding"] == "gzip"
        assert meanwhile["ETag"].endswith('-gzip"')
    finally:
        request_finished.connect(prebuilt.add_deferred_encodings, dispatch_uid=uid)
    prebuilt.add_deferred_encodings()
    identity = answer.body_path("identity").read_bytes()
    assert brotli.decompress(answer.body_path("br").read_bytes()) == identity
    assert client.get(PAGES, HTTP_ACCEPT_ENCODING="br, gzip")["Content-Encoding"] == "br"
