"""Pre-built page objects (guides.api.fragments): the stored answer is always the fresh one,
deltas, brotli, the version header and the early 304."""

import gzip
import json

import brotli
import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Page

from guides.api import prebuilt, services
from guides.api.fragments import SENTINEL, encode
from guides.api.models import ApiFragment
from guides.models import GuidePage
from tests.api.conftest import decoded, translate, unpublish
from tests.conftest import make_page
from tests.shared import run_on_commit

PAGES = "/api/v3/augsburg/{}/pages/"


def link_body(target):
    return [
        {
            "type": "paragraph",
            "value": f'<p>Siehe <a linktype="page" id="{target.id}">hier</a>.</p>',
        },
        {
            "type": "link_list",
            "value": [{"type": "item", "value": {"title": "Ziel", "page": target.id, "url": ""}}],
        },
    ]


def assert_stored_equals_fresh(client, codes):
    """What the API serves and what is stored are the fresh serialisation, byte for byte."""
    for code in codes:
        fresh = services.pages("augsburg", code)
        served = decoded(client.get(PAGES.format(code), HTTP_ACCEPT_ENCODING="br"))
        differing = [
            (a["id"], {k: (a[k], b[k]) for k in a if a[k] != b.get(k)})
            for a, b in zip(served, fresh, strict=False)
            if a != b
        ]
        assert served == fresh, (code, differing)
        stored = {
            f.page_id: bytes(f.data)
            for f in ApiFragment.objects.filter(city="augsburg", language=code, removed=False)
            if f.page_id != SENTINEL
        }
        assert stored == {item["id"]: encode(item) for item in fresh}, code


def apply_delta(old, delta):
    by_id = {item["id"]: item for item in old}
    for page_id in delta["removed"]:
        by_id.pop(page_id, None)
    for item in delta["pages"]:
        by_id[item["id"]] = item
    return by_id


# -- the property: random edits, renames, moves, link-target changes, unpublishes, deletes --

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["edit", "rename", "move", "unpublish", "republish", "delete", "translate", "retitle"]
        ),
        st.integers(0, 5),
        st.integers(0, 6),
    ),
    min_size=1,
    max_size=4,
)


def _pages(ids):
    return [GuidePage.objects.filter(pk=pk).first() for pk in ids]


def _apply(operation, page_ids, city_ids, serial):
    name, index, other = operation
    page = _pages(page_ids)[index]
    if page is None:
        return  # deleted earlier in this example
    if name == "edit":
        page.body = [{"type": "paragraph", "value": f"<p>Neuer Text {serial}</p>"}]
        page.save_revision().publish()
    elif name == "retitle":
        page.title = f"Titel {serial}"
        page.save_revision().publish()
    elif name == "rename":
        page.slug = f"neu-{serial}"
        page.save_revision().publish()
    elif name == "move":
        targets = [*_pages(page_ids), *Page.objects.filter(pk__in=city_ids)]
        target = targets[other % len(targets)]
        if target is not None and not target.path.startswith(page.path):
            page.move(target, pos="last-child")
    elif name == "unpublish" and page.live:
        unpublish(page)
    elif name == "republish" and not page.live:
        page.get_latest_revision().publish()
    elif name == "delete":
        page.delete()
    elif name == "translate":
        parent = page.get_parent()
        has_copy = Page.objects.filter(
            translation_key=page.translation_key, locale__language_code="en"
        ).exists()
        parent_copy = Page.objects.filter(
            translation_key=parent.translation_key, locale__language_code="en"
        ).exists()
        if parent_copy and not has_copy:
            translate(page, "en", title=f"{page.title} EN")


