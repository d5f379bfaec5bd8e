"""Where a city editor's admin starts: their city, in their own language.

Wagtail starts every user at the closest common ancestor of the pages they may edit. A city
editor may edit every language copy of their city, and each copy sits under its own locale's
home page, so that ancestor is the tree's Root, listing one identical home page per language.
The editor's home is instead their city's copy in their admin language, else the source one;
with several cities, the home page (in that language) that lists them. The explorable root
stays Wagtail's, so every language copy of the city can still be explored. Superusers keep
Wagtail's start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import get_language
from wagtail.models import Page

from guides.tenancy import (
    CITY_DEPTH,
    city_ids_for_user,
    city_model,
    editor_city_roots,
    restrict_pages_to_user_cities,
    source_language_code,
)

if TYPE_CHECKING:
    from guides.tenancy import User

_CACHE = "_cityguide_editor_home"


def editor_home_page(user: User, language: str | None = None) -> Page | None:
    """The page the user's explorer, page chooser and "Pages" menu start at; None for users
    who keep Wagtail's start (superusers, users without a city). Remembered per request user."""
    language = language or get_language() or source_language_code()
    cache = user.__dict__.setdefault(_CACHE, {})
    if language not in cache:
        cache[language] = _home_page(user, language)
    return cache[language]


def editor_home_page_id(user: User, language: str | None = None) -> int | None:
    """The id of `editor_home_page`; for an editor of one city, known from the city roots
    the request remembers (no query)."""
    ids = city_ids_for_user(user)
    if ids is None or len(ids) != 1:
        home = editor_home_page(user, language)
        return None if home is None else home.pk
    copies = {root.language_code: root.pk for root in editor_city_roots(user)}
    return copies.get(language or get_language()) or copies.get(source_language_code())


def _home_page(user, language):
    ids = city_ids_for_user(user)
    if not ids:  # None: a superuser, who sees every city; empty: no city at all
        return None
    if len(ids) == 1:
        keys = city_model().objects.filter(pk__in=ids).values("translation_key")
        pages = city_model().objects.filter(translation_key__in=keys)
    else:
        pages = Page.objects.filter(depth=CITY_DEPTH - 1)
    source = source_language_code()
    return (
        pages.filter(locale__language_code__in={language, source})
        .annotate(
            preferred=Case(
                When(locale__language_code=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("preferred", "path")
        .first()
    )


def count_pages_of_user_cities(user: User) -> int:
    """The pages of the user's cities, every language copy (what the dashboard counts)."""
    return restrict_pages_to_user_cities(Page.objects.filter(depth__gte=CITY_DEPTH), user).count()
