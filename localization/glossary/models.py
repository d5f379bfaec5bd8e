"""A glossary term: a city's own (`city` set) or shared by every city (`city` empty), with
its translation per target language.

A term is unique by its source text compared case-insensitively (`source_key`), its source
language and its glossary, so an import can never add the same term twice; a translation is
unique per term and language.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

SOURCE_MAX_LENGTH = 255


def source_key(text: str) -> str:
    """What makes two source terms the same term: the text, trimmed, case-folded."""
    return " ".join((text or "").split()).casefold()


class Term(ClusterableModel):
    city = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("city"),
        help_text=_("The city whose glossary holds the term; empty: the shared glossary."),
    )
    source = models.CharField(_("term"), max_length=SOURCE_MAX_LENGTH)
    source_key = models.CharField(max_length=SOURCE_MAX_LENGTH, editable=False)
    source_language = models.CharField(_("source language"), max_length=16)
    note = models.TextField(_("note"), blank=True)
    do_not_translate = models.BooleanField(
        _("do not translate"),
        default=False,
        help_text=_("Translations keep the term as it is (a name, a brand, an office)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("city"),
        FieldPanel("source"),
        FieldPanel("source_language"),
        FieldPanel("note"),
        FieldPanel("do_not_translate"),
        InlinePanel("translations", heading=_("Translations"), label=_("Translation")),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["source_key", "pk"]
        permissions = [("manage_shared_glossary", _("Can edit the shared glossary"))]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "source_language", "source_key"],
                condition=Q(city__isnull=False),
                name="unique_city_glossary_term",
                violation_error_message=_("The glossary already holds this term."),
            ),
            models.UniqueConstraint(
                fields=["source_language", "source_key"],
                condition=Q(city__isnull=True),
                name="unique_shared_glossary_term",
                violation_error_message=_("The shared glossary already holds this term."),
            ),
        ]

    def __str__(self):
        return self.source

    def save(self, *args, **kwargs):
        self.source = " ".join(self.source.split())
        self.source_key = source_key(self.source)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.source = " ".join((self.source or "").split())
        self.source_key = source_key(self.source)


class TermTranslation(Orderable):
    term = ParentalKey(Term, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=16)
    target = models.CharField(_("translation"), max_length=SOURCE_MAX_LENGTH)

    panels = [FieldPanel("language"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("term translation")
        verbose_name_plural = _("term translations")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "language"],
                name="unique_glossary_translation",
                violation_error_message=_("The term has a translation in this language already."),
            ),
        ]

    def __str__(self):
        return f"{self.language}: {self.target}"
