"""What changed in the source since a translation was made: segment by segment.

The translation's base is the source revision it was made from (stored on the status row);
its segments are extracted the same way wagtail-localize extracts them for translators, and
compared with the live source by segment path.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Revision
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

if TYPE_CHECKING:
    from django.db.models import Model

    from localization.models import TranslationStatus


#: How the diff page names each kind of change.
KIND_LABELS = {
    "changed": gettext_lazy("changed"),
    "added": gettext_lazy("added"),
    "removed": gettext_lazy("removed"),
}


@dataclass
class SegmentChange:
    path: str
    kind: str  # "changed", "added" or "removed"
    before: str
    after: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def inline_diff(self) -> SafeString:
        """Word-level diff as HTML with <del>/<ins>."""
        before, after = self.before.split(), self.after.split()
        parts = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("delete", "replace"):
                parts.append(f"<del>{escape(' '.join(before[i1:i2]))}</del>")
            if tag in ("insert", "replace"):
                parts.append(f"<ins>{escape(' '.join(after[j1:j2]))}</ins>")
            if tag == "equal":
                parts.append(escape(" ".join(before[i1:i2])))
        return mark_safe(" ".join(parts))


def segments_of(instance: Model) -> dict[str, str]:
    """Ordered (path, text) pairs of an object's translatable string segments."""
    segments = {}
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            text = strip_tags(segment.string.data)
            key = segment.path
            while key in segments:  # one field can give several segments on one path
                key += "+"
            segments[key] = text
    return segments


def diff_segments(before: dict[str, str], after: dict[str, str]) -> list[SegmentChange]:
    """Changes between two {path: text} mappings, in the order of `after` then removed ones."""
    changes = []
    for path, text in after.items():
        if path not in before:
            changes.append(SegmentChange(path, "added", "", text))
        elif before[path] != text:
            changes.append(SegmentChange(path, "changed", before[path], text))
    for path, text in before.items():
        if path not in after:
            changes.append(SegmentChange(path, "removed", text, ""))
    return changes


class BaseUnavailable(LookupError):
    """The source version the translation was made from is no longer stored."""


def changes_since_base(source_page: Page, row: TranslationStatus) -> list[SegmentChange]:
    """Segment changes between the source text the translation was based on and the live one."""
    base_id = row.based_on_revision_id or row.synced_revision_id
    revision = Revision.objects.filter(pk=base_id).first() if base_id else None
    if revision is None:
        raise BaseUnavailable(
            _(
                "The source version this translation was made from is not stored any more "
                "(it predates status tracking or its revision was purged)."
            )
        )
    return diff_segments(segments_of(revision.as_object()), segments_of(source_page.specific))
