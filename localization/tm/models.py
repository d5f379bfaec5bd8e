"""The translation memory: one entry per source string, language pair and place it was
translated (city and object), so that a lookup can prefer the same page, then the same city,
then the cities that share their memory."""

import hashlib
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


def text_hash(text: str) -> str:
    """The indexed key of a source text (exact lookups compare hashes, never long texts)."""
    return hashlib.sha256(text.encode()).hexdigest()


#: The origin of entries an imported TMX brought (other origins are translatable kind names:
#: "page", "event", "location"), and the origin key they share.
TMX_ORIGIN = "tmx"
TMX_KEY = uuid.UUID(int=0)


class TMEntry(models.Model):
    source_text = models.TextField()
    source_hash = models.CharField(max_length=64)
    source_length = models.PositiveIntegerField()
    source_language = models.CharField(max_length=16)
    target_language = models.CharField(max_length=16)
    target_text = models.TextField()
    city = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", help_text=_("The city root (source).")
    )
    #: A translatable kind's name ("page", "event", "location") or TMX_ORIGIN.
    origin = models.CharField(max_length=16)
    #: The translated object's translation key; TMX_KEY for a TMX import.
    origin_key = models.UUIDField()
    #: The source object's id, for links (a page id for pages).
    origin_object_id = models.PositiveIntegerField(null=True, blank=True)
    revision_id = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory entries")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "source_hash",
                    "source_language",
                    "target_language",
                    "city",
                    "origin",
                    "origin_key",
                ],
                name="unique_tm_entry",
            ),
        ]
        indexes = [
            models.Index(
                fields=["source_language", "target_language", "source_hash"], name="tm_exact"
            ),
            models.Index(
                fields=["source_language", "target_language", "source_length"], name="tm_band"
            ),
            models.Index(fields=["origin_key", "target_language"], name="tm_origin"),
        ]

    def __str__(self):
        return f"{self.source_text[:40]} → {self.target_text[:40]}"
