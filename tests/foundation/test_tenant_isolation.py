"""An editor of Augsburg gets nothing of Nürnberg from any admin URL that takes an id.

The URL list is read from the URL resolver, so admin views added later (by Wagtail,
wagtail-localize or us) are covered without touching this file.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Revision
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from tests.conftest import build_city, make_page, make_user
from tests.shared import run_on_commit, shared_fixture

PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def admin_routes():
    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern, prefix + str(pattern.pattern), ns or None)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                yield prefix + str(pattern.pattern), name

    return [
        (route, name)
        for route, name in walk(get_resolver(), "", None)
        if route.startswith("admin/") and PARAM.search(route)
    ]


ROUTES = admin_routes()


@shared_fixture()
def two_cities():
    augsburg = build_city("augsburg", "Augsburg", ("de", "en"))
    nuernberg = build_city("nuernberg", "Nürnberg", ("de", "en"))
    page = make_page(
        nuernberg,
        "Nürnberger Geheimnis",
        body=[
            {"type": "paragraph", "value": '<p>Mit <a href="https://example.org/x">Link</a>.</p>'}
        ],
    )
    child = make_page(page, "Nürnberger Unterseite")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="en")
    )
    with run_on_commit():
        translation.save_target(publish=True)
    image = Image.objects.create(
        title="Nürnberg image", file=get_test_image_file(), collection_id=nuernberg.collection_id
    )
    document = Document.objects.create(
        title="Nürnberg document",
        file=ContentFile(b"hello", name="n.txt"),
        collection_id=nuernberg.collection_id,
    )
    editor = make_user("augsburg-editor", city=augsburg)
    other_editor = make_user("nuernberg-editor", city=nuernberg)
    return {
        "augsburg": augsburg,
        "nuernberg": nuernberg,
        "page": page,
        "child": child,
        "translation": translation,
        "source": source,
        "image": image,
        "document": document,
        "editor": editor,
        "other_editor": other_editor,
    }


def fill_route(route, name, objects):
    """Put Nürnberg's objects into every id of an admin route."""
    page = objects["page"]
    revision = Revision.page_revisions.filter(object_id=str(page.pk)).latest("pk")
    segment = StringSegment.objects.filter(source=objects["source"]).first()
    by_kind = {
        "image": objects["image"].pk,
        "document": objects["document"].pk,
        "collection": objects["nuernberg"].collection_id,
        "groups": objects["nuernberg"].editors_group_id,
        "users": objects["other_editor"].pk,
    }
    kind = next(
        (
            k
            for k in ("image", "document", "collection", "groups", "users")
            if k in name or f"{k}s" in route
        ),
        "page",
    )
    values = {
        "page_id": page.pk,
        "parent_page_id": page.pk,
        "page_to_move_id": page.pk,
        "destination_id": objects["child"].pk,
        "page_pk": page.pk,
        "pk": by_kind.get(kind, page.pk),
        "image_id": objects["image"].pk,
        "document_id": objects["document"].pk,
        "doc_id": objects["document"].pk,
        "collection_id": objects["nuernberg"].collection_id,
        "revision_id": revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "translation_id": objects["translation"].pk,
        "translation_source_id": objects["source"].pk,
        "string_segment_id": segment.pk,
        "overridable_segment_id": 1,
        "content_type_app_name": "guides",
        "content_type_model_name": "guidepage",
        "app_label": "guides",
        "model_name": "guidepage",
        "app_name": "guides",
        "object_id": page.pk,
        "mode": "",
        "filter_spec": "original",
        "action": "delete",
        "action_name": "approve",
        "str": page.pk,
    }

    def substitute(match):
        key = match.group(1) or match.group(2)
        return str(values.get(key, 1))

    path = PARAM.sub(substitute, route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def snapshot(objects):
    nuernberg_pages = Page.objects.descendant_of(objects["nuernberg"], inclusive=True)
    return {
        "pages": sorted(
            nuernberg_pages.values_list(
                "pk", "title", "live", "locked", "path", "latest_revision_id"
            )
        ),
        "all_pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": sorted(Image.objects.values_list("pk", "title", "collection_id")),
        "documents": sorted(Document.objects.values_list("pk", "title", "collection_id")),
        "collections": sorted(Collection.objects.values_list("pk", "name")),
    }


# Routes whose ids name no object of a city (a page type, a workflow task, an editing
# session): they may answer 200, but must reveal and change nothing of the other city.
CITY_NEUTRAL_ROUTES = {
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
    "wagtailadmin_pages:choose_parent",
    "wagtailadmin_workflows:task_chosen",
    "wagtailadmin_editing_sessions:release",
    "wagtailadmin_password_reset_confirm",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[name or route for route, name in ROUTES])
def test_editor_gets_no_200_and_changes_nothing_for_other_city(client, two_cities, route, name):
    client.force_login(two_cities["editor"])
    url = fill_route(route, name, two_cities)
    before = snapshot(two_cities)

    got = client.get(url)
    posted = client.post(
        url,
        {
            "title": "hacked",
            "slug": "hacked",
            "locales": [1, 2, 3],
            "collection": two_cities["nuernberg"].collection_id,
        },
    )

    if name not in CITY_NEUTRAL_ROUTES:
        assert got.status_code != 200, f"GET {url} gave 200"
        assert posted.status_code != 200, f"POST {url} gave 200"
    for response in (got, posted):
        html = response.content.decode(errors="replace")
        assert "Nürnberger" not in html and "Nürnberg image" not in html, url
    assert snapshot(two_cities) == before


@pytest.mark.django_db
def test_own_city_editor_gets_200_on_own_pages(client, two_cities):
    """The control: the same URLs work for Nürnberg's own editor."""
    client.force_login(two_cities["other_editor"])
    page = two_cities["page"]
    for url in (
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/",
        f"/admin/images/{two_cities['image'].pk}/",
        f"/admin/documents/edit/{two_cities['document'].pk}/",
        f"/admin/localize/submit/page/{two_cities['child'].pk}/",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/pages/search/?q=Nürnberger",
        "/admin/choose-page/",
        "/admin/choose-page/search/?q=Nürnberger",
        "/admin/images/",
        "/admin/documents/",
        "/admin/collections/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
    ],
)
def test_listings_and_choosers_do_not_reveal_other_city(client, two_cities, url):
    client.force_login(two_cities["editor"])
    response = client.get(url, follow=True)
    html = response.content.decode()
    for secret in ("Nürnberger Geheimnis", "Nürnberg image", "Nürnberg document"):
        assert secret not in html, f"{url} shows {secret!r}"


