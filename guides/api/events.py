"""Events, locations (POIs) and PDFs in the Integreat API v3 shapes.

Field names follow integreat-cms (api/v3/events.py, locations.py, location_categories.py);
Integreat expands recurring events for API_EVENTS_MAX_TIME_SPAN_DAYS = 31 days, and so do we
(setting CITYGUIDE_EVENTS_API_DAYS). Each list costs a fixed number of queries: the objects
with their location and thumbnail, their translations, and the links in their descriptions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import escape

from guides.api import integreat
from guides.api.content import BodyRenderer, absolute
from guides.api.integreat import (
    event_app_path,
    featured_image,
    iso_local,
    iso_utc,
    location_app_path,
    plain_text,
    published_at,
)
from guides.contacts.queries import chosen_contact_ids, contacts_by_id, raw_stream
from guides.events import queries
from guides.events.categories import CATEGORY_STYLE, LocationCategory, category_name
from guides.events.opening_hours import integreat_opening_hours
from guides.events.recurrence import ical_rule_text, next_occurrence, upcoming
from guides.pdf.views import pdf_response

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wagtail.models import Locale, Page

    from guides.events.models import Location
    from guides.models import CityPage

META_DESCRIPTION_LENGTH = 160


def events_window_days() -> int:
    return getattr(settings, "CITYGUIDE_EVENTS_API_DAYS", 31)


def _iso(value):
    return value.isoformat() if value is not None else None


def _common_fields(obj, path, url, title):
    """The fields every Integreat object shares, timestamps formatted as for pages.

    path: the app path /{city}/{lang}/events|locations/{slug}/; url: the public site's page.
    """
    stamp = obj.last_published_at or obj.first_published_at or timezone.now()
    return {
        "id": obj.pk,
        "url": absolute(url),
        "path": path,
        "title": title,
        "modified_gmt": iso_utc(stamp),
        "last_updated": iso_local(stamp),
        "published_at": published_at(obj.first_published_at, stamp),
    }


def _rich_text_renderer(objects):
    """One BodyRenderer for all descriptions: their page/document/image links in bulk."""
    return BodyRenderer([[{"type": "paragraph", "value": obj.description}] for obj in objects])


def _available_languages(objects, city, locale, url_for, path_for):
    """{translation_key: {code: {"id", "url", "path"}}} of live translations, one query.

    url_for(obj, city slug, code): the public site's path; path_for(city slug, code, slug): the
    app path."""
    if not objects:
        return {}
    model = type(objects[0])
    offered = {language.pk for language in city.languages.all()}
    rows = model.objects.filter(
        translation_key__in={obj.translation_key for obj in objects},
        live=True,
        locale_id__in=offered - {locale.pk},
    ).values_list("pk", "translation_key", "locale__language_code", "slug")
    found = defaultdict(dict)
    for pk, key, code, slug in rows:
        found[key][code] = {
            "id": pk,
            "url": absolute(url_for(model(pk=pk), city.slug, code)),
            "path": path_for(city.slug, code, slug),
        }
    return found


def poi_summary(location: Location | None) -> dict[str, Any]:
    """Integreat's `location` object: the address block (all None without a location)."""
    if location is None:
        return {
            "id": None,
            "name": None,
            "address": None,
            "town": None,
            "state": None,
            "postcode": None,
            "region": None,
            "country": None,
            "latitude": None,
            "longitude": None,
        }
    return {
        "id": location.pk,
        "name": location.name,
        "address": location.address,
        "town": location.town,
        "state": None,
        "postcode": location.postcode,
        "region": None,
        "country": location.country,
        "latitude": location.latitude,
        "longitude": location.longitude,
    }


def _event_times(event, occurrence=None):
    start = occurrence.start if occurrence else event.start_local
    end = occurrence.end if occurrence else event.end_local
    weekdays_only = event.frequency == "DAILY" and sorted(event.weekdays or []) == [0, 1, 2, 3, 4]
    return {
        "id": event.pk,
        "start": _iso(start),
        "start_date": _iso(start.date()),
        "start_time": start.time().isoformat(timespec="seconds"),
        "end": _iso(end),
        "end_date": _iso(end.date()),
        "end_time": end.time().isoformat(timespec="seconds"),
        "all_day": event.all_day,
        "only_weekdays": weekdays_only,
        "recurrence_id": event.pk if event.is_recurring else None,
        "timezone": event.time_zone,
    }


def _event(event, city, locale, context, occurrence=None):
    code = locale.language_code
    url = queries.event_path(event, city.slug, code)
    path = event_app_path(city.slug, code, event.slug)
    languages = context["languages"].get(event.translation_key, {})
    if occurrence is not None:
        # Integreat marks each occurrence's path with its date: "<slug>$<date>"; the public
        # site takes the date as a query parameter.
        day = occurrence.date
        suffix = f"?date={day.isoformat()}"
        url += suffix
        path = event_app_path(city.slug, code, event.slug, day)
        languages = {
            c: {"id": None, "url": v["url"] + suffix, "path": v["path"][:-1] + f"${day}/"}
            for c, v in languages.items()
        }
    content = context["renderer"].rich_text(event.description)
    if not plain_text(content) and event.teaser:
        content = f"<p>{escape(event.teaser)}</p>"  # the app's detail view shows `content`
    location = event.location if event.location and event.location.live else None
    return {
        **_common_fields(event, path, url, event.title),
        "excerpt": event.teaser or plain_text(content),
        "content": content,
        "available_languages": languages,
        "thumbnail": absolute(event.thumbnail.file.url) if event.thumbnail else None,
        "featured_image": featured_image(event.thumbnail),
        "location": poi_summary(location),
        "location_path": location_app_path(city.slug, code, location.slug) if location else None,
        "meeting_url": None,
        "event": _event_times(event, occurrence),
        "hash": None,
        "recurrence_rule": ical_rule_text(event) if occurrence is None else None,
        "organiser": event.organiser or None,
        "organization": integreat.organization_of(event),
    }


