"""The XLIFF import's QA step: one call in the importer's publish decision.

The file's translated segments (what was there plus what the file brings) are checked and the
translation's findings stored, in the file's transaction (a preview rolls them back). An open
blocking finding turns a publish into a draft: the file's message names the findings, and the
import command exits non-zero."""

from django.utils.translation import gettext as _
from wagtail.models import Page

from localization.qa import findings
from localization.registry import kind_of
from localization.segment_labels import label_for_path


def check_import(found, planned, result, *, publish, terms=None):
    """Check and store the findings of the file's translation; return whether to publish.
    `terms`: the glossary terms for the file's city and languages, when read already."""
    translation, instance = found.translation, found.instance
    locale = translation.target_locale
    texts = {key: old.data for key, old in found.existing.items() if not old.has_error}
    texts.update(((row.string_id, row.context_id), new_html) for row, _old, new_html in planned)
    segments = [
        findings.SegmentText(
            row.string_id,
            row.context_id,
            row.path,
            row.source_html,
            texts[row.string_id, row.context_id],
        )
        for row in found.rows
        if (row.string_id, row.context_id) in texts
    ]
    source_language = translation.source.locale.language_code
    computed = findings.compute(
        segments,
        source_language=source_language,
        target_language=locale.language_code,
        terms=findings.terms_for(found.city.pk, source_language, locale.language_code)
        if terms is None
        else terms,
    )
    owner = findings.Owner(
        kind_of(instance).content_type().pk,
        instance.translation_key,
        locale.pk,
        found.city.pk,
        instance.pk if isinstance(instance, Page) else None,
    )
    result.qa_findings = findings.store(
        owner, computed, label=lambda path: label_for_path(instance, path)
    )
    blocking = [finding for finding in result.qa_findings if finding.blocking]
    result.qa_blocked = bool(publish and blocking)
    return publish and not blocking


def notes(result):
    """The parts of a file's message about its QA findings."""
    found = getattr(result, "qa_findings", None) or []
    if not found:
        return []
    blocking = [f for f in found if f.blocking]
    warnings = [f for f in found if not f.blocking]
    parts = []
    if result.qa_blocked:
        parts.append(
            _("not published, saved as a draft only: %(count)d blocking QA finding(s): %(list)s")
            % {"count": len(blocking), "list": findings.describe(blocking)}
        )
    elif blocking:
        parts.append(
            _("%(count)d blocking QA finding(s), publishing is refused until fixed: %(list)s")
            % {"count": len(blocking), "list": findings.describe(blocking)}
        )
    if warnings:
        parts.append(
            _("%(count)d QA warning(s): %(list)s")
            % {"count": len(warnings), "list": findings.describe(warnings)}
        )
    return parts
