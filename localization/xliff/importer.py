"""Import service: XLIFF files from a translator -> wagtail-localize translations and a revision.

Per <file>: find the translation by its id, check page, city, language and the user's cities,
refresh the source from the live page and match units by id. A unit whose source changed since
export is reported and skipped; a unit whose inline codes do not fit rejects the whole file.
Accepted targets become StringTranslations and `Translation.save_target` writes the revision
(a draft unless publishing was asked for). Every file is one transaction: it applies whole or
not at all. A dry run does the same work and rolls it back, returning the per-unit diff.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, TranslationLog

from localization.registry import kind_of
from localization.xliff import status_bridge
from localization.xliff.adapter import save_translation
from localization.xliff.codes import InlineCodeError, check_target_codes, is_blank
from localization.xliff.deferred_tasks import deferred_tasks
from localization.xliff.lookups import Lookups, find_one
from localization.xliff.reader import InvalidXliff, read_document
from localization.xliff.safety import UnsafeFile, documents_in_upload

logger = logging.getLogger(__name__)
IMPORT_ACTION = "cityguide.xliff_import"
COMMIT_EVERY = 50  # files per batch: one commit and one set of bulk reads each
TOOL_NAME = "XLIFF import"


class ImportRejected(ValueError):
    """The file is refused as a whole; nothing of it was written."""


@dataclass
class UnitChange:
    unit_id: str
    name: str
    field: str
    before: str
    after: str

    def as_dict(self):
        return {
            "unit": self.unit_id,
            "name": self.name,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class FileResult:
    label: str
    outcome: str  # applied | unchanged | rejected | preview
    message: str = ""
    page_id: int | None = None
    page_title: str = ""
    language: str = ""
    changes: list = field(default_factory=list)
    stale: list = field(default_factory=list)

    @property
    def rejected(self):
        return self.outcome == "rejected"

    def line(self):
        return f"{self.label}: {self.outcome}" + (f": {self.message}" if self.message else "")


def normalize_language(code):
    """'en-GB', 'en_gb', 'EN' -> 'en' (our locales are primary language subtags)."""
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


def known_languages():
    return {code for code, _name in settings.LANGUAGES}


def import_upload(
    name, data, *, user=None, publish=False, dry_run=False, allowed_cities=None, progress=None
):
    """Import every XLIFF file in an upload (.xlf, .xliff or .zip): one FileResult per file."""
    try:
        documents = documents_in_upload(name, data)
    except UnsafeFile as error:
        return [FileResult(name, "rejected", str(error))]
    options = {
        "user": user,
        "publish": publish,
        "dry_run": dry_run,
        "allowed_cities": allowed_cities,
    }
    results = []
    for start in range(0, len(documents), COMMIT_EVERY):
        chunk = [
            (label, _read(label, content))
            for label, content in documents[start : start + COMMIT_EVERY]
        ]
        # One commit per chunk; each file is still its own savepoint, applied whole or not at all.
        # The chunk's index updates run once it has committed (see deferred_tasks).
        with deferred_tasks() as deferred, transaction.atomic():
            lookups = Lookups(
                [xfile for _label, read in chunk if isinstance(read, list) for xfile in read]
            )
            for _label, read in chunk:
                if isinstance(read, FileResult):
                    results.append(read)
                    continue
                results.extend(import_file(xfile, lookups=lookups, **options) for xfile in read)
            if dry_run:  # the bulk reads refreshed TranslationSources; a dry run keeps nothing
                transaction.set_rollback(True)
                deferred.discard()
        if progress:
            progress(start + len(chunk), len(documents))
    return results


def _read(label, content):
    """The XliffFiles in one document, or the FileResult that rejects it."""
    try:
        return read_document(content, label)
    except (UnsafeFile, InvalidXliff) as error:
        return FileResult(label, "rejected", str(error))


def import_file(
    xfile, *, user=None, publish=False, dry_run=False, allowed_cities=None, lookups=None
):
    label = xfile.label or xfile.meta.original
    result = FileResult(label, "rejected", language=normalize_language(xfile.meta.target_language))
    try:
        # The file's index updates are kept until it is done, or dropped (see deferred_tasks).
        with deferred_tasks() as deferred, transaction.atomic():
            found = (
                lookups.find(xfile.meta.translation_id)
                if lookups
                else find_one(xfile.meta.translation_id)
            )
            _import(
                xfile,
                result,
                found,
                user=user,
                publish=publish,
                dry_run=dry_run,
                allowed_cities=allowed_cities,
            )
            if dry_run:
                transaction.set_rollback(True)
                deferred.discard()
    except ImportRejected as error:
        result.outcome, result.message = "rejected", str(error)
        result.changes = []
    except DatabaseError as error:
        # The database refused a write (a constraint, a lock timeout, a concurrent change):
        # a fact about the data, so it costs this file only. Programming errors propagate.
        logger.warning("XLIFF import of %s rolled back: %s", label, error)
        result.outcome, result.changes = "rejected", []
        result.message = (
            "The database refused this file's changes (another edit may have happened at the "
            "same time); nothing of it was saved. Try the file again."
        )
    return result


def _check_identity(xfile, found, allowed_cities):
    meta = xfile.meta
    if found is None:
        raise ImportRejected(
            f"No translation with id {meta.translation_id} exists here; it was deleted or the "
            "file comes from another site."
        )
    translation, instance, city = found.translation, found.instance, found.city
    if instance is None:
        raise ImportRejected("The source page of this file has been deleted.")
    kind = kind_of(instance)
    kind = kind.name if kind else instance._meta.model_name
    if instance.pk != meta.object_id or kind != meta.kind:
        raise ImportRejected(
            f"The file names {meta.kind} {meta.object_id}, but its translation belongs to "
            f"{kind} {instance.pk}; the file header was altered."
        )
    if city is None:
        raise ImportRejected(f"Page {instance.pk} is no longer inside a city.")
    if city.slug != meta.city:
        raise ImportRejected(
            f"The file is for city {meta.city!r}, but page {instance.pk} belongs to "
            f"{city.slug!r}; nothing was imported."
        )
    if allowed_cities is not None and city.pk not in {c.pk for c in allowed_cities}:
        names = ", ".join(sorted(c.title for c in allowed_cities)) or "no city"
        raise ImportRejected(
            f"This file belongs to {city.title}; you can import files only for {names}."
        )
    locale = translation.target_locale
    target = normalize_language(meta.target_language)
    if not target:
        raise ImportRejected("The file does not name its target language.")
    if target not in known_languages():
        raise ImportRejected(f"Unknown target language {meta.target_language!r}.")
    if target != locale.language_code:
        raise ImportRejected(
            f"The file's target language is {meta.target_language!r}, but this translation is "
            f"into {locale.language_code!r}."
        )
    if normalize_language(meta.source_language) != translation.source.locale.language_code:
        raise ImportRejected(
            f"The file's source language is {meta.source_language!r}, but the page is written "
            f"in {translation.source.locale.language_code!r}."
        )
    if locale.pk not in found.city_language_ids:
        raise ImportRejected(f"{city.title} is no longer offered in {locale.language_code!r}.")
    return translation, instance, locale


def _import(xfile, result, found, *, user, publish, dry_run, allowed_cities):
    translation, instance, locale = _check_identity(xfile, found, allowed_cities)
    result.page_id, result.page_title = instance.pk, str(instance)
    translation.source = found.source
    rows, existing = found.rows, found.existing
    by_id = {row.unit_id: row for row in rows}

    errors, seen, planned = [], set(), []
    for unit in xfile.units:
        name = unit.name or unit.id
        if unit.id in seen:
            errors.append(f"Unit {name}: the id {unit.id!r} appears twice in the file.")
            continue
        seen.add(unit.id)
        if unit.error:
            errors.append(f"Unit {name}: {unit.error}.")
            continue
        row = by_id.get(unit.id)
        if row is None:
            result.stale.append(name)
            continue
        if unit.target is None or is_blank(unit.target):
            continue
        try:
            target = check_target_codes(row.segment(), unit.target, name)
        except InlineCodeError as error:
            errors.append(str(error))
            continue
        new_html = target.to_html()
        old = existing.get((row.string_id, row.context_id))
        if old is not None and old.data == new_html and not old.has_error:
            continue
        planned.append((row, old, new_html))
    if errors:
        raise ImportRejected(" ".join(errors))

    result.changes = [
        UnitChange(row.unit_id, row.path, row.field_path, old.data if old else "", new_html)
        for row, old, new_html in planned
    ]
    stale_note = (
        f"{len(result.stale)} unit(s) not applied because their source changed since "
        f"export: {', '.join(result.stale[:5])}" + ("…" if len(result.stale) > 5 else "")
        if result.stale
        else ""
    )
    if dry_run:
        result.outcome = "preview"
        result.message = "; ".join(
            filter(
                None,
                [
                    f"{len(planned)} unit(s) would change" if planned else "nothing would change",
                    stale_note,
                ],
            )
        )
        return

    target_page = _target_instance(translation)
    needs_save = (
        bool(planned) or target_page is None or _translations_newer_than_target(translation, locale)
    )
    if not needs_save:
        if publish and _publish_pending_draft(target_page, user):
            result.outcome, result.message = "applied", "published the pending draft"
        else:
            result.outcome = "unchanged"
            result.message = stale_note
        return

    _write_string_translations(planned, locale, user)
    texts = {key: old.data for key, old in existing.items() if not old.has_error}
    texts.update(((row.string_id, row.context_id), new_html) for row, _old, new_html in planned)
    try:
        target_page = save_translation(
            translation,
            target_page,
            instance,
            segments=found.plan.segments(texts),
            user=user,
            publish=publish,
        ) or _target_instance(translation)
    except ValidationError as error:
        messages = (
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
        raise ImportRejected(f"The translated page does not validate: {messages}") from None
    log(
        instance=target_page,
        action=IMPORT_ACTION,
        user=user,
        data={
            "file": result.label,
            "translation": str(translation.uuid),
            "units_changed": len(planned),
            "units_stale": len(result.stale),
            "published": publish,
        },
    )
    translated = set(existing) | {(row.string_id, row.context_id) for row, _o, _n in planned}
    complete = all((row.string_id, row.context_id) in translated for row in rows)
    # The TranslationLog written with the revision has tagged it with the source version it
    # carries (localization.tracking), which is what makes a complete translation up to date.
    if not complete or result.stale:
        # Source text fills the gaps (wagtail-localize's fallback): the job is not done.
        # On commit, so it comes after wagtail-localize's own on-commit publish.
        transaction.on_commit(
            lambda: status_bridge.mark_in_translation(instance, [locale], user=user)
        )
    result.outcome = "applied"
    result.message = "; ".join(
        filter(
            None,
            [
                f"{len(planned)} unit(s) changed, saved as "
                f"{'published' if publish else 'draft'} revision",
                "" if complete else "some units are still untranslated",
                stale_note,
            ],
        )
    )


def _instance_of(source, locale_id):
    """The source's object in a locale, as its specific class: wagtail-localize's
    get_source_instance/get_translated_instance without re-reading the content type."""
    model = ContentType.objects.get_for_id(source.specific_content_type_id).model_class()
    return model._base_manager.get(translation_key=source.object_id, locale_id=locale_id)


def _target_instance(translation):
    try:
        return _instance_of(translation.source, translation.target_locale_id)
    except ObjectDoesNotExist:
        return None


def _translations_newer_than_target(translation, locale):
    """True when translations changed after the target was last written from them."""
    last_written = TranslationLog.objects.filter(
        source=translation.source, locale=locale
    ).aggregate(at=Max("created_at"))["at"]
    if last_written is None:
        return True
    last_changed = StringTranslation.objects.filter(
        context__object_id=translation.source.object_id, locale=locale
    ).aggregate(at=Max("updated_at"))["at"]
    return last_changed is not None and last_changed > last_written


def _publish_pending_draft(page, user):
    if not isinstance(page, Page) or not page.has_unpublished_changes:
        return False
    revision = page.latest_revision
    if revision is None:
        return False
    transaction.on_commit(lambda: revision.publish(user=user))
    return True


def _write_string_translations(planned, locale, user):
    """Two statements for the updated rows (the new texts, then the fields they share) and one
    for the new ones: bulk_update's CASE over seven columns cost more than the rest of a file."""
    now = timezone.now()
    common = {
        "translation_type": "manual",
        "tool_name": TOOL_NAME,
        "last_translated_by": user,
        "has_error": False,
        "field_error": "",
        "updated_at": now,
    }
    to_update, to_create = [], []
    for row, old, new_html in planned:
        if old is not None:
            to_update.append(StringTranslation(id=old.id, data=new_html))
        else:
            to_create.append(
                StringTranslation(
                    translation_of_id=row.string_id,
                    context_id=row.context_id,
                    locale=locale,
                    data=new_html,
                    **common,
                )
            )
    if to_update:
        StringTranslation.objects.bulk_update(to_update, ["data"])
        StringTranslation.objects.filter(id__in=[obj.id for obj in to_update]).update(**common)
    if to_create:
        StringTranslation.objects.bulk_create(to_create)
