"""Small builders for events and locations (published, in the source locale)."""

import datetime as dt

from guides.events.models import Event, Location


def make_location(city, name="Stadtbücherei", *, publish=True, **fields):
    values = {
        "address": "Ernst-Reuter-Platz 1",
        "postcode": "86150",
        "town": "Augsburg",
        "latitude": 48.3665,
        "longitude": 10.8946,
        "category": "language",
    }
    values.update(fields)
    location = Location(city=city, locale=city.locale, name=name, live=publish, **values)
    location.full_clean()
    location.save()
    if publish:
        location.save_revision().publish()
    return location


def make_event(
    city,
    title="Sprachcafé",
    *,
    publish=True,
    start=dt.date(2025, 1, 7),
    start_time=dt.time(18),
    end_time=dt.time(20),
    **fields,
):
    values = {
        "start_date": start,
        "end_date": fields.pop("end", start),
        "start_time": start_time,
        "end_time": end_time,
    }
    values.update(fields)
    event = Event(city=city, locale=city.locale, title=title, live=publish, **values)
    event.full_clean()
    event.save()
    if publish:
        event.save_revision().publish()
    return event
