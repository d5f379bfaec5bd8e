"""What to export: a city, its target languages, and a page selection, as (page, locale) pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.models import Locale, Page

from guides.tenancy import city_model
from localization import tracking
from localization.registry import snippet_kinds

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model


PAGE_KEYWORDS = ("all", *tracking.STATUS_SELECTIONS)


class SelectionError(ValueError):
    """The selection cannot be made; the message says what to change."""


def get_city(slug: str) -> Page:
    city = city_model().objects.filter(slug=slug, locale=Locale.get_default()).first()
    if city is None:
        known = ", ".join(
            city_model()
            .objects.filter(locale=Locale.get_default())
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        raise SelectionError(f"There is no city {slug!r}. Cities: {known or 'none'}.")
    return city


def city_target_locales(city: Page, codes: Iterable[str] | None = None) -> list[Locale]:
    """The city's languages other than the source, optionally narrowed to `codes`."""
    offered = {loc.language_code: loc for loc in city.languages.all() if loc.pk != city.locale_id}
    if codes is None:
        return sorted(offered.values(), key=lambda loc: loc.language_code)
    locales = []
    for code in codes:
        code = code.strip().lower().replace("_", "-").split("-")[0]
        if code not in offered:
            raise SelectionError(
                f"{city.title} is not translated into {code!r}; its languages are "
                f"{', '.join(sorted(offered)) or 'none'}."
            )
        if offered[code] not in locales:
            locales.append(offered[code])
    if not locales:
        raise SelectionError("Choose at least one target language.")
    return locales


def source_pages(city: Page, *, published_only: bool = False) -> list[Page]:
    """The city root and every page below it, in the source locale, in tree order; with
    `published_only`, only the published ones (those the translation report lists)."""
    pages = Page.objects.filter(path__startswith=city.path, locale_id=city.locale_id)
    if published_only:
        pages = pages.filter(live=True)
    return list(pages.order_by("path").specific())


def subtree(page: Page) -> list[Page]:
    return list(
        Page.objects.filter(path__startswith=page.path, locale_id=page.locale_id)
        .order_by("path")
        .specific()
    )


def pages_by_ids(city: Page, ids: list[int]) -> list[Page]:
    """Source-locale pages for these ids (ids of translations are mapped to their source)."""
    found = {p.pk: p for p in Page.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise SelectionError(f"No page with id {', '.join(missing)}.")
    keys = {p.translation_key for p in found.values()}
    sources = {
        p.translation_key: p
        for p in Page.objects.filter(translation_key__in=keys, locale_id=city.locale_id).specific()
    }
    pages = []
    for pk in ids:
        source = sources.get(found[pk].translation_key)
        if source is None or not source.path.startswith(city.path):
            raise SelectionError(f"Page {pk} ({found[pk].title!r}) is not in {city.title}.")
        if source not in pages:
            pages.append(source)
    return pages


def with_status(pairs: list[tuple[Page, Locale]], keyword: str) -> list[tuple[Page, Locale]]:
    """Those of these (page, locale) pairs whose status is selected by `keyword` (see
    tracking.STATUS_SELECTIONS), in the same order."""
    if keyword not in tracking.STATUS_SELECTIONS:
        raise SelectionError(
            f"Unknown status {keyword!r}; use one of {', '.join(tracking.STATUS_SELECTIONS)}."
        )
    pages = list(dict.fromkeys(page for page, _locale in pairs))
    locales = list(dict.fromkeys(locale for _page, locale in pairs))
    chosen = {
        (page.pk, locale.pk)
        for page, locale in tracking.pairs_with_status(
            pages, locales, tracking.STATUS_SELECTIONS[keyword]
        )
    }
    return [(page, locale) for page, locale in pairs if (page.pk, locale.pk) in chosen]


def snippets_of_city(city: Page) -> list[Model]:
    """The city's translatable snippets (events, locations) in the source locale."""
    return [
        obj
        for kind in snippet_kinds()
        for obj in kind.manager.filter(city=city, locale_id=city.locale_id).order_by("pk")
    ]


def parse_pages_option(value: str | None) -> str | list[int]:
    """'all' / a status keyword / '12,15' -> the keyword or a list of ids."""
    value = (value or "all").strip().lower()
    if value in PAGE_KEYWORDS:
        return value
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise SelectionError(
            f"--pages takes {', '.join(PAGE_KEYWORDS)} or page ids like 12,15; got {value!r}."
        ) from None


def select(
    city: Page,
    locales: list[Locale],
    pages: str | list[int] = "all",
    *,
    published_only: bool = False,
) -> list[tuple[Model, Locale]]:
    """(page, locale) pairs to export for a parsed `pages` option. With `published_only`, a
    keyword selects among the pages the translation report shows: the published ones."""
    if isinstance(pages, list):
        chosen = pages_by_ids(city, pages)
        return [(page, locale) for page in chosen for locale in locales]
    chosen = source_pages(city, published_only=published_only)
    if pages == "all":
        return [(page, locale) for page in chosen for locale in locales]
    return tracking.pairs_with_status(chosen, locales, tracking.STATUS_SELECTIONS[pages])
