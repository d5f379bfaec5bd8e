"""Statuses recomputed from scratch, from primary records only.

The inputs are the objects of every translatable kind (pages, and the cities' events and
locations: see `localization.registry`), their revisions, the audit log (publishes, "sent for
translation", "cancelled", "marked up to date"), the minor-edit flags and the translation-base
tags. The event handlers in `tracking` keep the stored rows equal to what this module computes;
the `--rebuild` command and the tests use it to check them.

Pages are found by tree position; the other kinds carry their city as a foreign key to the
source-locale city root, so their scope is the city's languages, like its pages'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from guides.tenancy import city_path
from localization import audit
from localization.models import MinorEdit, TranslationBase, TranslationStatus
from localization.registry import TranslatableKind, city_model, kind_of, snippet_kinds
from localization.scope import (
    page_content_type,
    source_cities_by_path,
    source_locale_id,
    source_pages_of_city,
    target_locale_ids,
)
from localization.status import apply_rule
from localization.words import words_in_page

if TYPE_CHECKING:
    from typing import TextIO


ROW_FIELDS = [
    "city",
    "source_page",
    "translation_page",
    "status",
    "source_live",
    "translation_live",
    "in_translation",
    "in_translation_since",
    "source_revision",
    "synced_revision",
    "based_on_revision",
    "translated_share",
    "machine_translated",
    "source_words",
]
STATUS_FACTS = [field for field in ROW_FIELDS if field != "source_words"]


@dataclass
class SyncEvent:
    entry_id: int
    source_revision_id: int | None
    content_revision_id: int | None


#: An audit-log reader: (object ids, actions) -> [(entry id, object id, action, revision id,
#: data, timestamp)] in entry order.
LogReader = Callable[[list[int], list[str]], Iterable[tuple]]


def page_log(object_ids: list[int], actions: list[str]) -> QuerySet:
    """Audit-log entries of these pages: (entry id, page id, action, revision id, data, time)."""
    return (
        PageLogEntry.objects.filter(page_id__in=object_ids, action__in=actions)
        .order_by("id")
        .values_list("id", "page_id", "action", "revision_id", "data", "timestamp")
    )


def model_log(model: type[Model]) -> LogReader:
    """The audit-log reader of one non-page model (ModelLogEntry stores the object id as
    text)."""
    content_type = ContentType.objects.get_for_model(model)

    def entries(object_ids, actions):
        rows = (
            ModelLogEntry.objects.filter(
                content_type=content_type,
                object_id__in=[str(pk) for pk in object_ids],
                action__in=actions,
            )
            .order_by("id")
            .values_list("id", "object_id", "action", "revision_id", "data", "timestamp")
        )
        return [
            (entry_id, int(object_id), action, revision_id, data, timestamp)
            for entry_id, object_id, action, revision_id, data, timestamp in rows
        ]

    return entries


def log_for(kind: TranslatableKind) -> LogReader:
    return page_log if kind.in_page_tree else model_log(kind.model)


def real_change_revisions(
    objects: Iterable[Model], log: LogReader = page_log
) -> dict[int, int | None]:
    """object id -> the revision of the object's last published real (not minor) change."""
    candidates = defaultdict(set)
    for obj in objects:
        if obj.live and obj.live_revision_id:
            candidates[obj.pk].add(obj.live_revision_id)
    for _entry, object_id, _action, revision_id, _data, _time in log(
        [obj.pk for obj in objects], [audit.PUBLISH]
    ):
        if revision_id is not None:
            candidates[object_id].add(revision_id)
    all_ids = {rid for ids in candidates.values() for rid in ids}
    minor = set(
        MinorEdit.objects.filter(revision_id__in=all_ids).values_list("revision_id", flat=True)
    )
    return {
        object_id: max((rid for rid in ids if rid not in minor), default=None)
        for object_id, ids in candidates.items()
    }


@dataclass
class SyncHistory:
    """What a translation's audit log says about its syncs, per translation id."""

    events: dict[int, SyncEvent]  # its latest sync: a publish of a tagged revision, or a mark
    shares: dict[int, float | None]  # the translated share of its last tagged revision published
    machine: dict[int, bool]  # whether unreviewed machine translation is live in it


