"""Every /api/v3 endpoint answers in integreat-cms's shape, field by field and type by type."""

import re
from urllib.parse import quote

import pytest

from guides.api import events
from tests.api.conftest import translate
from tests.conftest import make_page

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ISO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")
LANGUAGE_FIELDS = {"id": int, "code": str, "bcp47_tag": str, "native_name": str, "dir": str}
REGION_FIELDS = {
    "id": int,
    "name": str,
    "path": str,
    "live": bool,
    "prefix": str,
    "name_without_prefix": str,
    "plz": type(None),
    "extras": bool,
    "events": bool,
    "pois": bool,
    "push_notifications": bool,
    "longitude": (float, type(None)),
    "latitude": (float, type(None)),
    "bounding_box": list,
    "aliases": dict,
    "tunews": bool,
    "external_news": bool,
    "languages": list,
    "is_chat_enabled": bool,
}
PAGE_FIELDS = {
    "id": int,
    "url": str,
    "path": str,
    "title": str,
    "modified_gmt": str,
    "last_updated": str,
    "excerpt": str,
    "content": str,
    "parent": dict,
    "order": int,
    "available_languages": dict,
    "thumbnail": (str, type(None)),
    "organization": type(None),
    "hash": str,
    "embedded_offers": list,
}
IMPRINT_FIELDS = {
    "id": int,
    "url": str,
    "path": str,
    "title": str,
    "modified_gmt": str,
    "last_updated": str,
    "excerpt": str,
    "content": str,
    "parent": type(None),
    "available_languages": dict,
    "thumbnail": type(None),
    "hash": type(None),
}


def assert_fields(item, fields):
    assert set(item) >= set(fields), f"missing: {set(fields) - set(item)}"
    for name, kind in fields.items():
        assert isinstance(item[name], kind), f"{name}: {item[name]!r} is not {kind}"
        if kind is int:
            assert not isinstance(item[name], bool), name


def assert_language(item):
    assert_fields(item, LANGUAGE_FIELDS)
    assert item["dir"] in ("ltr", "rtl")


def assert_link(link, *, top_level=False):
    assert set(link) == {"id", "url", "path"}
    if top_level:
        assert link == {"id": 0, "url": None, "path": None}
    else:
        assert isinstance(link["id"], int) and link["id"] > 0
        assert link["url"].startswith("https://cityguide.example/")
        assert link["path"].startswith("/augsburg/") and link["path"].endswith("/")


def assert_page(item, language="de"):
    assert_fields(item, PAGE_FIELDS)
    assert ISO_UTC.match(item["modified_gmt"]), item["modified_gmt"]
    assert ISO_OFFSET.match(item["last_updated"]), item["last_updated"]
    assert item["path"].startswith(f"/augsburg/{language}/")
    assert (
        item["url"]
        == f"https://cityguide.example/{language}/augsburg/" + item["path"].split("/", 3)[3]
    )
    assert_link(item["parent"], top_level=item["parent"]["id"] == 0)
    for code, link in item["available_languages"].items():
        assert code != language
        assert_link(link)
        assert link["path"].startswith(f"/augsburg/{code}/")
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", item["hash"])
    assert item["embedded_offers"] == []
    assert "linktype" not in item["content"]


def test_regions_list_every_live_city_with_integreat_fields(city_tree, nuernberg, api):
    response, data = api("/api/v3/regions/")
    assert response.status_code == 200
    assert [region["path"] for region in data] == ["/augsburg/", "/nuernberg/"]
    for region in data:
        assert_fields(region, REGION_FIELDS)
        assert region["live"] is True
        box = region["bounding_box"]
        assert len(box) == 2 and all(len(corner) == 2 for corner in box)
        assert all(isinstance(value, float) for corner in box for value in corner)
        for language in region["languages"]:
            assert_language(language)
    assert [lang["code"] for lang in data[0]["languages"]] == ["de", "en", "ar", "fa"]


def test_region_by_slug_and_its_bounding_box_around_the_centre(augsburg, api):
    augsburg.latitude, augsburg.longitude = 48.37, 10.89
    augsburg.save_revision().publish()
    response, data = api("/api/v3/regions/augsburg/")
    assert response.status_code == 200
    assert_fields(data, REGION_FIELDS)
    assert (data["latitude"], data["longitude"]) == (48.37, 10.89)
    (west, south), (east, north) = data["bounding_box"]
    assert west < 10.89 < east and south < 48.37 < north


