"""How an import writes pages: drafts leave the live page alone, index tasks run once per file."""

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from localization.xliff.deferred_tasks import deferred_tasks
from tests.xliff.helpers import do_import, export_one, fill_targets


def _english(page):
    return Page.objects.get(translation_key=page.translation_key,
                            locale__language_code="en").specific


def test_a_draft_import_keeps_the_live_translation_serving_its_published_text(
        rich_page, on_commit):
    with on_commit():
        do_import(fill_targets(export_one(rich_page, "en").content, "1.2"), publish=True)
    live = _english(rich_page)
    assert live.live and live.title == "EN Wohnen"

    draft = fill_targets(export_one(rich_page, "en").content, "1.2",
                         translate=lambda text: f"NEU {text}")
    with on_commit():
        [result] = do_import(draft)
    assert result.outcome == "applied"
    page = _english(rich_page)
    assert page.title == "EN Wohnen" and page.draft_title == "NEU Wohnen"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "NEU Wohnen"


def test_a_new_translation_is_indexed_for_search_with_its_translated_title(rich_page, on_commit):
    with on_commit():
        do_import(fill_targets(export_one(rich_page, "en").content, "1.2"))
    page = _english(rich_page)
    assert IndexEntry.objects.filter(object_id=str(page.pk), title="EN Wohnen").exists()


def test_deferred_tasks_are_dropped_when_the_block_fails(rich_page):
    IndexEntry.objects.all().delete()
    try:
        with deferred_tasks():
            rich_page.save()  # enqueues a search-index task
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert not IndexEntry.objects.exists()
    with deferred_tasks():
        rich_page.save()
        rich_page.save()
        assert not IndexEntry.objects.exists()  # nothing runs inside the block
    assert IndexEntry.objects.filter(object_id=str(rich_page.pk), title="Wohnen").count() == 1
