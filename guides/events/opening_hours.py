"""Opening hours: edited as time slots that apply to several weekdays, served per weekday.

Editors think "Mon-Fri 9-12"; the Integreat app wants seven days (Monday first), each
`{"allDay", "closed", "appointmentOnly", "timeSlots": [{"start", "end"}]}`.
"""

from __future__ import annotations

from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

#: Monday (0) to Sunday (6), named in the admin's language by Django's own catalog.
WEEKDAY_CHOICES = list(WEEKDAYS.items())


class TimeSlotBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(
        choices=[(str(d), n) for d, n in WEEKDAY_CHOICES], label=_("Days")
    )
    opens = blocks.TimeBlock(
        required=False, label=_("Opens"), help_text=_("Leave both times empty for all day.")
    )
    closes = blocks.TimeBlock(required=False, label=_("Closes"))
    appointment_only = blocks.BooleanBlock(required=False, label=_("By appointment only"))

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        opens, closes = value.get("opens"), value.get("closes")
        if (opens is None) != (closes is None):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "closes": blocks.BlockValidationError(
                        _("Give both an opening and a closing time, or neither (all day).")
                    )
                }
            )
        if opens and closes and closes <= opens:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "closes": blocks.BlockValidationError(
                        _("The closing time must be after the opening time.")
                    )
                }
            )
        return value

    class Meta:
        icon = "time"
        label = _("Time slot")


class OpeningHoursBlock(blocks.StreamBlock):
    slot = TimeSlotBlock(label=_("Time slot"))


def integreat_opening_hours(
    stream_value: blocks.StreamValue | None, time_zone: str | None = None
) -> list[dict[str, Any]] | None:
    """Seven days, Monday first, in the Integreat shape; None when no hours are entered.

    time_zone (the city's IANA name) goes on every time slot, as integreat-cms sends it, so
    the app computes "open now" in the city's zone rather than the phone's."""
    days = [
        {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}
        for _ in range(7)
    ]
    if not stream_value:
        return None
    for child in stream_value:
        slot = child.value
        for day in slot["days"]:
            entry = days[int(day)]
            entry["closed"] = False
            entry["appointmentOnly"] = entry["appointmentOnly"] or bool(slot["appointment_only"])
            if slot["opens"] is None:
                entry["allDay"] = True
            else:
                time_slot = {
                    "start": slot["opens"].strftime("%H:%M"),
                    "end": slot["closes"].strftime("%H:%M"),
                }
                if time_zone:
                    time_slot["timezone"] = time_zone
                entry["timeSlots"].append(time_slot)
    for entry in days:
        entry["timeSlots"].sort(key=lambda s: s["start"])
    return days
