"""Which city and language a request is about, and whether the API may show them.

A city is a CityPage slug; each locale has its own copy of the city root. The API serves only
the city's own languages (locales are global, wagtail-localize#386), and only copies that are
live and not behind a view restriction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from wagtail.models import Locale, PageViewRestriction

from guides.models import CityPage

DEFAULT_CODE = settings.LANGUAGE_CODE  # every city's source locale
LANGUAGE_ORDER = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}


class ApiError(Exception):
    """An answer other than 200, with a message the API client can act on."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of every page with a view restriction: they and their subtrees are private."""
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_public(path: str, restricted: tuple[str, ...]) -> bool:
    return not any(path.startswith(prefix) for prefix in restricted)


@dataclass
class CityContext:
    slug: str
    source: CityPage
    languages: list  # the city's locales, in the installation's language order
    roots: dict  # language code -> live, public city root in that locale
    restricted: tuple = field(default=())

    def root_for(self, code: str) -> CityPage:
        root = self.roots.get(code)
        if root is None:
            offered = ", ".join(self.roots) or "none"
            raise not_found(
                f"The city {self.slug!r} has no published language {code!r}; offered: {offered}."
            )
        return root

    def locale_for(self, code: str) -> Locale:
        return next(loc for loc in self.languages if loc.language_code == code)


def _context(slug, copies, restricted):
    source = next((c for c in copies if c.locale.language_code == DEFAULT_CODE), None)
    if source is None or not source.live or not is_public(source.path, restricted):
        return None
    languages = sorted(
        source.languages.all(), key=lambda loc: LANGUAGE_ORDER.get(loc.language_code, 99)
    )
    live_copies = {
        copy.locale.language_code: copy
        for copy in copies
        if copy.live and is_public(copy.path, restricted)
    }
    languages = [loc for loc in languages if loc.language_code in live_copies]
    roots = {loc.language_code: live_copies[loc.language_code] for loc in languages}
    return CityContext(
        slug=slug, source=source, languages=languages, roots=roots, restricted=restricted
    )


def _copies():
    return CityPage.objects.select_related("locale").prefetch_related("languages")


def load_city(slug: str) -> CityContext:
    """Three queries: the city's root copies, its languages and the view restrictions."""
    restricted = restricted_paths()
    context = _context(slug, list(_copies().filter(slug=slug)), restricted)
    if context is None:
        raise not_found(f"There is no city {slug!r}.")
    return context


def live_cities() -> list[CityContext]:
    """Every live, public city, by name: three queries however many cities there are."""
    restricted = restricted_paths()
    copies_by_slug = {}
    for copy in _copies().order_by("path"):
        copies_by_slug.setdefault(copy.slug, []).append(copy)
    contexts = [_context(slug, copies, restricted) for slug, copies in copies_by_slug.items()]
    return sorted((c for c in contexts if c is not None), key=lambda c: c.source.title.lower())
