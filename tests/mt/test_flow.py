"""The machine_translated status with the demo translator: translate, review, up to date."""

import pytest
from wagtail.models import Locale, PageLogEntry
from wagtail_localize.models import StringTranslation, Translation

from localization.models import TranslationStatus
from localization.mt.service import select_pages, translate_pages
from localization.recompute import differences, expected_rows
from localization.status import Status
from localization.tracking import TrackingError, get_status, mark_reviewed
from tests.conftest import make_page
from tests.mt.conftest import set_up_mt

pytestmark = pytest.mark.django_db


def en():
    return Locale.objects.get(language_code="en")


def assert_recomputed(*pages):
    stored = TranslationStatus.objects.filter(source_page__in=pages)
    assert differences(stored, expected_rows(pages)) == []


def test_machine_translation_publishes_a_translation_that_needs_review(augsburg, user_factory):
    page = make_page(augsburg, "Anmeldung")
    set_up_mt(augsburg)
    editor = user_factory("editor", city=augsburg)

    outcome = translate_pages(augsburg, en(), [page], user=editor)

    assert outcome.pages_written == 1
    translation = page.get_translation(en())
    assert translation.live
    strings = StringTranslation.objects.filter(locale=en(), context__object_id=page.translation_key)
    assert strings.exists()
    assert set(strings.values_list("translation_type", flat=True)) == {"machine"}
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED
    assert_recomputed(page)


def test_marking_reviewed_makes_it_up_to_date_and_is_logged(augsburg, user_factory):
    page = make_page(augsburg, "Schule")
    set_up_mt(augsburg)
    editor = user_factory("editor", city=augsburg)
    translate_pages(augsburg, en(), [page], user=editor)

    mark_reviewed(page, en(), user=editor)

    assert get_status(page, en()) == Status.UP_TO_DATE
    translation = page.get_translation(en())
    logged = PageLogEntry.objects.get(
        page=translation, action="cityguide.translation.marked_reviewed"
    )
    assert logged.user == editor
    assert not StringTranslation.objects.filter(
        locale=en(), context__object_id=page.translation_key, translation_type="machine"
    ).exists()
    assert_recomputed(page)
    with pytest.raises(TrackingError):
        mark_reviewed(page, en(), user=editor)


def test_a_person_editing_every_machine_string_and_publishing_reviews_it(augsburg, on_commit):
    page = make_page(augsburg, "Arzt")
    set_up_mt(augsburg)
    translate_pages(augsburg, en(), [page])
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED
    # The translation editor saves each string a person changes as "manual", then publishes.
    StringTranslation.objects.filter(locale=en(), context__object_id=page.translation_key).update(
        translation_type="manual", data="Doctor"
    )
    translation = page.get_translation(en()).specific
    job = Translation.objects.get(source__object_id=page.translation_key, target_locale=en())
    with on_commit():
        job.save_target(publish=True)

    assert get_status(page, en()) == Status.UP_TO_DATE
    assert translation.pk == page.get_translation(en()).pk
    assert_recomputed(page)


def test_select_pages_takes_only_the_statuses_asked_for(augsburg):
    done = make_page(augsburg, "Fertig")
    todo = make_page(augsburg, "Offen")
    set_up_mt(augsburg)
    translate_pages(augsburg, en(), [done])
    mark_reviewed(done, en())

    chosen = select_pages(augsburg, en(), statuses=["missing"])

    assert [page.pk for page in chosen] == [todo.pk]
