"""The import log and the progress of background XLIFF jobs.

Rows live in the database (not in process memory) so any app server can show a job's progress
and the admin can answer "who imported what, when, with which result".
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from localization.tm.leverage import DEFAULT_LEVERAGE
from localization.xliff.options import LEVERAGE_CHOICES, PREFILL_CHOICES, UNITS_CHOICES


class JobState(models.TextChoices):
    PREVIEW = "preview", _("Preview (not applied)")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One upload (a file or a zip), previewed and/or applied by one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    upload_name = models.CharField(max_length=255)
    upload = models.BinaryField(blank=True, default=b"", editable=False)
    publish = models.BooleanField(default=False)
    via = models.CharField(max_length=20, default="admin")
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("XLIFF import")
        verbose_name_plural = _("XLIFF imports")

    def __str__(self):
        return f"{self.upload_name} ({self.get_state_display()})"

    @property
    def progress_percent(self):
        return int(100 * self.processed / self.total) if self.total else 0

    def outcome_counts(self):
        counts = {}
        for outcome in self.results.values_list("outcome", flat=True):
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts


class ImportOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    UNCHANGED = "unchanged", _("Unchanged")
    REJECTED = "rejected", _("Rejected")
    PREVIEW = "preview", _("Would apply")


class ImportFileResult(models.Model):
    """What happened to one XLIFF <file> of a batch."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="results")
    label = models.CharField(max_length=500)
    outcome = models.CharField(max_length=20, choices=ImportOutcome.choices)
    message = models.TextField(blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=20, blank=True)
    units_changed = models.PositiveIntegerField(default=0)
    units_stale = models.PositiveIntegerField(default=0)
    diff = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.label}: {self.outcome}"

    def labelled_diff(self):
        """The diff rows, each with `field_label`: the field as the page form names it, in
        the editor's language ("Inhalt" for `body`), then the rest of the segment's path."""
        model = self.page.specific_class if self.page is not None else None
        rows = []
        for change in self.diff:
            name, dot, rest = change["field"].partition(".")
            try:
                label = capfirst(model._meta.get_field(name).verbose_name) if model else name
            except FieldDoesNotExist:
                label = name
            rows.append({**change, "field_label": f"{label} › {rest}" if dot else label})
        return rows


class ExportJob(models.Model):
    """A batch export running in the background; the finished zip is kept for download."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    page_ids = models.JSONField(default=list)
    city = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Set for exports by status: the city root whose pages are selected.",
    )
    selection = models.CharField(
        max_length=200,
        blank=True,
        help_text="all / stale / a status: the pages of `city`, or a filter on `page_ids`.",
    )
    languages = models.JSONField(default=list)
    xliff_version = models.CharField(max_length=5, default="1.2")
    mark_in_translation = models.BooleanField(default=True)
    prefill = models.CharField(
        max_length=20,
        choices=PREFILL_CHOICES,
        default="existing",
        help_text="existing / source / none (see options).",
    )
    units = models.CharField(
        max_length=20, choices=UNITS_CHOICES, default="all", help_text="all / changed."
    )
    leverage = models.CharField(
        max_length=20,
        choices=LEVERAGE_CHOICES,
        default=DEFAULT_LEVERAGE,
        help_text="none / alt / prefill: translation-memory matches (see options).",
    )
    #: The export's analysis (localization.tm.analysis.as_record), once it is done.
    analysis = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(
        default=0, help_text="Pages (and other objects) in the finished file."
    )
    filename = models.CharField(max_length=255, blank=True)
    result = models.BinaryField(null=True, blank=True, editable=False)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"XLIFF export {self.pk} ({self.get_state_display()})"

    @property
    def progress_percent(self):
        return int(100 * self.processed / self.total) if self.total else 0