def sync_history(translation_ids: list[int], log: LogReader = page_log) -> SyncHistory:
    """The syncs, shares and machine-translated flags of these translations, from their log.

    A "mark up to date" moves the sync only: the share (and the machine flag) stay those of
    the last tagged revision published. A "mark reviewed" clears the machine flag; the next
    tagged revision published sets it again from its own segments."""
    entries = list(
        log(translation_ids, [audit.PUBLISH, audit.MARKED_UP_TO_DATE, audit.MARKED_REVIEWED])
    )
    tags = {
        tag.revision_id: tag
        for tag in TranslationBase.objects.filter(
            revision_id__in={e[3] for e in entries if e[2] == audit.PUBLISH and e[3]}
        )
    }
    history = SyncHistory({}, {}, {})
    for entry_id, object_id, action, revision_id, data, _time in entries:
        if action == audit.MARKED_UP_TO_DATE:
            history.events[object_id] = SyncEvent(
                entry_id, data.get("source_revision_id"), data.get("content_revision_id")
            )
        elif action == audit.MARKED_REVIEWED:
            history.machine[object_id] = False
        elif revision_id in tags:
            tag = tags[revision_id]
            history.events[object_id] = SyncEvent(
                entry_id, tag.source_revision_id, tag.content_revision_id
            )
            history.shares[object_id] = tag.translated_share
            history.machine[object_id] = tag.machine_translated
    return history


def last_sync_events(translation_ids: list[int], log: LogReader = page_log) -> dict[int, SyncEvent]:
    """translation id -> its latest sync: a publish of a tagged revision, or a mark."""
    return sync_history(translation_ids, log).events


def published_shares(translation_ids: list[int], log: LogReader = page_log) -> dict:
    """translation id -> the translated share of its latest tagged revision published."""
    return sync_history(translation_ids, log).shares


def translator_jobs(source_ids: list[int], log: LogReader = page_log) -> dict:
    """(source id, language code) -> (last 'sent' entry, last 'cancelled' entry id)."""
    jobs = defaultdict(lambda: [None, 0])
    entries = log(source_ids, [audit.SENT_FOR_TRANSLATION, audit.TRANSLATION_CANCELLED])
    for entry_id, object_id, action, data, timestamp in (
        (e[0], e[1], e[2], e[4], e[5]) for e in entries
    ):
        for code in data.get("locales", []):
            job = jobs[(object_id, code)]
            if action == audit.SENT_FOR_TRANSLATION:
                job[0] = (entry_id, timestamp)
            else:
                job[1] = entry_id
    return jobs


def words_by_page(pages: Iterable[Page]) -> dict[int, int]:
    """Source words per page; specific pages are fetched in one query per page type."""
    specific = Page.objects.filter(pk__in=[page.pk for page in pages]).specific()
    return {page.pk: words_in_page(page) for page in specific}


def expected_rows(
    source_pages: Iterable[Page], *, words: dict[int, int] | None = None
) -> dict[tuple, TranslationStatus]:
    """The rows these source pages should have, keyed by (translation_key, locale id)."""
    pages = [page for page in source_pages if city_path(page)]
    if not pages:
        return {}
    cities = source_cities_by_path(city_path(page) for page in pages)
    translations = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=[p.translation_key for p in pages])
        .exclude(locale_id=source_locale_id())
        .only("id", "translation_key", "locale_id", "live", "alias_of_id", "live_revision_id")
        .select_related("locale")
    }
    return build_rows(
        pages,
        city_of=lambda page: cities.get(city_path(page)),
        translations=translations,
        content_type=page_content_type(),
        log=page_log,
        words=words if words is not None else words_by_page(pages),
        pages=True,
    )


