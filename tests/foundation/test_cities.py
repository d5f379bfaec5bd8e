import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupPagePermission

from guides.models import CityPage
from tests.conftest import city_translation


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
    from wagtail.test.utils.form_data import rich_text

    from home.models import HomePage

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
            "languages": [],
            "imprint": rich_text("<p>Stadt Ulm</p>"),
            "contact_email": "",
            "contact_phone": "",
            "contact_address": "",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    city = CityPage.objects.get(slug="ulm")
    assert city.live and city.editors_group.name == "Ulm editors"
    assert city.collection.name == "Ulm"
    assert GroupPagePermission.objects.filter(group=city.editors_group, page=city).count() == 3
    latest = city.get_latest_revision_as_object()
    assert latest.editors_group_id == city.editors_group_id
