"""Import service: XLIFF files from a translator -> wagtail-localize translations and a revision.

A batch is read in two steps. First, without writing anything, every file's identity: its
translation, page, city and language, checked against the user's cities; a refused file never
touches its source's rows. Then the TranslationSources of the accepted files are refreshed from
their live pages in bulk, and each file is imported in a transaction of its own, from reading
to publishing, so that a failure costs that file only:

- its units are matched by id: a unit whose source changed since export is skipped (stale), as
  is a target that a CAT tool left untranslated (state new / needs-translation / initial and a
  copy of its source); both are named by the first words of their source text;
- the target page is locked (`select_for_update`; the translation while there is none), and
  what the batch read of them (the target's revisions, the existing strings) is compared with
  what is there now: an editor's save or publish in between makes the file fail with a
  conflict, never an overwrite; the second of two first imports of one translation is told it
  was imported;
- Wagtail decides who may write: the user's page permissions, the page's lock and workflow;
- the strings become StringTranslations, the target a new revision, published (when asked)
  with Wagtail's publish action and the importing user, and an audit entry names that user.

A dry run takes exactly the same path and rolls it back, so the preview and the apply give the
same outcome and messages.
"""

import logging
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Case, CharField, Exists, Max, OuterRef, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.locks import BasicLock
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Comment,
    DraftStateMixin,
    Page,
    Revision,
    Site,
    WorkflowMixin,
    WorkflowState,
    get_default_page_content_type,
)
from wagtail.permissions import policy_registry
from wagtail_localize.models import StringTranslation, Translation, TranslationLog

from localization import tracking
from localization.qa import importing as qa
from localization.registry import kind_of
from localization.xliff.adapter import (
    VIEW_RESTRICTED,
    save_translation,
    translations_for,
    view_restricted,
)
from localization.xliff.codes import InlineCodeError, check_target_codes, is_blank, ref_text
from localization.xliff.deferred_tasks import deferred_tasks
from localization.xliff.document import LEVERAGED
from localization.xliff.lookups import Lookups, target_state
from localization.xliff.reader import InvalidXliff, read_document
from localization.xliff.safety import UnsafeFile, documents_in_upload

logger = logging.getLogger(__name__)
IMPORT_ACTION = "cityguide.xliff_import"
READ_EVERY = 50  # files per set of bulk reads (each file still commits on its own)
TOOL_NAME = "XLIFF import"
EXCERPT_WORDS = 4  # a skipped unit is named by the first words of its source
SCHEDULED = "_cityguide_scheduled"  # annotations on the locked target (see _row_facts)
IN_WORKFLOW = "_cityguide_in_workflow"
HAS_COMMENTS = "_cityguide_has_comments"


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
    stale: list = field(default_factory=list)  # excerpts of units whose source changed
    untranslated: list = field(default_factory=list)  # excerpts of untranslated copies, skipped
    same_as_source: list = field(default_factory=list)  # excerpts of used targets == source
    qa_findings: list = field(default_factory=list)  # open QA findings (localization.qa)
    qa_blocked: bool = False  # a blocking finding kept an asked-for publish a draft

    @property
    def rejected(self):
        return self.outcome == "rejected"

    @property
    def skipped(self):
        """Units of the file that were not applied (stale or untranslated)."""
        return self.stale + self.untranslated

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
    options = {"user": user, "publish": publish, "dry_run": dry_run}
    results = []
    for start in range(0, len(documents), READ_EVERY):
        chunk = [
            (label, _read(label, content))
            for label, content in documents[start : start + READ_EVERY]
        ]
        xfiles = [xfile for _label, read in chunk if isinstance(read, list) for xfile in read]
        lookups = Lookups(xfiles)  # reads only
        refused = {}
        for xfile in xfiles:
            try:
                _check_identity(xfile, lookups.identity(xfile.meta.translation_id), allowed_cities)
            except ImportRejected as error:
                refused[id(xfile)] = _rejected_result(xfile, error)
        accepted = [xfile.meta.translation_id for xfile in xfiles if id(xfile) not in refused]
        # The index updates of the chunk's files run once the chunk is done (deferred_tasks).
        # A dry run does everything an import does, in a transaction it rolls back.
        with deferred_tasks() as deferred, transaction.atomic() if dry_run else nullcontext():
            with transaction.atomic():  # the accepted files' sources, committed on their own
                lookups.refresh(accepted)
            for _label, read in chunk:
                if isinstance(read, FileResult):
                    results.append(read)
                    continue
                for xfile in read:
                    results.append(
                        refused.get(id(xfile))
                        or import_file(xfile, lookups=lookups, checked=True, **options)
                    )
            if dry_run:
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


