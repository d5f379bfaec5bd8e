"""Locations and events: translatable snippets that belong to one city.

Each points at its city's *source* (German) root page. The root's id is stable, every locale
copy of an event or location shares it (a synchronised field), and tenancy checks compare one
id against `guides.tenancy.cities_for_user`, which also returns source roots. A translation_key
would work too, but without referential integrity or cascading deletes.
"""

import zoneinfo
from datetime import datetime, time

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Locale, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from guides.blocks import RICH_TEXT_FEATURES
from guides.contacts.blocks import ContactChooserBlock
from guides.events.categories import LocationCategory
from guides.events.opening_hours import OpeningHoursBlock
from guides.events.slugs import SLUG_MAX_LENGTH, unique_slug_for
from guides.time_zones import DEFAULT_TIME_ZONE, validate_time_zone


def source_cities():
    """Events and locations hang off the city root in the default (source) locale."""
    return {"locale": Locale.get_default()}


class CityOwned(models.Model):
    city = models.ForeignKey(
        "guides.CityPage",
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=source_cities,
        verbose_name=_("city"),
        help_text=_("The city whose guide shows this."),
    )

    class Meta:
        abstract = True


def slug_field():
    return models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "The last part of its address in the app. Leave empty to make one from the title; "
            "unique per city and language."
        ),
    )


def unique_slug_constraint(name):
    return models.UniqueConstraint(
        fields=["city", "locale", "slug"],
        name=name,
        violation_error_message=_("This slug is already used in this city and language."),
    )


