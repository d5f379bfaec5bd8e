"""Public event pages and the iCalendar feed."""

import datetime as dt

from icalendar import Calendar

from tests.events.factories import make_event, make_location


def test_ical_feed_parses_with_rrule_and_time_zone(client, augsburg):
    library = make_location(augsburg)
    make_event(
        augsburg,
        "Sprachcafé",
        frequency="WEEKLY",
        weekdays=[1],
        location=library,
        recurrence_end_date=dt.date(2025, 12, 30),
    )
    make_event(
        augsburg,
        "Stadtfest",
        start=dt.date(2025, 7, 5),
        all_day=True,
        start_time=None,
        end_time=None,
        end=dt.date(2025, 7, 6),
    )

    response = client.get("/de/augsburg/events/feed.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Sprachcafé", "Stadtfest"}
    cafe = events["Sprachcafé"]
    assert cafe.decoded("dtstart") == dt.datetime(
        2025, 1, 7, 18, tzinfo=cafe.decoded("dtstart").tzinfo
    )
    assert str(cafe["dtstart"].params["TZID"]) == "Europe/Berlin"
    assert cafe["rrule"]["FREQ"] == ["WEEKLY"] and cafe["rrule"]["BYDAY"] == ["TU"]
    assert cafe["rrule"]["UNTIL"][0] == dt.datetime(2025, 12, 30, 22, 59, 59, tzinfo=dt.UTC)
    assert "Stadtbücherei" in str(cafe["location"])
    assert events["Stadtfest"].decoded("dtend") == dt.date(2025, 7, 7)  # exclusive end
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]


def test_event_list_and_detail_pages_in_arabic(client, augsburg, locale):
    today = dt.date.today()
    event = make_event(
        augsburg, "Sprachcafé", start=today, frequency="WEEKLY", weekdays=[today.weekday()]
    )
    event.copy_for_translation(locale("ar")).save()  # an Arabic copy, live
    arabic = event.get_translation(locale("ar"))
    arabic.title = "مقهى اللغة"
    arabic.save()

    listing = client.get("/ar/augsburg/events/")
    detail = client.get(f"/ar/augsburg/events/{arabic.pk}/")

    assert listing.status_code == 200 and detail.status_code == 200
    html = listing.content.decode()
    assert 'dir="rtl"' in html and "مقهى اللغة" in html and "الفعاليات" in html
    assert "Sprachcafé" not in html
    assert "مقهى اللغة" in detail.content.decode()
    assert client.get(f"/ar/augsburg/events/{event.pk}/").status_code == 404  # German copy
    assert client.get("/uk/augsburg/events/").status_code == 404  # not offered
