"""Open QA findings, one row per (translation, segment, fact): what the publish gate reads and
the report lists. A row is keyed like `localization.models.TranslationStatus` (content type +
translation key + target locale) and carries the city, so a city's findings are one query."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from localization.qa.checks import BLOCKING, CHECKS, WARNING, message_for


class QAFindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(overridden_at__isnull=True)

    def blocking(self):
        return self.open().filter(severity=BLOCKING)


class QAFinding(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField()
    target_locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    source_page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    string_id = models.PositiveBigIntegerField(help_text="wagtail-localize String id.")
    context_id = models.PositiveBigIntegerField(help_text="wagtail-localize TranslationContext id.")
    segment = models.CharField(max_length=255, help_text="Where the segment is (field and block).")
    code = models.CharField(max_length=32, choices=[(code, code) for code in CHECKS])
    severity = models.CharField(
        max_length=10, choices=[(BLOCKING, _("blocking")), (WARNING, _("warning"))]
    )
    fact = models.CharField(max_length=500, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QAFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("QA finding")
        verbose_name_plural = _("QA findings")
        indexes = [
            models.Index(fields=["translation_key", "target_locale"]),
            models.Index(fields=["city", "target_locale"]),
        ]

    def __str__(self):
        return f"{self.segment}: {self.message}"

    @property
    def message(self):
        return message_for(self.code, self.fact)

    @property
    def blocking(self):
        return self.severity == BLOCKING

    @property
    def key(self):
        """What a finding is about: an override survives a refresh that finds it again."""
        return (self.string_id, self.context_id, self.code, self.fact)
