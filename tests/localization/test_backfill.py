"""Content that predates tracking gets its statuses from history."""

from localization.backfill import backfill_existing_content
from localization.models import SyncedSource, TranslationBase, TranslationStatus
from tests.localization.conftest import assert_matches_recomputation


def test_backfill_derives_statuses_from_translation_history(augsburg, page_factory, flow):
    current = page_factory(augsburg, "Aktuell")
    stale = page_factory(augsburg, "Veraltet")
    flow.translate(current, "en")
    flow.translate(stale, "en")
    flow.edit(stale, "Veraltet, geändert")
    for model in (TranslationStatus, TranslationBase, SyncedSource):
        model.objects.all().delete()

    backfill_existing_content()

    assert (flow.status(current, "en"), flow.status(stale, "en")) == ("up_to_date", "outdated")
    assert flow.status(current, "ar") == "missing"
    assert_matches_recomputation(augsburg)