def _label(xfile):
    return xfile.label or xfile.meta.original


def _rejected_result(xfile, error):
    language = normalize_language(xfile.meta.target_language)
    return FileResult(_label(xfile), "rejected", str(error), language=language)


def import_file(
    xfile,
    *,
    user=None,
    publish=False,
    dry_run=False,
    allowed_cities=None,
    lookups=None,
    checked=False,
):
    """Import one <file> in a transaction of its own. `checked`: its identity was checked
    against `allowed_cities` already (by import_upload, before the batch wrote anything)."""
    result = FileResult(
        _label(xfile), "rejected", language=normalize_language(xfile.meta.target_language)
    )
    try:
        if lookups is None:
            lookups = Lookups([xfile])
            checked = False
        if not checked:
            _check_identity(xfile, lookups.identity(xfile.meta.translation_id), allowed_cities)
        # The file's index updates are kept until it is done, or dropped (see deferred_tasks).
        with deferred_tasks() as deferred, transaction.atomic():
            found = lookups.find(xfile.meta.translation_id)
            _check_identity(xfile, found, None)  # read again when the batch had it already
            _import(xfile, result, found, lookups, user=user, publish=publish, dry_run=dry_run)
            if dry_run:
                deferred.discard()
    except ImportRejected as error:
        result.outcome, result.message = "rejected", str(error)
        result.changes = []
    except DatabaseError as error:
        # The database refused a write (a constraint, a lock timeout, a concurrent change):
        # a fact about the data, so it costs this file only. Programming errors propagate.
        logger.warning("XLIFF import of %s rolled back: %s", result.label, error)
        result.outcome, result.changes = "rejected", []
        result.message = _(
            "The database refused this file's changes (another edit may have happened at the "
            "same time); nothing of it was saved. Try the file again."
        )
    return result


def _check_identity(xfile, found, allowed_cities):
    """Reads nothing: the file names a translation of a page of a city the user works on, in
    the languages of that translation."""
    meta = xfile.meta
    if found is None:
        raise ImportRejected(
            _(
                "No translation with id %(id)s exists here; it was deleted or the file comes "
                "from another site."
            )
            % {"id": meta.translation_id}
        )
    translation, instance, city = found.translation, found.instance, found.city
    if instance is None:
        raise ImportRejected(_("The source page of this file has been deleted."))
    kind = kind_of(instance)
    kind = kind.name if kind else instance._meta.model_name
    # None: a 2.0 file identified by its file id alone does not state it (reader).
    if meta.object_id is not None and (instance.pk != meta.object_id or kind != meta.kind):
        raise ImportRejected(
            _(
                "The file names %(file_kind)s %(file_id)s, but its translation belongs to "
                "%(kind)s %(id)s; the file header was altered."
            )
            % {"file_kind": meta.kind, "file_id": meta.object_id, "kind": kind, "id": instance.pk}
        )
    if city is None:
        raise ImportRejected(_("Page %(id)s is no longer inside a city.") % {"id": instance.pk})
    if meta.city is not None and city.slug != meta.city:
        raise ImportRejected(
            _(
                "The file is for city %(file_city)r, but page %(id)s belongs to %(city)r; "
                "nothing was imported."
            )
            % {"file_city": meta.city, "id": instance.pk, "city": city.slug}
        )
    if allowed_cities is not None and city.pk not in {c.pk for c in allowed_cities}:
        names = ", ".join(sorted(c.title for c in allowed_cities)) or _("no city")
        raise ImportRejected(
            _("This file belongs to %(city)s; you can import files only for %(names)s.")
            % {"city": city.title, "names": names}
        )
    locale = translation.target_locale
    target = normalize_language(meta.target_language)
    if not target:
        raise ImportRejected(_("The file does not name its target language."))
    if target not in known_languages():
        raise ImportRejected(
            _("Unknown target language %(code)r.") % {"code": meta.target_language}
        )
    if target != locale.language_code:
        raise ImportRejected(
            _("The file's target language is %(file)r, but this translation is into %(locale)r.")
            % {"file": meta.target_language, "locale": locale.language_code}
        )
    source_code = translation.source.locale.language_code
    if normalize_language(meta.source_language) != source_code:
        raise ImportRejected(
            _("The file's source language is %(file)r, but the page is written in %(code)r.")
            % {"file": meta.source_language, "code": source_code}
        )
    if locale.pk not in found.city_language_ids:
        raise ImportRejected(
            _("%(city)s is no longer offered in %(code)r.")
            % {"city": city.title, "code": locale.language_code}
        )


