"""Offline-friendly answers: strong ETags, Last-Modified, 304s, gzip, signal-driven invalidation."""

import gzip

import pytest
from django.utils.http import http_date, parse_http_date

from tests.api.conftest import make_private, unpublish
from tests.conftest import make_page

PAGES = "/api/v3/augsburg/de/pages/"


def test_lists_carry_a_strong_etag_last_modified_and_cdn_cache_control(city_tree, client):
    response = client.get(PAGES)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert parse_http_date(response["Last-Modified"]) > 0
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert client.get(PAGES)["ETag"] == etag  # same content, same tag


def test_if_none_match_gets_a_304_without_body(city_tree, client):
    etag = client.get(PAGES)["ETag"]
    response = client.get(PAGES, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(PAGES, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_if_modified_since_gets_a_304_only_when_nothing_changed_since(city_tree, client):
    client.get(PAGES)
    future = http_date(parse_http_date(client.get(PAGES)["Last-Modified"]) + 3600)
    assert client.get(PAGES, HTTP_IF_MODIFIED_SINCE=future).status_code == 304
    assert client.get(PAGES, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_gzip_when_accepted_with_its_own_etag_and_the_same_json(city_tree, client):
    plain = client.get(PAGES)
    zipped = client.get(PAGES, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    assert zipped["ETag"] != plain["ETag"]
    assert (
        client.get(
            PAGES, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
        ).status_code
        == 304
    )
    assert "Content-Encoding" not in plain


def test_a_cached_answer_costs_one_query_for_its_versions(
    city_tree, client, django_assert_num_queries, settings
):
    settings.API_PREBUILT_ROOT = None  # not pre-built as files: from the cache
    first = client.get(PAGES)
    with django_assert_num_queries(2):  # one version read per request, nothing else
        again = client.get(PAGES)
        not_modified = client.get(PAGES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content
    assert not_modified.status_code == 304


def _titles(client):
    return [item["title"] for item in client.get(PAGES).json()]


@pytest.mark.parametrize("change", ["publish", "unpublish", "move", "delete", "restrict"])
def test_changes_invalidate_the_cached_list(city_tree, client, change):
    etag = client.get(PAGES)["ETag"]
    wohnen, arbeit = city_tree["wohnen"], city_tree["arbeit"]
    if change == "publish":
        make_page(wohnen, "Neu")
        expected = ["Willkommen", "Arbeit", "Praktikum", "Wohnen", "Neu"]
    elif change == "unpublish":
        unpublish(arbeit)
        expected = ["Willkommen", "Wohnen"]
    elif change == "move":
        arbeit.move(wohnen, pos="last-child")
        expected = ["Willkommen", "Wohnen", "Arbeit", "Praktikum"]
    elif change == "delete":
        arbeit.delete()
        expected = ["Willkommen", "Wohnen"]
    else:
        make_private(arbeit)
        expected = ["Willkommen", "Wohnen"]
    response = client.get(PAGES, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert _titles(client) == expected


def test_a_change_in_one_city_keeps_the_other_citys_cache(
    city_tree, nuernberg, client, django_assert_max_num_queries
):
    make_page(nuernberg, "Ankommen")
    client.get("/api/v3/nuernberg/de/pages/")
    make_page(city_tree["wohnen"], "Neu in Augsburg")
    with django_assert_max_num_queries(1):  # the versions; the answer comes from the cache
        client.get("/api/v3/nuernberg/de/pages/")


def test_moving_a_page_between_cities_updates_both(city_tree, nuernberg, client):
    ankommen = make_page(nuernberg, "Ankommen")
    client.get(PAGES)
    client.get("/api/v3/nuernberg/de/pages/")
    ankommen.move(city_tree["city"], pos="last-child")
    assert "Ankommen" in _titles(client)
    assert client.get("/api/v3/nuernberg/de/pages/").json() == []


def test_errors_are_not_cached_and_say_no_cache(city_tree, client):
    response = client.get("/api/v3/augsburg/de/page/?url=/augsburg/de/spaeter/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-cache"
    make_page(city_tree["city"], "Später", slug="spaeter")
    assert client.get("/api/v3/augsburg/de/page/?url=/augsburg/de/spaeter/").status_code == 200
