"""Events that move a translation's status, and the API other modules call (XLIFF export and
import, the admin actions). Each handler records the new facts on the stored rows and asks
`status.apply_rule`; none of them decides a status itself.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished
from wagtail_localize.models import TranslationLog, TranslationSource

from guides.tenancy import city_path
from localization import audit
from localization.models import MinorEdit, SyncedSource, TranslationBase, TranslationStatus
from localization.recompute import (
    ROW_FIELDS,
    log_for,
    real_change_revisions,
    refresh_city,
    refresh_pages,
    refresh_snippets,
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
    """Record the translation on its row; only pages have a column for its id."""
    if _kind(translation).in_page_tree:
        row.translation_page_id = translation.pk
    row.translation_live = live and not getattr(translation, "alias_of_id", None)


def rows_for(source_page: Model) -> QuerySet[TranslationStatus]:
    return TranslationStatus.objects.filter(
        content_type=_content_type(source_page), translation_key=source_page.translation_key
    )


def row_for(source_page: Model, locale: Locale) -> TranslationStatus:
    """The stored row; computed and stored first if the page has none yet."""
    row = rows_for(source_page).filter(target_locale_id=locale.pk).first()
    if row is None and is_tracked_source(source_page):
        _refresh(source_page)
        row = rows_for(source_page).filter(target_locale_id=locale.pk).first()
    if row is None:
        raise TrackingError(
            f"{str(source_page)!r} is not translated into {locale.get_display_name()} in its "
            "city: it is outside a city or the city does not offer that language."
        )
    return row


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


def _save(rows, fields=ROW_FIELDS):
    """Apply the rule and store `fields` (and the status): one UPDATE per distinct set of
    values, as bulk_update's CASE expressions cost milliseconds per row."""
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
            **dict(zip(attnames, values, strict=True))
        )


def _locales_list(locales):
    return (
        [locales]
        if not isinstance(locales, list | tuple | set) and hasattr(locales, "pk")
        else list(locales)
    )


# ---------------------------------------------------------------------------------------------
# The contract used by XLIFF export/import and the admin


def mark_in_translation(source_page: Model, locales: Locales, user: User | None = None) -> None:
    """The page was sent to a translator for these languages."""
    mark_many_in_translation({source_page: _locales_list(locales)}, user=user)


@transaction.atomic
def mark_many_in_translation(
    locales_by_source: dict[Model, Locales], user: User | None = None
) -> None:
    """{source page or snippet: [locale, …]} were sent to a translator: each gets its history
    entry; the rows are read and saved together."""
    stored = {
        (row.translation_key, row.target_locale_id): row for row in _stored_rows(locales_by_source)
    }
    rows, since = [], timezone.now()
    for source, locales in locales_by_source.items():
        locales = _locales_list(locales)
        rows.extend(
            stored.get((source.translation_key, locale.pk)) or row_for(source, locale)
            for locale in locales
        )
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
    """The stored rows of many sources (pages, events, locations): one query per model."""
    by_content_type = defaultdict(list)
    for source in sources:
        by_content_type[_content_type(source)].append(source.translation_key)
    for content_type, keys in by_content_type.items():
        yield from TranslationStatus.objects.filter(
            content_type=content_type, translation_key__in=keys
        )


@transaction.atomic
def cancel_in_translation(source_page: Model, locales: Locales, user: User | None = None) -> None:
    """The translator's job was cancelled: back to what the page itself says."""
    locales = _locales_list(locales)
    rows = [row_for(source_page, locale) for locale in locales]
    log(
        instance=source_page,
        action=audit.TRANSLATION_CANCELLED,
        user=user,
        data={"locales": [locale.language_code for locale in locales]},
    )
    for row in rows:
        row.in_translation, row.in_translation_since = False, None
    _save(rows)


