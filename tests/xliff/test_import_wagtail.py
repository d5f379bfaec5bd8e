"""An import goes through Wagtail: who may write, locks, workflows, the publish action with its
user; it authorizes before any write, is one transaction per file, previews what it applies,
and never overwrites an edit made while it ran (issue 11, items 4, 5, 9 and 10)."""

import io
import threading
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection
from django.utils import translation
from lxml import etree
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    PageLogEntry,
    Workflow,
    WorkflowTask,
)
from wagtail_localize.models import String, StringTranslation, TranslationSource

from localization.xliff import importer
from localization.xliff.export import export_pairs
from localization.xliff.importer import import_file, import_upload
from localization.xliff.lookups import Lookups
from localization.xliff.reader import read_document
from tests.conftest import make_page, make_user
from tests.xliff.helpers import export_one, fill_targets, parse, set_target, units

pytestmark = pytest.mark.usefixtures("in_english")


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def _english(page):
    found = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code="en"
    ).first()
    return found.specific if found else None


def _translated_file(page, translate=lambda text: f"EN {text}"):
    return fill_targets(export_one(page, "en").content, "1.2", translate=translate)


def _first_publish(page):
    [result] = import_upload("first.xlf", _translated_file(page), publish=True)
    assert result.outcome == "applied", result.message
    return _english(page)


def _source_rows(page):
    """Everything a refresh of this page's TranslationSource could rewrite."""
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    strings = sorted(
        String.objects.filter(segments__source=source).values_list("pk", "data").distinct()
    )
    return source.content_json, source.last_updated_at, source.object_repr, strings


# ---- authorize before any write ------------------------------------------------------------


def test_a_file_of_another_city_is_refused_before_its_source_is_refreshed(augsburg, nuernberg):
    own, foreign = make_page(augsburg, "Schule"), make_page(nuernberg, "Rathaus")
    en = Locale.objects.get(language_code="en")
    files = export_pairs([(own, en), (foreign, en)], mark=False)
    foreign.title = "Rathaus (neu)"  # the live page moves on: a refresh would rewrite its source
    foreign.save_revision().publish()
    before = _source_rows(foreign)
    editor = make_user("augsburg-editor", city=augsburg)

    results = import_upload(
        "two.zip",
        _zip([(f.filename, fill_targets(f.content, "1.2")) for f in files]),
        user=editor,
        allowed_cities=[augsburg],
    )

    assert [r.outcome for r in results] == ["applied", "rejected"]
    assert results[1].message == (
        "This file belongs to Nürnberg; you can import files only for Augsburg."
    )
    assert _source_rows(foreign) == before
    assert _english(foreign) is None


# ---- Wagtail's permissions, locks and workflows --------------------------------------------


def test_a_locked_translation_is_refused_naming_who_locked_it(rich_page):
    english = _first_publish(rich_page)
    locker = make_user("lotte", city=rich_page.get_parent().specific)
    english.locked, english.locked_by = True, locker
    english.save(update_fields=["locked", "locked_by"])
    translator = make_user("tom", superuser=True)
    revisions = english.revisions.count()

    for user in (translator, None):  # the system import respects locks too
        [result] = import_upload(
            "again.xlf", _translated_file(rich_page, lambda t: f"NEU {t}"), user=user
        )
        assert result.outcome == "rejected"
        assert result.message == (
            "The translated page is locked by lotte; unlock it, then import again."
        )
    assert english.revisions.count() == revisions


def test_the_user_who_locked_the_page_may_import_into_it(rich_page):
    english = _first_publish(rich_page)
    owner = make_user("lotte", superuser=True)
    english.locked, english.locked_by = True, owner
    english.save(update_fields=["locked", "locked_by"])
    [result] = import_upload(
        "again.xlf", _translated_file(rich_page, lambda t: f"NEU {t}"), user=owner
    )
    assert result.outcome == "applied", result.message


