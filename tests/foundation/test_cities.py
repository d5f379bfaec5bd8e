import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Collection, GroupPagePermission, Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from guides.models import CityPage, GuidePage
from home.models import HomePage
from tests.conftest import city_translation, make_page

pytestmark = pytest.mark.usefixtures("in_english")

SOURCE_LANGUAGE_ERROR = "A city is always offered in its source language, Deutsch."


def test_create_city_builds_root_in_each_language_with_group_and_collection(city_factory):
    city = city_factory("augsburg", "Augsburg", ("de", "en", "ar"))

    roots = CityPage.objects.filter(translation_key=city.translation_key)
    assert sorted(r.locale.language_code for r in roots) == ["ar", "de", "en"]
    assert [(r.live, r.slug) for r in roots] == [(True, "augsburg")] * 3
    assert city.editors_group.name == "Augsburg editors"
    assert Collection.objects.filter(name="Augsburg", depth=2).exists()
    for root in roots:
        granted = set(
            GroupPagePermission.objects.filter(group=city.editors_group, page=root).values_list(
                "permission__codename", flat=True
            )
        )
        assert granted == {"add_page", "change_page", "publish_page"}


def test_new_translation_of_city_root_gets_editor_permissions(augsburg, locale, on_commit):
    from wagtail_localize.operations import translate_object

    augsburg.languages.add(locale("uk"))
    augsburg.save_revision().publish()
    with on_commit():
        translate_object(augsburg, [locale("uk")])

    uk_root = city_translation(augsburg, "uk")
    assert GroupPagePermission.objects.filter(
        group=augsburg.editors_group, page=uk_root, permission__codename="publish_page"
    ).exists()


def test_create_city_command_rejects_unknown_language_and_duplicate_slug(db, capsys):
    call_command("create_city", "ulm", "Ulm", "--languages", "de,en")
    with pytest.raises(CommandError, match=r"Unknown language.*xx"):
        call_command("create_city", "bonn", "Bonn", "--languages", "de,xx")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_city", "ulm", "Ulm")
    assert not CityPage.objects.filter(slug="bonn").exists()


def test_city_created_in_admin_gets_group_collection_and_permissions(client, user_factory):
    admin = user_factory("admin", superuser=True)
    client.force_login(admin)
    home = HomePage.objects.get(locale__language_code="de")

    response = client.post(
        f"/admin/pages/add/guides/citypage/{home.pk}/",
        {
            "title": "Ulm",
            "slug": "ulm",
            "teaser": "",
            "state": "Baden-Württemberg",
            "languages": [Locale.objects.get(language_code="de").pk],
            "imprint": rich_text("<p>Stadt Ulm</p>"),
            "contact_email": "",
            "contact_phone": "",
            "contact_address": "",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    city = CityPage.objects.get(slug="ulm")
    assert city.live and city.editors_group.name == "Ulm editors"
    assert city.collection.name == "Ulm"
    assert GroupPagePermission.objects.filter(group=city.editors_group, page=city).count() == 3
    latest = city.get_latest_revision_as_object()
    assert latest.editors_group_id == city.editors_group_id


def city_form_data(**fields):
    data = {
        "title": "Ulm",
        "slug": "ulm",
        "teaser": "",
        "state": "",
        "languages": [Locale.objects.get(language_code="en").pk],
        "imprint": rich_text(""),
        "contact_email": "",
        "contact_phone": "",
        "contact_address": "",
        "action-publish": "publish",
    }
    data.update(fields)
    return data


def guide_page_form_data(title="Willkommen", **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": fields.pop("slug", "willkommen"),
            "teaser": "",
            "body": streamfield([]),
            "action-publish": "publish",
            **fields,
        }
    )


def test_city_without_source_language_is_a_field_error_in_the_admin(client, user_factory):
    client.force_login(user_factory("admin", superuser=True))
    home = HomePage.objects.get(locale__language_code="de")

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["guides", "citypage", home.pk]), city_form_data()
    )

    assert response.status_code == 200
    assert response.context["form"].errors["languages"] == [SOURCE_LANGUAGE_ERROR]
    assert SOURCE_LANGUAGE_ERROR in response.content.decode()
    assert not CityPage.objects.filter(slug="ulm").exists()


