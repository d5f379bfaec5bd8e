"""How an import writes pages: drafts leave the live page alone, index tasks run once per batch
and are dropped with a file that rolls back."""

from django_tasks.signals import task_enqueued
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from localization.xliff.deferred_tasks import deferred_tasks
from localization.xliff.search_index import index_objects_task
from tests.conftest import make_page
from tests.xliff.helpers import do_import, export_one, fill_targets


def _english(page):
    return Page.objects.get(
        translation_key=page.translation_key, locale__language_code="en"
    ).specific


def test_a_draft_import_keeps_the_live_translation_serving_its_published_text(rich_page, on_commit):
    with on_commit():
        do_import(fill_targets(export_one(rich_page, "en").content, "1.2"), publish=True)
    live = _english(rich_page)
    assert live.live and live.title == "EN Wohnen"

    draft = fill_targets(
        export_one(rich_page, "en").content, "1.2", translate=lambda text: f"NEU {text}"
    )
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


def test_a_failed_inner_block_drops_only_its_own_tasks(rich_page, augsburg):
    other = make_page(augsburg, "Arbeit")
    IndexEntry.objects.all().delete()
    with deferred_tasks():
        other.save()
        try:
            with deferred_tasks():
                rich_page.save()
                raise RuntimeError("this file rolled back")
        except RuntimeError:
            pass
        assert not IndexEntry.objects.exists()
    assert list(IndexEntry.objects.values_list("object_id", flat=True)) == [str(other.pk)]


def test_a_batch_indexes_its_pages_with_one_bulk_task(rich_page, augsburg):
    other = make_page(augsburg, "Arbeit")
    IndexEntry.objects.all().delete()
    enqueued = []

    def remember(sender, task_result, **kwargs):
        enqueued.append(task_result.task.module_path)

    task_enqueued.connect(remember)
    try:
        with deferred_tasks():
            for page in (rich_page, other, rich_page):
                with deferred_tasks():
                    page.save()
    finally:
        task_enqueued.disconnect(remember)
    assert enqueued.count(index_objects_task.module_path) == 1
    assert "insert_or_update_object_task" not in " ".join(enqueued)
    assert sorted(IndexEntry.objects.values_list("object_id", flat=True)) == sorted(
        [str(rich_page.pk), str(other.pk)]
    )
    for page in (rich_page, other):  # title is a tsvector on PostgreSQL: compare by filtering
        assert IndexEntry.objects.filter(object_id=str(page.pk), title=page.title).exists()


def test_a_first_translation_is_a_new_draft_page_under_its_parents_translation(augsburg, on_commit):
    from wagtail.models import PageLogEntry

    from tests.conftest import make_user

    parent = make_page(augsburg, "Familie")
    child = make_page(parent, "Kita", teaser="Betreuung & Bildung")
    with on_commit():
        do_import(fill_targets(export_one(parent, "en").content, "1.2"), publish=True)
    translator = make_user("translator", city=augsburg)
    with on_commit():
        [result] = do_import(fill_targets(export_one(child, "en").content, "1.2"), user=translator)
    assert result.outcome == "applied"
    page = _english(child)
    assert (page.title, page.draft_title, page.teaser) == (
        "EN Kita",
        "EN Kita",
        "EN Betreuung & Bildung",
    )
    assert page.get_parent().pk == _english(parent).pk
    assert page.url_path == f"{_english(parent).url_path}{page.slug}/"
    assert not page.live and page.has_unpublished_changes and page.live_revision is None
    assert page.owner == translator and page.latest_revision.user == translator
    assert page.revisions.count() == 1 and page.first_published_at is None
    assert page.numchild == 0 and page.pk != child.pk
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create").exists()
    child.refresh_from_db()  # the source is untouched
    assert (child.title, child.live, child.locale.language_code) == ("Kita", True, "de")
    assert child.get_latest_revision_as_object().teaser == "Betreuung & Bildung"
