"""Every status transition of one (page, language) pair."""

import pytest
from wagtail.models import PageLogEntry

from localization import audit
from localization.tracking import (
    TrackingError,
    cancel_in_translation,
    mark_in_translation,
    mark_up_to_date,
    record_synced,
)
from tests.localization.conftest import assert_matches_recomputation, loc

pytestmark = pytest.mark.usefixtures("in_english")


def test_published_page_without_translation_is_missing(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    assert {code: flow.status(page, code) for code in ("en", "ar", "fa")} == {
        "en": "missing",
        "ar": "missing",
        "fa": "missing",
    }


def test_published_translation_is_up_to_date(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    assert flow.status(page, "en") == "up_to_date"
    assert flow.status(page, "ar") == "missing"


def test_draft_translation_is_still_missing(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    flow.sync(page, "en", publish=False)
    assert flow.status(page, "en") == "outdated"
    draft = flow.translation(page, "en")
    assert draft.has_unpublished_changes
    with flow.on_commit():
        draft.get_latest_revision().publish()
    assert flow.status(page, "en") == "up_to_date"


def test_real_change_makes_every_translation_outdated(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en", "ar")
    flow.edit(page, "Neuer Titel")
    assert (flow.status(page, "en"), flow.status(page, "ar"), flow.status(page, "fa")) == (
        "outdated",
        "outdated",
        "missing",
    )
    assert_matches_recomputation(augsburg)


def test_minor_edit_keeps_translations_up_to_date(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en", "ar")
    flow.edit(page, "Tippfehler behoben", minor=True)
    assert (flow.status(page, "en"), flow.status(page, "ar")) == ("up_to_date", "up_to_date")


def test_minor_edit_does_not_hide_an_earlier_real_change(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page, "Echt geändert")
    flow.edit(page, "Tippfehler", minor=True)
    assert flow.status(page, "en") == "outdated"
    assert_matches_recomputation(augsburg)


def test_save_revision_publish_in_code_is_a_real_change(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    page.title = "Im Code geändert"
    page.save_revision().publish()
    assert flow.status(page, "en") == "outdated"


def test_sync_and_publish_brings_outdated_back_up_to_date(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en", "ar")
    flow.edit(page)
    flow.sync(page, "en")
    assert (flow.status(page, "en"), flow.status(page, "ar")) == ("up_to_date", "outdated")
    assert_matches_recomputation(augsburg)


def test_publishing_a_translation_after_a_real_change_shows_the_gap(augsburg, page_factory, flow):
    """The real change refreshed the source strings at once: re-saving the target syncs it,
    and the changed segment, untranslated, makes it incomplete (not up to date)."""
    from wagtail_localize.models import Translation

    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    with flow.on_commit():
        Translation.objects.get(
            source__object_id=page.translation_key, target_locale=loc("en")
        ).save_target(publish=True)
    assert flow.status(page, "en") == "incomplete"
    assert_matches_recomputation(augsburg)


def test_hand_edit_of_a_translation_keeps_it_outdated(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    flow.edit(flow.translation(page, "en"), "Hand edited")
    assert flow.status(page, "en") == "outdated"


def test_in_translation_until_synced(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    mark_in_translation(page, [loc("en"), loc("ar")])
    assert (flow.status(page, "en"), flow.status(page, "ar")) == (
        "in_translation",
        "in_translation",
    )
    flow.sync(page, "en")
    assert (flow.status(page, "en"), flow.status(page, "ar")) == ("up_to_date", "in_translation")
    assert_matches_recomputation(augsburg)


def test_cancel_returns_to_the_computed_status(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    mark_in_translation(page, [loc("en"), loc("ar")])
    cancel_in_translation(page, [loc("en"), loc("ar")])
    assert (flow.status(page, "en"), flow.status(page, "ar")) == ("up_to_date", "missing")
    assert_matches_recomputation(augsburg)


def test_record_synced_on_a_live_translation_makes_it_up_to_date(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    mark_in_translation(page, [loc("en")])
    translation = flow.translation(page, "en")
    translation.title = "Imported"
    translation.save_revision().publish()
    assert flow.status(page, "en") == "in_translation"
    flow.translate_strings(page, "en")
    record_synced(page, loc("en"))
    assert flow.status(page, "en") == "up_to_date"
    assert_matches_recomputation(augsburg)


def test_record_synced_on_a_draft_waits_for_its_publication(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    mark_in_translation(page, [loc("en")])
    translation = flow.translation(page, "en")
    translation.title = "Imported draft"
    revision = translation.save_revision()
    flow.translate_strings(page, "en")
    record_synced(page, loc("en"))
    assert flow.status(page, "en") == "in_translation"
    revision.publish()
    assert flow.status(page, "en") == "up_to_date"
    assert_matches_recomputation(augsburg)


def test_mark_up_to_date_is_logged_and_sticks(augsburg, page_factory, flow, user_factory):
    editor = user_factory("editor", city=augsburg)
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    mark_up_to_date(page, loc("en"), user=editor)
    assert flow.status(page, "en") == "up_to_date"
    entry = PageLogEntry.objects.get(action=audit.MARKED_UP_TO_DATE)
    assert (entry.page_id, entry.user_id, entry.data["previous_status"]) == (
        flow.translation(page, "en").pk,
        editor.pk,
        "outdated",
    )
    assert_matches_recomputation(augsburg)


def test_mark_up_to_date_refuses_a_missing_translation(augsburg, page_factory):
    page = page_factory(augsburg)
    with pytest.raises(TrackingError, match="no published"):
        mark_up_to_date(page, loc("en"))
    assert not PageLogEntry.objects.filter(action=audit.MARKED_UP_TO_DATE).exists()


def test_unpublished_translation_is_missing_and_comes_back(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    flow.translate(page, "en")
    translation = flow.translation(page, "en")
    translation.unpublish()
    assert flow.status(page, "en") == "missing"
    translation.get_latest_revision().publish()
    assert flow.status(page, "en") == "up_to_date"
    assert_matches_recomputation(augsburg)


def test_language_outside_the_city_is_refused(augsburg, page_factory, flow):
    page = page_factory(augsburg)
    with pytest.raises(TrackingError, match="does not offer"):
        flow.status(page, "uk")