def test_editing_a_city_cannot_untick_the_source_language(client, user_factory, augsburg):
    client.force_login(user_factory("admin", superuser=True))
    before = augsburg.latest_revision_id

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[augsburg.pk]),
        city_form_data(title="Augsburg", slug="augsburg"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["languages"] == [SOURCE_LANGUAGE_ERROR]
    augsburg.refresh_from_db()
    assert augsburg.latest_revision_id == before
    assert "de" in [loc.language_code for loc in augsburg.languages.all()]


def test_city_model_refuses_languages_without_the_source_language(augsburg, locale):
    augsburg.languages = [locale("en"), locale("ar")]

    with pytest.raises(ValidationError) as refused:
        augsburg.full_clean()

    assert refused.value.message_dict["languages"] == [SOURCE_LANGUAGE_ERROR]


def test_create_city_command_always_adds_the_source_language(db):
    """The command's decision: German is never optional, so `--languages en` means de and en."""
    call_command("create_city", "ulm", "Ulm", "--languages", "en,ar")

    city = CityPage.objects.get(slug="ulm", locale__language_code="de")
    assert sorted(loc.language_code for loc in city.languages.all()) == ["ar", "de", "en"]
    assert sorted(
        CityPage.objects.filter(translation_key=city.translation_key).values_list(
            "locale__language_code", flat=True
        )
    ) == ["ar", "de", "en"]


def test_page_added_in_a_language_the_city_does_not_offer_is_a_form_error(
    client, user_factory, augsburg, locale
):
    """The English copy of a city that dropped English: adding a page there was a 500."""
    augsburg.languages = [locale("de"), locale("ar"), locale("fa")]
    augsburg.save_revision().publish()
    english_root = city_translation(augsburg, "en")
    client.force_login(user_factory("admin", superuser=True))
    pages_before = GuidePage.objects.count()

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["guides", "guidepage", english_root.pk]),
        guide_page_form_data(),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Augsburg does not offer English; add the language to the city first."
    ]
    assert GuidePage.objects.count() == pages_before


def test_page_added_to_a_city_saved_without_german_is_a_form_error(
    client, user_factory, augsburg, locale
):
    """The finding: a city saved without German, then a page added to it, was an HTTP 500."""
    CityPage.languages.through.objects.filter(citypage=augsburg, locale=locale("de")).delete()
    client.force_login(user_factory("admin", superuser=True))
    pages_before = GuidePage.objects.count()

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["guides", "guidepage", augsburg.pk]),
        guide_page_form_data(),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Augsburg does not offer Deutsch; add the language to the city first."
    ]
    assert "add the language to the city first" in response.content.decode()
    assert GuidePage.objects.count() == pages_before


def test_page_edited_in_a_language_the_city_does_not_offer_is_a_form_error(
    client, user_factory, augsburg, locale
):
    """A page of the English copy, after the city dropped English (the copy's own languages
    follow the source only when synced, so the source city's languages decide)."""
    english = make_page(city_translation(augsburg, "en"), "Only in English")
    augsburg.languages = [locale("de"), locale("ar"), locale("fa")]
    augsburg.save_revision().publish()
    client.force_login(user_factory("admin", superuser=True))
    before = english.latest_revision_id

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[english.pk]),
        guide_page_form_data(title="Registration", slug=english.slug),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Augsburg does not offer English; add the language to the city first."
    ]
    english.refresh_from_db()
    assert english.latest_revision_id == before


def test_migration_gives_cities_without_the_source_language_their_source_language(augsburg, locale):
    """Cities saved before the rule: the data migration ticks German on every locale copy."""
    through = CityPage.languages.through
    roots = CityPage.objects.filter(translation_key=augsburg.translation_key)
    through.objects.filter(citypage__in=roots, locale=locale("de")).delete()
    migration = importlib.import_module("guides.migrations.0002_cities_offer_source_language")

    migration.add_source_language(apps, None)

    for root in roots:
        codes = sorted(root.languages.values_list("language_code", flat=True))
        assert codes == ["ar", "de", "en", "fa"], root.locale
