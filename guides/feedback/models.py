"""What readers of a city's guide say about it in the Integreat app: one row per submission.

Each row belongs to one city (its source-locale root, like events and locations, so
`guides.tenancy` scopes it) and keeps the context the app sent: the kind of screen, the
object it was about (resolved from the slug where possible), the search query, the language.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackKind(models.TextChoices):
    """The app's feedback routes: /api/v3/{city}/{lang}/feedback/{kind}/."""

    PAGE = "page", _("Page")
    CATEGORIES = "categories", _("Page overview")
    EVENT = "event", _("Event")
    EVENTS = "events", _("Event list")
    IMPRINT = "imprint-page", _("Imprint")
    POI = "poi", _("Location")
    MAP = "map", _("Map")
    SEARCH = "search", _("Search")
    OFFERS = "offers", _("Offer list")
    OFFER = "offer", _("Offer")


class Rating(models.TextChoices):
    UP = "up", _("Positive")
    DOWN = "down", _("Negative")


class Feedback(models.Model):
    city = models.ForeignKey(
        "guides.CityPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("city"),
    )
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES)
    kind = models.CharField(_("about"), max_length=20, choices=FeedbackKind.choices)
    rating = models.CharField(_("rating"), max_length=4, choices=Rating.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    contact = models.CharField(
        _("contact address"),
        max_length=255,
        blank=True,
        help_text=_("The address the reader left for an answer, split off the comment."),
    )
    category = models.CharField(_("category"), max_length=100, blank=True)
    slug = models.CharField(_("slug"), max_length=255, blank=True)
    query = models.CharField(_("search query"), max_length=500, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    location = models.ForeignKey(
        "events.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    read = models.BooleanField(_("read"), default=False)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["city", "-created_at"], name="feedback_city_created")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def subject(self) -> str:
        """What the feedback is about, as plain text (templates escape it)."""
        target = self.page or self.event or self.location
        if target is not None:
            return str(target)
        return self.query or self.slug

    subject.fget.short_description = _("subject")
