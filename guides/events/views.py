"""Public event pages and the iCal feed: thin doors into queries, recurrence and ical."""

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.views.decorators.http import require_GET

from cityguide.downloads import content_disposition
from guides.events import ical, queries
from guides.events.categories import category_name
from guides.events.labels import label, labels_for
from guides.events.opening_hours import integreat_opening_hours
from guides.events.recurrence import next_occurrence, occurrences


def _context(request, city, root, **extra):
    code = root.locale.language_code
    return {
        "page": root,
        "city": root,
        "labels": labels_for(code),
        "language_code": code,
        "events_url": queries.events_path(city.slug, code),
        "feed_url": queries.feed_path(city.slug, code),
        **extra,
    }


def _language_links(obj, city, path_for):
    """Live translations of an event/location in the city's languages, for a switcher."""
    offered = {language.pk for language in city.languages.all()}
    return [
        {"code": t.locale.language_code, "url": path_for(t, city.slug, t.locale.language_code)}
        for t in type(obj)
        .objects.filter(translation_key=obj.translation_key, live=True)
        .exclude(pk=obj.pk)
        .select_related("locale")
        .order_by("locale_id")
        if t.locale_id in offered
    ]


@require_GET
def event_list(request, city):
    source, root = queries.city_roots(city, request.LANGUAGE_CODE, request)
    today = queries.local_today()
    events = list(queries.live_events(source, root.locale))
    return render(
        request,
        "events/event_list.html",
        _context(request, source, root, agenda=queries.agenda(events, today)),
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
    return render(
        request,
        "events/event_detail.html",
        _context(
            request,
            source,
            root,
            event=event,
            upcoming=upcoming,
            repeats=label(event.frequency, root.locale.language_code) if event.frequency else "",
            translations=_language_links(event, source, queries.event_path),
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
    return render(
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
            translations=_language_links(location, source, queries.location_path),
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
                label("all_day", code)
                if day["allDay"]
                else ", ".join(
                    f"{slot['start']}\N{EN DASH}{slot['end']}" for slot in day["timeSlots"]
                )
            )
            if day["appointmentOnly"]:
                times += f" ({label('by_appointment', code)})"
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
