from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, Locale, Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_localize.fields import SynchronizedField

from guides import fallback
from guides.blocks import EMERGENCY_FEATURES, RICH_TEXT_FEATURES, GuideBodyBlock
from guides.index_updates import DraftBookkeepingSaveMixin
from guides.page_validation import ValidatedOnceMixin
from guides.tenancy import city_for_page, source_language_code
from guides.time_zones import DEFAULT_TIME_ZONE, validate_time_zone
from guides.workflows import RememberedWorkflowMixin
from localization.minor_edit import TranslatablePageForm
from localization.panel import TranslationStatusPanel


class AppPreviewMixin(HeadlessPreviewMixin):
    """Preview on the public site (default) or, signed and expiring, in the headless app."""

    preview_modes = [("", gettext_lazy("Public site")), ("app", gettext_lazy("App (headless)"))]

    def serve_preview(self, request, mode_name):
        if mode_name == "app":
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        return Page.serve_preview(self, request, mode_name)


class ReaderRouteMixin:
    """Routes a reader to source pages that have no translation in their language, as
    fallbacks in their language's URL space (guides.fallback)."""

    def route(self, request, path_components):
        return fallback.route(
            self,
            request,
            path_components,
            lambda child, remaining: child.specific.route(request, remaining),
        )


class CityPageForm(TranslatablePageForm):
    """The city's `clean` checks its languages, so it gets the ticked ones first (a model
    form sets many-to-many fields only when it saves)."""

    def _post_clean(self):
        if "languages" in self.cleaned_data:
            self.instance.languages = self.cleaned_data["languages"]
        super()._post_clean()


