"""Expanding recurring events: wall-clock times across DST, end dates, monthly by weekday."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from guides.events.models import Event
from guides.events.recurrence import ical_rule_text, next_occurrence, occurrences, upcoming

BERLIN = ZoneInfo("Europe/Berlin")


def event(**fields):
    values = {
        "title": "Sprachcafé",
        "start_date": dt.date(2025, 3, 25),
        "end_date": dt.date(2025, 3, 25),
        "start_time": dt.time(18),
        "end_time": dt.time(20),
        "interval": 1,
        "weekdays": [],
        "time_zone": "Europe/Berlin",
    }
    values.update(fields)
    return Event(**values)


def test_weekly_event_keeps_local_time_across_spring_dst_change():
    cafe = event(frequency="WEEKLY", weekdays=[1])  # Tuesdays; DST starts Sun 30 March 2025
    found = occurrences(cafe, dt.date(2025, 3, 24), dt.date(2025, 4, 2))

    assert [o.start for o in found] == [
        dt.datetime(2025, 3, 25, 18, tzinfo=BERLIN),
        dt.datetime(2025, 4, 1, 18, tzinfo=BERLIN),
    ]
    assert [o.start.utcoffset() for o in found] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]
    assert [o.start.astimezone(dt.UTC).hour for o in found] == [17, 16]


def test_weekly_event_keeps_local_time_across_autumn_dst_change():
    cafe = event(
        frequency="WEEKLY",
        weekdays=[1],
        start_date=dt.date(2025, 10, 21),
        end_date=dt.date(2025, 10, 21),
    )
    found = occurrences(cafe, dt.date(2025, 10, 20), dt.date(2025, 10, 29))

    assert [(o.start.hour, o.start.utcoffset()) for o in found] == [
        (18, dt.timedelta(hours=2)),
        (18, dt.timedelta(hours=1)),
    ]


def test_recurrence_stops_at_end_date_inclusive():
    cafe = event(frequency="WEEKLY", weekdays=[1], recurrence_end_date=dt.date(2025, 4, 8))
    found = occurrences(cafe, dt.date(2025, 3, 1), dt.date(2025, 12, 31))

    assert [o.date for o in found] == [
        dt.date(2025, 3, 25),
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 8),
    ]
    assert next_occurrence(cafe, dt.date(2025, 4, 9)) is None


def test_monthly_on_second_tuesday():
    meeting = event(
        frequency="MONTHLY",
        weekdays=[1],
        week_of_month=2,
        start_date=dt.date(2025, 1, 14),
        end_date=dt.date(2025, 1, 14),
    )
    found = occurrences(meeting, dt.date(2025, 1, 1), dt.date(2025, 5, 31))

    assert [o.date for o in found] == [
        dt.date(2025, 1, 14),
        dt.date(2025, 2, 11),
        dt.date(2025, 3, 11),
        dt.date(2025, 4, 8),
        dt.date(2025, 5, 13),
    ]


def test_monthly_on_last_friday_every_second_month():
    market = event(
        frequency="MONTHLY",
        interval=2,
        weekdays=[4],
        week_of_month=-1,
        start_date=dt.date(2025, 1, 31),
        end_date=dt.date(2025, 1, 31),
    )
    found = occurrences(market, dt.date(2025, 1, 1), dt.date(2025, 7, 31))

    assert [o.date for o in found] == [
        dt.date(2025, 1, 31),
        dt.date(2025, 3, 28),
        dt.date(2025, 5, 30),
        dt.date(2025, 7, 25),
    ]


def test_daily_interval_and_yearly():
    daily = event(frequency="DAILY", interval=3)
    yearly = event(
        frequency="YEARLY", start_date=dt.date(2024, 2, 29), end_date=dt.date(2024, 2, 29)
    )

    assert [o.date.day for o in occurrences(daily, dt.date(2025, 3, 25), dt.date(2025, 4, 2))] == [
        25,
        28,
        31,
    ]
    # A 29 February event only recurs in leap years.
    assert [
        o.date.year for o in occurrences(yearly, dt.date(2024, 1, 1), dt.date(2032, 12, 31))
    ] == [2024, 2028, 2032]


def test_one_off_event_counts_while_it_runs():
    festival = event(start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 6, 3))

    assert len(occurrences(festival, dt.date(2025, 6, 2), dt.date(2025, 6, 30))) == 1
    assert occurrences(festival, dt.date(2025, 6, 4), dt.date(2025, 6, 30)) == []


def test_upcoming_window_is_counted_from_the_later_of_start_and_today():
    cafe = event(frequency="WEEKLY", weekdays=[1])
    found = upcoming(cafe, today=dt.date(2025, 1, 1), days=14)

    assert [o.date for o in found] == [
        dt.date(2025, 3, 25),
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 8),
    ]


def test_ical_rule_text_has_utc_dtstart_without_z_and_rrule():
    meeting = event(
        frequency="MONTHLY",
        weekdays=[1],
        week_of_month=2,
        start_date=dt.date(2025, 1, 14),
        end_date=dt.date(2025, 1, 14),
        recurrence_end_date=dt.date(2025, 12, 31),
    )

    assert ical_rule_text(meeting) == (
        "DTSTART:20250114T170000\nRRULE:FREQ=MONTHLY;UNTIL=20251231T235959;BYDAY=+2TU"
    )
    assert ical_rule_text(event()) is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"frequency": "WEEKLY", "week_of_month": 2, "weekdays": [1]}, "week_of_month"),
        ({"frequency": "MONTHLY", "week_of_month": 2}, "weekdays"),
        ({"frequency": "MONTHLY", "weekdays": [1]}, "weekdays"),
        (
            {"frequency": "WEEKLY", "recurrence_end_date": dt.date(2025, 1, 1)},
            "recurrence_end_date",
        ),
        ({"weekdays": [7]}, "weekdays"),
        ({"end_date": dt.date(2025, 3, 24)}, "end_date"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"start_time": None}, "start_time"),
    ],
)
def test_inconsistent_recurrence_is_rejected_with_a_field_message(fields, field):
    with pytest.raises(ValidationError) as error:
        event(**fields).clean()
    assert field in error.value.message_dict
