"""The Integreat events and locations endpoints: shapes, expansion and constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.test_shapes import ISO_OFFSET, ISO_UTC
from tests.events.factories import make_event, make_location

EVENT_FIELDS = {
    "id",
    "url",
    "path",
    "title",
    "modified_gmt",
    "last_updated",
    "excerpt",
    "content",
    "available_languages",
    "thumbnail",
    "featured_image",
    "published_at",
    "location",
    "location_path",
    "meeting_url",
    "event",
    "hash",
    "recurrence_rule",
}
EVENT_TIME_FIELDS = {
    "id",
    "start",
    "start_date",
    "start_time",
    "end",
    "end_date",
    "end_time",
    "all_day",
    "only_weekdays",
    "recurrence_id",
    "timezone",
}
POI_FIELDS = {
    "id",
    "name",
    "address",
    "town",
    "state",
    "postcode",
    "region",
    "country",
    "latitude",
    "longitude",
}
LOCATION_FIELDS = {
    "id",
    "url",
    "path",
    "title",
    "modified_gmt",
    "last_updated",
    "meta_description",
    "excerpt",
    "content",
    "available_languages",
    "icon",
    "thumbnail",
    "website",
    "email",
    "phone_number",
    "category",
    "temporarily_closed",
    "opening_hours",
    "appointment_url",
    "location",
    "published_at",
    "hash",
    "organization",
    "barrier_free",
}


def today():
    return timezone.localdate()


@pytest.fixture
def cafe(augsburg):
    library = make_location(
        augsburg,
        opening_hours=[
            {
                "type": "slot",
                "value": {
                    "days": ["0", "1", "2", "3", "4"],
                    "opens": "09:00",
                    "closes": "18:00",
                    "appointment_only": False,
                },
            }
        ],
    )
    return make_event(
        augsburg,
        "Sprachcafé",
        start=today() - dt.timedelta(days=7),
        frequency="WEEKLY",
        weekdays=[today().weekday()],
        location=library,
        description="<p>Deutsch üben bei <b>Kaffee</b>.</p>",
    )


def test_events_endpoint_expands_weekly_event_for_31_days(client, cafe):
    response = client.get("/api/v3/augsburg/de/events/")

    assert response.status_code == 200
    items = response.json()
    assert len(items) == 5  # today and the next four weeks: days 0, 7, 14, 21, 28
    first = items[0]
    assert set(first) >= EVENT_FIELDS
    assert ISO_UTC.match(first["modified_gmt"]) and ISO_OFFSET.match(first["last_updated"])
    assert set(first["event"]) == EVENT_TIME_FIELDS
    assert set(first["location"]) == POI_FIELDS
    assert first["event"]["start_date"] == today().isoformat()
    assert first["event"]["start_time"] == "18:00:00"
    assert first["event"]["timezone"] == "Europe/Berlin"
    assert first["event"]["recurrence_id"] == cafe.pk
    assert first["recurrence_rule"] is None
    assert first["location"]["name"] == "Stadtbücherei"
    assert first["location_path"] == "/augsburg/de/locations/stadtbücherei/"
    assert first["excerpt"] == "Deutsch üben bei Kaffee."
    assert first["path"] == f"/augsburg/de/events/sprachcafé${today().isoformat()}/"
    assert first["url"].endswith(f"/de/augsburg/events/{cafe.pk}/?date={today().isoformat()}")


def test_combine_recurring_lists_each_event_once_with_its_rule(client, cafe):
    items = client.get("/api/v3/augsburg/de/events/?combine_recurring=true").json()

    assert len(items) == 1
    start = cafe.start_local.astimezone(dt.UTC)  # 17:00 in winter, 16:00 in summer
    assert items[0]["recurrence_rule"] == (
        f"DTSTART:{start:%Y%m%dT%H%M%S}\nRRULE:FREQ=WEEKLY;BYDAY="
        + ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][today().weekday()]
    )


def test_past_and_draft_and_other_city_events_are_not_listed(client, augsburg, nuernberg, cafe):
    make_event(augsburg, "Vorbei", start=today() - dt.timedelta(days=3))
    make_event(augsburg, "Entwurf", start=today() + dt.timedelta(days=3), publish=False)
    make_event(nuernberg, "Nürnberger Fest", start=today() + dt.timedelta(days=3))

    titles = {
        item["title"]
        for item in client.get("/api/v3/augsburg/de/events/?combine_recurring=true").json()
    }

    assert titles == {"Sprachcafé"}


def test_locations_endpoint_shape_and_opening_hours(client, cafe):
    items = client.get("/api/v3/augsburg/de/locations/").json()

    assert len(items) == 1
    item = items[0]
    assert set(item) >= LOCATION_FIELDS
    assert ISO_UTC.match(item["modified_gmt"]) and ISO_OFFSET.match(item["last_updated"])
    assert item["title"] == "Stadtbücherei"
    assert item["category"]["name"] == "Sprache und Bildung"
    assert item["opening_hours"][0] == {
        "allDay": False,
        "closed": False,
        "appointmentOnly": False,
        "timeSlots": [{"start": "09:00", "end": "18:00", "timezone": "Europe/Berlin"}],
    }
    assert item["opening_hours"][6]["closed"] is True
    assert item["location"]["postcode"] == "86150"


def test_unknown_language_of_city_is_404(client, cafe):
    assert client.get("/api/v3/augsburg/uk/events/").status_code == 404


def _count_event_queries(city, n):
    from guides.api.events import event_list

    library = make_location(city, f"Ort {n}")
    for i in range(n):
        make_event(
            city,
            f"Treff {n}-{i}",
            start=today() - dt.timedelta(days=1),
            frequency="WEEKLY",
            weekdays=[i % 7],
            location=library,
            description=f'<p>Siehe <a linktype="page" id="{city.pk}">Stadt</a> {i}</p>',
        )
    with CaptureQueriesContext(connection) as queries:
        items = event_list(city, city.locale, None, combine_recurring=False)
    assert len(items) >= n
    return len(queries)


def test_events_query_count_does_not_grow_with_events(augsburg, nuernberg):
    assert _count_event_queries(augsburg, 3) == _count_event_queries(nuernberg, 30)