def expected_snippet_rows(sources: Iterable[Model]) -> dict[tuple, TranslationStatus]:
    """The rows these source events and locations should have, keyed like `expected_rows`."""
    source_id = source_locale_id()
    sources = [
        obj
        for obj in sources
        if (kind := kind_of(obj))
        and not kind.in_page_tree
        and obj.locale_id == source_id
        and kind.in_city(obj)
    ]
    cities = {
        city.pk: city
        for city in city_model()
        .objects.filter(pk__in={obj.city_id for obj in sources}, locale_id=source_id)
        .only("id", "path", "locale_id")
        .prefetch_related("languages")
    }
    rows = {}
    for kind in snippet_kinds():
        objects = [obj for obj in sources if kind.owns(obj)]
        if not objects:
            continue
        translations = {
            (obj.translation_key, obj.locale_id): obj
            for obj in kind.manager.filter(
                translation_key__in=[o.translation_key for o in objects],
            )
            .exclude(locale_id=source_id)
            .only("id", "translation_key", "locale_id", "live", "live_revision_id")
        }
        rows.update(
            build_rows(
                objects,
                city_of=lambda obj: cities.get(obj.city_id),
                translations=translations,
                content_type=kind.content_type(),
                log=log_for(kind),
                words={obj.pk: words_in_page(obj) for obj in objects},
                pages=False,
            )
        )
    return rows


def existing_snippet_rows(sources: Iterable[Model]) -> QuerySet:
    return TranslationStatus.objects.filter(
        content_type__in=[kind.content_type() for kind in snippet_kinds()],
        translation_key__in=[obj.translation_key for obj in sources],
    )


def snippet_sources_of_city(city: Model) -> list[Model]:
    """Every source-locale event and location of the city."""
    return [
        obj
        for kind in snippet_kinds()
        for obj in kind.manager.filter(city_id=city.pk, locale_id=source_locale_id())
    ]


def build_rows(
    sources: list[Model],
    *,
    city_of: Callable[[Model], Page | None],
    translations: dict[tuple, Model],
    content_type: ContentType,
    log: LogReader,
    words: dict[int, int],
    pages: bool,
) -> dict[tuple, TranslationStatus]:
    """Rows for source objects of one content type, from their translations and audit log.

    `pages` says whether the ids go into the page columns (snippets have no page ids)."""
    source_revisions = real_change_revisions(sources, log)
    history = sync_history([obj.pk for obj in translations.values()], log)
    syncs, shares = history.events, history.shares
    jobs = translator_jobs([obj.pk for obj in sources], log)
    rows = {}
    for obj in sources:
        city = city_of(obj)
        if city is None:
            continue
        for locale_id in target_locale_ids(city):
            translation = translations.get((obj.translation_key, locale_id))
            sync = syncs.get(translation.pk) if translation else None
            code = _language_code(city, locale_id)
            sent, cancelled_id = jobs.get((obj.pk, code), (None, 0))
            in_translation = bool(sent) and sent[0] > max(
                cancelled_id, sync.entry_id if sync else 0
            )
            translation_live = bool(
                translation and translation.live and not getattr(translation, "alias_of_id", None)
            )
            row = TranslationStatus(
                content_type=content_type,
                translation_key=obj.translation_key,
                target_locale_id=locale_id,
                city_id=city.pk,
                source_page_id=obj.pk if pages else None,
                translation_page_id=(
                    translation.pk
                    if pages and translation and not getattr(translation, "alias_of_id", None)
                    else None
                ),
                source_live=obj.live,
                translation_live=translation_live,
                in_translation=in_translation,
                in_translation_since=sent[1] if in_translation else None,
                source_revision_id=source_revisions.get(obj.pk),
                synced_revision_id=sync.source_revision_id if sync else None,
                based_on_revision_id=sync.content_revision_id if sync else None,
                translated_share=shares.get(translation.pk) if translation_live else None,
                machine_translated=(
                    translation_live and history.machine.get(translation.pk, False)
                ),
                source_words=words.get(obj.pk, 0),
            )
            apply_rule(row)
            rows[(obj.translation_key, locale_id)] = row
    return rows


def _language_code(city, locale_id):
    return next(loc.language_code for loc in city.languages.all() if loc.pk == locale_id)


