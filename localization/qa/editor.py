"""Findings for wagtail-localize's translation editor: the open findings of one translation,
each placed on the editor's segment (a StringSegment of the translation's source) whose
translation it is about. The editor's script (`static/qa/editor_findings.js`) reads them from
`views.translation_findings` when the editor opens and after each save of a segment (a save
refreshes that segment's findings, see `signals`)."""

from wagtail_localize.models import StringSegment, Translation

from localization.qa.findings import open_findings, owner_for


def city_id_of(translation):
    """The city of a wagtail-localize Translation (its status row knows it), or None for an
    object outside any city. One query."""
    owner = owner_for(translation.source.object_id, translation.target_locale_id)
    return owner.city_id if owner is not None else None


def editor_translation(obj):
    """The enabled wagtail-localize Translation that opens the translated `obj` in the
    translation editor (as wagtail-localize's edit hooks decide), or None. One query."""
    return (
        Translation.objects.filter(
            source__object_id=obj.translation_key, target_locale_id=obj.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )


def editor_findings(translation):
    """[{segment_id, segment, severity, blocking, message}] of the translation's open
    findings, in segment order; `segment_id` is the editor's segment (None when the source no
    longer has that segment). Two queries."""
    segment_ids = {
        (string_id, context_id): pk
        for pk, string_id, context_id in StringSegment.objects.filter(
            source_id=translation.source_id
        ).values_list("pk", "string_id", "context_id")
    }
    findings = open_findings(translation.source.object_id, translation.target_locale_id)
    return [
        {
            "segment_id": segment_ids.get((finding.string_id, finding.context_id)),
            "segment": finding.segment,
            "code": finding.code,
            "severity": finding.severity,
            "blocking": finding.blocking,
            "message": finding.message,
        }
        for finding in findings.order_by("segment", "id")
    ]