def test_a_translation_in_a_workflow_is_refused(rich_page):
    english = _first_publish(rich_page)
    workflow = Workflow.objects.create(name="Vier Augen")
    task = GroupApprovalTask.objects.create(name="Gegenlesen")
    task.groups.add(Group.objects.create(name="Lektorat"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    editor = make_user("erika", superuser=True)
    english.save_revision(user=editor)
    workflow.start(english, editor)
    revisions = english.revisions.count()

    [result] = import_upload(
        "again.xlf", _translated_file(rich_page, lambda t: f"NEU {t}"), user=editor
    )

    assert result.outcome == "rejected"
    assert result.message == (
        "The translated page is in the workflow “Vier Augen” (task “Gegenlesen”); approve, "
        "reject or cancel it before importing. Nothing was written."
    )
    assert english.revisions.count() == revisions


def test_a_translation_scheduled_for_publishing_is_refused(rich_page):
    from datetime import timedelta

    from django.utils import timezone

    english = _first_publish(rich_page)
    english.title = "Geplant"
    scheduled = english.save_revision(approved_go_live_at=timezone.now() + timedelta(days=1))
    [result] = import_upload("again.xlf", _translated_file(rich_page, lambda t: f"NEU {t}"))
    assert (result.outcome, result.message) == (
        "rejected",
        "The translated page has a revision scheduled for publishing; cancel the schedule, "
        "then import again. Nothing was written.",
    )
    assert _english(rich_page).latest_revision_id == scheduled.pk


def test_a_user_without_publish_permission_cannot_publish_by_import(rich_page):
    from wagtail.models import GroupPagePermission

    english = _first_publish(rich_page)
    city = rich_page.get_parent().specific
    GroupPagePermission.objects.filter(
        group=city.editors_group, permission__codename="publish_page"
    ).delete()
    translator = make_user("tina", city=city)
    content = _translated_file(rich_page, lambda t: f"NEU {t}")

    [refused] = import_upload("p.xlf", content, user=translator, publish=True)
    assert refused.outcome == "rejected"
    assert refused.message == (
        "tina may not edit and publish this English translation; nothing was written."
    )
    [draft] = import_upload("p.xlf", content, user=translator)
    assert draft.outcome == "applied", draft.message
    assert _english(rich_page).title == english.title  # the live page is as it was


# ---- publishing: Wagtail's action, the user, in the file's transaction ---------------------


def test_publishing_happens_in_the_files_transaction_and_the_log_names_the_user(rich_page):
    translator = make_user("tara", city=rich_page.get_parent().specific)
    # No on_commit fixture: nothing may wait for a commit that the test never makes.
    [result] = import_upload("p.xlf", _translated_file(rich_page), user=translator, publish=True)
    assert result.outcome == "applied", result.message
    english = _english(rich_page)
    assert english.live and english.title == "EN Wohnen"
    assert english.live_revision.user == translator
    entries = PageLogEntry.objects.filter(page=english)
    publish = entries.get(action="wagtail.publish")
    imported = entries.get(action=importer.IMPORT_ACTION)
    assert (publish.user, imported.user) == (translator, translator)
    assert imported.revision_id == english.live_revision_id
    assert imported.data["system_import"] is False


def test_a_system_import_says_so_in_the_audit_data(rich_page):
    _first_publish(rich_page)
    entry = PageLogEntry.objects.get(page=_english(rich_page), action=importer.IMPORT_ACTION)
    assert (entry.user, entry.data["system_import"]) == (None, True)


def test_an_editors_draft_is_never_published_by_an_import(rich_page):
    content = _translated_file(rich_page)
    english = _first_publish(rich_page)
    editor = make_user("eddi", superuser=True)
    english.title = "Editor's unfinished draft"
    english.save_revision(user=editor)
    live = english.live_revision_id

    [result] = import_upload("again.xlf", content, publish=True)

    assert (result.outcome, result.message) == (
        "unchanged",
        "nothing to publish: the latest draft was not written by an import",
    )
    english = _english(rich_page)
    assert english.live_revision_id == live and english.title == "EN Wohnen"


def test_a_draft_the_import_wrote_is_published_by_importing_again_with_publish(rich_page):
    content = _translated_file(rich_page)
    [draft] = import_upload("d.xlf", content)
    assert draft.outcome == "applied"
    [result] = import_upload("d.xlf", content, publish=True)
    assert (result.outcome, result.message) == (
        "applied",
        "published the draft this import saved",
    )
    assert _english(rich_page).live


def test_a_failed_publish_costs_only_its_file(augsburg, monkeypatch):
    failing, fine = make_page(augsburg, "Fehler"), make_page(augsburg, "Gut")
    en = Locale.objects.get(language_code="en")
    files = export_pairs([(failing, en), (fine, en)], mark=False)
    real_publish = importer._publish

    def publish(revision, user):
        if revision.content_object.translation_key == failing.translation_key:
            raise DatabaseError("could not serialize access due to concurrent update")
        real_publish(revision, user)

    monkeypatch.setattr(importer, "_publish", publish)
    results = import_upload(
        "two.zip", _zip([(f.filename, fill_targets(f.content, "1.2")) for f in files]), publish=True
    )
    assert [r.outcome for r in results] == ["rejected", "applied"]
    assert _english(failing) is None  # page, revision and strings of that file rolled back
    assert not StringTranslation.objects.filter(data="EN Fehler").exists()
    assert _english(fine).live and _english(fine).title == "EN Gut"


# ---- preview = apply -----------------------------------------------------------------------


def test_the_preview_gives_the_outcome_and_messages_of_the_import(augsburg):
    good, invalid, clash = (make_page(augsburg, title) for title in ("Gut", "Lang", "Doppelt"))
    make_page(augsburg, "Belegt", slug="belegt")
    en = Locale.objects.get(language_code="en")
    files = {f.filename: f.content for f in export_pairs([(p, en) for p in (good, invalid, clash)])}
    upload = []
    for name, content in files.items():
        root = parse(fill_targets(content, "1.2"))
        title = next(u for u in units(root, "1.2") if u.get("resname") == "title")
        slug = next(u for u in units(root, "1.2") if u.get("resname") == "slug")
        if "lang" in name:
            set_target(title, "1.2", "X" * 300)
        if "doppelt" in name:  # the English "Belegt" will hold this slug
            set_target(slug, "1.2", "belegt")
        upload.append((name, etree.tostring(root)))
    import_upload(
        "belegt.xlf", _translated_file(augsburg.get_children().get(slug="belegt").specific)
    )
    belegt = _english(augsburg.get_children().get(slug="belegt"))
    belegt.slug = "belegt"
    belegt.save_revision().publish()

    preview = import_upload("batch.zip", _zip(upload), dry_run=True)
    applied = import_upload("batch.zip", _zip(upload))

    def shape(results, verb):
        return [
            (
                r.label,
                {"preview": "applied"}.get(r.outcome, r.outcome),
                r.message.replace(verb, "VERB"),
                [c.as_dict() for c in r.changes],
            )
            for r in results
        ]

    assert shape(preview, "would change, to be saved as") == shape(applied, "changed, saved as")
    by_label = {r.label.split("_")[4]: r for r in applied}
    assert by_label["lang.xlf"].outcome == "rejected"
    assert "title" in by_label["lang.xlf"].message
    assert by_label["doppelt.xlf"].outcome == "rejected"
    assert "The slug “belegt” is already used by “EN Belegt”" in by_label["doppelt.xlf"].message


# ---- concurrency ---------------------------------------------------------------------------


def _file(content):
    [xfile] = read_document(content, "c.xlf")
    return xfile


def _read_batch(xfile):
    lookups = Lookups([xfile])
    lookups.refresh([xfile.meta.translation_id])
    return lookups


def test_an_editors_string_change_during_the_import_is_a_conflict(rich_page):
    _first_publish(rich_page)
    xfile = _file(_translated_file(rich_page, lambda t: f"IMPORT {t}"))
    lookups = _read_batch(xfile)
    edited = StringTranslation.objects.get(data="EN Wohnen")  # the editor saves a new title
    edited.data = "Editor's title"
    edited.save()

    result = import_file(xfile, lookups=lookups, checked=True)

    assert result.outcome == "rejected"
    assert result.message.startswith(
        "Conflict: the translated texts were changed in the translation editor"
    )
    edited.refresh_from_db()
    assert edited.data == "Editor's title"


def test_a_publish_during_the_import_is_a_conflict(rich_page):
    english = _first_publish(rich_page)
    english.title = "Published by an editor"
    revision = english.save_revision()
    xfile = _file(_translated_file(rich_page, lambda t: f"IMPORT {t}"))
    lookups = _read_batch(xfile)
    revision.publish()

    result = import_file(xfile, lookups=lookups, checked=True)

    assert result.outcome == "rejected"
    assert result.message.startswith(
        "Conflict: the translation was saved or published by someone else"
    )
    assert _english(rich_page).title == "Published by an editor"


def test_the_second_of_two_first_imports_is_told_it_was_already_imported(rich_page):
    xfile = _file(_translated_file(rich_page))
    first, second = _read_batch(xfile), _read_batch(xfile)
    assert import_file(xfile, lookups=first, checked=True).outcome == "applied"
    result = import_file(xfile, lookups=second, checked=True)
    assert result.outcome == "rejected"
    assert result.message.startswith("This translation was already imported")
    assert Page.objects.filter(translation_key=rich_page.translation_key).count() == 2


def _import_twice_at_once(monkeypatch, content, **options):
    """Two threads import the same file, both having read the batch before either writes;
    their results."""
    both_read = threading.Barrier(2, timeout=30)
    real_refresh = Lookups.refresh

    def refresh(self, translation_ids):
        both_read.wait()
        real_refresh(self, translation_ids)

    monkeypatch.setattr(Lookups, "refresh", refresh)
    results = []

    def run():
        try:
            with translation.override("en"):  # a thread starts in the site's language
                results.extend(import_upload("p.xlf", content, **options))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_first_imports_make_one_page(augsburg, monkeypatch):
    page = make_page(augsburg, "Parallel")
    content = _translated_file(page)
    results = _import_twice_at_once(monkeypatch, content, publish=True)
    assert sorted(r.outcome for r in results) == ["applied", "rejected"]
    [rejected] = [r for r in results if r.rejected]
    assert rejected.message.startswith("This translation was already imported")
    assert Page.objects.filter(translation_key=page.translation_key).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_imports_into_an_existing_translation_write_one_revision(
    augsburg, monkeypatch
):
    page = make_page(augsburg, "Parallel wieder")
    english = _first_publish(page)
    revisions = english.revisions.count()
    content = _translated_file(page, lambda text: f"NEU {text}")
    results = _import_twice_at_once(monkeypatch, content)
    assert sorted(r.outcome for r in results) == ["applied", "rejected"]
    [rejected] = [r for r in results if r.rejected]
    assert rejected.message.startswith("Conflict: the translation was saved or published")
    assert english.revisions.count() == revisions + 1


# ---- slugs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "slug"), [("fa", "ثبت-نام"), ("ar", "التسجيل-في-المدينة")])
def test_the_translators_unicode_slug_is_kept(rich_page, code, slug):
    root = parse(fill_targets(export_one(rich_page, code).content, "1.2"))
    set_target(next(u for u in units(root, "1.2") if u.get("resname") == "slug"), "1.2", slug)
    [result] = import_upload("s.xlf", etree.tostring(root), publish=True)
    assert result.outcome == "applied", result.message
    translated = Page.objects.get(
        translation_key=rich_page.translation_key, locale__language_code=code
    )
    assert translated.slug == slug

    retitled = parse(etree.tostring(root))  # a title edit alone keeps the live URL
    set_target(
        next(u for u in units(retitled, "1.2") if u.get("resname") == "title"), "1.2", "جديد"
    )
    [again] = import_upload("s.xlf", etree.tostring(retitled), publish=True)
    assert again.outcome == "applied", again.message
    translated.refresh_from_db()
    assert (translated.title, translated.slug) == ("جديد", slug)


def test_a_slug_that_a_sibling_has_is_refused_naming_that_page(rich_page):
    sibling = make_page(rich_page.get_parent().specific, "Nachbar")
    import_upload("n.xlf", _translated_file(sibling), publish=True)
    taken = _english(sibling)
    root = parse(_translated_file(rich_page))
    set_target(next(u for u in units(root, "1.2") if u.get("resname") == "slug"), "1.2", taken.slug)

    [result] = import_upload("w.xlf", etree.tostring(root))

    assert result.outcome == "rejected"
    assert result.message == (
        f"The translated page does not validate: slug: The slug “{taken.slug}” is already used "
        f"by “EN Nachbar” (page {taken.pk}) under “{taken.get_parent().title}”; give this page "
        "another slug in the file."
    )
    assert _english(rich_page) is None


def test_an_import_brings_the_source_view_restriction_to_the_translation(rich_page):
    from wagtail.models import PageViewRestriction

    english = _first_publish(rich_page)
    PageViewRestriction.objects.create(page=rich_page, restriction_type="login")

    [result] = import_upload("again.xlf", _translated_file(rich_page, lambda t: f"NEU {t}"))

    assert result.outcome == "applied", result.message
    assert list(english.view_restrictions.values_list("restriction_type", flat=True)) == ["login"]
    rich_page.view_restrictions.all().delete()
    [result] = import_upload("third.xlf", _translated_file(rich_page, lambda t: f"DREI {t}"))
    assert result.outcome == "applied", result.message
    assert not english.view_restrictions.exists()


def test_units_left_in_machine_translation_are_counted_with_the_revision(rich_page):
    from localization.models import TranslationBase
    from localization.tracking import machine_segment_count

    english = _first_publish(rich_page)
    StringTranslation.objects.filter(locale=english.locale).update(translation_type="machine")
    changed = []

    def translate_one(text):  # the first unit gets a new text, the others stay as they are
        changed.append(text)
        return f"NEU {text}" if len(changed) == 1 else f"EN {text}"

    [result] = import_upload("again.xlf", _translated_file(rich_page, translate_one))

    assert result.outcome == "applied", result.message
    english.refresh_from_db()
    tag = TranslationBase.objects.get(revision_id=english.latest_revision_id)
    source = TranslationSource.objects.get(object_id=rich_page.translation_key)
    assert tag.segments_machine == machine_segment_count(source.pk, english.locale_id)
    assert tag.segments_machine == tag.segments_total - 1 > 0, tag.segments_total