def differences(
    stored_rows: Iterable[TranslationStatus], expected: dict[tuple, TranslationStatus]
) -> list[str]:
    """Human-readable mismatches between stored rows and a from-scratch computation."""
    problems = []
    stored = {(row.translation_key, row.target_locale_id): row for row in stored_rows}
    for key in stored.keys() - expected.keys():
        problems.append(f"{key}: stored but should not exist")
    for key, row in expected.items():
        current = stored.get(key)
        if current is None:
            problems.append(f"{key}: missing row (expected {row.status})")
            continue
        for field in STATUS_FACTS:
            attname = TranslationStatus._meta.get_field(field).attname
            if getattr(current, attname) != getattr(row, attname):
                problems.append(
                    f"{key}: {field} is {getattr(current, attname)!r}, "
                    f"expected {getattr(row, attname)!r}"
                )
    return problems


@transaction.atomic
def store_rows(
    expected: dict[tuple, TranslationStatus], existing: Iterable[TranslationStatus]
) -> tuple[int, int, int]:
    """Write `expected` over `existing` rows: update, create, and delete what is no longer due."""
    current = {(row.translation_key, row.target_locale_id): row for row in existing}
    to_update, to_create = [], []
    for key, row in expected.items():
        stored = current.pop(key, None)
        if stored is None:
            to_create.append(row)
            continue
        if any(
            getattr(stored, TranslationStatus._meta.get_field(f).attname)
            != getattr(row, TranslationStatus._meta.get_field(f).attname)
            for f in ROW_FIELDS
        ):
            row.pk = stored.pk
            to_update.append(row)
    if current:
        TranslationStatus.objects.filter(pk__in=[row.pk for row in current.values()]).delete()
    TranslationStatus.objects.bulk_create(to_create, batch_size=2000)
    TranslationStatus.objects.bulk_update(to_update, ROW_FIELDS, batch_size=2000)
    return len(to_create), len(to_update), len(current)


def refresh_pages(source_pages: Iterable[Page]) -> tuple[int, int, int]:
    """Recompute and store the rows of these source pages (and only theirs)."""
    pages = list(source_pages)
    keys = [page.translation_key for page in pages]
    existing = TranslationStatus.objects.filter(
        content_type=page_content_type(), translation_key__in=keys
    )
    return store_rows(expected_rows(pages), existing)


def refresh_snippets(sources: Iterable[Model]) -> tuple[int, int, int]:
    """Recompute and store the rows of these source events and locations (and only theirs)."""
    sources = list(sources)
    return store_rows(expected_snippet_rows(sources), existing_snippet_rows(sources))


def expected_city_rows(city: Page) -> dict[tuple, TranslationStatus]:
    """Every row a city should have: its pages', events' and locations'."""
    rows = expected_rows(source_pages_of_city(city))
    rows.update(expected_snippet_rows(snippet_sources_of_city(city)))
    return rows


def refresh_city(city: Page) -> tuple[int, int, int]:
    """Recompute a whole city: after a language was added or dropped, or a subtree moved."""
    pages = list(source_pages_of_city(city))
    keys = [page.translation_key for page in pages]
    existing = TranslationStatus.objects.filter(city_id=city.pk) | TranslationStatus.objects.filter(
        content_type=page_content_type(), translation_key__in=keys
    )
    rows = expected_rows(pages)
    rows.update(expected_snippet_rows(snippet_sources_of_city(city)))
    return store_rows(rows, existing)  # rows of the city's events and locations are in `existing`


def rebuild_all(*, stdout: TextIO | None = None) -> tuple[int, int, int]:
    """Recompute every stored status; rows outside any city are removed."""
    created = updated = deleted = 0
    city_ids = []
    for city in city_model().objects.filter(locale_id=source_locale_id()).order_by("path"):
        c, u, d = refresh_city(city)
        created, updated, deleted = created + c, updated + u, deleted + d
        city_ids.append(city.pk)
        if stdout:
            stdout.write(f"{city.slug}: {c} created, {u} updated, {d} removed")
    orphans, _ = TranslationStatus.objects.exclude(city_id__in=city_ids).delete()
    return created, updated, deleted + orphans