def test_stored_fragments_always_equal_a_fresh_serialisation_and_deltas_add_up(city_tree, client):
    target = city_tree["praktikum"]
    referrer = make_page(city_tree["wohnen"], "Verweis", body=link_body(target))
    other = make_page(city_tree["arbeit"], "Verweis zwei", body=link_body(city_tree["arbeit"]))
    page_ids = [city_tree[name].id for name in ("willkommen", "arbeit", "praktikum", "wohnen")] + [
        referrer.id,
        other.id,
    ]
    city_ids = [city_tree["city"].id]
    codes = ["de", "en"]
    serial = iter(range(10**6))

    @hypothesis_settings(
        max_examples=8,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(OPERATIONS)
    # Every kind of change, whatever the generated examples hold: praktikum (2) is the link
    # target of referrer (4), arbeit (1) that of other (5), so a rename or move of either is a
    # link-target change.
    # Two link-target changes in a row: each commit must get its own rebuild.
    @example([("rename", 1, 0), ("rename", 2, 0), ("edit", 4, 0), ("retitle", 5, 0)])
    @example([("move", 2, 3), ("unpublish", 1, 0), ("republish", 1, 0)])
    @example([("translate", 3, 0), ("delete", 2, 0), ("move", 3, 6)])
    def run(operations):
        with transaction.atomic():
            cache.clear()  # versions repeat after the rollback of the previous example
            prebuilt.forget_all()  # and so would the list files' versions
            assert_stored_equals_fresh(client, codes)
            for operation in operations:
                before = {}
                for code in codes:
                    response = client.get(PAGES.format(code))
                    before[code] = (int(response["Cityguide-Version"]), response.json())
                # The commit: the worker's rebuild (on_commit) runs as in production.
                with run_on_commit():
                    _apply(operation, page_ids, city_ids, next(serial))
                assert_stored_equals_fresh(client, codes)
                for code in codes:
                    version, old = before[code]
                    new = client.get(PAGES.format(code)).json()
                    delta = client.get(PAGES.format(code) + f"?since={version}").json()
                    assert isinstance(delta, dict), (operation, code)
                    assert delta["since"] == version
                    assert apply_delta(old, delta) == {item["id"]: item for item in new}
            transaction.set_rollback(True)

    run()


# -- deltas -----------------------------------------------------------------------------------


def test_a_delta_after_one_edit_holds_only_that_page(city_tree, client):
    response = client.get(PAGES.format("de"))
    version = int(response["Cityguide-Version"])
    wohnen = city_tree["wohnen"]
    wohnen.body = [{"type": "paragraph", "value": "<p>Neu</p>"}]
    wohnen.save_revision().publish()
    new = client.get(PAGES.format("de"))
    assert int(new["Cityguide-Version"]) > version
    delta = client.get(PAGES.format("de") + f"?since={version}")
    assert delta["Cityguide-Version"] == new["Cityguide-Version"]
    body = delta.json()
    assert [item["id"] for item in body["pages"]] == [wohnen.id]
    assert body["removed"] == []
    assert body["version"] == int(new["Cityguide-Version"])
    assert "<p>Neu</p>" in body["pages"][0]["content"]


def test_a_delta_names_removed_pages(city_tree, client):
    version = int(client.get(PAGES.format("de"))["Cityguide-Version"])
    arbeit, praktikum = city_tree["arbeit"], city_tree["praktikum"]
    unpublish(arbeit)
    delta = client.get(PAGES.format("de") + f"?since={version}").json()
    assert delta["pages"] == []
    assert delta["removed"] == [arbeit.id, praktikum.id]


@pytest.mark.parametrize("since", ["future", "before the first build"])
def test_an_unknown_or_too_old_since_answers_the_full_list(city_tree, client, since):
    full = client.get(PAGES.format("de"))
    version = int(full["Cityguide-Version"])
    value = version + 1 if since == "future" else 0
    response = client.get(PAGES.format("de") + f"?since={value}")
    assert response.status_code == 200
    assert response.json() == full.json()
    assert isinstance(response.json(), list)


def test_a_since_that_is_not_a_version_is_a_422(city_tree, client):
    assert client.get(PAGES.format("de") + "?since=abc").status_code == 422
    assert client.get(PAGES.format("de") + "?since=-1").status_code == 422


# -- encodings, version header, early 304 -------------------------------------------------------


def test_brotli_and_gzip_bodies_decode_to_the_same_json(city_tree, client):
    plain = client.get(PAGES.format("de"))
    zipped = client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="gzip")
    squeezed = client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert squeezed["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.content) == gzip.decompress(zipped.content) == plain.content
    assert len({plain["ETag"], zipped["ETag"], squeezed["ETag"]}) == 3
    assert squeezed["ETag"].endswith('-br"')
    assert int(squeezed["Content-Length"]) == len(squeezed.content)
    refused = client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert refused["Content-Encoding"] == "gzip"


def test_a_hit_reads_only_the_body_it_sends(city_tree, client, monkeypatch, settings):
    settings.API_PREBUILT_ROOT = None  # the cache's bodies (files: tests/api/test_prebuilt_lists)
    client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="br")
    client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="gzip")
    read = []
    original = cache.get

    def spy(key, *args, **kwargs):
        value = original(key, *args, **kwargs)
        read.append((key, len(value) if isinstance(value, bytes) else 0))
        return value

    monkeypatch.setattr(cache, "get", spy)
    response = client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="br")
    bodies = [(key, size) for key, size in read if ":body:" in key]
    assert [key.rsplit(":", 1)[1] for key, _size in bodies] == ["br"]
    assert bodies[0][1] == len(response.content)


