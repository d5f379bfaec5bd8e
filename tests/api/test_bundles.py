"""Offline bundles (guides.api.bundles): the archive holds what the API answers, images at
phone size, hashes that match; deltas add up; the worker builds, the request never does."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import task_backends
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from guides.api import schemas
from guides.api.bundles import archive, store
from guides.api.bundles import build as build_module
from guides.api.bundles.build import build_bundle
from tests.api.conftest import make_private, unpublish
from tests.api.test_fragments import apply_delta
from tests.conftest import make_page
from tests.events.factories import make_event, make_location
from tests.news.factories import make_news

BUNDLE = "/api/v3/augsburg/{}/bundle/"
ENDPOINTS = {
    "pages.json": "pages/",
    "events.json": "events/",
    "locations.json": "locations/",
    "news.json": "news/",
    "imprint.json": "imprint/",
}


@pytest.fixture(autouse=True)
def prebuilt_root(settings, tmp_path):
    settings.API_PREBUILT_ROOT = tmp_path
    queued().clear()
    return tmp_path


def queued():
    """The bundle builds queued so far (tests queue them on a dummy backend)."""
    return task_backends["bundles"].results


def make_photo(city, title="Foto", size=(1600, 1200)):
    return Image.objects.create(
        title=title,
        file=get_test_image_file(filename=f"{title.lower()}.png", size=size),
        collection_id=city.collection_id,
    )


def image_body(image):
    return [
        {"type": "paragraph", "value": "<p>Mit Bild.</p>"},
        {"type": "image", "value": {"image": image.pk, "alt_text": "Foto", "decorative": False}},
    ]


@pytest.fixture
def full_city(city_tree):
    """city_tree with an image in a page's body and as an icon, an upcoming event with a
    thumbnail, a location, a news item and an imprint."""
    city = city_tree["city"]
    photo = make_photo(city, "Foto")
    icon = make_photo(city, "Symbol", size=(300, 200))
    poster = make_photo(city, "Plakat", size=(900, 1800))
    make_page(city_tree["willkommen"], "Bilder", body=image_body(photo), icon=icon)
    make_event(city, "Fest", start=timezone.localdate() + dt.timedelta(days=1), thumbnail=poster)
    make_location(city)
    make_news(city, date=timezone.now())
    city.imprint = "<p>Stadt Augsburg, Rathausplatz 1</p>"
    city.save_revision().publish()
    return {**city_tree, "photo": photo, "icon": icon, "poster": poster}


def download(client, code="de", **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    response = client.get(BUNDLE.format(code) + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.content[:300]
    return response, *archive.read_zip(b"".join(response.streaming_content))


# -- contents ---------------------------------------------------------------------------------


def test_a_bundle_holds_exactly_what_the_api_answers(full_city, client):
    build_bundle("augsburg", "de")

    _response, manifest, files = download(client)

    for name, endpoint in ENDPOINTS.items():
        answer = client.get(f"/api/v3/augsburg/de/{endpoint}")
        assert files[name] == answer.content, name
    assert json.loads(files["events.json"])[0]["title"] == "Fest"
    assert json.loads(files["news.json"]) and json.loads(files["locations.json"])
    assert "Rathausplatz" in json.loads(files["imprint.json"])["content"]
    assert set(files) == set(ENDPOINTS) | set(manifest["images"].values())


def test_images_are_in_the_bundle_at_phone_size(full_city, client):
    build_bundle("augsburg", "de")

    _response, manifest, files = download(client)

    pages = {page["title"]: page for page in json.loads(files["pages.json"])}
    [content_url] = re.findall(r'<img src="([^"]+)"', pages["Bilder"]["content"])
    event_url = json.loads(files["events.json"])[0]["thumbnail"]
    expected = {
        content_url: (800, 600),  # 1600 x 1200 scaled down
        pages["Bilder"]["thumbnail"]: (300, 200),  # small enough already
        event_url: (400, 800),  # 900 x 1800 scaled down
    }
    assert set(manifest["images"]) == set(expected)
    for url, size in expected.items():
        path = manifest["images"][url]
        assert path.startswith("images/")
        assert PILImage.open(io.BytesIO(files[path])).size == size, url
    assert manifest["image_size"] == archive.PHONE_SIZE


def test_the_manifest_names_the_city_language_version_and_every_file_hash(full_city, client):
    index = build_bundle("augsburg", "de")

    response, manifest, files = download(client)

    version = int(client.get("/api/v3/augsburg/de/pages/")["Cityguide-Version"])
    assert manifest["format"] == archive.FORMAT
    assert (manifest["city"], manifest["language"], manifest["kind"]) == ("augsburg", "de", "full")
    assert manifest["version"] == index["version"] == version
    assert int(response["Cityguide-Version"]) == version
    assert manifest["files"] == {path: archive.file_hash(data) for path, data in files.items()}
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{16}", digest) for digest in manifest["files"].values())


def test_full_and_delta_manifests_fit_the_documented_schema(full_city, client):
    index = build_bundle("augsburg", "de")

    for since in (None, index["version"]):
        _response, manifest, _files = download(client, **({"since": since} if since else {}))
        documented = schemas.BundleManifest.model_validate(manifest).model_dump(exclude_unset=True)
        assert documented == manifest


def test_json_is_deflated_and_images_are_stored(full_city, client):
    import zipfile

    build_bundle("augsburg", "de")
    response = client.get(BUNDLE.format("de"))

    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zipped:
        methods = {info.filename: info.compress_type for info in zipped.infolist()}
    assert next(iter(methods)) == archive.MANIFEST
    for name, method in methods.items():
        stored = name.startswith(archive.IMAGES)
        assert method == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED), name


def test_drafts_and_private_pages_are_never_in_a_bundle(full_city, client):
    build_bundle("augsburg", "de")

    _response, _manifest, files = download(client)

    ids = {page["id"] for page in json.loads(files["pages.json"])}
    hidden = [full_city[name].id for name in ("draft", "private", "private_child")]
    assert full_city["willkommen"].id in ids
    assert not ids & set(hidden)
    text = b"".join(files.values()).decode(errors="ignore")
    assert "Entwurf" not in text and "Geheim" not in text


# -- deltas -----------------------------------------------------------------------------------


def apply_bundle_delta(old_manifest, old_files, delta_manifest, delta_files):
    """What an app does with a delta: pages merged by id, files replaced, removed deleted."""
    files = {k: v for k, v in old_files.items() if k not in delta_manifest["removed_files"]}
    pages = apply_delta(
        json.loads(old_files["pages.json"]), json.loads(delta_files.pop(archive.PAGES_DELTA))
    )
    files.update(delta_files)
    images = {
        url: path
        for url, path in old_manifest["images"].items()
        if path not in delta_manifest["removed_files"]
    }
    images.update(delta_manifest["images"])
    return pages, files, images


def test_a_delta_applied_to_the_old_bundle_gives_the_new_bundle(full_city, client):
    city = full_city["city"]
    build_bundle("augsburg", "de")
    _response, old_manifest, old_files = download(client)
    # One changed page with a new image, one page gone, one new event; the old photo unused.
    bilder = full_city["willkommen"].get_children().get(title="Bilder").specific
    bilder.body = image_body(make_photo(city, "Neu", size=(1000, 1000)))
    bilder.save_revision().publish()
    unpublish(full_city["wohnen"])
    make_event(city, "Markt", start=timezone.localdate() + dt.timedelta(days=2))
    build_bundle("augsburg", "de")

    _response, delta_manifest, delta_files = download(client, since=old_manifest["version"])
    _response, new_manifest, new_files = download(client)

    assert delta_manifest["kind"] == "delta"
    assert delta_manifest["since"] == old_manifest["version"]
    assert delta_manifest["version"] == new_manifest["version"] > old_manifest["version"]
    assert delta_manifest["files"] == {
        path: archive.file_hash(data) for path, data in delta_files.items()
    }
    assert "locations.json" not in delta_files  # unchanged files stay out
    pages, files, images = apply_bundle_delta(
        old_manifest, old_files, delta_manifest, dict(delta_files)
    )
    new_pages = json.loads(new_files.pop("pages.json"))
    assert pages == {page["id"]: page for page in new_pages}
    files.pop("pages.json")
    assert files == new_files
    assert images == new_manifest["images"]
    assert full_city["wohnen"].id in json.loads(delta_files[archive.PAGES_DELTA])["removed"]


def test_a_delta_from_a_version_built_twice_holds_what_changed_since_its_first_build(
    full_city, client, monkeypatch
):
    """Events change with the date, not with the version: a rebuild of the same version."""
    build_bundle("augsburg", "de")
    _response, old_manifest, old_files = download(client)
    real = build_module._json_files

    def next_day(*args):
        return {**real(*args), "events.json": b"[]"}

    monkeypatch.setattr(build_module, "_json_files", next_day)
    rebuilt = build_bundle("augsburg", "de")
    assert rebuilt["version"] == old_manifest["version"]
    make_location(full_city["city"], "Neu")
    build_bundle("augsburg", "de")

    _response, delta_manifest, delta_files = download(client, since=old_manifest["version"])
    _response, new_manifest, new_files = download(client)

    assert delta_files["events.json"] == b"[]"
    pages, files, images = apply_bundle_delta(
        old_manifest, old_files, delta_manifest, dict(delta_files)
    )
    assert pages == {page["id"]: page for page in json.loads(new_files.pop("pages.json"))}
    files.pop("pages.json")
    assert files == new_files
    assert images == new_manifest["images"]


def test_a_delta_after_one_changed_page_holds_only_that_page(full_city, client):
    build_bundle("augsburg", "de")
    _response, old_manifest, _files = download(client)
    arbeit = full_city["arbeit"]
    arbeit.body = [{"type": "paragraph", "value": "<p>Neu</p>"}]
    arbeit.save_revision().publish()
    build_bundle("augsburg", "de")

    response, manifest, files = download(client, since=old_manifest["version"])

    assert set(files) == {archive.PAGES_DELTA}
    delta = json.loads(files[archive.PAGES_DELTA])
    assert [page["id"] for page in delta["pages"]] == [arbeit.id]
    assert delta["removed"] == [] and manifest["removed_files"] == []
    assert f"delta-{old_manifest['version']}" in response["Content-Disposition"]


def test_a_client_that_is_up_to_date_gets_an_empty_delta(full_city, client):
    index = build_bundle("augsburg", "de")

    _response, manifest, files = download(client, since=index["version"])

    assert manifest["kind"] == "delta" and manifest["images"] == {}
    assert set(files) == {archive.PAGES_DELTA}
    assert json.loads(files[archive.PAGES_DELTA])["pages"] == []


@pytest.mark.parametrize("since", ["future", "never built"])
def test_a_since_without_a_kept_build_gets_the_full_bundle(full_city, client, since):
    index = build_bundle("augsburg", "de")
    value = index["version"] + 1 if since == "future" else index["version"] - 1

    _response, manifest, files = download(client, since=value)

    assert manifest["kind"] == "full" and "pages.json" in files


@pytest.mark.parametrize("since", ["abc", "-1", "1e3", "1.0", "٣", "99999999999999999999", ""])
def test_a_since_that_is_not_a_version_is_a_400(full_city, client, since, in_english):
    build_bundle("augsburg", "de")

    response = client.get(BUNDLE.format("de"), {"since": since})

    assert response.status_code == 400
    assert "since must be a version number" in response.json()["error"]


# -- the worker builds, the request never does ------------------------------------------------


def test_a_publish_queues_one_bundle_build_of_its_city_language(city_tree, on_commit):
    arbeit = city_tree["arbeit"]

    with on_commit():
        arbeit.body = [{"type": "paragraph", "value": "<p>Neu</p>"}]
        arbeit.save_revision().publish()
        arbeit.body = [{"type": "paragraph", "value": "<p>Neuer</p>"}]
        arbeit.save_revision().publish()

    assert [(r.task.name, r.args) for r in queued()] == [("build_bundles_task", ["augsburg", "de"])]


def test_an_unpublished_page_queues_a_build_of_every_language(city_tree, on_commit):
    """A page that leaves is named in its copies' available_languages in every language."""
    with on_commit():
        unpublish(city_tree["arbeit"])

    # Then the worker's refresh of the city's page objects asks again for each language whose
    # objects it changed.
    assert queued()[0].args == ["augsburg", None]


