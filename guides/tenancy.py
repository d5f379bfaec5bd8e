"""Tenancy, in one place: which city an object belongs to, and which cities a user works on.

Every city is one page tree, Root > HomePage (one per locale) > CityPage > GuidePage…, so a
page's city is the ancestor at `CITY_DEPTH` and every page of a city shares the first
`CITY_DEPTH` steps of its tree path. Events and locations name their city with a foreign key
to the source-locale city root. Editors work on the cities whose editors group they are in.

This module imports no model of this project: it gets the city model from
`localization.registry` (filled in by `GuidesConfig.ready`), so `guides.models` and every
module of `localization` can import it without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from localization.registry import city_model

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

#: Root (1) > HomePage (2) > CityPage (3).
CITY_DEPTH = 3

__all__ = [
    "CITY_DEPTH",
    "cities_by_id",
    "cities_by_path",
    "cities_for_user",
    "city_address_for_page",
    "city_for_page",
    "city_ids_for_user",
    "city_model",
    "city_of_snippet",
    "city_path",
    "city_slug_for_path",
    "editor_city_roots",
    "is_city_root",
    "restrict_pages_to_user_cities",
    "scope_to_user",
    "source_language_code",
    "user_can_access",
    "user_works_on_a_city",
]


# ---------------------------------------------------------------------------------------------
# The city of an object


def city_path(page_or_path: Page | str | None) -> str | None:
    """The tree path of the city root at or above a page (or tree path); None above the cities.

    Every page of a city, in every locale copy of it, shares this prefix with its root."""
    path = page_or_path if isinstance(page_or_path, str) else getattr(page_or_path, "path", None)
    if not path or len(path) < CITY_DEPTH * Page.steplen:
        return None
    return path[: CITY_DEPTH * Page.steplen]


def is_city_root(page: Page) -> bool:
    return bool(page.path) and page.depth == CITY_DEPTH


def city_for_page(page: Page) -> Page | None:
    """The city root at or above a page, in the page's own locale; None outside any city."""
    path = city_path(page)
    if path is None:
        return None
    if isinstance(page, city_model()):
        return page
    return city_model().objects.filter(path=path).first()


_CITY_MEMO = "_cityguide_city_by_path"


def city_address_for_page(page: Page, user: User) -> tuple[str, str] | None:
    """(slug, language code) of the city root at or above a page, for links to the city's
    public pages; None outside any city. An editor's own cities are answered from the city
    roots remembered for the request (`_editor_city_roots`, no query); any other city with one
    query per city and request, remembered on the request's user object (a listing asks for
    every row, and its rows share one city)."""
    path = city_path(page)
    if path is None:
        return None
    for root in editor_city_roots(user):
        if root.path == path:
            return root.slug, root.language_code
    if isinstance(page, city_model()):
        return page.slug, page.locale.language_code
    memo = user.__dict__.setdefault(_CITY_MEMO, {})
    if path not in memo:
        memo[path] = (
            city_model()
            .objects.filter(path=path)
            .values_list("slug", "locale__language_code")
            .first()
        )
    return memo[path]


def city_of_snippet(obj: Model) -> Page | None:
    """The source-locale city root an event or location names by its `city` foreign key."""
    return getattr(obj, "city", None)


def city_slug_for_path(path: str | None) -> str | None:
    """The slug of the city whose tree contains the tree path, or None outside any city."""
    root_path = city_path(path)
    if root_path is None:
        return None
    return city_model().objects.filter(path=root_path).values_list("slug", flat=True).first()


CITY_FIELDS = ("id", "path", "locale_id", "translation_key", "title", "slug")


def cities_by_path(paths: Iterable[str | None], *, locale_id: int | None = None) -> dict[str, Page]:
    """{tree path: city root} (in one locale if given), with the cities' languages prefetched."""
    cities = city_model().objects.filter(path__in={path for path in paths if path})
    if locale_id is not None:
        cities = cities.filter(locale_id=locale_id)
    return {city.path: city for city in cities.only(*CITY_FIELDS).prefetch_related("languages")}


def cities_by_id(ids: Iterable[int | None]) -> dict[int, Page]:
    """{id: city root}, with the cities' languages prefetched (the bulk `city_of_snippet`)."""
    return {
        city.pk: city
        for city in city_model()
        .objects.filter(pk__in={pk for pk in ids if pk is not None})
        .only(*CITY_FIELDS)
        .prefetch_related("languages")
    }


# ---------------------------------------------------------------------------------------------
# A user's cities


def source_language_code() -> str:
    """The source language, without the query Locale.get_default() costs."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def cities_for_user(user: User) -> QuerySet:
    """City roots (source locale) the user may work on; every city for a superuser."""
    cities = city_model().objects.filter(locale__language_code=source_language_code())
    if user.is_superuser:
        return cities
    return cities.filter(editors_group__in=user.groups.all())


class CityRoot(NamedTuple):
    """One locale copy of a city root, as an editor's requests remember it."""

    pk: int
    path: str
    language_code: str
    slug: str
    translation_key: str


def _editor_city_roots(user: User) -> list[CityRoot]:
    """Every locale copy of the cities whose editors group the user is in: one query,
    remembered for the request's user object (the admin guard, the explorer, the menus, the
    editor's home and the "Print / PDF" buttons all ask in one request)."""
    if not hasattr(user, "_cityguide_city_roots"):
        user._cityguide_city_roots = [
            CityRoot(*row)
            for row in city_model()
            .objects.filter(editors_group__in=user.groups.all())
            .values_list("pk", "path", "locale__language_code", "slug", "translation_key")
        ]
    return user._cityguide_city_roots


def editor_city_roots(user: User) -> list[CityRoot]:
    """The user's city roots in every locale (none for a superuser or a user without a city),
    remembered for the request."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return []
    return _editor_city_roots(user)


def city_ids_for_user(user: User) -> set[int] | None:
    """Ids of the source city roots the user works on, remembered for the request's user
    object (admin menus ask several times per request); None means every city."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if not hasattr(user, "_cityguide_city_ids"):
        source = source_language_code()
        user._cityguide_city_ids = {
            root.pk for root in _editor_city_roots(user) if root.language_code == source
        }
    return user._cityguide_city_ids


def user_works_on_a_city(user: User) -> bool:
    ids = city_ids_for_user(user)
    return ids is None or bool(ids)


def restrict_pages_to_user_cities(pages: QuerySet, user: User) -> QuerySet:
    """Narrow a page queryset to the user's cities (every locale copy) and the tree above them."""
    if user.is_superuser:
        return pages
    inside = Q(depth__lt=CITY_DEPTH)
    for root in _editor_city_roots(user):
        inside |= Q(path__startswith=root.path)
    return pages.filter(inside)


def scope_to_user(queryset: QuerySet, user: User) -> QuerySet:
    """Narrow a queryset of objects with a `city` foreign key (events, locations) to the
    user's cities."""
    ids = city_ids_for_user(user)
    return queryset if ids is None else queryset.filter(city_id__in=ids)


def user_can_access(user: User, instance: Model) -> bool:
    """Whether an object with a `city` foreign key belongs to one of the user's cities."""
    ids = city_ids_for_user(user)
    return ids is None or instance.city_id in ids