def test_every_list_answer_carries_its_version(city_tree, client):
    response = client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="gzip")
    version = response["Cityguide-Version"]
    assert version.isdigit()
    not_modified = client.get(
        PAGES.format("de"), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert not_modified.status_code == 304
    assert not_modified["Cityguide-Version"] == version
    assert "Cityguide-Version" in response["Access-Control-Expose-Headers"]
    make_page(city_tree["wohnen"], "Neu")
    assert int(client.get(PAGES.format("de"))["Cityguide-Version"]) > int(version)


@pytest.mark.parametrize(("files", "queries"), [(True, 0), (False, 1)])
def test_the_conditional_path_runs_before_sessions_auth_and_the_site(
    city_tree, client, django_assert_num_queries, settings, files, queries
):
    if not files:
        settings.API_PREBUILT_ROOT = None  # from the cache: the versions, nothing else
    order = settings.MIDDLEWARE
    early = order.index("guides.api.conditional.ApiConditionalMiddleware")
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "cityguide.middleware.CityguideLocaleMiddleware",
        "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    ):
        assert early < order.index(later), later
    etag = client.get(PAGES.format("de"), HTTP_ACCEPT_ENCODING="br")["ETag"]
    with django_assert_num_queries(queries):
        response = client.get(
            PAGES.format("de"), HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=etag
        )
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert "Cookie" not in response.get("Vary", "")


def test_the_early_304_never_answers_for_a_changed_list(city_tree, client):
    etag = client.get(PAGES.format("de"))["ETag"]
    make_page(city_tree["wohnen"], "Neu")
    response = client.get(PAGES.format("de"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Neu" in [item["title"] for item in response.json()]


def test_the_hash_is_16_base64url_characters_of_a_sha256(city_tree, api):
    _response, items = api(PAGES.format("de"))
    hashes = {item["hash"] for item in items}
    assert len(hashes) == len(items)
    assert all(len(value) == 16 and value.isascii() for value in hashes)


# -- the version header on every list -----------------------------------------------------------

LISTS = ["events", "locations", "location-categories", "news", "fcm", "children"]


@pytest.mark.parametrize("name", LISTS)
def test_every_city_language_list_carries_the_version_the_pages_list_has(city_tree, client, name):
    url = f"/api/v3/augsburg/de/{name}/"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cityguide-Version"] == client.get(PAGES.format("de"))["Cityguide-Version"]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["Cityguide-Version"] == first["Cityguide-Version"]
    wohnen = city_tree["wohnen"]
    wohnen.body = [{"type": "paragraph", "value": "<p>Neu</p>"}]
    wohnen.save_revision().publish()
    later = client.get(url)
    assert int(later["Cityguide-Version"]) > int(first["Cityguide-Version"])
    assert later["Cityguide-Version"] == client.get(PAGES.format("de"))["Cityguide-Version"]


def test_the_schema_documents_the_version_header_of_every_list(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    for name in ["pages", *LISTS]:
        answer = paths[f"/api/v3/{{city}}/{{lang}}/{name}/"]["get"]["responses"]["200"]
        assert "Cityguide-Version" in answer.get("headers", {}), name


# -- built when published -------------------------------------------------------------------------


def _stored(page):
    return ApiFragment.objects.get(city="augsburg", language="de", page_id=page.id)


def test_a_publish_builds_the_page_object_before_any_request_asks(city_tree, client):
    client.get(PAGES.format("de"))  # every object stored
    wohnen = city_tree["wohnen"]
    wohnen.body = [{"type": "paragraph", "value": "<p>Gleich gebaut</p>"}]
    with run_on_commit():  # the commit: the worker's job runs
        wohnen.save_revision().publish()
    fragment = _stored(wohnen)
    assert fragment.mark == fragment.built_mark
    assert "<p>Gleich gebaut</p>" in json.loads(bytes(fragment.data))["content"]
    assert_stored_equals_fresh(client, ["de"])


def test_the_publish_request_only_queues_the_build_for_the_worker(
    city_tree, client, database_tasks
):
    from django_tasks_db.models import DBTaskResult

    from tests.worker import run_worker

    client.get(PAGES.format("de"))
    wohnen = city_tree["wohnen"]
    wohnen.body = [{"type": "paragraph", "value": "<p>Später gebaut</p>"}]
    with run_on_commit():
        wohnen.save_revision().publish()
        wohnen.save_revision().publish()  # two publishes in one transaction: one job
    fragment = _stored(wohnen)
    assert fragment.mark != fragment.built_mark  # the request built nothing
    queued = DBTaskResult.objects.filter(task_path="guides.api.tasks.build_fragments_task")
    assert [task.args_kwargs["args"] for task in queued] == [["augsburg", ["de"]]]
    run_worker()
    assert queued.get().status == "SUCCESSFUL"
    fragment = _stored(wohnen)
    assert fragment.mark == fragment.built_mark
    assert "<p>Später gebaut</p>" in json.loads(bytes(fragment.data))["content"]