def excerpt(nodes):
    """“Die Anmeldung erfolgt im…”: how a translator recognises a unit."""
    words = ref_text(nodes or []).split()
    text = " ".join(words[:EXCERPT_WORDS]) + ("…" if len(words) > EXCERPT_WORDS else "")
    return f"“{text}”"


def _normalized(html):
    return " ".join(html.split())


def _plan_units(xfile, found, result):
    """[(row, old, new_html)] to write; skipped and suspicious units recorded on the result.
    Raises ImportRejected for a unit that cannot be understood."""
    by_id = {row.unit_id: row for row in found.rows}
    existing = found.existing
    errors, seen, planned = [], set(), []
    for unit in xfile.units:
        name = unit.name or unit.id
        if unit.id in seen:
            errors.append(
                _("Unit %(name)s: the id %(id)r appears twice in the file.")
                % {"name": name, "id": unit.id}
            )
            continue
        seen.add(unit.id)
        if unit.error:
            errors.append(_("Unit %(name)s: %(error)s.") % {"name": name, "error": unit.error})
            continue
        row = by_id.get(unit.id)
        if row is None:
            result.stale.append(excerpt(unit.source))
            continue
        if unit.target is None or is_blank(unit.target):
            continue
        if unit.state == LEVERAGED:  # pre-filled from the memory, nobody confirmed it
            result.untranslated.append(excerpt(unit.source))
            continue
        source = row.segment()
        try:
            target = check_target_codes(source, unit.target, name)
        except InlineCodeError as error:
            errors.append(str(error))
            continue
        new_html = target.to_html()
        if _normalized(new_html) == _normalized(source.to_html()):
            if unit.state == "new":  # a CAT tool's copy of the source, nobody translated it
                result.untranslated.append(excerpt(unit.source))
                continue
            result.same_as_source.append(excerpt(unit.source))
        old = existing.get((row.string_id, row.context_id))
        if old is not None and old.data == new_html and not old.has_error:
            continue
        planned.append((row, old, new_html))
    if errors:
        raise ImportRejected(" ".join(errors))
    return planned


def _notes(result):
    """The parts of a message about units that were skipped or look suspicious."""
    notes = []
    if result.stale:
        notes.append(
            _("%(count)d unit(s) not applied because their source changed since export: %(units)s")
            % {"count": len(result.stale), "units": ", ".join(result.stale)}
        )
    if result.untranslated:
        notes.append(
            _(
                "%(count)d unit(s) skipped because the file marks them untranslated and they "
                "are copies of their source: %(units)s"
            )
            % {"count": len(result.untranslated), "units": ", ".join(result.untranslated)}
        )
    if result.same_as_source:
        notes.append(
            _("warning: %(count)d target(s) are the same as their source: %(units)s")
            % {"count": len(result.same_as_source), "units": ", ".join(result.same_as_source)}
        )
    return notes + qa.notes(result)


