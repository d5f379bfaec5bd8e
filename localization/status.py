"""The one rule deciding a translation's status.

Every stored status in `TranslationStatus.status` is written by `decide_status`; nothing else
decides. Callers gather the facts (is there a live translation, is it out with a translator,
which source version is current, which source version the translation matches) and ask here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from localization.models import TranslationStatus


class Status(models.TextChoices):
    MISSING = "missing", _("Missing")
    IN_TRANSLATION = "in_translation", _("In translation")
    OUTDATED = "outdated", _("Outdated")
    INCOMPLETE = "incomplete", _("Incomplete")
    MACHINE_TRANSLATED = "machine_translated", _("Needs review")
    UP_TO_DATE = "up_to_date", _("Up to date")


def decide_status(
    *,
    translation_live: bool,
    in_translation: bool,
    source_revision_id: int | None,
    synced_revision_id: int | None,
    translated_share: float | None,
    machine_translated: bool = False,
) -> Status:
    """Status of one (source object, target locale) pair.

    - in_translation wins: the work is out with a translator, whatever the page looks like now.
    - Without a live translation (none, a draft, an alias or unpublished) readers get nothing.
    - A live translation not synced to the source's last real change (minor edits never move
      `source_revision_id`) is outdated.
    - A live, synced translation is up to date only when every segment is translated
      (`translated_share` 1.0); otherwise readers see source text in places: incomplete. An
      unknown share (None) is not a complete one.
    - A complete, synced translation that machine translation filled (some of its live
      segments are wagtail-localize StringTranslations of type "machine") needs a person's
      review: machine_translated, until a person reviews it (edits those segments and
      publishes, or marks it reviewed).
    """
    if in_translation:
        return Status.IN_TRANSLATION
    if not translation_live:
        return Status.MISSING
    if synced_revision_id != source_revision_id:
        return Status.OUTDATED
    if translated_share is None or translated_share < 1.0:
        return Status.INCOMPLETE
    if machine_translated:
        return Status.MACHINE_TRANSLATED
    return Status.UP_TO_DATE


def share_of(translated: int, total: int) -> float:
    """The share of segments translated; a source without segments is complete."""
    return translated / total if total else 1.0


def share_percent(share: float | None) -> int | None:
    """A translated share as a whole percentage, rounded down: 99.6 % is not 100 %."""
    return None if share is None else int(share * 100)


def apply_rule(row: TranslationStatus) -> bool:
    """Set `row.status` from the facts stored on a TranslationStatus row; True if it changed."""
    status = decide_status(
        translation_live=row.translation_live,
        in_translation=row.in_translation,
        source_revision_id=row.source_revision_id,
        synced_revision_id=row.synced_revision_id,
        translated_share=row.translated_share,
        machine_translated=row.machine_translated,
    )
    changed = row.status != status
    row.status = status
    return changed