def test_languages_are_the_citys_own_with_direction(augsburg, api):
    response, data = api("/api/v3/augsburg/languages/")
    assert response.status_code == 200
    for language in data:
        assert_language(language)
    assert {lang["code"]: lang["dir"] for lang in data} == {
        "de": "ltr",
        "en": "ltr",
        "ar": "rtl",
        "fa": "rtl",
    }


def test_pages_are_flat_with_every_page_field(city_tree, api):
    response, data = api("/api/v3/augsburg/de/pages/")
    assert response.status_code == 200
    assert [item["title"] for item in data] == ["Willkommen", "Arbeit", "Praktikum", "Wohnen"]
    for item in data:
        assert_page(item)
    willkommen, arbeit = data[0], data[1]
    assert willkommen["parent"] == {"id": 0, "url": None, "path": None}
    assert arbeit["parent"]["id"] == willkommen["id"]
    assert arbeit["path"] == "/augsburg/de/willkommen/arbeit/"
    assert arbeit["url"] == "https://cityguide.example/de/augsburg/willkommen/arbeit/"
    assert willkommen["content"].startswith('<p class="lead">Hallo in Augsburg</p>')
    assert willkommen["excerpt"] == "Hallo in Augsburg Text zu Willkommen."
    assert set(willkommen["available_languages"]) == {"en", "ar"}
    assert willkommen["available_languages"]["en"]["id"] == city_tree["willkommen_en"].id
    assert set(arbeit["available_languages"]) == {"en"}


def test_pages_in_a_translation_link_back_to_the_source(city_tree, api):
    _response, data = api("/api/v3/augsburg/en/pages/")
    assert [item["title"] for item in data] == ["Welcome", "Work"]
    for item in data:
        assert_page(item, "en")
    assert data[0]["available_languages"]["de"]["id"] == city_tree["willkommen"].id
    assert set(data[0]["available_languages"]) == {"de", "ar"}


def test_hash_changes_with_the_content_only(city_tree, api):
    _response, before = api("/api/v3/augsburg/de/pages/")
    wohnen = city_tree["wohnen"]
    wohnen.body = [{"type": "paragraph", "value": "<p>Neu</p>"}]
    wohnen.save_revision().publish()
    _response, after = api("/api/v3/augsburg/de/pages/")
    hashes = lambda data: {item["id"]: item["hash"] for item in data}  # noqa: E731
    assert hashes(before)[wohnen.id] != hashes(after)[wohnen.id]
    assert hashes(before)[city_tree["arbeit"].id] == hashes(after)[city_tree["arbeit"].id]


def test_children_without_url_are_the_top_level_pages(city_tree, api):
    _response, data = api("/api/v3/augsburg/de/children/")
    assert [item["title"] for item in data] == ["Willkommen", "Wohnen"]
    _response, deeper = api("/api/v3/augsburg/de/children/?depth=2")
    assert [item["title"] for item in deeper] == ["Willkommen", "Arbeit", "Wohnen"]
    for item in deeper:
        assert_page(item)


def test_children_include_the_page_itself_down_to_depth(city_tree, api):
    url = "/api/v3/augsburg/de/children/?url=/augsburg/de/willkommen/"
    _response, one = api(url)
    assert [item["title"] for item in one] == ["Willkommen", "Arbeit"]
    _response, two = api(url + "&depth=2")
    assert [item["title"] for item in two] == ["Willkommen", "Arbeit", "Praktikum"]
    _response, by_id = api(f"/api/v3/augsburg/de/children/?id={city_tree['arbeit'].id}")
    assert [item["title"] for item in by_id] == ["Arbeit", "Praktikum"]
    for item in two:
        assert_page(item)


def test_parents_are_the_ancestors_without_page_and_city_root(city_tree, api):
    url = "/api/v3/augsburg/de/parents/?url=/augsburg/de/willkommen/arbeit/praktikum/"
    response, data = api(url)
    assert response.status_code == 200
    assert [item["title"] for item in data] == ["Willkommen", "Arbeit"]
    for item in data:
        assert_page(item)
    _response, top = api(f"/api/v3/augsburg/de/parents/?id={city_tree['willkommen'].id}")
    assert top == []


@pytest.mark.parametrize(
    "url",
    [
        "/augsburg/de/willkommen/arbeit/",
        "https://cityguide.example/de/augsburg/willkommen/arbeit/",
        "/de/augsburg/willkommen/arbeit",
        "willkommen/arbeit",
    ],
)
def test_page_by_url_accepts_app_and_public_forms(city_tree, api, url):
    response, data = api(f"/api/v3/augsburg/de/page/?url={quote(url)}")
    assert response.status_code == 200, data
    assert_page(data)
    assert data["id"] == city_tree["arbeit"].id