def test_without_a_bundle_backend_the_build_goes_to_the_default_one(city_tree, on_commit, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    arbeit = city_tree["arbeit"]

    with on_commit():
        arbeit.body = [{"type": "paragraph", "value": "<p>Neu</p>"}]
        arbeit.save_revision().publish()

    builds = [r for r in task_backends["default"].results if r.task.name == "build_bundles_task"]
    assert [r.args for r in builds] == [["augsburg", "de"]]


def test_a_request_before_the_first_build_is_a_503_and_queues_a_build(
    city_tree, client, prebuilt_root, in_english, on_commit
):
    with on_commit():
        response = client.get(BUNDLE.format("de"))
        again = client.get(BUNDLE.format("de"))

    assert response.status_code == again.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["status"] == "building"
    assert "being built" in response.json()["message"]
    assert [r.args for r in queued()] == [["augsburg", "de"]]  # once, not per request
    assert not list(prebuilt_root.rglob("*.zip"))  # nothing was built in the request


def test_a_bundle_of_an_earlier_day_is_served_while_a_rebuild_is_queued(
    city_tree, client, on_commit
):
    """Events and news change with the date, not with a version."""
    index = build_bundle("augsburg", "de")
    path = store.directory("augsburg", "de") / store.INDEX
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    path.write_text(json.dumps({**index, "built_on": yesterday.isoformat()}))

    with on_commit():
        _response, manifest, _files = download(client)
        download(client)

    assert manifest["version"] == index["version"]
    assert [r.args for r in queued()] == [["augsburg", "de"]]


def test_a_rebuild_writes_atomically_and_prunes_old_archives(full_city, prebuilt_root):
    first = build_bundle("augsburg", "de")
    make_page(full_city["willkommen"], "Neu")
    second = build_bundle("augsburg", "de")

    folder = store.directory("augsburg", "de")
    names = {path.name for path in folder.glob("*.zip")}
    assert first["full"]["file"] not in names
    deltas = second["deltas"]
    assert set(deltas) == {str(first["version"]), str(second["version"])}  # and an empty one
    assert names == {second["full"]["file"], *(delta["file"] for delta in deltas.values())}
    assert not list(folder.glob(".tmp-*"))


# -- HTTP -------------------------------------------------------------------------------------


def test_the_answer_has_its_etag_dates_filename_and_cors(full_city, client):
    index = build_bundle("augsburg", "de")

    response = client.get(BUNDLE.format("de"), HTTP_ORIGIN="https://app.example")

    assert response["Content-Type"] == "application/zip"
    assert response["ETag"] == f'"{index["full"]["etag"]}"'
    assert response["Last-Modified"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="cityguide-augsburg-de-{index["version"]}.zip"'
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Content-Encoding" not in response


def test_a_conditional_request_gets_a_304(full_city, client):
    build_bundle("augsburg", "de")
    etag = client.get(BUNDLE.format("de"))["ETag"]

    response = client.get(BUNDLE.format("de"), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag and response["Cityguide-Version"]
    assert client.get(BUNDLE.format("de"), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_same_content_makes_the_same_archive(full_city):
    first = build_bundle("augsburg", "de")
    second = build_bundle("augsburg", "de")

    assert first["full"]["etag"] == second["full"]["etag"]


def test_a_language_of_another_city_or_an_unknown_city_is_a_404(city_tree, nuernberg, client):
    for path in ("/api/v3/augsburg/uk/bundle/", "/api/v3/nowhere/de/bundle/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]
    assert client.get("/api/v3/nuernberg/uk/bundle/").status_code == 503  # its own: not built


def test_openapi_documents_the_bundle_and_its_manifest(client):
    schema = client.get("/api/v3/openapi.json").json()

    operation = schema["paths"]["/api/v3/{city}/{lang}/bundle/"]["get"]
    assert "application/zip" in operation["responses"]["200"]["content"]
    assert "Retry-After" in operation["responses"]["503"]["headers"]
    assert "manifest.json" in operation["description"]
    manifest = operation["responses"]["200"]["x-manifest-schema"]
    assert {"format", "version", "files", "images"} <= set(manifest["required"])


# -- queries ----------------------------------------------------------------------------------


def count_bundle_queries(client, since=None):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BUNDLE.format("de"), {"since": since} if since else {})
    assert response.status_code == 200
    return len(queries)


def test_serving_a_bundle_costs_the_same_queries_at_any_size(city_tree, client):
    first = build_bundle("augsburg", "de")
    small = count_bundle_queries(client), count_bundle_queries(client, first["version"])
    for n in range(12):
        make_page(
            city_tree["willkommen"],
            f"Mehr {n}",
            body=image_body(make_photo(city_tree["city"], f"B{n}", size=(20, 20))),
        )
    second = build_bundle("augsburg", "de")
    large = count_bundle_queries(client), count_bundle_queries(client, second["version"])

    assert small == large
    assert small[0] <= 5  # the city (3), its version (1)


def test_private_city_language_roots_answer_404(city_tree, client):
    make_private(city_tree["en_root"])

    assert client.get(BUNDLE.format("en")).status_code == 404
