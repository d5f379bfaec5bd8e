"""Keeping the translation memory current: when tracking records that a translation went live,
its strings and their translations (wagtail-localize's `String`/`StringTranslation`) are
upserted as entries. A few statements per batch of translations, whatever their size; run in a
background task (`localization.tm.tasks`) so that a publish only queues it."""

from __future__ import annotations

from django.utils.html import strip_tags
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from localization.models import TranslationStatus
from localization.registry import kind_for_content_type
from localization.scope import source_locale_id
from localization.tm.models import TMEntry, text_hash

#: Rows upserted per statement.
BATCH = 2000
_UPDATE = ["source_text", "source_length", "target_text", "origin_object_id", "revision_id"]


def plain_length(text: str) -> int:
    return len(strip_tags(text))


def feed_rows(rows) -> int:
    """Upsert the entries of these TranslationStatus rows' live translations; returns how many
    entries were written. Rows without a live translation bring nothing."""
    rows = [row for row in rows if row.translation_live]
    if not rows:
        return 0
    codes = dict(Locale.objects.values_list("pk", "language_code"))
    source_code = _source_code(codes)
    by_pair = {(row.translation_key, row.target_locale_id): row for row in rows}
    translations = (
        StringTranslation.objects.filter(
            context__object_id__in={row.translation_key for row in rows},
            locale_id__in={row.target_locale_id for row in rows},
            has_error=False,
        )
        .exclude(
            # Unreviewed machine translation is no memory: the MT service reuses exact matches
            # as people's translations (localization/mt/service.py).
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
        )
        .values_list("context__object_id", "locale_id", "translation_of__data", "data")
    )
    entries = {}
    for key, locale_id, source, target in translations.iterator(chunk_size=BATCH):
        row = by_pair.get((key, locale_id))
        if row is None or not target:
            continue
        kind = kind_for_content_type(row.content_type_id)
        entry = TMEntry(
            source_text=source,
            source_hash=text_hash(source),
            source_length=plain_length(source),
            source_language=source_code,
            target_language=codes[locale_id],
            target_text=target,
            city_id=row.city_id,
            origin=kind.name if kind else "page",
            origin_key=key,
            origin_object_id=row.source_page_id,
            revision_id=row.source_revision_id,
        )
        entries[(entry.source_hash, entry.target_language, key)] = entry
    write(list(entries.values()))
    return len(entries)


def write(entries: list[TMEntry]) -> None:
    """Insert entries, or update those whose key exists: one statement per batch."""
    for start in range(0, len(entries), BATCH):
        TMEntry.objects.bulk_create(
            entries[start : start + BATCH],
            update_conflicts=True,
            unique_fields=[
                "source_hash",
                "source_language",
                "target_language",
                "city",
                "origin",
                "origin_key",
            ],
            update_fields=_UPDATE,
        )


def _source_code(codes):
    return codes[source_locale_id()]


def feed_all(*, city=None, batch: int = 500) -> int:
    """Fill the memory from every live translation (the backfill); safe to run again."""
    rows = TranslationStatus.objects.filter(translation_live=True).order_by("pk")
    if city is not None:
        rows = rows.filter(city=city)
    total, pending = 0, []
    for row in rows.iterator(chunk_size=batch):
        pending.append(row)
        if len(pending) >= batch:
            total += feed_rows(pending)
            pending = []
    return total + feed_rows(pending)
