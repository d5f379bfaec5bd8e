"""Statuses stay right across moves, copies, deletes, unpublishes and language changes."""

from localization.models import TranslationStatus
from localization.tracking import get_status
from tests.localization.conftest import assert_matches_recomputation, loc


def test_deleting_a_translation_makes_it_missing(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.translation(page, "en").delete()
    assert flow.status(page, "en") == "missing"
    assert_matches_recomputation(augsburg)


def test_deleting_a_source_removes_its_rows(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    page.delete()
    assert not TranslationStatus.objects.filter(translation_key=page.translation_key).exists()


def test_unpublished_source_leaves_the_report_but_keeps_its_history(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    page.unpublish()
    assert not TranslationStatus.objects.get(source_page=page, target_locale=loc("en")).source_live
    assert_matches_recomputation(augsburg)


def test_moving_a_subtree_to_another_city_takes_that_citys_languages(
    augsburg, nuernberg, page_factory, flow
):
    parent = page_factory(augsburg, "Gesundheit")
    child = page_factory(parent, "Arzt")
    flow.translate(parent, "en", "ar")
    parent.move(nuernberg, pos="last-child")
    assert set(
        TranslationStatus.objects.filter(source_page=child).values_list(
            "target_locale__language_code", "city_id"
        )
    ) == {("en", nuernberg.pk), ("uk", nuernberg.pk)}
    assert_matches_recomputation(augsburg)
    assert_matches_recomputation(nuernberg)


def test_copied_page_starts_with_its_own_missing_statuses(augsburg, page_factory, flow):
    page = page_factory(augsburg, "Arzt")
    flow.translate(page, "en")
    copy = page.copy(update_attrs={"slug": "arzt-kopie", "title": "Arzt (Kopie)"})
    assert get_status(copy, loc("en")) == "missing"
    assert flow.status(page, "en") == "up_to_date"
    assert_matches_recomputation(augsburg)


def test_adding_and_dropping_a_language(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    city = augsburg.specific
    city.languages.set([loc("de"), loc("en"), loc("uk")])
    with flow.on_commit():
        city.save_revision().publish()
    codes = set(
        TranslationStatus.objects.filter(source_page=page).values_list(
            "target_locale__language_code", flat=True
        )
    )
    assert codes == {"en", "uk"}
    assert flow.status(page, "uk") == "missing"
    assert flow.status(page, "en") == "up_to_date"
    assert_matches_recomputation(augsburg)