@transaction.atomic
def mark_up_to_date(source_page: Model, locale: Locale, user: User | None = None) -> None:
    """An editor states the live translation matches the source's current version."""
    row = row_for(source_page, locale)
    if not row.translation_live:
        raise TrackingError(
            f"There is no published {locale.get_display_name()} translation of "
            f"{str(source_page)!r} to mark as up to date; translate and publish it first."
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
    _save([row])


@transaction.atomic
def record_synced(source_page: Model, locale: Locale, user: User | None = None) -> None:
    """The translation's latest revision now carries the source's current version.

    If that revision is live the translation is up to date at once; if it is a draft, it
    becomes up to date when that draft is published.
    """
    row = row_for(source_page, locale)
    translation = _translation_of(source_page, locale.pk)
    if translation is None or translation.latest_revision_id is None:
        raise TrackingError(
            f"{str(source_page)!r} has no {locale.get_display_name()} translation with a "
            "saved revision to record as synced."
        )
    source_live_revision_id = _live_revision_id(source_page)
    _tag(translation.latest_revision_id, row.source_revision_id, source_live_revision_id)
    _set_translation(row, translation, translation.live)
    if translation.live and translation.live_revision_id == translation.latest_revision_id:
        row.synced_revision_id = row.source_revision_id
        row.based_on_revision_id = source_live_revision_id
        row.in_translation, row.in_translation_since = False, None
    _save([row])


# ---------------------------------------------------------------------------------------------
# Signal receivers


def is_minor_edit(revision: Revision) -> bool:
    flag = getattr(revision, "_cityguide_minor_edit", None)
    if flag is not None:
        return flag
    return MinorEdit.objects.filter(revision_id=revision.pk).exists()


def on_revision_saved(sender, instance, created, raw=False, **kwargs):
    """Store the editor's minor-edit checkbox with the revision it belongs to."""
    if raw or not created or not Revision.content_object.is_cached(instance):
        return
    obj = instance.content_object
    if getattr(obj, "_cityguide_minor_edit", False):
        MinorEdit.objects.create(revision=instance, user=instance.user)
        instance._cityguide_minor_edit = True


def on_page_published(sender, instance, revision=None, alias=False, **kwargs):
    """Receives `page_published` for pages and `published` for events and locations."""
    if alias or revision is None:
        return
    if is_tracked_source(instance):
        source_published(instance, revision)
    elif is_tracked_translation(instance):
        translation_published(instance, revision)


def source_published(page: Model, revision: Revision) -> None:
    """A real change moves every translation's target; a minor edit moves none."""
    rows = list(rows_for(page))
    if isinstance(page, city_model()):
        _reconcile_city_languages(page)
        rows = list(rows_for(page))
    # Pages change city with their subtree (on_page_moved); other kinds by their city key.
    kind = _kind(page)
    moved = not kind.in_page_tree and any(row.city_id != kind.city_key(page) for row in rows)
    if not rows or moved:
        _refresh(page)  # first publish, or an event or location moved to another city
        return
    minor = is_minor_edit(revision)
    words = None if minor else words_in_page(page)
    for row in rows:
        row.source_live = True
        if not minor:
            row.source_revision_id = revision.pk
            row.source_words = words
    _save(rows)


def translation_published(page: Model, revision: Revision) -> None:
    source = source_page_for(page)
    if source is None:
        return
    row = rows_for(source).filter(target_locale_id=page.locale_id).first()
    if row is None:
        _refresh(source)
        return
    _set_translation(row, page, True)
    tag = TranslationBase.objects.filter(revision_id=revision.pk).first()
    if tag is not None:
        _apply_sync(row, tag)
    _save([row])


def _upsert(objs, key_field, update_fields):
    """Insert the rows, or update those whose key exists: one statement."""
    if objs:
        type(objs[0]).objects.bulk_create(
            objs, update_conflicts=True, unique_fields=[key_field], update_fields=update_fields
        )


def _tag(revision_id, source_revision_id, content_revision_id):
    """Record which source version a translation revision carries."""
    tag = TranslationBase(
        revision_id=revision_id,
        source_revision_id=source_revision_id,
        content_revision_id=content_revision_id,
    )
    _upsert([tag], "revision", ["source_revision", "content_revision"])
    return tag


def _apply_sync(row, tag):
    row.synced_revision_id = tag.source_revision_id
    row.based_on_revision_id = tag.content_revision_id
    row.in_translation, row.in_translation_since = False, None


def on_page_unpublished(sender, instance, **kwargs):
    """Receives `page_unpublished` for pages and `unpublished` for events and locations."""
    if is_tracked_source(instance):
        rows_for(instance).update(source_live=False)
    elif is_tracked_translation(instance):
        source = source_page_for(instance)
        rows = list(rows_for(source).filter(target_locale_id=instance.locale_id)) if source else []
        for row in rows:
            row.translation_live = False
        _save(rows)


def on_page_deleted(sender, instance, **kwargs):
    """A deleted translation is missing again; a deleted source's rows go with it (a cascade
    for pages; events and locations have no foreign key from the row, so delete them here)."""
    kind = _kind(instance)
    if kind is not None and not kind.in_page_tree and is_tracked_source(instance):
        rows_for(instance).delete()
        return
    if not is_tracked_translation(instance):
        return
    rows = list(
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
    _save(rows)


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
    """wagtail-localize wrote a translation revision from a TranslationSource: tag it."""
    if raw or not created or instance.revision_id is None:
        return
    snapshot = SyncedSource.objects.filter(translation_source_id=instance.source_id).first()
    if snapshot is None:
        return
    tag = _tag(instance.revision_id, snapshot.source_revision_id, snapshot.content_revision_id)
    revision = instance.revision
    model = ContentType.objects.get_for_id(revision.base_content_type_id).model_class()
    kind = kind_of(model)
    if kind is None:
        return
    if Revision.content_object.is_cached(revision):  # the object that just saved it
        translation = revision.content_object
    else:
        translation = kind.manager.filter(pk=revision.object_id).first()
    if translation is None or not is_tracked_translation(translation):
        return
    # A translation shares its source's translation key, which is what rows are stored by.
    row = TranslationStatus.objects.filter(
        content_type=_content_type(translation),
        translation_key=translation.translation_key,
        target_locale_id=translation.locale_id,
    ).first()
    if row is None:
        source = source_page_for(translation)
        if source is not None and is_tracked_source(source):
            _refresh(source)
        return
    _set_translation(row, translation, translation.live)
    if translation.live and translation.live_revision_id == instance.revision_id:
        _apply_sync(row, tag)
    _save([row])


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
    "Status",
    "cancel_in_translation",
    "get_status",
    "mark_in_translation",
    "mark_many_in_translation",
    "mark_up_to_date",
    "record_source_snapshots",
    "record_synced",
    "source_fingerprints",
]
