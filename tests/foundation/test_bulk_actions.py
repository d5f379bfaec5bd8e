"""Every bulk action's confirmation lists only objects of the user's cities and collections.

Wagtail's bulk-action views take their objects from `?id=…` and name by title those the user
may not act on. An Augsburg editor who sends Nürnberg's ids gets 404, and no Nürnberg title.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.conftest import build_city, make_page, make_user
from tests.events.factories import make_event, make_location
from tests.shared import shared_fixture


@shared_fixture()
def cities():
    augsburg = build_city("augsburg", "Augsburg", ("de", "en"))
    nuernberg = build_city("nuernberg", "Nürnberg", ("de", "en"))

    def media(city, name):
        image = Image.objects.create(
            title=f"{name} Bild", file=get_test_image_file(), collection_id=city.collection_id
        )
        document = Document.objects.create(
            title=f"{name} Dokument",
            file=ContentFile(b"hello", name=f"{name}.txt"),
            collection_id=city.collection_id,
        )
        return image, document

    image, document = media(nuernberg, "Nürnberger")
    own_image, own_document = media(augsburg, "Augsburger")
    location = make_location(nuernberg, "Nürnberger Bücherei", town="Nürnberg")
    return {
        "augsburg": augsburg,
        "nuernberg": nuernberg,
        "editor": make_user("augsburg-editor", city=augsburg),
        "colleague": make_user("augsburg-colleague", city=augsburg),
        "other_editor": make_user("nuernberger-redakteurin", city=nuernberg),
        "page": make_page(nuernberg, "Nürnberger Geheimnis"),
        "own_page": make_page(augsburg, "Augsburger Seite"),
        "image": image,
        "document": document,
        "own_image": own_image,
        "own_document": own_document,
        "location": location,
        "event": make_event(nuernberg, "Nürnberger Sprachcafé", location=location),
        "own_event": make_event(augsburg, "Augsburger Sprachcafé"),
    }


# (app label, model, action, key of Nürnberg's object, its title)
OTHER_CITY = [
    ("wagtailimages", "image", "delete", "image", "Nürnberger Bild"),
    ("wagtailimages", "image", "add_to_collection", "image", "Nürnberger Bild"),
    ("wagtailimages", "image", "add_tags", "image", "Nürnberger Bild"),
    ("wagtaildocs", "document", "delete", "document", "Nürnberger Dokument"),
    ("wagtaildocs", "document", "add_to_collection", "document", "Nürnberger Dokument"),
    ("wagtaildocs", "document", "add_tags", "document", "Nürnberger Dokument"),
    ("events", "event", "delete", "event", "Nürnberger Sprachcafé"),
    ("events", "location", "delete", "location", "Nürnberger Bücherei"),
    ("wagtailcore", "page", "export_xliff", "page", "Nürnberger Geheimnis"),
    ("auth", "user", "delete", "other_editor", "nuernberger-redakteurin"),
    ("auth", "user", "assign_role", "other_editor", "nuernberger-redakteurin"),
    ("auth", "user", "set_active_state", "other_editor", "nuernberger-redakteurin"),
]
OWN = {
    "image": "own_image",
    "document": "own_document",
    "event": "own_event",
    "location": "own_event",
    "page": "own_page",
    "other_editor": "colleague",
}


def bulk_url(app_label, model_name, action):
    return reverse("wagtail_bulk_action", args=[app_label, model_name, action])


@pytest.mark.parametrize(("app_label", "model_name", "action", "key", "title"), OTHER_CITY)
def test_bulk_action_with_other_citys_id_is_404(
    client, cities, app_label, model_name, action, key, title
):
    client.force_login(cities["editor"])
    own = cities[OWN[key]] if model_name != "location" else None
    ids = [cities[key].pk] + ([own.pk] if own is not None else [])

    response = client.get(bulk_url(app_label, model_name, action), {"id": ids})

    assert response.status_code == 404
    assert title not in response.content.decode()


@pytest.mark.parametrize(("app_label", "model_name", "action", "key", "title"), OTHER_CITY)
def test_bulk_action_post_with_other_citys_id_is_404_and_changes_nothing(
    client, cities, app_label, model_name, action, key, title
):
    client.force_login(cities["editor"])
    target = cities[key]
    url = bulk_url(app_label, model_name, action) + f"?id={target.pk}"

    response = client.post(url, {"tags": "x", "collection": cities["augsburg"].collection_id})

    assert response.status_code == 404
    assert type(target).objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize(
    ("app_label", "model_name", "action", "key"),
    [
        ("wagtailimages", "image", "add_tags", "own_image"),
        ("wagtaildocs", "document", "add_tags", "own_document"),
        ("wagtailimages", "image", "add_to_collection", "own_image"),
        ("wagtailcore", "page", "export_xliff", "own_page"),
    ],
)
def test_bulk_action_on_own_objects_still_shows_its_confirmation(
    client, cities, app_label, model_name, action, key
):
    client.force_login(cities["editor"])
    target = cities[key]

    response = client.get(bulk_url(app_label, model_name, action), {"id": target.pk})

    assert response.status_code == 200
    assert str(target.title) in response.content.decode()


@pytest.mark.parametrize(
    ("app_label", "model_name", "action"),
    [
        ("wagtailimages", "image", "add_tags"),
        ("wagtaildocs", "document", "add_tags"),
        ("events", "event", "delete"),
        ("auth", "user", "set_active_state"),
    ],
)
def test_bulk_action_over_a_whole_listing_names_no_other_citys_object(
    client, cities, app_label, model_name, action
):
    client.force_login(cities["editor"])

    response = client.get(bulk_url(app_label, model_name, action), {"id": "all"})

    assert "Nürnberg" not in response.content.decode()
    assert "nuernberger" not in response.content.decode()


def test_superuser_bulk_action_lists_every_citys_objects(client, cities, user_factory):
    client.force_login(user_factory("root", superuser=True))
    ids = [cities["image"].pk, cities["own_image"].pk]

    response = client.get(bulk_url("wagtailimages", "image", "add_tags"), {"id": ids})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nürnberger Bild" in html and "Augsburger Bild" in html


def test_bulk_action_with_malformed_id_is_404(client, cities):
    client.force_login(cities["editor"])

    response = client.get(bulk_url("wagtailimages", "image", "add_tags"), {"id": "abc"})

    assert response.status_code == 404
