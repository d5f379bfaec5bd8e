"""Which objects are tracked: objects of a translatable kind (`localization.registry`: pages,
events, locations) inside a city and in the source (default) locale, into the city's other
languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import Model
from wagtail.models import Locale, Page

from guides.tenancy import cities_by_path
from localization.registry import kind_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet


_source_locale_ids = {}


def source_locale_id() -> int:
    """The default locale's id: every status event asks, so it is remembered per database
    until a Locale is saved or deleted (`forget_source_locale`)."""
    key = (router.db_for_read(Locale), settings.LANGUAGE_CODE)
    if key not in _source_locale_ids:
        _source_locale_ids[key] = Locale.get_default().pk
    return _source_locale_ids[key]


def forget_source_locale(**kwargs) -> None:
    _source_locale_ids.clear()


def page_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Page)


def is_tracked_source(obj: Model) -> bool:
    """An object of a translatable kind, inside a city, in the source locale."""
    kind = kind_of(obj)
    return kind is not None and obj.locale_id == source_locale_id() and kind.in_city(obj)


def is_tracked_translation(obj: Model) -> bool:
    """A copy of a tracked source in another locale (of the source's city)."""
    kind = kind_of(obj)
    return kind is not None and obj.locale_id != source_locale_id() and kind.in_city(obj)


def source_cities_by_path(paths: Iterable[str | None]) -> dict[str, Page]:
    """Source-locale city roots for these tree paths, with their languages prefetched."""
    return cities_by_path(paths, locale_id=source_locale_id())


def target_locale_ids(city: Page) -> list[int]:
    """The city's languages other than the source locale."""
    source_id = source_locale_id()
    return sorted(loc.pk for loc in city.languages.all() if loc.pk != source_id)


def source_pages_of_city(city: Page) -> QuerySet[Page]:
    return Page.objects.filter(path__startswith=city.path, locale_id=city.locale_id)