class Location(TranslatableMixin, DraftStateMixin, RevisionMixin, CityOwned, index.Indexed):
    """A place: where an event happens, or a counselling office on the city's map."""

    name = models.CharField(_("name"), max_length=255)
    slug = slug_field()
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=LocationCategory.choices,
        default=LocationCategory.OTHER,
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    address = models.CharField(_("street and number"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=10)
    town = models.CharField(_("town"), max_length=100)
    country = models.CharField(_("country"), max_length=100, default="Deutschland")
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = StreamField(OpeningHoursBlock(), blank=True, verbose_name=_("opening hours"))
    opening_hours_note = models.CharField(
        _("note on opening hours"),
        max_length=255,
        blank=True,
        help_text=_("E.g. 'Closed on public holidays'."),
    )
    temporarily_closed = models.BooleanField(_("temporarily closed"), default=False)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="location")

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("slug"),
        TranslatableField("description"),
        TranslatableField("opening_hours_note"),
        TranslatableField("town"),
        TranslatableField("country"),
        SynchronizedField("city"),
        SynchronizedField("category"),
        SynchronizedField("address"),
        SynchronizedField("postcode"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("website"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("opening_hours"),
        SynchronizedField("temporarily_closed"),
    ]
    panels = [
        FieldPanel("city"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("town")]),
                FieldPanel("country"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("opening_hours_note"),
                FieldPanel("temporarily_closed"),
            ],
            heading=_("Opening hours"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("address"),
        index.FilterField("city"),
        index.FilterField("locale"),
    ]

    # Contact cards and the organization (guides.contacts): in every locale copy the same.
    contacts = StreamField(
        [("contact", ContactChooserBlock())],
        blank=True,
        verbose_name=gettext_lazy("contacts"),
        help_text=gettext_lazy("Contact cards of this place, in the order the app lists them."),
    )
    organization = models.ForeignKey(
        "contacts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("organization"),
    )
    translatable_fields = [
        *translatable_fields,
        SynchronizedField("contacts"),
        SynchronizedField("organization"),
    ]
    panels = [*panels, FieldPanel("contacts"), FieldPanel("organization")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        permissions = [("publish_location", "Can publish location")]
        constraints = [unique_slug_constraint("events_location_unique_slug_per_city_locale")]

    def __str__(self):
        return f"{self.name}, {self.address}"

    def save(self, *args, **kwargs):
        self.slug = unique_slug_for(self, self.name)
        super().save(*args, **kwargs)

    @property
    def revisions(self):
        return self._revisions

    @property
    def one_line_address(self):
        return ", ".join(p for p in [self.address, f"{self.postcode} {self.town}".strip()] if p)


class Frequency(models.TextChoices):
    DAILY = "DAILY", _("Daily")
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")
    YEARLY = "YEARLY", _("Yearly")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("1st")
    SECOND = 2, _("2nd")
    THIRD = 3, _("3rd")
    FOURTH = 4, _("4th")
    LAST = -1, _("last")


class Event(TranslatableMixin, DraftStateMixin, RevisionMixin, CityOwned, index.Indexed):
    """Something that happens at a time, once or again and again.

    Dates and times are wall-clock values in the event's own time zone, so "every Tuesday
    18:00" stays 18:00 across daylight saving changes; `start_local` makes them aware.
    """

    title = models.CharField(_("title"), max_length=255)
    slug = slug_field()
    teaser = models.TextField(_("teaser"), blank=True)
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("location"),
    )
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thumbnail"),
    )
    frequency = models.CharField(
        _("repeats"),
        max_length=7,
        choices=Frequency.choices,
        blank=True,
        help_text=_("Leave empty for a one-off event."),
    )
    interval = models.PositiveSmallIntegerField(
        _("interval"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("Every n days, weeks, months or years."),
    )
    weekdays = models.JSONField(
        _("weekdays"),
        default=list,
        blank=True,
        help_text=_("Weekly: the days it happens. Monthly with a week: the day(s) in that week."),
    )
    week_of_month = models.SmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("Monthly: e.g. 2nd + Tuesday. Empty repeats on the start's day of month."),
    )
    recurrence_end_date = models.DateField(_("repeat until"), null=True, blank=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="event")

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("teaser"),
        TranslatableField("description"),
        TranslatableField("organiser"),
        TranslatableField("location"),
        SynchronizedField("city"),
        SynchronizedField("start_date"),
        SynchronizedField("start_time"),
        SynchronizedField("end_date"),
        SynchronizedField("end_time"),
        SynchronizedField("all_day"),
        SynchronizedField("time_zone"),
        SynchronizedField("thumbnail"),
        SynchronizedField("frequency"),
        SynchronizedField("interval"),
        SynchronizedField("weekdays"),
        SynchronizedField("week_of_month"),
        SynchronizedField("recurrence_end_date"),
    ]
    panels = [
        FieldPanel("city"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("teaser"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("all_day"),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("frequency"), FieldPanel("interval")]),
                FieldPanel("weekdays"),
                FieldPanel("week_of_month"),
                FieldPanel("recurrence_end_date"),
            ],
            heading=_("Recurrence"),
        ),
        FieldPanel("location"),
        FieldPanel("organiser"),
        FieldPanel("thumbnail"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("teaser"),
        index.FilterField("city"),
        index.FilterField("locale"),
    ]

    # The organization (guides.contacts), the same in every locale copy.
    organization = models.ForeignKey(
        "contacts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("organization"),
    )
    translatable_fields = [*translatable_fields, SynchronizedField("organization")]
    panels = [*panels, FieldPanel("organization")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_date", "start_time"]
        permissions = [("publish_event", "Can publish event")]
        constraints = [unique_slug_constraint("events_event_unique_slug_per_city_locale")]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        self.slug = unique_slug_for(self, self.title)
        super().save(*args, **kwargs)

    @property
    def revisions(self):
        return self._revisions

    @cached_property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_recurring(self):
        return bool(self.frequency)

    @property
    def start_local(self):
        start = time.min if self.all_day or self.start_time is None else self.start_time
        return datetime.combine(self.start_date, start, tzinfo=self.tzinfo)

    @property
    def end_local(self):
        if self.all_day or self.end_time is None:
            return datetime.combine(self.end_date, time(23, 59, 59), tzinfo=self.tzinfo)
        return datetime.combine(self.end_date, self.end_time, tzinfo=self.tzinfo)

    def clean(self):
        super().clean()
        errors = {}
        try:
            validate_time_zone(self.time_zone)
        except ValidationError as error:
            errors["time_zone"] = error.messages
        if not self.all_day and self.start_time is None:
            errors["start_time"] = [_("Give a start time, or tick 'all day'.")]
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = [_("The event cannot end before it starts.")]
            elif (
                self.end_date == self.start_date
                and not self.all_day
                and self.start_time
                and self.end_time
                and self.end_time < self.start_time
            ):
                errors["end_time"] = [_("The event cannot end before it starts.")]
        errors.update(self.recurrence_errors())
        if self.location_id and self.city_id and self.location.city_id != self.city_id:
            errors["location"] = [_("Choose a location of the same city.")]
        if errors:
            raise ValidationError(errors)

    def recurrence_errors(self):
        errors = {}
        days = self.weekdays or []
        if not isinstance(days, list) or any(
            not isinstance(d, int) or not 0 <= d <= 6 for d in days
        ):
            errors["weekdays"] = [_("Weekdays are numbers from 0 (Monday) to 6 (Sunday).")]
        if not self.frequency:
            return errors
        if self.week_of_month and self.frequency != Frequency.MONTHLY:
            errors["week_of_month"] = [_("A week of the month only applies to monthly events.")]
        if self.week_of_month and not days:
            errors["weekdays"] = [_("Choose the weekday, e.g. the 2nd *Tuesday*.")]
        if (
            days
            and self.frequency in (Frequency.MONTHLY, Frequency.YEARLY)
            and not self.week_of_month
        ):
            errors["weekdays"] = [
                _(
                    "Weekdays apply to weekly events, or to monthly ones with a "
                    "week of the month (e.g. 2nd Tuesday)."
                )
            ]
        if (
            self.recurrence_end_date
            and self.start_date
            and self.recurrence_end_date < self.start_date
        ):
            errors["recurrence_end_date"] = [
                _("The repetition cannot end before the event starts.")
            ]
        if (
            self.start_date
            and self.end_date
            and (self.end_date - self.start_date).days > 0
            and self.frequency == Frequency.DAILY
        ):
            errors["end_date"] = [_("A daily event must start and end on the same day.")]
        return errors
