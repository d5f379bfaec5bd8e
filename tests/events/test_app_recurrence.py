"""`recurrence_rule` expanded the way the Integreat app expands it, across DST changes.

The app (shared/api/models/DateModel.ts) parses the text with rrule's `rrulestr`, which reads
DTSTART as UTC; it then moves DTSTART to the phone's wall clock at that instant (subtracting
`getTimezoneOffset()`), expands the rule over wall-clock times, and shows each occurrence at
that wall-clock time. The same steps are restated here with dateutil, the phone in Berlin.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from guides.events.models import Event
from guides.events.recurrence import ical_rule_text
from tests.events.factories import make_event

BERLIN = ZoneInfo("Europe/Berlin")
DTSTART = re.compile(r"\d{8}T\d{6}")


def expand_like_the_app(text, phone_zone, count):
    """The first `count` occurrences as the app shows them: wall-clock times in phone_zone."""
    start_utc = rrulestr(text)._dtstart.replace(tzinfo=dt.UTC)  # rrulestr: DTSTART is UTC
    wall_clock = start_utc.astimezone(phone_zone).replace(tzinfo=None)
    local_rule = rrulestr(DTSTART.sub(wall_clock.strftime("%Y%m%dT%H%M%S"), text, count=1))
    return [occurrence.replace(tzinfo=phone_zone) for occurrence in local_rule[:count]]


def weekly(start, **fields):
    values = {
        "title": "Sprachcafé",
        "start_date": start,
        "end_date": start,
        "start_time": dt.time(18),
        "end_time": dt.time(20),
        "frequency": "WEEKLY",
        "weekdays": [start.weekday()],
    }
    values.update(fields)
    return Event(**values)


@pytest.mark.parametrize(
    ("start", "change"),
    [(dt.date(2025, 3, 18), dt.date(2025, 3, 30)), (dt.date(2025, 10, 14), dt.date(2025, 10, 26))],
    ids=["into-summer-time", "into-winter-time"],
)
def test_weekly_event_stays_at_18_00_in_berlin_across_the_dst_change(start, change):
    text = ical_rule_text(weekly(start))

    shown = expand_like_the_app(text, BERLIN, 4)

    assert [o.date() for o in shown] == [start + dt.timedelta(weeks=n) for n in range(4)]
    assert {o.time() for o in shown} == {dt.time(18)}
    assert shown[0].date() < change < shown[-1].date()
    # the same wall-clock time is another instant after the change: 17:00Z vs 16:00Z
    assert len({o.astimezone(dt.UTC).time() for o in shown}) == 2


def test_dtstart_is_the_first_start_in_utc_without_z():
    text = ical_rule_text(weekly(dt.date(2025, 1, 7)))

    assert text.splitlines()[0] == "DTSTART:20250107T170000"
    assert rrulestr(text)[0] == dt.datetime(2025, 1, 7, 17, 0)  # naive: read as UTC


def test_monthly_second_tuesday_until_the_end_date_as_the_app_shows_it():
    meeting = weekly(
        dt.date(2025, 2, 11),
        frequency="MONTHLY",
        weekdays=[1],
        week_of_month=2,
        start_time=dt.time(9, 30),
        recurrence_end_date=dt.date(2025, 5, 13),
    )

    shown = expand_like_the_app(ical_rule_text(meeting), BERLIN, 10)

    assert shown == [
        dt.datetime(2025, 2, 11, 9, 30, tzinfo=BERLIN),
        dt.datetime(2025, 3, 11, 9, 30, tzinfo=BERLIN),
        dt.datetime(2025, 4, 8, 9, 30, tzinfo=BERLIN),
        dt.datetime(2025, 5, 13, 9, 30, tzinfo=BERLIN),
    ]


def test_an_event_just_after_midnight_keeps_its_local_weekday():
    # 00:30 on a Tuesday in Berlin is Monday 23:30 UTC: the app still shows Tuesdays
    text = ical_rule_text(weekly(dt.date(2025, 1, 7), start_time=dt.time(0, 30)))

    shown = expand_like_the_app(text, BERLIN, 3)

    assert [(o.strftime("%a"), o.time()) for o in shown] == [("Tue", dt.time(0, 30))] * 3


def test_the_api_serves_that_rule_with_combine_recurring(client, augsburg):
    from django.utils import timezone

    start = timezone.localdate() - dt.timedelta(days=7)
    cafe = make_event(augsburg, "Sprachcafé", start=start, frequency="WEEKLY")

    [item] = client.get("/api/v3/augsburg/de/events/?combine_recurring=true").json()

    assert item["recurrence_rule"] == ical_rule_text(cafe)
    shown = expand_like_the_app(item["recurrence_rule"], BERLIN, 2)
    assert [o.time() for o in shown] == [dt.time(18), dt.time(18)]
    assert shown[0].date() == start
