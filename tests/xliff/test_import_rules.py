"""How an import applies: drafts vs publishing, idempotence, empty targets, status, dry runs."""

import pytest
from lxml import etree
from wagtail.models import Locale, Page, PageLogEntry
from wagtail_localize.models import StringTranslation

from localization.models import TranslationStatus
from localization.status import Status
from localization.tracking import get_status
from localization.xliff.export import export_pairs
from tests.xliff.helpers import do_import, export_one, fill_targets, parse, set_target, units

pytestmark = pytest.mark.usefixtures("in_english")


def _revision_count(page, code):
    translation = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=code
    ).first()
    return translation.revisions.count() if translation else 0


def test_import_saves_a_draft_by_default(rich_page, on_commit):
    content = fill_targets(export_one(rich_page, "en").content, "1.2")
    with on_commit():
        [result] = do_import(content)
    assert result.outcome == "applied"
    assert "saved as draft revision" in result.message
    page = Page.objects.get(translation_key=rich_page.translation_key, locale__language_code="en")
    assert page.has_unpublished_changes and page.draft_title == "EN Wohnen"
    assert PageLogEntry.objects.filter(page=page, action="cityguide.xliff_import").exists()


def test_reimporting_the_same_file_changes_nothing_and_writes_no_revision(rich_page, on_commit):
    content = fill_targets(export_one(rich_page, "en").content, "1.2")
    with on_commit():
        do_import(content, publish=True)
    revisions = _revision_count(rich_page, "en")
    translations = list(StringTranslation.objects.values_list("pk", "data", "updated_at"))
    with on_commit():
        [again] = do_import(content, publish=True)
    assert again.outcome == "unchanged"
    assert _revision_count(rich_page, "en") == revisions
    assert list(StringTranslation.objects.values_list("pk", "data", "updated_at")) == translations


def test_empty_target_keeps_the_existing_translation(rich_page, on_commit):
    with on_commit():
        do_import(fill_targets(export_one(rich_page, "en").content, "1.2"), publish=True)
    root = parse(export_one(rich_page, "en").content)
    title, teaser = units(root, "1.2")[0], units(root, "1.2")[2]
    set_target(title, "1.2", "")
    set_target(teaser, "1.2", "New teaser")
    with on_commit():
        [result] = do_import(etree.tostring(root), publish=True)
    assert result.outcome == "applied"
    assert [c.name for c in result.changes] == ["teaser"]
    page = Page.objects.get(
        translation_key=rich_page.translation_key, locale__language_code="en"
    ).specific
    assert (page.title, page.teaser) == ("EN Wohnen", "New teaser")


def test_dry_run_shows_the_diff_and_writes_nothing(rich_page, on_commit):
    with on_commit():
        do_import(fill_targets(export_one(rich_page, "en").content, "1.2"), publish=True)
    before = list(StringTranslation.objects.values_list("pk", "data"))
    revisions = _revision_count(rich_page, "en")
    content = fill_targets(
        export_one(rich_page, "en").content, "1.2", translate=lambda text: f"NEW {text}"
    )
    [result] = do_import(content, dry_run=True)
    assert result.outcome == "preview"
    title = next(c for c in result.changes if c.name == "title")
    assert (title.before, title.after) == ("EN Wohnen", "NEW Wohnen")
    assert list(StringTranslation.objects.values_list("pk", "data")) == before
    assert _revision_count(rich_page, "en") == revisions


def test_export_marks_in_translation_and_a_complete_import_makes_it_up_to_date(
    rich_page, locale, on_commit
):
    en = locale("en")
    [exported] = export_pairs([(rich_page, en)], mark=True)
    assert get_status(rich_page, en) == Status.IN_TRANSLATION
    with on_commit():
        [result] = do_import(fill_targets(exported.content, "1.2"), publish=True)
    assert result.outcome == "applied"
    assert get_status(rich_page, en) == Status.UP_TO_DATE


def test_export_without_marking_leaves_the_status(rich_page, locale):
    en = locale("en")
    before = get_status(rich_page, en)
    export_pairs([(rich_page, en)], mark=False)
    assert get_status(rich_page, en) == before != Status.IN_TRANSLATION


def test_partial_translation_is_applied_but_not_up_to_date(rich_page, locale, on_commit):
    en = locale("en")
    [exported] = export_pairs([(rich_page, en)], mark=True)
    root = parse(exported.content)
    set_target(units(root, "1.2")[0], "1.2", "Housing")
    with on_commit():
        [result] = do_import(etree.tostring(root), publish=True)
    assert result.outcome == "applied"
    assert "some units are still untranslated" in result.message
    assert get_status(rich_page, en) == Status.IN_TRANSLATION


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_batch_imports_the_good_files_and_reports_each(augsburg, version, on_commit):
    from tests.conftest import make_page

    good, bad = make_page(augsburg, "Gut"), make_page(augsburg, "Schlecht")
    en = Locale.objects.get(language_code="en")
    files = export_pairs([(good, en), (bad, en)], version=version, mark=False)
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(files[0].filename, fill_targets(files[0].content, version))
        archive.writestr(files[1].filename, b"<xliff><broken></xliff>")
    with on_commit():
        results = do_import(buffer.getvalue(), name="batch.zip", publish=True)
    assert [r.outcome for r in results] == ["applied", "rejected"]
    assert "malformed XML" in results[1].message
    assert Page.objects.get(translation_key=good.translation_key, locale=en).title == "EN Gut"
    assert not TranslationStatus.objects.filter(
        source_page=bad, target_locale=en, status=Status.UP_TO_DATE
    ).exists()


@pytest.mark.parametrize("existing", [False, True])
def test_a_translation_that_does_not_validate_is_rejected_and_nothing_written(
    rich_page, on_commit, existing
):
    if existing:
        with on_commit():
            do_import(fill_targets(export_one(rich_page, "en").content, "1.2"), publish=True)
    pages, strings = Page.objects.count(), StringTranslation.objects.count()
    revisions = _revision_count(rich_page, "en")
    root = parse(export_one(rich_page, "en").content)
    title = next(u for u in units(root, "1.2") if u.get("resname") == "title")
    set_target(title, "1.2", "X" * 300)
    [result] = do_import(etree.tostring(root))
    assert result.outcome == "rejected"
    assert "does not validate" in result.message and "title" in result.message
    assert (Page.objects.count(), StringTranslation.objects.count()) == (pages, strings)
    assert _revision_count(rich_page, "en") == revisions
