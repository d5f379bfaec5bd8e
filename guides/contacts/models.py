"""Contact cards and organizations: content that belongs to one city.

A contact card is translatable where it holds text (its name and area of responsibility);
numbers, addresses and office hours are the same in every language. An organization (name,
logo, website) is not translated: integreat-cms serves its name as entered.
Both name their city by the source-locale city root, like events and locations do, so
`guides.tenancy` scopes them the same way.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from guides.events.models import CityOwned
from guides.events.opening_hours import OpeningHoursBlock


class Organization(CityOwned, index.Indexed):
    """Who runs a page, an event or a place: shown with its logo in the app."""

    name = models.CharField(gettext_lazy("name"), max_length=255)
    slug = models.SlugField(
        gettext_lazy("slug"),
        max_length=255,
        blank=True,
        help_text=gettext_lazy("Unique in the city; made from the name when left empty."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("logo"),
    )
    website = models.URLField(gettext_lazy("website"), blank=True)

    panels = [
        FieldPanel("city"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("logo"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("city"),
    ]

    class Meta:
        verbose_name = gettext_lazy("organization")
        verbose_name_plural = gettext_lazy("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "slug"], name="unique_organization_slug")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)[:255]
        if (
            self.city_id
            and Organization.objects.filter(city_id=self.city_id, slug=self.slug)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"slug": _("The city already has an organization with this slug.")}
            )


class Contact(TranslatableMixin, CityOwned, index.Indexed):
    """A person or desk to turn to, with how to reach them (integreat-cms's contact)."""

    name = models.CharField(gettext_lazy("name"), max_length=255, blank=True)
    area_of_responsibility = models.CharField(
        gettext_lazy("area of responsibility"),
        max_length=255,
        blank=True,
        help_text=gettext_lazy("E.g. 'Residence permits, A-K'."),
    )
    email = models.EmailField(gettext_lazy("e-mail"), blank=True)
    phone_number = models.CharField(gettext_lazy("phone number"), max_length=50, blank=True)
    mobile_number = models.CharField(gettext_lazy("mobile number"), max_length=50, blank=True)
    website = models.URLField(gettext_lazy("website"), blank=True)
    opening_hours = StreamField(
        OpeningHoursBlock(), blank=True, verbose_name=gettext_lazy("office hours")
    )
    appointment_url = models.URLField(
        gettext_lazy("appointment link"),
        blank=True,
        help_text=gettext_lazy("Where to book an appointment online."),
    )

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("area_of_responsibility"),
        SynchronizedField("city"),
        SynchronizedField("email"),
        SynchronizedField("phone_number"),
        SynchronizedField("mobile_number"),
        SynchronizedField("website"),
        SynchronizedField("opening_hours"),
        SynchronizedField("appointment_url"),
    ]
    panels = [
        FieldPanel("city"),
        FieldPanel("name"),
        FieldPanel("area_of_responsibility"),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldRowPanel([FieldPanel("phone_number"), FieldPanel("mobile_number")]),
                FieldPanel("website"),
                FieldPanel("appointment_url"),
            ],
            heading=gettext_lazy("How to reach them"),
        ),
        FieldPanel("opening_hours"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("area_of_responsibility"),
        index.FilterField("city"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = gettext_lazy("contact")
        verbose_name_plural = gettext_lazy("contacts")
        ordering = ["name", "area_of_responsibility"]

    def __str__(self):
        return " – ".join(part for part in (self.name, self.area_of_responsibility) if part) or (
            self.email or self.phone_number or _("Contact %(id)s") % {"id": self.pk}
        )

    def clean(self):
        super().clean()
        if not (self.name or self.area_of_responsibility):
            raise ValidationError(
                {"name": _("Give a name or an area of responsibility, so readers know who it is.")}
            )