def test_page_by_id_resolves_another_languages_id_to_this_language(city_tree, api):
    _response, data = api(f"/api/v3/augsburg/en/page/?id={city_tree['arbeit'].id}")
    assert data["id"] == city_tree["arbeit_en"].id
    assert data["title"] == "Work"
    assert_page(data, "en")


def test_page_url_accepts_percent_encoded_non_latin_slugs(augsburg, api):
    page = make_page(augsburg, "Работа", slug="работа")
    encoded = quote("/augsburg/de/работа/")
    assert "%D1%80" in encoded
    response, data = api(f"/api/v3/augsburg/de/page/?url={encoded}")
    assert response.status_code == 200, data
    assert data["id"] == page.id
    assert data["path"] == "/augsburg/de/работа/"
    _response, raw = api("/api/v3/augsburg/de/page/?url=/augsburg/de/работа/")
    assert raw["id"] == page.id


@pytest.mark.parametrize("endpoint", ["page", "parents"])
def test_page_and_parents_without_id_or_url_are_a_400(city_tree, api, endpoint):
    response, data = api(f"/api/v3/augsburg/de/{endpoint}/")
    assert response.status_code == 400
    assert data == {"error": "Either the id or the url parameter is required."}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/regions/atlantis/",
        "/api/v3/atlantis/languages/",
        "/api/v3/atlantis/de/pages/",
        "/api/v3/augsburg/tr/pages/",  # a locale the installation has, but not the city
        "/api/v3/augsburg/xx/pages/",
        "/api/v3/augsburg/de/page/?url=/augsburg/de/gibt-es-nicht/",
        "/api/v3/augsburg/de/page/?id=999999",
        "/api/v3/augsburg/de/news/17/",
        "/atlantis/de/wp-json/extensions/v3/pages/",
    ],
)
def test_unknown_city_language_or_page_is_a_json_404(city_tree, api, url):
    response, data = api(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert isinstance(data["error"], str) and data["error"]


def test_invalid_parameters_are_a_4xx_naming_the_parameter(city_tree, api):
    response, data = api("/api/v3/augsburg/de/page/?id=abc")
    assert response.status_code == 422
    assert "id" in str(data)
    response, _data = api("/api/v3/augsburg/de/children/?depth=-1")
    assert response.status_code == 422


def test_events_and_locations_are_lists(city_tree, api):
    for url in [
        "/api/v3/augsburg/de/events/?combine_recurring=True",
        "/api/v3/augsburg/de/locations/",
    ]:
        response, data = api(url)
        assert response.status_code == 200
        assert isinstance(data, list)


def test_events_receive_the_city_language_and_combine_flag(city_tree, api, monkeypatch):
    seen = {}

    def fake_events(city, locale, request, *, combine_recurring):
        seen.update(city=city.slug, locale=locale.language_code, combine=combine_recurring)
        return [{"id": 1}]

    monkeypatch.setattr(events, "event_list", fake_events)
    _response, data = api("/api/v3/augsburg/ar/events/?combine_recurring=True")
    assert data == [{"id": 1}]
    assert seen == {"city": "augsburg", "locale": "ar", "combine": True}


def test_news_is_an_empty_list_for_a_valid_city_language(city_tree, api):
    for url in [
        "/api/v3/augsburg/de/news/",
        "/api/v3/augsburg/de/fcm/",
        "/augsburg/de/wp-json/extensions/v3/fcm/",
    ]:
        response, data = api(url)
        assert (response.status_code, data) == (200, [])
    response, _data = api("/api/v3/augsburg/tr/news/")
    assert response.status_code == 404


def test_imprint_has_integreat_fields_and_falls_back_to_the_source(city_tree, api):
    city = city_tree["city"]
    city.imprint = '<p>Stadt Augsburg, <a href="https://augsburg.de">augsburg.de</a></p>'
    city.save_revision().publish()
    response, data = api("/api/v3/augsburg/de/imprint/")
    assert response.status_code == 200
    assert_fields(data, IMPRINT_FIELDS)
    assert data["title"] == "Impressum"
    assert "augsburg.de" in data["content"]
    assert data["excerpt"] == "Stadt Augsburg, augsburg.de"
    _response, english = api("/api/v3/augsburg/en/imprint/")
    assert english["id"] == city.id  # no English imprint yet: the German one


def test_imprint_without_any_text_is_an_empty_list_like_integreat(city_tree, api):
    response, data = api("/api/v3/augsburg/de/imprint/")
    assert (response.status_code, data) == (200, [])


def test_pdf_is_a_json_404_while_pdfs_are_unavailable(city_tree, api, monkeypatch):
    monkeypatch.setattr(events, "page_pdf", lambda *args, **kwargs: None)
    for url in [
        "/api/v3/augsburg/de/pdf/?url=/augsburg/de/willkommen/",
        "/augsburg/de/wp-json/ig-mpdf/v1/pdf/",
    ]:
        response, data = api(url)
        assert response.status_code == 404
        assert "PDF" in data["error"]


def test_pdf_gets_the_requested_page_and_its_descendants(city_tree, client, monkeypatch):
    from django.http import HttpResponse

    received = []

    def fake_pdf(city, locale, pages, request):
        received.extend(page.title for page in pages)
        return HttpResponse(b"%PDF-1.7", content_type="application/pdf")

    monkeypatch.setattr(events, "page_pdf", fake_pdf)
    response = client.get("/api/v3/augsburg/de/pdf/?url=/augsburg/de/willkommen/")
    assert response["Content-Type"] == "application/pdf"
    assert received == ["Willkommen", "Arbeit", "Praktikum"]


@pytest.mark.parametrize(
    ("legacy", "current"),
    [
        ("/wp-json/extensions/v3/sites/", "/api/v3/regions/"),
        ("/wp-json/extensions/v3/sites/augsburg/", "/api/v3/regions/augsburg/"),
        ("/augsburg/de/wp-json/extensions/v3/languages/", "/api/v3/augsburg/languages/"),
        ("/augsburg/de/wp-json/extensions/v3/pages/", "/api/v3/augsburg/de/pages/"),
        (
            "/augsburg/en/wp-json/extensions/v3/children/?depth=2",
            "/api/v3/augsburg/en/children/?depth=2",
        ),
        (
            "/augsburg/de/wp-json/extensions/v3/parents/?url=/augsburg/de/willkommen/arbeit/",
            "/api/v3/augsburg/de/parents/?url=/augsburg/de/willkommen/arbeit/",
        ),
        (
            "/augsburg/de/wp-json/extensions/v3/page/?url=/augsburg/de/wohnen/",
            "/api/v3/augsburg/de/page/?url=/augsburg/de/wohnen/",
        ),
        (
            "/augsburg/de/wp-json/extensions/v3/post/?url=/augsburg/de/wohnen/",
            "/api/v3/augsburg/de/page/?url=/augsburg/de/wohnen/",
        ),
        ("/augsburg/de/wp-json/extensions/v3/events/", "/api/v3/augsburg/de/events/"),
        ("/augsburg/de/wp-json/extensions/v3/locations/", "/api/v3/augsburg/de/locations/"),
        ("/augsburg/de/wp-json/extensions/v3/disclaimer/", "/api/v3/augsburg/de/imprint/"),
    ],
)
def test_legacy_wp_json_aliases_answer_like_api_v3(city_tree, api, legacy, current):
    legacy_response, legacy_data = api(legacy)
    response, data = api(current)
    assert legacy_response.status_code == response.status_code == 200
    assert legacy_data == data


def test_openapi_documents_every_endpoint(client):
    schema = client.get("/api/v3/openapi.json").json()
    paths = set(schema["paths"])
    for endpoint in ["regions/", "regions/{city}/", "{city}/languages/"]:
        assert f"/api/v3/{endpoint}" in paths
    for endpoint in [
        "pages",
        "children",
        "parents",
        "page",
        "events",
        "locations",
        "news",
        "news/{news_id}",
        "imprint",
        "pdf",
    ]:
        assert f"/api/v3/{{city}}/{{lang}}/{endpoint}/" in paths, endpoint
    assert "/{city}/{lang}/wp-json/ig-mpdf/v1/pdf/" in paths
    page_schema = schema["components"]["schemas"]["Page"]["properties"]
    assert set(PAGE_FIELDS) <= set(page_schema)


def test_any_origin_may_get_the_api(city_tree, client):
    response = client.get("/api/v3/regions/", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v3/augsburg/de/pages/",
        HTTP_ORIGIN="https://app.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/de/").headers


def test_translated_pages_have_their_own_slug_path(augsburg, api):
    page = make_page(augsburg, "Ankommen")
    translate(page, "en", title="Arriving", slug="arriving")
    _response, data = api("/api/v3/augsburg/en/page/?url=/augsburg/en/arriving/")
    assert data["title"] == "Arriving"
    assert data["available_languages"]["de"]["path"] == "/augsburg/de/ankommen/"
