"""The numbers behind a city's report, in a fixed number of queries at any size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from wagtail.models import Locale, Page

from localization.models import TranslationStatus
from localization.scope import page_content_type
from localization.status import Status

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable, Sequence

    from guides.models import CityPage


def city_rows(city: CityPage, locale_ids: Iterable[int]) -> QuerySet[TranslationStatus]:
    """Status rows of a city's published source pages in the offered languages (events and
    locations have rows of their own content types, not counted here)."""
    return TranslationStatus.objects.filter(
        city_id=city.pk,
        content_type=page_content_type(),
        target_locale_id__in=locale_ids,
        source_live=True,
    )


def source_pages(
    city: CityPage, locale_ids: Iterable[int], *, status: str | None = None
) -> QuerySet[Page]:
    """The city's published source pages, those with a row in `status` if given."""
    pages = (
        Page.objects.filter(
            path__startswith=city.path,
            locale_id=city.locale_id,
            live=True,
        )
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "translation_key",
            "locale_id",
            "live",
            "content_type_id",
        )
        .order_by("path")
    )
    if status:
        pages = pages.filter(
            Exists(
                city_rows(city, locale_ids).filter(
                    content_type=page_content_type(),
                    translation_key=OuterRef("translation_key"),
                    status=status,
                )
            )
        )
    return pages


def statuses_for(
    pages: Iterable[Page], city: CityPage, locale_ids: Iterable[int]
) -> dict[uuid.UUID, dict[int, TranslationStatus]]:
    """translation_key -> {locale id: row} for one screen of pages: one query."""
    by_key = {}
    rows = (
        city_rows(city, locale_ids)
        .filter(translation_key__in=[page.translation_key for page in pages])
        .only(
            "translation_key",
            "target_locale_id",
            "status",
            "translated_share",
            "translation_page_id",
            "source_revision_id",
            "synced_revision_id",
            "source_words",
        )
    )
    for row in rows:
        by_key.setdefault(row.translation_key, {})[row.target_locale_id] = row
    return by_key


def summary(city: CityPage, locales: Sequence[Locale]) -> list[dict[str, Any]]:
    """Per language: count per status, source words waiting, and coverage (share up to date)."""
    totals = {
        row["target_locale_id"]: row
        for row in city_rows(city, [loc.pk for loc in locales])
        .values("target_locale_id")
        .annotate(
            total=Count("id"),
            **{status.value: Count("id", filter=Q(status=status)) for status in Status},
            words_waiting=Sum("source_words", filter=~Q(status=Status.UP_TO_DATE)),
        )
    }
    result = []
    for locale in locales:
        row = totals.get(locale.pk, {})
        total = row.get("total", 0)
        counts = {status.value: row.get(status.value, 0) for status in Status}
        result.append(
            {
                "locale": locale,
                "total": total,
                "counts": counts,
                "count_cells": [(status.value, counts[status.value]) for status in Status],
                "words_waiting": row.get("words_waiting") or 0,
                "coverage": round(100 * counts[Status.UP_TO_DATE] / total) if total else 0,
            }
        )
    return result
