"""The news the app sees: live copies in one language, until their last day."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from guides.news.models import NewsItem

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from wagtail.models import Locale

    from guides.models import CityPage


def current_news(city: CityPage, locale: Locale, today: datetime.date) -> QuerySet:
    """Live, not expired news of a (source) city in one locale, newest first."""
    return (
        NewsItem.objects.filter(city=city, locale=locale, live=True)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))
        .order_by("-date", "-pk")
    )


def translations_of(
    items: Iterable[NewsItem], locales: Iterable[Locale], today: datetime.date
) -> dict[str, dict[str, int]]:
    """{translation_key: {language code: id}} of the current copies in the given locales (the
    city's languages), the items' own included, as Integreat lists them: one query."""
    keys = {item.translation_key for item in items}
    if not keys:
        return {}
    rows = (
        NewsItem.objects.filter(
            translation_key__in=keys, live=True, locale__in=[locale.pk for locale in locales]
        )
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))
        .values_list("translation_key", "locale__language_code", "pk")
    )
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for key, code, pk in rows:
        found[str(key)][code] = pk
    return found


def city_ids_with_news(city_ids: Iterable[int] | None = None) -> set[int]:
    """Ids of the (source) cities that have live news in any language: one query."""
    news = NewsItem.objects.filter(live=True)
    if city_ids is not None:
        news = news.filter(city_id__in=list(city_ids))
    return set(news.values_list("city_id", flat=True).distinct())
