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
        granted = set(GroupPagePermission.objects.filter(
            group=city.editors_group, page=root).values_list("permission__codename", flat=True))
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
