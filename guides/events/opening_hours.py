"""Opening hours: edited as time slots that apply to several weekdays, served per weekday.

Editors think "Mon-Fri 9-12"; the Integreat app wants seven days (Monday first), each
`{"allDay", "closed", "appointmentOnly", "timeSlots": [{"start", "end"}]}`.
"""

from __future__ import annotations

from typing import Any

from wagtail import blocks

WEEKDAY_CHOICES = [
    (0, "Montag"),
    (1, "Dienstag"),
    (2, "Mittwoch"),
    (3, "Donnerstag"),
    (4, "Freitag"),
    (5, "Samstag"),
    (6, "Sonntag"),
]


class TimeSlotBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(choices=[(str(d), n) for d, n in WEEKDAY_CHOICES])
    opens = blocks.TimeBlock(required=False, help_text="Leave both times empty for all day.")
    closes = blocks.TimeBlock(required=False)
    appointment_only = blocks.BooleanBlock(required=False)

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        opens, closes = value.get("opens"), value.get("closes")
        if (opens is None) != (closes is None):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "closes": blocks.BlockValidationError(
                        "Give both an opening and a closing time, or neither (all day)."
                    )
                }
            )
        if opens and closes and closes <= opens:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "closes": blocks.BlockValidationError(
                        "The closing time must be after the opening time."
                    )
                }
            )
        return value

    class Meta:
        icon = "time"
        label = "Time slot"


class OpeningHoursBlock(blocks.StreamBlock):
    slot = TimeSlotBlock()


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
