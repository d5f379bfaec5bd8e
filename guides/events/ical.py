"""A city's events in one language as an iCalendar feed (RFC 5545), via `icalendar`.

Recurring events are one VEVENT each with an RRULE, in their own time zone, so calendar apps
expand them; the feed stays small and correct across DST changes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, vRecur
from icalendar import Event as ICalEvent

from guides.events.queries import event_path
from guides.events.recurrence import rrule_properties

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guides.events.models import Event
    from guides.models import CityPage


def event_uid(event: Event) -> str:
    """Stable across edits and shared by an event's translations (same translation_key)."""
    return f"{event.translation_key}-{event.locale.language_code}@cityguide"


def build_calendar(city: CityPage, events: Iterable[Event], language_code: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Cityguide//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{city.title}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for event in events:
        calendar.add_component(_vevent(event, city.slug, language_code, now))
    calendar.add_missing_timezones()
    return calendar


def _vevent(event, city_slug, language_code, now):
    item = ICalEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", now)
    item.add("summary", event.title)
    if event.all_day:
        item.add("dtstart", event.start_date)
        item.add("dtend", event.end_date + timedelta(days=1))  # DTEND is exclusive
    else:
        item.add("dtstart", event.start_local)
        item.add("dtend", event.end_local)
    description = event.teaser or strip_tags(event.description)
    if description:
        item.add("description", description.strip())
    if event.location_id:
        item.add("location", f"{event.location.name}, {event.location.one_line_address}")
        if event.location.latitude is not None and event.location.longitude is not None:
            item.add("geo", (event.location.latitude, event.location.longitude))
    if event.organiser:
        item.add("x-organiser-name", event.organiser)
    item.add("url", settings.CITYGUIDE_PUBLIC_URL + event_path(event, city_slug, language_code))
    rule = rrule_properties(event)
    if rule:
        item.add("rrule", vRecur.from_ical(";".join(f"{k}={v}" for k, v in rule.items())))
    if event.last_published_at:
        item.add("last-modified", event.last_published_at)
    return item
