"""Public event pages and the iCal feed: thin doors into queries, recurrence and ical."""

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cityguide.downloads import content_disposition
from guides.events import ical, queries
from guides.events.categories import category_name
from guides.events.opening_hours import integreat_opening_hours
from guides.events.recurrence import next_occurrence, occurrences

#: How an event repeats, in the reader's words (the admin's choices say "Daily").
REPEATS = {
    "DAILY": _("daily"),
    "WEEKLY": _("weekly"),
    "MONTHLY": _("monthly"),
    "YEARLY": _("yearly"),
}


def _render(request, template, context):
    """Render in the language of the content shown (the city root's): its fixed words too."""
    with translation.override(context["language_code"]):
        return render(request, template, context)


def _context(request, city, root, **extra):
    code = root.locale.language_code
    return {
        "page": root,
        "city": root,
        "language_code": code,
        "events_url": queries.events_path(city.slug, code),
        "locations_url": queries.locations_path(city.slug, code),
        "feed_url": queries.feed_path(city.slug, code),
        **extra,
    }


def _switcher_links(city, current_code, url_by_code):
    """The language switcher's links (the one in the header) in the city's languages, to the
    same event, location or list in each language it exists in; none for a single language."""
    links = [
        {
            "code": language.language_code,
            "name": get_language_info(language.language_code)["name_local"],
            "url": url_by_code[language.language_code],
            "current": language.language_code == current_code,
        }
        for language in city.languages.order_by("pk")
        if language.language_code in url_by_code
    ]
    return links if len(links) > 1 else []


def _translation_links(obj, city, current_code, path_for):
    """Switcher links to the live translations of an event or location (itself included)."""
    translations = type(obj).objects.filter(translation_key=obj.translation_key, live=True)
    live = set(queries.live_language_codes(city))
    urls = {
        t.locale.language_code: path_for(t, city.slug, t.locale.language_code)
        for t in translations.select_related("locale")
        if t.locale.language_code in live
    }
    return _switcher_links(city, current_code, urls)


def _list_links(city, current_code, path_for):
    """Switcher links to a city's list (events, locations) in the languages it is live in."""
    urls = {code: path_for(city.slug, code) for code in queries.live_language_codes(city)}
    return _switcher_links(city, current_code, urls)


@require_GET
def event_list(request, city):
    source, root = queries.city_roots(city, request.LANGUAGE_CODE, request)
    today = queries.local_today()
    events = list(queries.live_events(source, root.locale))
    code = root.locale.language_code
    return _render(
        request,
        "events/event_list.html",
        _context(
            request,
            source,
            root,
            days=queries.agenda_by_day(queries.agenda(events, today)),
            language_links=_list_links(source, code, queries.events_path),
        ),
    )


@require_GET
def location_list(request, city):
    source, root = queries.city_roots(city, request.LANGUAGE_CODE, request)
    code = root.locale.language_code
    locations = [
        (location, category_name(location.category, code))
        for location in queries.live_locations(source, root.locale).order_by("name", "pk")
    ]
    return _render(
        request,
        "events/location_list.html",
        _context(
            request,
            source,
            root,
            locations=locations,
            language_links=_list_links(source, code, queries.locations_path),
        ),
    )


@require_GET
def event_detail(request, city, pk):
    source, root = queries.city_roots(city, request.LANGUAGE_CODE, request)
    event = queries.live_events(source, root.locale).filter(pk=pk).first()
    if event is None:
        raise Http404("No such event in this city and language.")
    today = queries.local_today()
    upcoming = (
        occurrences(event, today, today + timedelta(days=366))[:10]
        if event.is_recurring
        else [occ for occ in [next_occurrence(event, today)] if occ]
    )
    return _render(
        request,
        "events/event_detail.html",
        _context(
            request,
            source,
            root,
            event=event,
            upcoming=upcoming,
            repeats=REPEATS.get(event.frequency, ""),
            language_links=_translation_links(
                event, source, root.locale.language_code, queries.event_path
            ),
        ),
    )


@require_GET
def location_detail(request, city, pk):
    source, root = queries.city_roots(city, request.LANGUAGE_CODE, request)
    location = queries.live_locations(source, root.locale).filter(pk=pk).first()
    if location is None:
        raise Http404("No such location in this city and language.")
    code = root.locale.language_code
    events = queries.upcoming_events(
        queries.live_events(source, root.locale).filter(location=location), queries.local_today()
    )
    return _render(
        request,
        "events/location_detail.html",
        _context(
            request,
            source,
            root,
            location=location,
            events=events,
            category=category_name(location.category, code),
            opening_hours=_readable_hours(location, code),
            language_links=_translation_links(location, source, code, queries.location_path),
        ),
    )


def _readable_hours(location, code):
    days = integreat_opening_hours(location.opening_hours) or []
    rows = []
    with translation.override(code):
        for index, day in enumerate(days):
            if day["closed"]:
                continue
            times = (
                gettext("all day")
                if day["allDay"]
                else ", ".join(
                    f"{slot['start']}\N{EN DASH}{slot['end']}" for slot in day["timeSlots"]
                )
            )
            if day["appointmentOnly"]:
                times += " (" + gettext("by appointment only") + ")"
            rows.append((str(WEEKDAYS[index]), times))
    return rows


@require_GET
def ical_feed(request, city):
    source, root = queries.city_roots(city, request.LANGUAGE_CODE, request)
    events = queries.live_events(source, root.locale).select_related("locale")
    calendar = ical.build_calendar(root, events, root.locale.language_code)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    filename = f"{source.slug}-{root.locale.language_code}.ics"
    response["Content-Disposition"] = content_disposition(filename, attachment=False)
    return response
