"""An event's repetition as a python-dateutil rrule, its occurrences and its iCal text.

The rule runs over naive wall-clock times in the event's time zone and each occurrence is
made aware afterwards, so a weekly 18:00 event stays at 18:00 across DST changes (an rrule
over aware datetimes would keep the UTC offset of its first date instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from dateutil import rrule

if TYPE_CHECKING:
    import datetime as dt

    from guides.events.models import Event

FREQUENCIES = {
    "DAILY": rrule.DAILY,
    "WEEKLY": rrule.WEEKLY,
    "MONTHLY": rrule.MONTHLY,
    "YEARLY": rrule.YEARLY,
}
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime

    @property
    def date(self) -> dt.date:  # in this class body, `date` is the property itself
        return self.start.date()


def rule_for(event: Event) -> rrule.rrule | None:
    """The event's rrule over naive local start times, or None for a one-off event."""
    if not event.frequency:
        return None
    options = {"dtstart": event.start_local.replace(tzinfo=None), "interval": event.interval or 1}
    days = sorted(event.weekdays or [])
    if event.week_of_month:
        options["byweekday"] = [WEEKDAYS[d](event.week_of_month) for d in days]
    elif days:
        options["byweekday"] = [WEEKDAYS[d] for d in days]
    if event.recurrence_end_date:
        options["until"] = datetime.combine(event.recurrence_end_date, time(23, 59, 59))
    return rrule.rrule(FREQUENCIES[event.frequency], **options)


def ical_rule_text(event: Event) -> str | None:
    """`DTSTART:…\\nRRULE:…` as integreat-cms writes it and the Integreat app reads it.

    DTSTART is the first start in UTC, written without `Z` (dateutil's text of a UTC
    datetime). The app reads it as UTC, moves it to the phone's wall clock at that instant and
    repeats that wall-clock time, so a weekly 18:00 event stays at 18:00 across DST changes.
    UNTIL stays the end of the last day, as integreat-cms writes it. BYDAY keeps local days.
    """
    rule = rule_for(event)
    if rule is None:
        return None
    start_utc = event.start_local.astimezone(UTC).replace(tzinfo=None)
    return str(rule.replace(dtstart=start_utc))


def rrule_properties(event: Event) -> dict[str, str] | None:
    """The RRULE as a dict of iCal parts for an iCalendar VEVENT, or None.

    UNTIL follows RFC 5545: a DATE for all-day events, else UTC (DTSTART carries a TZID).
    """
    rule = rule_for(event)
    if rule is None:
        return None
    text = str(rule).split("RRULE:", 1)[1]
    parts = dict(part.split("=", 1) for part in text.split(";"))
    if event.recurrence_end_date:
        if event.all_day:
            parts["UNTIL"] = event.recurrence_end_date.strftime("%Y%m%d")
        else:
            last = datetime.combine(
                event.recurrence_end_date, time(23, 59, 59), tzinfo=event.tzinfo
            ).astimezone(UTC)
            parts["UNTIL"] = last.strftime("%Y%m%dT%H%M%SZ")
    return parts


def occurrences(event: Event, first_day: date, last_day: date) -> list[Occurrence]:
    """Occurrences starting on first_day..last_day (local dates), in order.

    A one-off event counts while it is still running on first_day.
    """
    duration = event.end_local.replace(tzinfo=None) - event.start_local.replace(tzinfo=None)
    rule = rule_for(event)
    if rule is None:
        if event.end_date < first_day or event.start_date > last_day:
            return []
        return [Occurrence(event.start_local, event.end_local)]
    window_start = datetime.combine(first_day, time.min)
    window_end = datetime.combine(last_day, time.max)
    found = []
    for start in rule.between(window_start - duration, window_end, inc=True):
        end = start + duration
        if end < window_start:
            continue
        found.append(
            Occurrence(start.replace(tzinfo=event.tzinfo), end.replace(tzinfo=event.tzinfo))
        )
    return found


def upcoming(event: Event, today: date, days: int) -> list[Occurrence]:
    """Integreat's window: from today, up to `days` days after the later of start and today."""
    anchor = max(event.start_date, today)
    return occurrences(event, today, anchor + timedelta(days=days))


def next_occurrence(event: Event, today: date) -> Occurrence | None:
    """The first occurrence still running on or after today, or None when it is over."""
    rule = rule_for(event)
    if rule is None:
        return Occurrence(event.start_local, event.end_local) if event.end_date >= today else None
    found = occurrences(event, today, today)
    if found:
        return found[0]
    start = rule.after(datetime.combine(today, time.min), inc=True)
    if start is None:
        return None
    return occurrences(event, start.date(), start.date())[0]


def is_over(event: Event, today: date) -> bool:
    return next_occurrence(event, today) is None