@pytest.mark.django_db
def test_explorer_of_locale_root_lists_only_own_city(client, two_cities):
    client.force_login(two_cities["editor"])
    home = two_cities["augsburg"].get_parent()
    html = client.get(f"/admin/pages/{home.pk}/").content.decode()
    assert "Augsburg" in html
    assert "Nürnberg" not in html


@pytest.mark.django_db
def test_editor_cannot_upload_into_other_city_collection(client, two_cities):
    client.force_login(two_cities["editor"])
    nuernberg_collection = two_cities["nuernberg"].collection_id
    client.post(
        "/admin/images/add/",
        {
            "title": "sneaky",
            "collection": nuernberg_collection,
            "file": get_test_image_file(filename="sneaky.png"),
        },
    )
    client.post(
        "/admin/documents/add/",
        {
            "title": "sneaky",
            "collection": nuernberg_collection,
            "file": ContentFile(b"x", name="sneaky.txt"),
        },
    )
    assert (
        not Image.objects.filter(collection_id=nuernberg_collection)
        .exclude(pk=two_cities["image"].pk)
        .exists()
    )
    assert (
        not Document.objects.filter(collection_id=nuernberg_collection)
        .exclude(pk=two_cities["document"].pk)
        .exists()
    )


@pytest.mark.django_db
def test_translate_form_offers_only_city_languages(client, city_factory):
    city = city_factory("augsburg", "Augsburg", ("de", "en", "ar"))
    page = make_page(city, "Anmeldung")
    editor = make_user("augsburg-editor", city=city)
    client.force_login(editor)

    html = client.get(f"/admin/localize/submit/page/{page.pk}/").content.decode()
    response = client.post(
        f"/admin/localize/submit/page/{page.pk}/",
        {"locales": [city.locale.__class__.objects.get(language_code="ru").pk]},
    )

    assert 'value="ar"' in html or "العربية" in html or "Arabic" in html
    assert "Русский" not in html and "Russian" not in html
    assert response.status_code == 200  # form re-rendered with an error, nothing created
    assert not Page.objects.filter(
        translation_key=page.translation_key, locale__language_code="ru"
    ).exists()


@pytest.mark.parametrize(
    "url", ["/admin/pages/999999/edit/", "/admin/snippets/events/event/edit/999999/", "/admin/no/"]
)
def test_admin_not_found_is_404_without_a_language_redirect(client, user_factory, url):
    """LocaleMiddleware used to retry every admin 404 as /de/admin/…, Wagtail's page route."""
    client.force_login(user_factory("root", superuser=True))

    response = client.get(url, follow=True)

    assert response.redirect_chain == []
    assert response.status_code == 404


def test_public_path_without_language_still_redirects_to_the_language(client, augsburg):
    response = client.get("/augsburg/")

    assert response.status_code == 302
    assert response["Location"] == "/de/augsburg/"
