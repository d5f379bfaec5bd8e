"""News in the app API: integreat-cms's push-notification shape at news/, news/{id}/ and fcm/."""

import datetime as dt
import gzip
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guides.news.models import NewsItem
from tests.news.factories import make_news, translate_news

NEWS_FIELDS = {
    "id": int,
    "title": str,
    "message": str,
    "timestamp": str,
    "last_updated": str,
    "display_date": str,
    "channel": str,
    "available_languages": dict,
}


def get(client, url, **headers):
    response = client.get(url, **headers)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response, (json.loads(body) if body else None)


def test_news_item_has_every_integreat_field(augsburg, client, on_commit):
    item = make_news(augsburg, expiry_date=timezone.localdate() + dt.timedelta(days=3))
    english = translate_news(item, "en", on_commit)

    response, data = get(client, "/api/v3/augsburg/de/news/")

    assert response.status_code == 200
    [entry] = data
    for field, kind in NEWS_FIELDS.items():
        assert isinstance(entry[field], kind), field
    assert entry["id"] == item.pk
    assert entry["title"] == "Neue Öffnungszeiten"
    # Plain text, as integreat-cms's push-notification text; blocks kept apart.
    assert entry["message"] == "Das Bürgerbüro öffnet ab Montag um 8 Uhr. Bitte Termin."
    assert entry["channel"] == "news"
    assert entry["display_date"] == "2026-03-02T09:30:00.000+01:00"
    assert entry["timestamp"].endswith("Z")
    assert entry["available_languages"] == {"de": {"id": item.pk}, "en": {"id": english.pk}}
    # first published, in the format of last_updated (integreat-cms 2026.8)
    item.refresh_from_db()
    assert entry["published_at"] == timezone.localtime(item.first_published_at).isoformat(
        timespec="milliseconds"
    )


def test_the_apps_mapper_reads_our_answer(augsburg, client, on_commit):
    """createLocalNewsEndpoint: id, DateTime.fromISO(display_date), title, message as content,
    and mapNewsAvailableLanguages: {code: value.id}."""
    item = make_news(augsburg)
    english = translate_news(item, "en", on_commit)
    _response, data = get(client, "/api/v3/augsburg/en/fcm/?channel=news")
    mapped = [
        {
            "id": news["id"],
            "timestamp": dt.datetime.fromisoformat(news["display_date"]),
            "title": news["title"],
            "content": news["message"],
            "availableLanguages": {
                code: value["id"] for code, value in news["available_languages"].items()
            },
        }
        for news in data
    ]
    assert mapped == [
        {
            "id": english.pk,
            "timestamp": item.date,
            "title": "[en] Neue Öffnungszeiten",
            "content": "[en] Das Bürgerbüro öffnet ab Montag um 8 Uhr. [en] Bitte Termin.",
            "availableLanguages": {"de": item.pk, "en": english.pk},
        }
    ]


def test_list_holds_only_current_published_news_of_the_city_and_language(
    augsburg, nuernberg, client, on_commit
):
    today = timezone.localdate()
    old = make_news(augsburg, "Alt", date=timezone.now() - dt.timedelta(days=9))
    new = make_news(augsburg, "Neu", date=timezone.now() - dt.timedelta(days=1))
    last_day = make_news(augsburg, "Heute zuletzt", expiry_date=today)
    make_news(augsburg, "Abgelaufen", expiry_date=today - dt.timedelta(days=1))
    make_news(augsburg, "Entwurf", publish=False)
    make_news(nuernberg, "Nürnberg")
    translate_news(new, "en", on_commit)

    _response, data = get(client, "/api/v3/augsburg/de/news/")
    assert [entry["title"] for entry in data] == ["Neu", "Alt", "Heute zuletzt"]
    assert [entry["id"] for entry in data] == [new.pk, old.pk, last_day.pk]
    _response, english = get(client, "/api/v3/augsburg/en/news/")
    assert [entry["title"] for entry in english] == ["[en] Neu"]


def test_fcm_filters_by_channel_and_id_like_the_app_asks(augsburg, client):
    first = make_news(augsburg, "Erste")
    make_news(augsburg, "Zweite")
    for url in ["/api/v3/augsburg/de/fcm/?channel=news", "/api/v3/augsburg/de/fcm/"]:
        _response, data = get(client, url)
        assert len(data) == 2, url
    _response, data = get(client, "/api/v3/augsburg/de/fcm/?channel=events")
    assert data == []
    _response, data = get(client, f"/api/v3/augsburg/de/fcm/?id={first.pk}")
    assert [entry["title"] for entry in data] == ["Erste"]


