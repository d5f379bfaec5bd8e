"""What the public sees: live events and locations of one city in one language."""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from itertools import groupby
from typing import TYPE_CHECKING

from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction

from guides.events.models import Event, Location
from guides.events.recurrence import Occurrence, next_occurrence, occurrences
from guides.models import CityPage

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet
    from django.http import HttpRequest
    from wagtail.models import Locale

AGENDA_DAYS = 90


def city_roots(
    slug: str, language_code: str, request: HttpRequest | None = None
) -> tuple[CityPage, CityPage]:
    """(source root, root in the language) of a city that offers the language, or 404.

    A city behind a view restriction (on either root or above them) is a 404 too, unless the
    request passes every restriction (the visitor gave the password, or is logged in): its
    events, locations and feed are as private as its pages."""
    roots = {
        root.locale.language_code: root
        for root in CityPage.objects.filter(slug=slug, live=True).select_related("locale")
    }
    source = next((r for r in roots.values() if r.locale_id == r.get_default_locale().pk), None)
    root = roots.get(language_code)
    if source is None or root is None or not source.offers(root.locale):
        raise Http404(f"The city {slug!r} has no guide in {language_code!r}.")
    if not is_visible_to(request, source, root):
        raise Http404(f"The city {slug!r} is private.")
    return source, root


def is_visible_to(request: HttpRequest | None, *pages: Page) -> bool:
    """Whether the request passes every view restriction on the pages and their ancestors
    (one query); without a request (a feed reader, the API), only unrestricted pages are."""
    paths = {
        page.path[:end]
        for page in pages
        for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
    }
    restrictions = PageViewRestriction.objects.filter(page__path__in=paths)
    return all(request is not None and r.accept_request(request) for r in restrictions)


def live_language_codes(source: CityPage) -> list[str]:
    """The languages a city's root is live in (one query)."""
    return list(
        CityPage.objects.filter(translation_key=source.translation_key, live=True).values_list(
            "locale__language_code", flat=True
        )
    )


def live_events(city: CityPage, locale: Locale) -> QuerySet[Event]:
    return Event.objects.filter(city=city, locale=locale, live=True).select_related(
        "location", "thumbnail"
    )


def live_locations(city: CityPage, locale: Locale) -> QuerySet[Location]:
    return Location.objects.filter(city=city, locale=locale, live=True)


def local_today(time_zone: tzinfo | None = None) -> date:
    return timezone.localdate(timezone=time_zone)


def agenda(
    events: Iterable[Event], first_day: date, days: int = AGENDA_DAYS
) -> list[tuple[Occurrence, Event]]:
    """Every occurrence in the window, in time order, as (occurrence, event) pairs."""
    last_day = first_day + timedelta(days=days)
    pairs = [(occ, event) for event in events for occ in occurrences(event, first_day, last_day)]
    return sorted(pairs, key=lambda pair: (pair[0].start, pair[1].title))


def upcoming_events(events: Iterable[Event], today: date) -> list[tuple[Occurrence, Event]]:
    """Events not yet over, each with its next occurrence, soonest first."""
    pairs = [(next_occurrence(event, today), event) for event in events]
    return sorted([(occ, e) for occ, e in pairs if occ], key=lambda pair: pair[0].start)


def agenda_by_day(
    agenda: Iterable[tuple[Occurrence, Event]],
) -> list[tuple[date, list[tuple[Occurrence, Event]]]]:
    """An agenda (in time order) grouped by its occurrences' days: [(day, pairs of that day)]."""
    return [(day, list(pairs)) for day, pairs in groupby(agenda, key=lambda p: p[0].start.date())]


def event_path(event: Event, city_slug: str, language_code: str) -> str:
    with translation.override(language_code):
        return reverse("events:detail", kwargs={"city": city_slug, "pk": event.pk})


def location_path(location: Location, city_slug: str, language_code: str) -> str:
    with translation.override(language_code):
        return reverse("events:location", kwargs={"city": city_slug, "pk": location.pk})


def locations_path(city_slug: str, language_code: str) -> str:
    with translation.override(language_code):
        return reverse("events:locations", kwargs={"city": city_slug})


def events_path(city_slug: str, language_code: str) -> str:
    with translation.override(language_code):
        return reverse("events:list", kwargs={"city": city_slug})


def feed_path(city_slug: str, language_code: str) -> str:
    with translation.override(language_code):
        return reverse("events:ical", kwargs={"city": city_slug})
