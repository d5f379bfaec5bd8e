from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, Locale, Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_localize.fields import SynchronizedField

from guides.blocks import RICH_TEXT_FEATURES, GuideBodyBlock
from guides.tenancy import city_for_page
from localization.minor_edit import TranslatablePageForm


class AppPreviewMixin(HeadlessPreviewMixin):
    """Preview on the public site (default) or, signed and expiring, in the headless app."""

    preview_modes = [("", "Public site"), ("app", "App (headless)")]

    def serve_preview(self, request, mode_name):
        if mode_name == "app":
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        return Page.serve_preview(self, request, mode_name)


class CityPage(AppPreviewMixin, Page):
    """A city's guide root. Its copies in other locales share slug, place and languages."""

    teaser = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    languages = ParentalManyToManyField(
        Locale,
        related_name="+",
        blank=True,
        help_text="The languages this city's guide is offered in.",
    )
    imprint = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    contact_address = models.TextField(blank=True)
    editors_group = models.ForeignKey(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.ForeignKey(
        Collection,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = TranslatablePageForm  # minor-edit checkbox and translation panel
    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        MultiFieldPanel(
            [FieldPanel("state"), FieldPanel("latitude"), FieldPanel("longitude")],
            heading="Place",
        ),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("imprint"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading="Contact",
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("languages"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_address"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("teaser")]
    api_fields = [
        APIField("teaser"),
        APIField("state"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("imprint"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("contact_address"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.GuidePage"]

    class Meta:
        verbose_name = "city"
        verbose_name_plural = "cities"

    @cached_property
    def language_codes(self):
        return [locale.language_code for locale in self.languages.all()]

    def offers(self, locale):
        return locale.language_code in self.language_codes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["city"] = self
        context["children"] = GuidePage.objects.child_of(self).live().public()
        return context


class GuidePage(AppPreviewMixin, Page):
    """A page of a city's guide, nested as deep as the city needs."""

    teaser = models.TextField(blank=True)
    body = StreamField(GuideBodyBlock(), blank=True)
    icon = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = TranslatablePageForm  # minor-edit checkbox and translation panel
    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("icon"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("teaser"), index.SearchField("body")]
    api_fields = [APIField("teaser"), APIField("body"), APIField("icon")]
    parent_page_types = ["guides.CityPage", "guides.GuidePage"]
    subpage_types = ["guides.GuidePage"]

    class Meta:
        verbose_name = "guide page"

    @cached_property
    def city(self):
        return city_for_page(self)

    def clean(self):
        super().clean()
        city = self.city
        if city and not city.offers(self.locale):
            raise ValidationError(
                f"{city.title} does not offer {self.locale.get_display_name()}; "
                "add the language to the city first."
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["city"] = self.city
        context["children"] = GuidePage.objects.child_of(self).live().public()
        return context