def test_detail_answers_one_item_and_404_for_others(augsburg, nuernberg, client):
    item = make_news(augsburg)
    expired = make_news(augsburg, expiry_date=timezone.localdate() - dt.timedelta(days=1))
    draft = make_news(augsburg, publish=False)
    foreign = make_news(nuernberg)

    response, data = get(client, f"/api/v3/augsburg/de/news/{item.pk}/")
    assert response.status_code == 200
    assert data["id"] == item.pk and data["title"] == item.title
    for other in [expired.pk, draft.pk, foreign.pk, "abc", "9" * 30, "²"]:
        response, data = get(client, f"/api/v3/augsburg/de/news/{other}/")
        assert response.status_code == 404, other
        assert "news item" in data["error"]
    response, data = get(client, f"/api/v3/augsburg/en/news/{item.pk}/")
    assert response.status_code == 404  # the German copy is no English news


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/augsburg/de/news",
        "/api/v3/augsburg/de/fcm?channel=news",
        "/api/v3/augsburg/de/news/{pk}",
    ],
)
def test_paths_without_trailing_slash_answer_at_once(augsburg, client, url):
    item = make_news(augsburg)
    response, data = get(client, url.format(pk=item.pk))
    assert response.status_code == 200
    assert item.pk in ([data["id"]] if isinstance(data, dict) else [e["id"] for e in data])


def test_bad_parameters_are_a_json_4xx(augsburg, client):
    response, data = get(client, "/api/v3/augsburg/de/fcm/?id=abc")
    assert response.status_code == 422
    assert "id" in str(data)
    response, data = get(client, "/api/v3/augsburg/tr/news/")
    assert response.status_code == 404
    assert "tr" in data["error"]


def test_a_city_with_news_has_push_notifications_in_the_regions(augsburg, nuernberg, client):
    def flags():
        _response, data = get(client, "/api/v3/regions/")
        single = {
            slug: get(client, f"/api/v3/regions/{slug}/")[1]["push_notifications"]
            for slug in ("augsburg", "nuernberg")
        }
        listed = {region["path"].strip("/"): region["push_notifications"] for region in data}
        assert listed == single
        return listed

    assert flags() == {"augsburg": False, "nuernberg": False}
    item = make_news(augsburg)
    assert flags() == {"augsburg": True, "nuernberg": False}  # the publish bumped the cache
    item.unpublish()
    assert flags() == {"augsburg": False, "nuernberg": False}


def test_list_is_cached_with_etag_304_and_gzip_and_publish_invalidates(augsburg, client):
    first_item = make_news(augsburg, "Erste", content="<p>" + "Lang genug für gzip. " * 20 + "</p>")
    url = "/api/v3/augsburg/de/news/"
    first, data = get(client, url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    second = make_news(augsburg, "Zweite")
    changed, data = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert [entry["id"] for entry in data] == [second.pk, first_item.pk]  # same date: newest id
    etag = changed["ETag"]
    second.unpublish()
    gone, data = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert gone.status_code == 200
    assert second.pk not in [entry["id"] for entry in data]


def test_an_item_leaves_the_list_the_day_after_its_last_day(augsburg, client, monkeypatch):
    today = timezone.localdate()
    make_news(augsburg, "Bis heute", expiry_date=today)
    url = "/api/v3/augsburg/de/news/"
    response, data = get(client, url)
    assert [entry["title"] for entry in data] == ["Bis heute"]
    tomorrow = today + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    later, data = get(client, url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert later.status_code == 200
    assert data == []


def count_queries(client, urls):
    counts = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        counts[url] = len(queries)
    return counts


def build_news(city, count, on_commit):
    items = [make_news(city, f"Nachricht {n}") for n in range(count)]
    for item in items[::2]:
        translate_news(item, "en", on_commit)
    return items


def test_news_lists_cost_the_same_queries_at_two_sizes(augsburg, client, on_commit):
    urls = ["/api/v3/augsburg/de/news/", "/api/v3/augsburg/de/fcm/?channel=news"]
    items = build_news(augsburg, 2, on_commit)
    urls.append(f"/api/v3/augsburg/de/news/{items[0].pk}/")
    small = count_queries(client, [*urls, "/api/v3/regions/"])
    build_news(augsburg, 6, on_commit)
    large = count_queries(client, [*urls, "/api/v3/regions/"])
    assert large == small
    assert small["/api/v3/augsburg/de/news/"] <= 6  # city (3), news, translations, versions
    assert NewsItem.objects.filter(locale=augsburg.locale).count() == 8


def test_openapi_documents_news_fcm_and_their_parameters(client):
    schema = client.get("/api/v3/openapi.json").json()
    for path in ["/api/v3/{city}/{lang}/news/", "/api/v3/{city}/{lang}/fcm/"]:
        parameters = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"city", "lang", "channel", "id"} <= parameters, path
    assert "/api/v3/{city}/{lang}/news/{news_id}/" in schema["paths"]
    properties = schema["components"]["schemas"]["NewsItem"]["properties"]
    assert set(NEWS_FIELDS) <= set(properties)
