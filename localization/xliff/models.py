"""The import log and the progress of background XLIFF jobs.

Rows live in the database (not in process memory) so any app server can show a job's progress
and the admin can answer "who imported what, when, with which result".
"""

from django.conf import settings
from django.db import models


class JobState(models.TextChoices):
    PREVIEW = "preview", "Preview (not applied)"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


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
        verbose_name = "XLIFF import"
        verbose_name_plural = "XLIFF imports"

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
    APPLIED = "applied", "Applied"
    UNCHANGED = "unchanged", "Unchanged"
    REJECTED = "rejected", "Rejected"
    PREVIEW = "preview", "Would apply"


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
