"""Machine translation's records: which backend a city uses per language, its character
budget, and the jobs (with their progress)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page


class MachineTranslationConfig(models.Model):
    """A city machine-translates into `language` with the backend `backend` (one of
    settings.CITYGUIDE_MT_BACKENDS: the keys and URLs live there, never here)."""

    city = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("city")
    )
    language = models.ForeignKey(
        Locale, on_delete=models.CASCADE, related_name="+", verbose_name=_("language")
    )
    backend = models.CharField(_("backend"), max_length=50)

    class Meta:
        verbose_name = _("machine translation setting")
        verbose_name_plural = _("machine translation settings")
        constraints = [
            models.UniqueConstraint(fields=["city", "language"], name="unique_mt_config"),
        ]

    def __str__(self):
        return f"{self.city_id} → {self.language_id}: {self.backend}"


def machine_translation_set_up(city="city_id", language="target_locale_id"):
    """An annotation: whether the row's city machine-translates into the row's language (the
    names of the row's city and language id fields)."""
    return models.Exists(
        MachineTranslationConfig.objects.filter(
            city_id=models.OuterRef(city), language_id=models.OuterRef(language)
        )
    )


class TranslationBudget(models.Model):
    """A city's machine translation characters: `monthly_characters` each period, starting on
    `renewal_day` of each month, plus bought top-ups, which last until they are used.

    Usage is taken from the month's allowance first, then from the top-ups; it is changed only
    by `localization.mt.budget`, under a row lock."""

    city = models.OneToOneField(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("city")
    )
    monthly_characters = models.PositiveIntegerField(_("characters per month"), default=0)
    renewal_day = models.PositiveSmallIntegerField(
        _("renewal day"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the month (1–28) on which the monthly characters renew."),
    )
    period_start = models.DateField(_("current period since"), null=True, blank=True)
    used_characters = models.PositiveIntegerField(_("characters used this period"), default=0)
    top_up_characters = models.PositiveIntegerField(_("top-up characters left"), default=0)

    class Meta:
        verbose_name = _("machine translation budget")
        verbose_name_plural = _("machine translation budgets")

    def __str__(self):
        return f"budget of city {self.city_id}"

    @property
    def remaining(self) -> int:
        return max(self.monthly_characters - self.used_characters, 0) + self.top_up_characters


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MachineTranslationJob(models.Model):
    """One machine translation run: a city's pages into one language. Progress is counted in
    pages; `characters` is what the backend was charged for."""

    city = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_ids = models.JSONField(default=list, blank=True)
    statuses = models.JSONField(default=list, blank=True)
    backend = models.CharField(max_length=50, blank=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    segments_machine = models.PositiveIntegerField(default=0)
    segments_memory = models.PositiveIntegerField(default=0)
    segments_rejected = models.PositiveIntegerField(default=0)
    characters = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"machine translation job {self.pk} ({self.state})"
