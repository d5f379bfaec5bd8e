"""Local news: short, translatable notices a city publishes, optionally sent as push messages.

A news item is a translatable snippet of one city, like an event (`guides.events.models`): the
source-locale copy names the source city root, and every language's copy shares it. Each
language's copy is sent on its own (to the app topic `{city}-{lang}-news`), so each has its
own `PushDelivery` row telling the editor whether it went out.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from guides.blocks import RICH_TEXT_FEATURES
from guides.events.models import CityOwned

#: Integreat's only push-notification channel for local news.
NEWS_CHANNEL = "news"


class NewsItem(TranslatableMixin, DraftStateMixin, RevisionMixin, CityOwned, index.Indexed):
    title = models.CharField(_("title"), max_length=255)
    content = RichTextField(_("content"), features=RICH_TEXT_FEATURES, blank=True)
    date = models.DateTimeField(
        _("date"), default=timezone.now, help_text=_("The date the app shows for this news.")
    )
    expiry_date = models.DateField(
        _("show until"),
        null=True,
        blank=True,
        help_text=_("The last day the app lists it. Leave empty to keep it listed."),
    )
    send_push_notification = models.BooleanField(
        _("send a push notification"),
        default=False,
        help_text=_(
            "When a language's copy is published, send it once to the app users who "
            "subscribed to this city's news in that language."
        ),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="news_item")

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("content"),
        SynchronizedField("city"),
        SynchronizedField("date"),
        SynchronizedField("expiry_date"),
        SynchronizedField("send_push_notification"),
    ]
    panels = [
        FieldPanel("city"),
        FieldPanel("title"),
        FieldPanel("content"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("expiry_date"), FieldPanel("send_push_notification")],
            heading=_("Publishing"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("city"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-date", "-pk"]
        permissions = [("publish_newsitem", "Can publish news item")]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def is_expired(self, today=None):
        today = today or timezone.localdate()
        return self.expiry_date is not None and self.expiry_date < today


class PushState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    NOT_CONFIGURED = "not_configured", _("not configured")


class PushDelivery(models.Model):
    """The push notification of one language's copy of a news item, and how it went."""

    news_item = models.OneToOneField(
        NewsItem, on_delete=models.CASCADE, related_name="push_delivery"
    )
    topic = models.CharField(_("topic"), max_length=255)
    state = models.CharField(_("state"), max_length=20, choices=PushState.choices)
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    message_name = models.CharField(
        _("FCM message name"), max_length=255, blank=True, help_text=_("FCM's id of the message.")
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("push delivery")
        verbose_name_plural = _("push deliveries")

    def __str__(self):
        return f"{self.topic}: {self.get_state_display()}"