def _import(xfile, result, found, lookups, *, user, publish, dry_run):
    translation, instance = found.translation, found.instance
    locale = translation.target_locale
    result.page_id, result.page_title = instance.pk, str(instance)
    translation.source = found.source
    planned = _plan_units(xfile, found, result)
    source_language = translation.source.locale.language_code
    publish = qa.check_import(
        found,
        planned,
        result,
        publish=publish,
        terms=lookups.glossary_terms(found.city.pk, source_language, locale.language_code),
    )
    result.changes = [
        UnitChange(row.unit_id, row.path, row.field_path, old.data if old else "", new_html)
        for row, old, new_html in planned
    ]

    target = _lock_target(translation, found)
    if isinstance(target, Page):
        lookups.share_parent(target)
    if isinstance(getattr(type(target), "city", None), cached_property):
        # A page that reads its city once (a guide page's clean()) gets the batch's, as its
        # page form gives it.
        target.city = lookups.shared_city(target)
    _authorize(user, instance, target, locale, publish)
    if not (planned or target is None or _translations_newer_than_target(translation, locale)):
        revision = _import_draft(target) if publish else None
        if revision is not None:
            _publish(revision, user)
            _finish(result, "applied", dry_run, [_("published the draft this import saved")])
        else:
            nothing = (
                [_("nothing to publish: the latest draft was not written by an import")]
                if publish and getattr(target, "has_unpublished_changes", False)
                else []
            )
            _finish(result, "unchanged", dry_run, nothing)
        return

    _write_string_translations(planned, locale, user)
    texts = {key: old.data for key, old in found.existing.items() if not old.has_error}
    texts.update(((row.string_id, row.context_id), new_html) for row, _old, new_html in planned)
    try:
        target, revision = save_translation(
            translation,
            target,
            instance,
            segments=found.plan.segments(texts),
            user=user,
            written=_tracker(translation, found, texts, planned),
        )
    except ValidationError as error:
        messages = (
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
        raise ImportRejected(
            _("The translated page does not validate: %(errors)s") % {"errors": messages}
        ) from None
    if publish:
        _publish(revision, user)
    _log_import(
        target,
        user=user,
        revision=revision,
        data={
            "file": result.label,
            "translation": str(translation.uuid),
            "units_changed": len(planned),
            "units_stale": len(result.stale),
            "units_untranslated": len(result.untranslated),
            "published": publish,
            "system_import": user is None,  # run by a command without --user
        },
    )
    translated = set(found.existing) | {(row.string_id, row.context_id) for row, _o, _n in planned}
    complete = all((row.string_id, row.context_id) in translated for row in found.rows)
    # The TranslationLog written with the revision has tagged it with the source version it
    # carries (localization.tracking), which is what makes a complete translation up to date.
    if not complete or result.skipped:
        # Source text fills the gaps (wagtail-localize's fallback): the job is not done.
        tracking.mark_in_translation(instance, [locale], user=user)
    kind = _("published revision") if publish else _("draft revision")
    written = (
        _("%(count)d unit(s) would change, to be saved as %(kind)s")
        if dry_run
        else _("%(count)d unit(s) changed, saved as %(kind)s")
    ) % {"count": len(planned), "kind": kind}
    incomplete = [] if complete else [_("some units are still untranslated")]
    _finish(result, "applied", dry_run, [written, *incomplete])


def _tracker(translation, found, texts, planned):
    """Tells the status tracking about the revision written, with what the file already
    knows (the source version, the segments translated and those still machine translated,
    the target's live state), in place of the TranslationLog receiver that would read them
    again. The translations read by the batch are those under the lock (`_lock_target`)."""
    keys = {
        (string_id, context_id)
        for _order, _path, string_id, context_id, _data, _attrs in found.plan.strings
    }
    translated = sum(
        (string_id, context_id) in texts
        for _order, _path, string_id, context_id, _data, _attrs in found.plan.strings
    )
    counts = (translated, len(found.plan.strings))
    written_now = {(row.string_id, row.context_id) for row, _old, _new in planned}
    machine = sum(
        key in keys
        and key not in written_now
        and not old.has_error
        and old.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        for key, old in found.existing.items()
    )

    def written(target, revision):
        known = tracking.Written(
            snapshot=found.snapshot,
            counts=counts,
            translation=target,
            live=(getattr(target, "live", False), getattr(target, "live_revision_id", None)),
            machine=machine,
        )
        tracking.translation_written(revision, found.source.pk, translation.target_locale_id, known)

    return written


def _log_import(target, *, user, revision, data):
    """The import's audit entry, as Wagtail's `log()` writes it, in one INSERT: the entry's
    save() validates every foreign key with a query of its own (the content type, the page,
    the revision, the user), all of which were just written or read under lock here."""
    model = log_registry.get_log_model_for_instance(target)
    if model is None:  # a model without an audit log (Wagtail's log() passes silently)
        return
    owner = {"page": target} if isinstance(target, Page) else {"object_id": str(target.pk)}
    model.objects.bulk_create(
        [
            model(
                content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
                label=model.objects.get_instance_title(target),
                action=IMPORT_ACTION,
                timestamp=timezone.now(),
                data=data,
                user=user or get_active_log_context().user,
                uuid=get_active_log_context().uuid,
                revision=revision,
                **owner,
            )
        ]
    )


def _finish(result, outcome, dry_run, parts):
    """Set the outcome and message; a dry run says "preview" where the import says "applied"."""
    result.outcome = "preview" if dry_run and outcome == "applied" else outcome
    result.message = "; ".join([*parts, *_notes(result)])


# ---- locks, conflicts and Wagtail's permissions ------------------------------------------


def _lock_target(translation, found):
    """Lock the target (or, when the batch found none, the translation, so that two first
    imports wait for each other), then check that nothing changed since the batch read them.
    Returns the locked target (None when not created yet)."""
    if found.target_state is None:  # no target row to lock yet: the translation's serializes
        list(Translation.objects.select_for_update().filter(pk=translation.pk).values_list("pk"))
    source = translation.source
    model = ContentType.objects.get_for_id(source.specific_content_type_id).model_class()
    # At most one row (translation key and locale are unique together): no ORDER BY, which
    # would let the planner walk the primary key instead of that unique index.
    target = next(
        iter(
            model._base_manager.select_for_update()
            .filter(translation_key=source.object_id, locale_id=translation.target_locale_id)
            .annotate(**_row_facts(model, found.instance))
            .order_by()[:1]
        ),
        None,
    )
    now = target_state(target) if target is not None else None
    before = found.target_state
    if now != before and not (before is None and now[3] is not None):  # an alias is no text
        if before is None:
            raise ImportRejected(
                _(
                    "This translation was already imported: its page was created by another "
                    "import or editor while this file was read. Nothing was written; import the "
                    "file again to update that page."
                )
            )
        raise ImportRejected(
            _(
                "Conflict: the translation was saved or published by someone else while this "
                "file was read (latest revision %(revision)s). Nothing was written; import the "
                "file again to apply it on top of their version."
            )
            % {"revision": now[1] if now else "–"}
        )
    # The texts the file's page is built from: those in its segments' contexts.
    contexts = {row.context_id for row in found.rows}
    current = (
        translations_for([source.object_id], translation.target_locale, contexts=contexts)
        if contexts
        else {}
    )
    read = {key: value for key, value in found.existing.items() if key[1] in contexts}
    if current != read:
        raise ImportRejected(
            _(
                "Conflict: the translated texts were changed in the translation editor while "
                "this file was read. Nothing was written; import the file again to apply it "
                "on top of those changes."
            )
        )
    if isinstance(target, Page):
        target = target.specific
        if not getattr(target, HAS_COMMENTS, True):
            # Its revision reads the comments twice (Wagtail's save_revision): none, known.
            target._prefetched_objects_cache = {COMMENTS_RELATION_NAME: Comment.objects.none()}
    if target is not None:
        target.locale = translation.target_locale  # read with the translation, for its clean()
    return target


def _row_facts(model, original):
    """Annotations read with the locked target row, in place of a query each later: whether it
    is a site root (Wagtail's own `_is_site_root`, asked by every page save), it or its source
    has a view restriction (to sync), it has comments (its revision holds them), it has a
    scheduled revision and is in a workflow task (`_check_lock`, `_check_workflow`)."""
    facts = {}
    if not issubclass(model, DraftStateMixin | WorkflowMixin | Page):
        return facts
    own = {
        "base_content_type_id": (
            get_default_page_content_type()
            if issubclass(model, Page)
            else model.get_base_content_type()
        ).pk,
        "object_id": Cast(OuterRef("pk"), CharField()),
    }
    if issubclass(model, Page):
        facts[VIEW_RESTRICTED] = view_restricted(original)
        facts["_is_site_root"] = Exists(
            Site.objects.filter(root_page__translation_key=OuterRef("translation_key"))
        )
        facts[HAS_COMMENTS] = Exists(Comment.objects.filter(page_id=OuterRef("pk")))
    if issubclass(model, DraftStateMixin):
        facts[SCHEDULED] = Exists(Revision.objects.filter(approved_go_live_at__isnull=False, **own))
    if issubclass(model, WorkflowMixin):
        facts[IN_WORKFLOW] = Exists(
            WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, **own)
        )
    return facts


