"""The stored findings of a translation: computed from its segments with `checks`, refreshed
when a translation is written (XLIFF import, the translation editor's saves), read by the
publish gate, the report and the command.

A refresh replaces the open findings of the segments it looked at; an override (a person with
publish rights accepted the finding) survives while the same finding (segment, check, fact)
is found again, and goes when the fact is fixed."""

from dataclasses import dataclass

from django.db.models import Q

from localization.glossary.lookup import terms_for as glossary_terms
from localization.models import TranslationStatus
from localization.qa.checks import check_segment
from localization.qa.models import QAFinding


@dataclass(frozen=True)
class SegmentText:
    """A translated segment and its source, as the checks need them."""

    string_id: int
    context_id: int
    label: str  # the segment's path; `store` makes it readable
    source_html: str
    target_html: str


@dataclass(frozen=True)
class Owner:
    """Whose findings: a translation (object key, target locale) and its city."""

    content_type_id: int
    translation_key: object
    locale_id: int
    city_id: int
    source_page_id: int | None = None


def terms_for(city_id, source_language, target_language):
    """The glossary terms the checks get for a city and language pair (the city's and the
    shared ones, each with `.source` and `.do_not_translate`): the one place where the
    glossary is wired in. One query."""
    return glossary_terms(city_id, source_language, target_language)


def compute(segments, *, source_language, target_language, terms=()):
    """[(SegmentText, Finding)] of translated segments, in segment order."""
    return [
        (segment, finding)
        for segment in segments
        for finding in check_segment(
            segment.source_html,
            segment.target_html,
            source_language=source_language,
            target_language=target_language,
            terms=terms,
        )
    ]


def store(owner, computed, *, segments=None, label=str):
    """Replace the owner's findings by `computed` (for the segments `segments`, a set of
    (string id, context id); None: all of the translation's). Returns the open findings
    among them. `label(path)` names a segment with a finding (“Body › Paragraph 2”).
    A finding stored already, overridden or the same in every column, stays as it is, so
    that storing the same findings again (an import of unchanged text) writes nothing.
    At most three statements: read, delete, insert."""
    rows = QAFinding.objects.filter(
        translation_key=owner.translation_key, target_locale_id=owner.locale_id
    )
    if segments is not None:
        if not segments:
            return []
        condition = Q()
        for string_id, context_id in segments:
            condition |= Q(string_id=string_id, context_id=context_id)
        rows = rows.filter(condition)
    wanted = {}
    for segment, finding in computed:
        key = (segment.string_id, segment.context_id, finding.code, finding.fact)
        wanted.setdefault(
            key,
            QAFinding(
                content_type_id=owner.content_type_id,
                translation_key=owner.translation_key,
                target_locale_id=owner.locale_id,
                city_id=owner.city_id,
                source_page_id=owner.source_page_id,
                string_id=segment.string_id,
                context_id=segment.context_id,
                segment=label(segment.label)[:255],
                code=finding.code,
                severity=finding.severity,
                fact=finding.fact[:500],
            ),
        )
    kept, stale = {}, []
    for row in rows.only("id", *KEPT_IF_EQUAL, "overridden_at"):
        new = wanted.get(row.key)
        if new is not None and row.key not in kept and (row.overridden_at or _same(row, new)):
            kept[row.key] = row
        else:
            stale.append(row.id)
    if stale:
        QAFinding.objects.filter(id__in=stale).delete()
    QAFinding.objects.bulk_create([new for key, new in wanted.items() if key not in kept])
    return [
        kept.get(key, new)
        for key, new in wanted.items()
        if not getattr(kept.get(key), "overridden_at", None)
    ]


#: The columns a stored finding must share with a computed one to stay.
KEPT_IF_EQUAL = (
    "content_type_id",
    "city_id",
    "source_page_id",
    "string_id",
    "context_id",
    "segment",
    "code",
    "severity",
    "fact",
)


def _same(row, new):
    return all(getattr(row, name) == getattr(new, name) for name in KEPT_IF_EQUAL)


def owner_for(translation_key, locale_id):
    """The Owner of a tracked translation (its status row knows the city), or None for an
    object outside any city."""
    row = (
        TranslationStatus.objects.filter(
            translation_key=translation_key, target_locale_id=locale_id
        )
        .values("content_type_id", "city_id", "source_page_id")
        .first()
    )
    if row is None:
        return None
    return Owner(
        row["content_type_id"], translation_key, locale_id, row["city_id"], row["source_page_id"]
    )


def open_findings(translation_key, locale_id):
    return QAFinding.objects.open().filter(
        translation_key=translation_key, target_locale_id=locale_id
    )


def blocking_findings(translation_key, locale_id):
    return (
        QAFinding.objects.blocking()
        .filter(translation_key=translation_key, target_locale_id=locale_id)
        .order_by("segment", "id")
    )


def describe(findings, limit=5):
    """“Body › Paragraph 2: the phone number 0821 324-0 is missing; …” for a message."""
    findings = list(findings)
    parts = [f"{f.segment}: {f.message}" for f in findings[:limit]]
    if len(findings) > limit:
        parts.append("…")
    return "; ".join(parts)
