"""Status tracking as a one-way service: plain commands ("source published", "sent to a
translator", "translation written", "cancelled", "marked up to date") that record new facts on
the stored rows and ask `status.apply_rule`; none of them decides a status itself. Signal
receivers are thin adapters over them; XLIFF export and import call them directly.

Each command runs in one transaction, reads the rows it changes with `select_for_update()` and
writes only the columns it changes (plus the status), so that two commands running side by
side (a publish beside an export) cannot undo each other. After a real source change,
`localization.signals.source_changed` lets subscribers follow; nothing calls back here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    TranslationLog,
    TranslationSource,
)

from guides.tenancy import city_path
from localization import audit
from localization.models import MinorEdit, SyncedSource, TranslationBase, TranslationStatus
from localization.recompute import (
    expected_rows,
    expected_snippet_rows,
    log_for,
    real_change_revisions,
    refresh_city,
    refresh_pages,
    refresh_snippets,
    sync_history,
)
from localization.registry import city_model, kind_of, snippet_kinds
from localization.scope import (
    forget_source_locale,
    is_tracked_source,
    is_tracked_translation,
    page_content_type,
    source_cities_by_path,
    source_locale_id,
    target_locale_ids,
)
from localization.signals import source_changed, translation_live
from localization.status import Status, apply_rule
from localization.words import words_in_page

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.db.models import Model, QuerySet

    Locales = Locale | Iterable[Locale]


class TrackingError(ValueError):
    """Raised with a message an editor can act on."""


# ---------------------------------------------------------------------------------------------
# Lookups. A tracked object is of one of the translatable kinds in `localization.registry`
# (pages, events, locations); the kind says where its city, source and rows are.


def _kind(obj):
    return kind_of(obj)


def _content_type(obj):
    return _kind(obj).content_type()


def _refresh(source):
    return refresh_pages([source]) if _kind(source).in_page_tree else refresh_snippets([source])


def _translation_of(source, locale_id):
    return (
        _kind(source)
        .manager.filter(translation_key=source.translation_key, locale_id=locale_id)
        .first()
    )


def _live_revision_id(obj):
    return _kind(obj).manager.filter(pk=obj.pk).values_list("live_revision_id", flat=True).first()


def _set_translation(row, translation, live):
    """Record the translation on its row; only pages have a column for its id. An alias (a
    parent wagtail-localize copied so that a child's translation has a place) is no
    translation: it is not recorded."""
    alias = getattr(translation, "alias_of_id", None)
    if _kind(translation).in_page_tree and not alias:
        row.translation_page_id = translation.pk
    row.translation_live = live and not getattr(translation, "alias_of_id", None)
    if not row.translation_live:
        row.translated_share = None
        row.machine_translated = False


def rows_for(source_page: Model) -> QuerySet[TranslationStatus]:
    return TranslationStatus.objects.filter(
        content_type=_content_type(source_page), translation_key=source_page.translation_key
    )


def _locked(rows: QuerySet[TranslationStatus]) -> list[TranslationStatus]:
    """Rows read for writing: locked until the command's transaction ends, in one order so
    that two commands never wait for each other crosswise."""
    return list(rows.select_for_update().order_by("pk"))


def _not_tracked(source_page, locale):
    return TrackingError(
        f"{str(source_page)!r} is not translated into {locale.get_display_name()} in its "
        "city: it is outside a city or the city does not offer that language."
    )


def row_for(source_page: Model, locale: Locale) -> TranslationStatus:
    """The stored row; computed and stored first if the page has none yet."""
    row = rows_for(source_page).filter(target_locale_id=locale.pk).first()
    if row is None and is_tracked_source(source_page):
        _refresh(source_page)
        row = rows_for(source_page).filter(target_locale_id=locale.pk).first()
    if row is None:
        raise _not_tracked(source_page, locale)
    return row


def computed_row_for(source_page: Model, locale: Locale) -> TranslationStatus:
    """The stored row, or (for an object tracked but not stored yet) the row recomputation
    gives, unsaved: for GET views, which never write."""
    row = rows_for(source_page).filter(target_locale_id=locale.pk).first()
    if row is None and is_tracked_source(source_page):
        expected = (
            expected_rows([source_page])
            if _kind(source_page).in_page_tree
            else expected_snippet_rows([source_page])
        )
        row = expected.get((source_page.translation_key, locale.pk))
    if row is None:
        raise _not_tracked(source_page, locale)
    return row


def _locked_row_for(source_page: Model, locale: Locale) -> TranslationStatus:
    """The stored row, locked; computed and stored first if the page has none yet."""
    row_for(source_page, locale)
    return _locked(rows_for(source_page).filter(target_locale_id=locale.pk))[0]


def get_status(source_page: Model, locale: Locale) -> str:
    return row_for(source_page, locale).status


def source_page_for(page: Model) -> Model | None:
    """The source-locale object a page, event or location translates (itself for a source)."""
    return _kind(page).source_of(page, source_locale_id())


def current_source_revision_id(source_page: Model) -> int | None:
    row = rows_for(source_page).only("source_revision_id").first()
    if row is not None:
        return row.source_revision_id
    return real_change_revisions([source_page], log_for(_kind(source_page))).get(source_page.pk)


def source_fingerprints(city: Page) -> dict[int, int | None]:
    """source page id -> id of the revision of its last real change (None if never published).

    Two exports with the same fingerprint were cut from the same source version."""
    return dict(
        TranslationStatus.objects.filter(city_id=city.pk, content_type=page_content_type())
        .values_list("source_page_id", "source_revision_id")
        .distinct()
    )


def _save(rows, fields):
    """Apply the rule and store the `fields` a command changed (and the status) on rows it
    read with `_locked` in its transaction: one UPDATE per distinct set of values, as
    bulk_update's CASE expressions cost milliseconds per row."""
    attnames = [
        TranslationStatus._meta.get_field(name).attname
        for name in dict.fromkeys([*fields, "status"])
    ]
    groups = defaultdict(list)
    for row in rows:
        apply_rule(row)
        groups[tuple(getattr(row, attname) for attname in attnames)].append(row.pk)
    for values, pks in groups.items():
        TranslationStatus.objects.filter(pk__in=pks).update(
            **dict(zip(attnames, values, strict=True)), updated_at=timezone.now()
        )


def _locales_list(locales):
    return (
        [locales]
        if not isinstance(locales, list | tuple | set) and hasattr(locales, "pk")
        else list(locales)
    )


#: Export's --pages keywords -> the statuses they select: each status by its own name (the
#: translation report's status filter), and "stale" for every one that needs work (an
#: incomplete translation needs work as much as an outdated one).
STATUS_SELECTIONS = {
    **{status.value: {status} for status in Status},
    "stale": {Status.MISSING, Status.OUTDATED, Status.INCOMPLETE, Status.IN_TRANSLATION},
}


def pairs_with_status(
    source_pages: Iterable[Page], locales: list[Locale], statuses: set[str]
) -> list[tuple[Page, Locale]]:
    """(page, locale) pairs among these source pages whose stored status is in `statuses`;
    pages without stored rows yet are computed and stored first (one refresh for them all)."""
    pages = {page.pk: page for page in source_pages}
    locale_ids = [locale.pk for locale in locales]

    def stored():
        return {
            (page_id, locale_id): status
            for page_id, locale_id, status in TranslationStatus.objects.filter(
                source_page_id__in=pages, target_locale_id__in=locale_ids
            ).values_list("source_page_id", "target_locale_id", "status")
        }

    found = stored()
    unstored = {
        page_id
        for page_id in pages
        for locale_id in locale_ids
        if (page_id, locale_id) not in found
    }
    if unstored:
        refresh_pages(Page.objects.filter(pk__in=unstored))
        found = stored()
    return [
        (page, locale)
        for page in pages.values()
        for locale in locales
        if found.get((page.pk, locale.pk)) in statuses
    ]


# ---------------------------------------------------------------------------------------------
# Segment counts: how much of a translation is really translated


def segment_counts(translation_source_id: int, locale_id: int) -> tuple[int, int]:
    """(translated, total) string segments of a TranslationSource in a locale: a segment is
    translated when the locale has an error-free translation of its string in its context (as
    wagtail-localize's `Translation.get_progress` counts). One query."""
    translated, total, _machine = segment_facts(translation_source_id, locale_id)
    return translated, total


def segment_facts(translation_source_id: int, locale_id: int) -> tuple[int, int, int]:
    """(translated, total, machine): `segment_counts`, and how many of the translated segments
    machine translation wrote (wagtail-localize's `translation_type` "machine"; a person's
    edit in the translation editor makes a string "manual"). One query."""
    translations = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=locale_id,
        has_error=False,
    )
    machine = translations.filter(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
    counts = (
        StringSegment.objects.filter(source_id=translation_source_id)
        .annotate(is_translated=Exists(translations), is_machine=Exists(machine))
        .aggregate(
            total=Count("id"),
            translated=Count("id", filter=Q(is_translated=True)),
            machine=Count("id", filter=Q(is_machine=True)),
        )
    )
    return counts["translated"], counts["total"], counts["machine"]


def machine_segment_count(translation_source_id: int, locale_id: int) -> int:
    """How many segments of a TranslationSource machine translation wrote in a locale (error-free,
    of wagtail-localize's `translation_type` "machine"). One query."""
    segments = StringSegment.objects.filter(
        source_id=translation_source_id,
        string_id=OuterRef("translation_of_id"),
        context_id=OuterRef("context_id"),
    )
    return StringTranslation.objects.filter(
        Exists(segments),
        locale_id=locale_id,
        has_error=False,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).count()


def _source_segment_facts(source_page, locale_id):
    """(translated, total, machine) against the source object's TranslationSource, or Nones."""
    source = TranslationSource.objects.filter(
        object_id=source_page.translation_key, locale_id=source_page.locale_id
    ).first()
    if source is None:
        return None, None, None
    return segment_facts(source.pk, locale_id)


# ---------------------------------------------------------------------------------------------
# Commands: the contract used by XLIFF export/import, the admin and the signal receivers. Each
# runs in one transaction, locks the rows it changes and writes only the columns it changes.


def mark_in_translation(source_page: Model, locales: Locales, user: User | None = None) -> None:
    """The page was sent to a translator for these languages."""
    mark_many_in_translation({source_page: _locales_list(locales)}, user=user)


@transaction.atomic
def mark_many_in_translation(
    locales_by_source: dict[Model, Locales], user: User | None = None
) -> None:
    """{source page or snippet: [locale, …]} were sent to a translator: each gets its history
    entry; the rows are read (locked) and saved together."""
    locales_by_source = {
        source: _locales_list(locales) for source, locales in locales_by_source.items()
    }
    stored = _stored_keys(locales_by_source)
    for source, locales in locales_by_source.items():
        for locale in locales:
            if (source.translation_key, locale.pk) not in stored:
                row_for(source, locale)  # stores the source's rows, or explains why it cannot
    locked = {
        (row.translation_key, row.target_locale_id): row
        for row in _locked(_stored_rows(locales_by_source))
    }
    rows, since = [], timezone.now()
    for source, locales in locales_by_source.items():
        rows.extend(locked[(source.translation_key, locale.pk)] for locale in locales)
        log(
            instance=source,
            action=audit.SENT_FOR_TRANSLATION,
            user=user,
            timestamp=since,
            data={"locales": [locale.language_code for locale in locales]},
        )
    for row in rows:
        row.in_translation, row.in_translation_since = True, since
    _save(rows, ["in_translation", "in_translation_since"])


def _stored_rows(sources):
    """The stored rows of many sources (pages, events, locations): one query."""
    by_content_type = defaultdict(list)
    for source in sources:
        by_content_type[_content_type(source)].append(source.translation_key)
    condition = Q(pk__in=[])
    for content_type, keys in by_content_type.items():
        condition |= Q(content_type=content_type, translation_key__in=keys)
    return TranslationStatus.objects.filter(condition)


def _stored_keys(sources):
    return set(_stored_rows(sources).values_list("translation_key", "target_locale_id"))


@transaction.atomic
def cancel_in_translation(
    source_page: Model, locales: Locales, user: User | None = None, *, refuse_idle: bool = False
) -> list[Locale]:
    """The translator's job was cancelled: back to what the page itself says.

    Languages not in translation have nothing to cancel: they are left alone (and not logged),
    or, with `refuse_idle` (the admin and command doors), the whole call is refused with a
    message naming them, before anything is written. Returns the languages cancelled."""
    locales = _locales_list(locales)
    for locale in locales:
        row_for(source_page, locale)
    by_locale = {
        row.target_locale_id: row
        for row in _locked(
            rows_for(source_page).filter(target_locale_id__in=[loc.pk for loc in locales])
        )
    }
    idle = [loc for loc in locales if not by_locale[loc.pk].in_translation]
    if idle and refuse_idle:
        raise TrackingError(
            _("“%(title)s” is not in translation into %(languages)s: there is nothing to cancel.")
            % {
                "title": str(source_page),
                "languages": ", ".join(loc.get_display_name() for loc in idle),
            }
        )
    cancelled = [loc for loc in locales if loc not in idle]
    if not cancelled:
        return []
    log(
        instance=source_page,
        action=audit.TRANSLATION_CANCELLED,
        user=user,
        data={"locales": [locale.language_code for locale in cancelled]},
    )
    rows = [by_locale[loc.pk] for loc in cancelled]
    for row in rows:
        row.in_translation, row.in_translation_since = False, None
    _save(rows, ["in_translation", "in_translation_since"])
    return cancelled


@transaction.atomic
def mark_up_to_date(
    source_page: Model, locale: Locale, user: User | None = None
) -> TranslationStatus:
    """An editor states the live translation matches the source's current version.

    The mark moves the synced version only: the translated share stays what the translation's
    last written revision had, so a translation with untranslated segments (readers see the
    source text there) becomes incomplete, not up to date. Returns the updated row."""
    row = _locked_row_for(source_page, locale)
    if not row.translation_live:
        raise TrackingError(
            _(
                "There is no published %(language)s translation of %(title)s to mark as up to "
                "date; translate and publish it first."
            )
            % {"language": locale.get_display_name(), "title": repr(str(source_page))}
        )
    translation = _translation_of(source_page, locale.pk)
    source_live_revision_id = _live_revision_id(source_page)
    log(
        instance=translation,
        action=audit.MARKED_UP_TO_DATE,
        user=user,
        data={
            "source_page_id": source_page.pk,
            "language": locale.language_code,
            "source_revision_id": row.source_revision_id,
            "content_revision_id": source_live_revision_id,
            "previous_status": row.status,
        },
    )
    row.synced_revision_id = row.source_revision_id
    row.based_on_revision_id = source_live_revision_id
    row.in_translation, row.in_translation_since = False, None
    _save([row], ["synced_revision", "based_on_revision", "in_translation", "in_translation_since"])
    return row


@transaction.atomic
def mark_reviewed(
    source_page: Model, locale: Locale, user: User | None = None
) -> TranslationStatus:
    """A person reviewed the live machine translation and accepts it as it is.

    The translation's machine-translated strings become the reviewer's ("manual" in
    wagtail-localize, so that a later revision written from them does not count them as
    machine translation again), and the audit log records the review, which is what a
    recomputation reads. Returns the updated row."""
    row = _locked_row_for(source_page, locale)
    if not (row.translation_live and row.machine_translated):
        raise TrackingError(
            _(
                "The %(language)s translation of %(title)s has no machine translation waiting "
                "for review (its status is “%(status)s”)."
            )
            % {
                "language": locale.get_display_name(),
                "title": repr(str(source_page)),
                "status": Status(row.status).label,
            }
        )
    translation = _translation_of(source_page, locale.pk)
    reviewed = StringTranslation.objects.filter(
        context__object_id=source_page.translation_key,
        locale_id=locale.pk,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).update(
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        last_translated_by=user,
    )
    log(
        instance=translation,
        action=audit.MARKED_REVIEWED,
        user=user,
        data={
            "source_page_id": source_page.pk,
            "language": locale.language_code,
            "segments": reviewed,
            "previous_status": row.status,
        },
    )
    row.machine_translated = False
    _save([row], ["machine_translated"])
    return row


@transaction.atomic
def record_synced(source_page: Model, locale: Locale, user: User | None = None) -> None:
    """The translation's latest revision now carries the source's current version.

    If that revision is live the translation is synced at once; if it is a draft, when that
    draft is published. The share translated is counted against the source's
    TranslationSource (unknown without one).
    """
    row = _locked_row_for(source_page, locale)
    translation = _translation_of(source_page, locale.pk)
    if translation is None or translation.latest_revision_id is None:
        raise TrackingError(
            f"{str(source_page)!r} has no {locale.get_display_name()} translation with a "
            "saved revision to record as synced."
        )
    source_live_revision_id = _live_revision_id(source_page)
    translated, total, machine = _source_segment_facts(source_page, locale.pk)
    tag = _tag(
        translation.latest_revision_id,
        row.source_revision_id,
        source_live_revision_id,
        translated=translated,
        total=total,
        machine=machine,
    )
    _set_translation(row, translation, translation.live)
    if translation.live and translation.live_revision_id == translation.latest_revision_id:
        _apply_sync(row, tag)
    _save([row], SYNC_FIELDS)


# ---------------------------------------------------------------------------------------------
# Signal receivers: thin adapters over the commands


def is_minor_edit(revision: Revision) -> bool:
    flag = getattr(revision, "_cityguide_minor_edit", None)
    if flag is not None:
        return flag
    return MinorEdit.objects.filter(revision_id=revision.pk).exists()


def on_revision_saved(sender, instance, created, raw=False, **kwargs):
    """Store the editor's minor-edit checkbox with the revision it belongs to.

    Revisions are full snapshots: a revision saved as minor carries every change saved since
    the live revision. So it counts as minor only if every revision saved after the object's
    live revision is minor itself (a real change saved as a draft stays real)."""
    if raw or not created or not Revision.content_object.is_cached(instance):
        return
    obj = instance.content_object
    if not getattr(obj, "_cityguide_minor_edit", False):
        instance._cityguide_minor_edit = False  # a real change: its publish need not ask
        return
    minor = not (
        Revision.objects.filter(
            base_content_type_id=instance.base_content_type_id,
            object_id=instance.object_id,
            pk__gt=obj.live_revision_id or 0,
            pk__lt=instance.pk,
            minor_edit__isnull=True,
        ).exists()
    )
    if minor:
        MinorEdit.objects.create(revision=instance, user=instance.user)
    instance._cityguide_minor_edit = minor


def on_page_published(sender, instance, revision=None, alias=False, **kwargs):
    """Receives `page_published` for pages and `published` for events and locations."""
    if alias or revision is None:
        return
    if is_tracked_source(instance):
        source_published(instance, revision)
    elif is_tracked_translation(instance):
        translation_published(instance, revision)


@transaction.atomic
def source_published(page: Model, revision: Revision) -> None:
    """A real change moves every translation's target; a minor edit moves none.

    After a real change, `localization.signals.source_changed` tells subscribers (XLIFF
    refreshes the strings translators see)."""
    if isinstance(page, city_model()):
        _reconcile_city_languages(page)
    rows = _locked(rows_for(page))
    # Pages change city with their subtree (on_page_moved); other kinds by their city key.
    kind = _kind(page)
    moved = not kind.in_page_tree and any(row.city_id != kind.city_key(page) for row in rows)
    minor = is_minor_edit(revision)
    if not rows or moved:
        _refresh(page)  # first publish, or an event or location moved to another city
    else:
        fields = ["source_live"]
        if not minor:
            fields += ["source_revision", "source_words"]
            words = words_in_page(page)
        for row in rows:
            row.source_live = True
            if not minor:
                row.source_revision_id = revision.pk
                row.source_words = words
        _save(rows, fields)
    if not minor:
        source_changed.send(sender=type(page), instance=page, revision=revision)


#: The columns a translation's publish or sync may change.
SYNC_FIELDS = [
    "translation_page",
    "translation_live",
    "synced_revision",
    "based_on_revision",
    "in_translation",
    "in_translation_since",
    "translated_share",
    "machine_translated",
]


@transaction.atomic
def translation_published(page: Model, revision: Revision) -> None:
    """A translation was published: a tagged revision syncs it and brings its share; an
    untagged one (a hand edit) keeps the share of the last tagged revision published."""
    source = source_page_for(page)
    if source is None:
        return
    rows = _locked(rows_for(source).filter(target_locale_id=page.locale_id))
    if not rows:
        _refresh(source)
        return
    row = rows[0]
    _set_translation(row, page, True)
    tag = TranslationBase.objects.filter(revision_id=revision.pk).first()
    if tag is not None:
        _apply_sync(row, tag)
    elif row.translation_live:
        history = sync_history([page.pk], log_for(_kind(page)))
        row.translated_share = history.shares.get(page.pk)
        row.machine_translated = history.machine.get(page.pk, False)
    _save([row], SYNC_FIELDS)
    if row.translation_live:
        translation_live.send(sender=type(page), row=row)


def _upsert(objs, key_field, update_fields):
    """Insert the rows, or update those whose key exists: one statement."""
    if objs:
        type(objs[0]).objects.bulk_create(
            objs, update_conflicts=True, unique_fields=[key_field], update_fields=update_fields
        )


def _tag(
    revision_id,
    source_revision_id,
    content_revision_id,
    *,
    translated=None,
    total=None,
    machine=None,
):
    """Record which source version a translation revision carries, how much of it is
    translated, and how much of that machine translation wrote."""
    tag = TranslationBase(
        revision_id=revision_id,
        source_revision_id=source_revision_id,
        content_revision_id=content_revision_id,
        segments_translated=translated,
        segments_total=total,
        segments_machine=machine,
    )
    _upsert(
        [tag],
        "revision",
        [
            "source_revision",
            "content_revision",
            "segments_translated",
            "segments_total",
            "segments_machine",
        ],
    )
    return tag


def _apply_sync(row, tag):
    row.synced_revision_id = tag.source_revision_id
    row.based_on_revision_id = tag.content_revision_id
    row.in_translation, row.in_translation_since = False, None
    row.translated_share = tag.translated_share if row.translation_live else None
    row.machine_translated = row.translation_live and tag.machine_translated


@transaction.atomic
def on_page_unpublished(sender, instance, **kwargs):
    """Receives `page_unpublished` for pages and `unpublished` for events and locations."""
    if is_tracked_source(instance):
        rows_for(instance).update(source_live=False)
    elif is_tracked_translation(instance):
        source = source_page_for(instance)
        rows = (
            _locked(rows_for(source).filter(target_locale_id=instance.locale_id)) if source else []
        )
        for row in rows:
            row.translation_live, row.translated_share = False, None
            row.machine_translated = False
        _save(rows, ["translation_live", "translated_share", "machine_translated"])


def on_page_deleted(sender, instance, **kwargs):
    """A deleted translation is missing again; a deleted source's rows go with it (a cascade
    for pages; events and locations have no foreign key from the row, so delete them here).

    Every model's deletes land here (wagtail-localize's segments by the dozen on each
    publish): those of no translatable kind leave before any transaction is opened."""
    kind = _kind(instance)
    if kind is not None:
        _deleted(kind, instance)


@transaction.atomic
def _deleted(kind, instance):
    if not kind.in_page_tree and is_tracked_source(instance):
        rows_for(instance).delete()
        return
    if not is_tracked_translation(instance):
        return
    rows = _locked(
        TranslationStatus.objects.filter(
            content_type=_content_type(instance),
            translation_key=instance.translation_key,
            target_locale_id=instance.locale_id,
        )
    )
    for row in rows:
        row.translation_page_id = None
        row.translation_live = False
        row.synced_revision_id = row.based_on_revision_id = None
        row.translated_share = None
        row.machine_translated = False
    _save(
        rows,
        [
            "translation_page",
            "translation_live",
            "synced_revision",
            "based_on_revision",
            "translated_share",
            "machine_translated",
        ],
    )


def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A subtree moved into another city changes city (and so languages)."""
    if instance.locale_id != source_locale_id():
        return
    if city_path(parent_page_before) == city_path(parent_page_after) and (
        parent_page_before.depth >= 2
        and parent_page_after.depth >= 2
        and city_path(instance) is not None
    ):
        return
    subtree = list(
        Page.objects.filter(path__startswith=instance.path, locale_id=instance.locale_id)
    )
    keys = [page.translation_key for page in subtree]
    if city_path(instance) is None:
        TranslationStatus.objects.filter(
            content_type=page_content_type(), translation_key__in=keys
        ).delete()
    else:
        refresh_pages(subtree)


def on_translation_source_saved(sender, instance, raw=False, **kwargs):
    """Remember which source version a TranslationSource's content was extracted from."""
    if raw:
        return
    kind = kind_of(instance.specific_content_type.model_class())
    manager = kind.manager if kind is not None else Page.objects
    source = manager.filter(
        translation_key=instance.object_id, locale_id=instance.locale_id
    ).first()
    if source is not None:
        record_source_snapshots([(instance, source)])


def record_source_snapshots(pairs: list[tuple[TranslationSource, Model]]) -> None:
    """[(TranslationSource, the live object it was just extracted from)]: remember the source
    version each one carries. Bulk refreshes (localization.xliff.adapter) call this directly."""
    revision_ids = {
        row.translation_key: row.source_revision_id
        for row in _stored_rows([obj for _source, obj in pairs])
    }
    _upsert(
        [
            SyncedSource(
                translation_source=source,
                content_revision_id=obj.live_revision_id,
                source_revision_id=(
                    revision_ids[obj.translation_key]
                    if obj.translation_key in revision_ids
                    else current_source_revision_id(obj)
                ),
            )
            for source, obj in pairs
        ],
        "translation_source",
        ["source_revision", "content_revision"],
    )


def on_translation_logged(sender, instance, created, raw=False, **kwargs):
    """wagtail-localize (its editor, "Translate this page", `save_target`) or our importer
    wrote a translation revision and logged it."""
    if raw or not created or instance.revision_id is None:
        return
    translation_written(instance.revision, instance.source_id, instance.locale_id)


@dataclass(frozen=True)
class Written:
    """What a writer of many translations (the XLIFF import) knows already about one it just
    wrote, so that `translation_written` need not read it again: the source version its
    TranslationSource carries (`snapshot`: (source revision id, content revision id), None
    when none is recorded), the (translated, total) string segments, the translated object and
    its (live, live revision id) after the write; `machine`, the segments left in machine
    translation, when the writer knows them too (None: counted here)."""

    snapshot: tuple[int | None, int | None] | None
    counts: tuple[int, int]
    translation: Model
    live: tuple[bool, int | None]
    machine: int | None = None


# Joins the caller's transaction: an error rolls the caller back (an import file as a whole),
# and a caller writing many translations pays no savepoint per translation.
@transaction.atomic(savepoint=False)
def translation_written(
    revision: Revision,
    translation_source_id: int,
    locale_id: int,
    known: Written | None = None,
) -> None:
    """A translation revision was written from a TranslationSource: tag it with the source
    version that source carries and the share of its segments translated (one query), and
    if the revision is live, sync the translation to it. `known`: what the writer knows
    already (see `Written`); then the tag, the locked row and its update are all it costs."""
    if known is not None:
        snapshot = known.snapshot
    else:
        found = SyncedSource.objects.filter(translation_source_id=translation_source_id).first()
        snapshot = (found.source_revision_id, found.content_revision_id) if found else None
    if snapshot is None:
        return
    if known is not None:
        # The file knows what it translated; what it left alone may still be machine text.
        (translated, total), machine = (
            known.counts,
            known.machine
            if known.machine is not None
            else machine_segment_count(translation_source_id, locale_id),
        )
    else:
        translated, total, machine = segment_facts(translation_source_id, locale_id)
    tag = _tag(revision.pk, *snapshot, translated=translated, total=total, machine=machine)
    model = ContentType.objects.get_for_id(revision.base_content_type_id).model_class()
    kind = kind_of(model)
    if kind is None:
        return
    if known is not None:
        translation = known.translation
    elif Revision.content_object.is_cached(revision):  # the object that just saved it
        translation = revision.content_object
    else:
        translation = kind.manager.filter(pk=revision.object_id).first()
    if translation is None or not is_tracked_translation(translation):
        return
    # A translation shares its source's translation key, which is what rows are stored by.
    rows = _locked(
        TranslationStatus.objects.filter(
            content_type=_content_type(translation),
            translation_key=translation.translation_key,
            target_locale_id=translation.locale_id,
        )
    )
    if not rows:
        source = source_page_for(translation)
        if source is not None and is_tracked_source(source):
            _refresh(source)
        return
    row = rows[0]
    # Read the live state from the database: wagtail-localize publishes on commit, so without
    # an outer transaction the page went live before this log was written, and the object
    # that saved the revision does not know it. A writer that holds the object locked knows.
    live, live_revision_id = (
        known.live
        if known is not None
        else kind.manager.filter(pk=translation.pk).values_list("live", "live_revision_id").get()
    )
    _set_translation(row, translation, live)
    if live and live_revision_id == revision.pk:
        _apply_sync(row, tag)
    elif not row.translation_live:
        row.translated_share = None
    _save([row], SYNC_FIELDS)
    if live and live_revision_id == revision.pk and row.translation_live:
        translation_live.send(sender=type(translation), row=row)


def on_city_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created or instance.locale_id != source_locale_id():
        return
    if update_fields is not None and not {"languages"} & set(update_fields):
        return
    _reconcile_city_languages(instance)


def _reconcile_city_languages(city):
    """Rows for exactly the city's current languages: dropped ones go, added ones appear."""
    city = source_cities_by_path([city.path]).get(city.path)
    if city is None:
        return
    stored = set(
        TranslationStatus.objects.filter(city_id=city.pk)
        .values_list("target_locale_id", flat=True)
        .distinct()
    )
    offered = set(target_locale_ids(city))
    has_pages = TranslationStatus.objects.filter(city_id=city.pk).exists() or stored
    if stored != offered and (has_pages or offered):
        refresh_city(city)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(forget_source_locale, sender=Locale, dispatch_uid="cityguide_source_locale")
    post_migrate.connect(forget_source_locale, dispatch_uid="cityguide_source_locale")
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="cityguide_minor_edit")
    page_published.connect(on_page_published, dispatch_uid="cityguide_status_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="cityguide_status_unpublished")
    post_delete.connect(on_page_deleted, dispatch_uid="cityguide_status_deleted")
    post_page_move.connect(on_page_moved, dispatch_uid="cityguide_status_moved")
    post_save.connect(
        on_translation_source_saved,
        sender=TranslationSource,
        dispatch_uid="cityguide_synced_source",
    )
    post_save.connect(
        on_translation_logged, sender=TranslationLog, dispatch_uid="cityguide_translation_base"
    )
    post_save.connect(on_city_saved, sender=city_model(), dispatch_uid="cityguide_city_languages")
    for kind in snippet_kinds():
        name = kind.model._meta.label_lower
        published.connect(
            on_page_published, sender=kind.model, dispatch_uid=f"cityguide_status_published_{name}"
        )
        unpublished.connect(
            on_page_unpublished,
            sender=kind.model,
            dispatch_uid=f"cityguide_status_unpublished_{name}",
        )


__all__ = [
    "STATUS_SELECTIONS",
    "Status",
    "Written",
    "cancel_in_translation",
    "computed_row_for",
    "get_status",
    "mark_in_translation",
    "mark_many_in_translation",
    "mark_reviewed",
    "mark_up_to_date",
    "pairs_with_status",
    "record_source_snapshots",
    "record_synced",
    "row_for",
    "segment_counts",
    "segment_facts",
    "source_fingerprints",
    "source_published",
    "translation_published",
    "translation_written",
]