def _authorize(user, instance, target, locale, publish):
    """Wagtail's rules for this user and object: page permissions, edit locks, workflows.
    No user is a system import (a command without --user): only locks and workflows apply."""
    if target is not None and getattr(target, "alias_of_id", None) is None:
        _check_lock(target, user)
        _check_workflow(target)
    if user is None:
        return
    if isinstance(instance, Page):
        if target is not None:
            perms = target.permissions_for_user(user)
            allowed = perms.can_edit() and (not publish or perms.can_publish())
        else:
            parent = _nearest_translated_ancestor(instance, locale)
            perms = parent.permissions_for_user(user) if parent else None
            allowed = perms is not None and perms.can_add_subpage()
            allowed = allowed and (not publish or perms.can_publish_subpage())
    else:
        policy = policy_registry.get_by_type(type(instance))
        action = "change" if target is not None else "add"
        allowed = policy.user_has_permission_for_instance(user, action, target or instance)
        if publish and allowed:
            allowed = policy.user_has_permission_for_instance(user, "publish", target or instance)
    if not allowed:
        raise ImportRejected(
            _("%(user)s may not %(action)s this %(language)s translation; nothing was written.")
            % {
                "user": user.get_username(),
                "action": _("edit and publish") if publish else _("edit"),
                "language": locale.get_display_name(),
            }
        )


