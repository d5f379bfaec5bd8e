"""Stored translation facts: one status row per (source object, target locale), plus the small
records that make the status recomputable from scratch (minor-edit flags, and which source
version a translation revision or a TranslationSource was cut from)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import Locale, Page, Revision

from localization.status import Status, share_of


def _revision_ref(**kwargs):
    """A revision id that survives `purge_revisions`: statuses compare ids, not content."""
    return models.ForeignKey(
        Revision,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **kwargs,
    )


class TranslationStatus(models.Model):
    """Status of a source object's translation into one of its city's languages.

    Keyed like wagtail-localize's TranslatableObject (content type + translation_key), so
    snippets can be tracked the same way; `source_page`/`translation_page` are filled for pages.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField()
    target_locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The city root (source locale) the object belongs to.",
    )
    source_page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    translation_page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MISSING)
    source_live = models.BooleanField(default=False)
    translation_live = models.BooleanField(default=False)
    in_translation = models.BooleanField(default=False)
    in_translation_since = models.DateTimeField(null=True, blank=True)
    source_revision = _revision_ref(help_text="The source's last real (not minor) change.")
    synced_revision = _revision_ref(
        help_text="The source's real change the live translation was last synced to."
    )
    based_on_revision = _revision_ref(
        help_text="The source revision whose text the live translation was made from."
    )
    translated_share = models.FloatField(
        null=True,
        blank=True,
        help_text=(
            "Share (0.0-1.0) of the live translation's segments that are really translated "
            "(not the source text as a fallback); empty without a live translation or when "
            "unknown."
        ),
    )
    machine_translated = models.BooleanField(
        default=False,
        help_text=(
            "The live translation's last synced revision holds machine-translated segments "
            "that no person has reviewed yet."
        ),
    )
    source_words = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "translation status"
        verbose_name_plural = "translation statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "translation_key", "target_locale"],
                name="unique_translation_status",
            ),
        ]
        indexes = [
            models.Index(fields=["city", "target_locale", "status"]),
            models.Index(fields=["translation_key", "target_locale"]),
        ]

    def __str__(self):
        return f"{self.translation_key} → {self.target_locale_id}: {self.status}"


class MinorEdit(models.Model):
    """Marks a source revision as a minor edit: publishing it leaves every status alone."""

    revision = models.OneToOneField(
        Revision, primary_key=True, on_delete=models.CASCADE, related_name="minor_edit"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"minor edit: revision {self.revision_id}"


class SyncedSource(models.Model):
    """Which source version a wagtail-localize TranslationSource's content was extracted from."""

    translation_source = models.OneToOneField(
        "wagtail_localize.TranslationSource",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_revision = _revision_ref()
    content_revision = _revision_ref()

    def __str__(self):
        return f"source {self.translation_source_id} at revision {self.source_revision_id}"


class TranslationBase(models.Model):
    """A translation revision and the source version it was made from.

    Publishing a tagged revision syncs the translation to `source_revision` and gives the
    translation the tag's translated share; publishing an untagged one (a hand edit) leaves the
    synced version and the share where they were. The segment counts are those of the
    TranslationSource the revision was written from, when it was written.
    """

    revision = models.OneToOneField(
        Revision, primary_key=True, on_delete=models.CASCADE, related_name="translation_base"
    )
    source_revision = _revision_ref()
    content_revision = _revision_ref()
    segments_total = models.PositiveIntegerField(null=True, blank=True)
    segments_translated = models.PositiveIntegerField(null=True, blank=True)
    segments_machine = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Of the translated segments, those machine translation wrote (unreviewed).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"revision {self.revision_id} made from source revision {self.source_revision_id}"

    @property
    def translated_share(self) -> float | None:
        if self.segments_total is None or self.segments_translated is None:
            return None
        return share_of(self.segments_translated, self.segments_total)

    @property
    def machine_translated(self) -> bool:
        return bool(self.segments_machine)
