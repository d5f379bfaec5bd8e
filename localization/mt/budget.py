"""A city's machine translation budget: characters per month from a renewal day, plus top-ups.

A job reserves all the characters it will send before it sends any, so a job that would
exceed the budget is refused up front. The reservation reads the budget row with
`select_for_update()` and writes it in the same transaction: two jobs racing for the last
characters are served one after the other, and the second is refused. Characters a job
reserved but did not send (it failed half-way) are given back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from localization.mt.models import TranslationBudget


class BudgetExceeded(ValueError):
    """The job needs more characters than the city has left; nothing was sent."""


def period_start(renewal_day: int, today: datetime.date) -> datetime.date:
    """The day the current period began: the last `renewal_day` on or before today."""
    if today.day >= renewal_day:
        return today.replace(day=renewal_day)
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    return previous.replace(day=renewal_day)


def next_renewal(renewal_day: int, today: datetime.date) -> datetime.date:
    start = period_start(renewal_day, today)
    following = (start.replace(day=28) + datetime.timedelta(days=5)).replace(day=renewal_day)
    return following


def _renew(budget: TranslationBudget, today: datetime.date) -> None:
    start = period_start(budget.renewal_day, today)
    if budget.period_start is None or budget.period_start < start:
        budget.period_start = start
        budget.used_characters = 0


@dataclass(frozen=True)
class Usage:
    """What the city's report shows."""

    monthly: int
    used: int
    top_up: int
    remaining: int
    renews_on: datetime.date | None
    configured: bool


def usage_for(city, *, today: datetime.date | None = None) -> Usage:
    today = today or timezone.localdate()
    budget = TranslationBudget.objects.filter(city_id=city.pk).first()
    if budget is None:
        return Usage(0, 0, 0, 0, None, False)
    _renew(budget, today)  # read only: a period that ended counts as renewed
    return Usage(
        budget.monthly_characters,
        budget.used_characters,
        budget.top_up_characters,
        budget.remaining,
        next_renewal(budget.renewal_day, today),
        True,
    )


@transaction.atomic
def reserve(city, characters: int, *, today: datetime.date | None = None) -> None:
    """Take `characters` from the city's budget, or refuse with BudgetExceeded."""
    if characters <= 0:
        return
    today = today or timezone.localdate()
    budget = TranslationBudget.objects.select_for_update().filter(city_id=city.pk).first()
    if budget is None:
        raise BudgetExceeded(
            _(
                "%(city)s has no machine translation budget yet: this job needs %(needed)s "
                "characters. Ask an administrator to set one."
            )
            % {"city": city.title, "needed": characters}
        )
    _renew(budget, today)
    if budget.remaining < characters:
        raise BudgetExceeded(
            _(
                "This job needs %(needed)s characters of machine translation, but %(city)s has "
                "only %(remaining)s left until %(renewal)s. Nothing was translated: choose "
                "fewer pages, or add a top-up."
            )
            % {
                "needed": characters,
                "city": city.title,
                "remaining": budget.remaining,
                "renewal": date_format(next_renewal(budget.renewal_day, today)),
            }
        )
    from_month = min(characters, max(budget.monthly_characters - budget.used_characters, 0))
    budget.used_characters += from_month
    budget.top_up_characters -= characters - from_month
    budget.save(update_fields=["period_start", "used_characters", "top_up_characters"])


@transaction.atomic
def refund(city, characters: int) -> None:
    """Give back characters that were reserved but not sent (to the month first)."""
    if characters <= 0:
        return
    budget = TranslationBudget.objects.select_for_update().filter(city_id=city.pk).first()
    if budget is None:
        return
    to_month = min(characters, budget.used_characters)
    budget.used_characters -= to_month
    budget.top_up_characters += characters - to_month
    budget.save(update_fields=["used_characters", "top_up_characters"])


@transaction.atomic
def add_top_up(city, characters: int) -> TranslationBudget:
    """A bought top-up: characters that last until they are used."""
    if characters <= 0:
        raise ValueError(_("A top-up must be a positive number of characters."))
    budget, _created = TranslationBudget.objects.select_for_update().get_or_create(city=city)
    budget.top_up_characters += characters
    budget.save(update_fields=["top_up_characters"])
    return budget