def event_list(
    city: CityPage, locale: Locale, request: HttpRequest, *, combine_recurring: bool
) -> list[dict[str, Any]]:
    """Integreat-shaped events of a city in one locale: upcoming ones, soonest first.

    Recurring events appear once per occurrence in the coming window, or once with their
    `recurrence_rule` when combine_recurring is set.
    """
    today = queries.local_today()
    events = list(queries.live_events(city, locale).select_related("organization__logo"))
    context = {
        "renderer": _rich_text_renderer(events),
        "languages": _available_languages(events, city, locale, queries.event_path, event_app_path),
    }
    days = events_window_days()
    entries = []
    for event in events:
        found = upcoming(event, today, days)
        if not event.is_recurring or combine_recurring:
            first = found[0] if found else next_occurrence(event, today)
            if first is not None:
                entries.append((first.start, _event(event, city, locale, context)))
        else:
            entries.extend((occ.start, _event(event, city, locale, context, occ)) for occ in found)
    entries.sort(key=lambda entry: entry[0])
    return [entry for _start, entry in entries]


def location_category(key: str, code: str) -> dict[str, Any] | None:
    """integreat-cms's location category: an integer id, its name in the language, and the
    icon and colour names the app's map knows, with the icon served as SVG."""
    style = CATEGORY_STYLE.get(key)
    if style is None:
        return None
    return {
        "id": style.id,
        "name": category_name(key, code),
        "color": style.color,
        "icon": style.icon,
        "icon_url": absolute(static(style.icon_static_path)),
        "icon_color": style.icon_color,
    }


def location_categories(locale: Locale) -> list[dict[str, Any]]:
    """Every location category (the list is fixed, the same for all cities), by id."""
    categories = (location_category(key, locale.language_code) for key in LocationCategory)
    return sorted((c for c in categories if c), key=lambda category: category["id"])


def _contacts(locations, locale, time_zone):
    """{location pk: its contacts in Integreat's shape}, one query for all locations. A card
    of another city (chosen before the place moved) is left out."""
    chosen = {loc.pk: chosen_contact_ids(raw_stream(loc.contacts)) for loc in locations}
    cards = contacts_by_id({pk for ids in chosen.values() for pk in ids}, locale)
    found = {}
    for loc in locations:
        shown = [cards[pk] for pk in chosen[loc.pk] if pk in cards]
        found[loc.pk] = [
            integreat.contact(card, integreat_opening_hours(card.opening_hours, time_zone))
            for card in shown
            if card.city_id == loc.city_id
        ]
    return found


def location_list(city: CityPage, locale: Locale, request: HttpRequest) -> list[dict[str, Any]]:
    """Integreat-shaped locations (POIs) of a city in one locale."""
    code = locale.language_code
    time_zone = city.timezone
    locations = list(queries.live_locations(city, locale).select_related("organization__logo"))
    renderer = _rich_text_renderer(locations)
    languages = _available_languages(
        locations, city, locale, queries.location_path, location_app_path
    )
    contacts = _contacts(locations, locale, time_zone)
    result = []
    for location in locations:
        url = queries.location_path(location, city.slug, code)
        path = location_app_path(city.slug, code, location.slug)
        content = renderer.rich_text(location.description)
        excerpt = plain_text(content)
        hours = (
            None
            if location.temporarily_closed
            else integreat_opening_hours(location.opening_hours, time_zone)
        )
        result.append(
            {
                **_common_fields(location, path, url, location.name),
                "meta_description": excerpt[:META_DESCRIPTION_LENGTH],
                "excerpt": excerpt,
                "content": content,
                "available_languages": languages.get(location.translation_key, {}),
                "icon": None,
                "thumbnail": None,
                "website": location.website or None,
                "email": location.email or None,
                "phone_number": location.phone or None,
                "contacts": contacts.get(location.pk, []),
                "category": location_category(location.category, code),
                "temporarily_closed": location.temporarily_closed,
                "opening_hours": hours,
                "opening_hours_note": location.opening_hours_note or None,
                "appointment_url": None,
                "location": poi_summary(location),
                "hash": None,
                "organization": integreat.organization_of(location),
                "barrier_free": None,
            }
        )
    return result


def page_pdf(
    city: CityPage, locale: Locale, pages: Iterable[Page], request: HttpRequest
) -> HttpResponse:
    """An HttpResponse with a PDF of the pages (page and subtree, tree order)."""
    pages = list(pages)
    if not pages:
        return JsonResponse(
            {
                "error": f"{city.title} has no published pages in "
                f"{locale.get_display_name()} to print."
            },
            status=404,
        )
    return pdf_response(pages, request)