def _check_lock(obj, user):
    """An edit lock held by someone else, or a scheduled publish, refuses the file. A system
    import (no user) holds no lock of its own, so every edit lock applies to it. (Wagtail's
    `get_lock()` with the row's fields read already: one query for the schedule.)"""
    if getattr(obj, "locked", False) and (user is None or BasicLock(obj).for_user(user)):
        who = obj.locked_by.get_username() if obj.locked_by_id else _("someone")
        raise ImportRejected(
            _("The translated page is locked by %(who)s; unlock it, then import again.")
            % {"who": who}
        )
    if isinstance(obj, DraftStateMixin) and getattr(obj, SCHEDULED, True) and obj.approved_schedule:
        raise ImportRejected(
            _(
                "The translated page has a revision scheduled for publishing; cancel the "
                "schedule, then import again. Nothing was written."
            )
        )


def _check_workflow(obj):
    """A workflow in progress decides what the page becomes; an import may not cut in."""
    if not isinstance(obj, WorkflowMixin) or not getattr(obj, IN_WORKFLOW, True):
        return
    state = obj.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task = state.current_task_state.task if state.current_task_state else None
    raise ImportRejected(
        _(
            "The translated page is in the workflow “%(workflow)s”%(task)s; approve, reject or "
            "cancel it before importing. Nothing was written."
        )
        % {
            "workflow": state.workflow.name,
            "task": _(" (task “%(task)s”)") % {"task": task.name} if task else "",
        }
    )


def _nearest_translated_ancestor(page, locale):
    """Where a first translation will be added: the parent's translation, or the nearest
    ancestor's that exists (the missing ones are copied in between)."""
    keys = list(page.get_ancestors().values_list("translation_key", flat=True))
    return Page.objects.filter(translation_key__in=keys, locale=locale).order_by("-depth").first()


# ---- writing and publishing --------------------------------------------------------------


def _publish(revision, user):
    """Wagtail's publish action, in the file's transaction: the audit log names the user."""
    revision.publish(user=user)


def _import_draft(target):
    """The target's latest revision if it is an unpublished draft this importer wrote (the
    audit entry of an import names it); never an editor's draft."""
    revision_id = getattr(target, "latest_revision_id", None)
    if (
        revision_id is None
        or not getattr(target, "has_unpublished_changes", False)
        or revision_id == getattr(target, "live_revision_id", None)
    ):
        return None
    if not (
        TranslationLog.objects.filter(revision_id=revision_id).exists()
        and log_registry.get_logs_for_instance(target)
        .filter(action=IMPORT_ACTION, revision_id=revision_id)
        .exists()
    ):
        return None
    return target.latest_revision


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


def _write_string_translations(planned, locale, user):
    """One statement for the updated rows (the new texts by id, the fields they share as
    values) and one for the new ones: bulk_update's CASE over seven columns cost more than the
    rest of a file. The rows were compared with what the batch read under the translation's
    lock."""
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
        texts = Case(
            *(When(id=obj.id, then=Value(obj.data)) for obj in to_update),
            output_field=StringTranslation._meta.get_field("data"),
        )
        StringTranslation.objects.filter(id__in=[obj.id for obj in to_update]).update(
            data=texts, **common
        )
    if to_create:
        StringTranslation.objects.bulk_create(to_create)