class CityPage(
    DraftBookkeepingSaveMixin, RememberedWorkflowMixin, ReaderRouteMixin, AppPreviewMixin, Page
):
    """A city's guide root. Its copies in other locales share slug, place and languages."""

    teaser = models.CharField(gettext_lazy("teaser"), max_length=255, blank=True)
    state = models.CharField(gettext_lazy("federal state"), max_length=100, blank=True)
    latitude = models.FloatField(gettext_lazy("latitude"), null=True, blank=True)
    longitude = models.FloatField(gettext_lazy("longitude"), null=True, blank=True)
    languages = ParentalManyToManyField(
        Locale,
        related_name="+",
        blank=True,
        verbose_name=gettext_lazy("languages"),
        help_text=gettext_lazy("The languages this city's guide is offered in."),
    )
    imprint = RichTextField(gettext_lazy("imprint"), features=RICH_TEXT_FEATURES, blank=True)
    emergency_numbers = RichTextField(
        gettext_lazy("emergency numbers"),
        features=EMERGENCY_FEATURES,
        blank=True,
        help_text=gettext_lazy(
            'Shown in a box at the top of the city page, e.g. "Police: 110". Phone numbers '
            "become links that readers can tap to call. Translated like the rest of the page."
        ),
    )
    contact_email = models.EmailField(gettext_lazy("contact email"), blank=True)
    contact_phone = models.CharField(gettext_lazy("contact phone"), max_length=50, blank=True)
    contact_address = models.TextField(gettext_lazy("contact address"), blank=True)
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
    timezone = models.CharField(
        gettext_lazy("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        blank=True,
        validators=[validate_time_zone],
        help_text=gettext_lazy(
            "The IANA time zone of the city's opening hours; empty means Europe/Berlin."
        ),
    )

    share_translation_memory = models.BooleanField(
        gettext_lazy("share translation memory"),
        default=True,
        help_text=gettext_lazy(
            "Offer this city's published translations to translators of other cities."
        ),
    )

    base_form_class = CityPageForm  # minor-edit checkbox, translation panel, languages checked
    content_panels = [
        TranslationStatusPanel(),
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("emergency_numbers"),
        MultiFieldPanel(
            [
                FieldPanel("state"),
                FieldPanel("latitude"),
                FieldPanel("longitude"),
                FieldPanel("timezone"),
            ],
            heading=gettext_lazy("Place"),
        ),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("share_translation_memory"),
        FieldPanel("imprint"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading=gettext_lazy("Contact"),
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("languages"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_address"),
        SynchronizedField("timezone"),
        SynchronizedField("share_translation_memory"),
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
        verbose_name = gettext_lazy("city")
        verbose_name_plural = gettext_lazy("cities")

    @cached_property
    def language_codes(self):
        return [locale.language_code for locale in self.languages.all()]

    def offers(self, locale):
        return locale.language_code in self.language_codes

    def clean(self):
        if not self.timezone:
            self.timezone = DEFAULT_TIME_ZONE
        super().clean()
        source = source_language_code()
        if source not in {locale.language_code for locale in self.languages.all()}:
            name = Locale(language_code=source).get_display_name()
            raise ValidationError(
                {
                    "languages": _("A city is always offered in its source language, %(language)s.")
                    % {"language": name}
                }
            )

    def offers_in_source(self, locale):
        """Whether the city offers locale, asked of the source city root (one query per city
        object and locale: a page's validation asks again when its revision is saved): a
        locale copy's own languages follow the source's only when its translation is synced."""
        memo = self.__dict__.setdefault("_cityguide_offers", {})
        if locale.pk not in memo:
            memo[locale.pk] = CityPage.languages.through.objects.filter(
                citypage__translation_key=self.translation_key,
                citypage__locale__language_code=source_language_code(),
                locale_id=locale.pk,
            ).exists()
        return memo[locale.pk]

    def check_offers(self, locale):
        """Raise a ValidationError an editor can act on if the city is not offered in locale."""
        if not self.offers_in_source(locale):
            raise ValidationError(
                _("%(city)s does not offer %(language)s; add the language to the city first.")
                % {"city": self.title, "language": locale.get_display_name()}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["city"] = self
        context["children"] = fallback.reader_children(
            self, self.locale.language_code, self.get_url(request), request
        )
        return context


class GuidePageForm(TranslatablePageForm):
    """A page being added has no tree path yet, so its model's `clean` could not find the
    city: the form names it from the parent, and the city's rules are form errors instead of
    a server error when the page is saved into the tree."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.path and self.parent_page is not None:
            self.instance.city = city_for_page(self.parent_page)


class GuidePage(
    ValidatedOnceMixin,
    DraftBookkeepingSaveMixin,
    RememberedWorkflowMixin,
    ReaderRouteMixin,
    AppPreviewMixin,
    Page,
):
    """A page of a city's guide, nested as deep as the city needs."""

    teaser = models.TextField(gettext_lazy("teaser"), blank=True)
    body = StreamField(GuideBodyBlock(), blank=True, verbose_name=gettext_lazy("body"))
    icon = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("icon"),
    )
    organization = models.ForeignKey(
        "contacts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("organization"),
        help_text=gettext_lazy("The organization responsible for this page, if any."),
    )

    base_form_class = GuidePageForm  # minor-edit checkbox, translation panel, city rules
    content_panels = [
        TranslationStatusPanel(),
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("icon"),
        FieldPanel("body"),
        FieldPanel("organization"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("teaser"), index.SearchField("body")]
    api_fields = [APIField("teaser"), APIField("body"), APIField("icon")]
    parent_page_types = ["guides.CityPage", "guides.GuidePage"]
    subpage_types = ["guides.GuidePage"]

    class Meta:
        verbose_name = gettext_lazy("guide page")
        verbose_name_plural = gettext_lazy("guide pages")

    @cached_property
    def city(self):
        return city_for_page(self)

    def with_content_json(self, content):
        """The page rebuilt from a revision (what a publish saves) stands in the same place:
        it keeps the city, locale and site-root state this page has found (the publish's
        save and receivers ask)."""
        page = super().with_content_json(content)
        if "city" in self.__dict__:
            page.city = self.city
        if Page.locale.is_cached(self):
            page.locale = self.locale
        if hasattr(self, "_is_site_root"):
            page._is_site_root = self._is_site_root
        return page

    def is_site_root(self):
        """Wagtail asks on every save; the answer is remembered on this object, where
        Wagtail's listings put it too (`_is_site_root`, `annotate_site_root_state`)."""
        if not hasattr(self, "_is_site_root"):
            self._is_site_root = super().is_site_root()
        return self._is_site_root

    def clean(self):
        super().clean()
        if self.city is not None:
            self.city.check_offers(self.locale)
            if self.organization_id and (
                self.organization.city.translation_key != self.city.translation_key
            ):
                raise ValidationError(
                    {"organization": _("Choose an organization of this page's city.")}
                )

    def get_context(self, request, *args, **kwargs):
        """On a fallback route (guides.fallback), `fallback` names the reader's language: the
        page is shown to them in its source language, with a notice, in their URL space."""
        reader = kwargs.pop(fallback.FALLBACK_KWARG, None)
        context = super().get_context(request, *args, **kwargs)
        context["city"] = self.city
        if reader is not None:
            context["fallback"] = reader
            context["city"] = reader.ancestors[0].page.specific  # in the reader's language
            context["available_languages"] = fallback.available_languages(self, request)
            language_code, url = reader.language_code, reader.url
        else:
            language_code, url = self.locale.language_code, self.get_url(request)
        context["children"] = fallback.reader_children(self, language_code, url, request)
        return context


class ApiCacheVersion(models.Model):
    """A counter per cache scope ("global", "regions", "city:<slug>", "city:<slug>:<lang>").

    Bumped with an UPDATE in the transaction that changes the content, so an invalidation
    commits or rolls back with it and never depends on a cache write (guides.api.cache).
    """

    scope = models.CharField(max_length=300, unique=True)
    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.scope} #{self.counter}"
