"""wagtail-localize's segments, read in bulk for many sources at once.

One query for the segments of every source in a batch and one per target locale for the
existing translations: the cost of an export or import grows with the number of pages, never
with the number of segments (compare wagtail-localize#932). `ingest_plans` reads what
`TranslationSource._get_segments_for_translation` reads for one source, for all of them.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    StringSegment,
    StringTranslation,
    TemplateSegment,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.strings import StringValue

from localization.xliff.codes import parse_segment_html

if TYPE_CHECKING:
    import uuid

    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource


@dataclass
class SegmentRow:
    """One translatable unit: a string in a context. Repeats of the pair collapse into one."""

    unit_id: str
    path: str
    field_path: str
    string_id: int
    context_id: int
    source_html: str
    order: int
    attrs: str = ""  # wagtail-localize's JSON of the link attributes, {"a1": {"href": …}}
    position: int = 0  # the string's index among its context's strings (a rich-text template's)

    def segment(self):
        return parse_segment_html(self.source_html)


@dataclass
class ExistingTranslation:
    id: int
    data: str
    translation_type: str
    has_error: bool


def unit_id_for(path_id: uuid.UUID, data_hash: uuid.UUID) -> str:
    """Stable while the source string and its place stay the same; changes when either does."""
    return f"u{path_id.hex[:12]}{data_hash.hex[:12]}"


def source_fingerprint(source: TranslationSource) -> str:
    return hashlib.sha256(source.content_json.encode()).hexdigest()[:16]


def segments_by_source(source_ids: list[int]) -> dict[int, list[SegmentRow]]:
    """{source_id: [SegmentRow, …]} in page order."""
    rows = defaultdict(list)
    seen = set()
    queryset = (
        StringSegment.objects.filter(source_id__in=source_ids)
        .order_by("source_id", "order")
        .values_list(
            "source_id",
            "order",
            "string_id",
            "string__data",
            "string__data_hash",
            "context_id",
            "context__path",
            "context__path_id",
            "context__field_path",
            "attrs",
        )
    )
    positions = defaultdict(int)
    for (
        source_id,
        order,
        string_id,
        data,
        data_hash,
        context_id,
        path,
        path_id,
        field_path,
        attrs,
    ) in queryset:
        position = positions[(source_id, context_id)]
        positions[(source_id, context_id)] += 1
        key = (source_id, context_id, string_id)
        if key in seen:
            continue
        seen.add(key)
        rows[source_id].append(
            SegmentRow(
                unit_id=unit_id_for(path_id, data_hash),
                path=path,
                field_path=field_path or path,
                string_id=string_id,
                context_id=context_id,
                source_html=data,
                order=order,
                attrs=attrs or "",
                position=position,
            )
        )
    return rows


def templates_by_context(source_ids: list[int]) -> dict[int, str]:
    """{context_id: rich-text template} of the sources, in one query."""
    return dict(
        TemplateSegment.objects.filter(source_id__in=source_ids).values_list(
            "context_id", "template__template"
        )
    )


def translations_for(
    object_ids: list, locale: Locale, *, contexts: set | None = None
) -> dict[tuple[int, int], ExistingTranslation]:
    """{(string_id, context_id): ExistingTranslation} for the objects in one target locale;
    with `contexts`, only those in these contexts (of the objects), read by their ids: no join
    that the planner could turn into a scan of the locale's every translation."""
    if contexts is not None:
        queryset = StringTranslation.objects.filter(context_id__in=contexts, locale=locale)
    else:
        queryset = StringTranslation.objects.filter(
            context__object_id__in=object_ids, locale=locale
        )
    queryset = queryset.values_list(
        "id", "translation_of_id", "context_id", "data", "translation_type", "has_error"
    )
    return {
        (string_id, context_id): ExistingTranslation(pk, data, kind, has_error)
        for pk, string_id, context_id, data, kind, has_error in queryset
    }


@dataclass
class IngestPlan:
    """A source's segments for one target locale, waiting for the translated strings."""

    strings: list = field(default_factory=list)  # (order, path, string_id, context_id, data, attrs)
    others: list = field(default_factory=list)  # template, related-object and override values

    def segments(self, translated):
        """The list `ingest_segments` takes; `translated` maps (string_id, context_id) to the
        translation, and strings without one fall back to the source text."""
        strings = [
            StringSegmentValue(
                path,
                StringValue(translated.get((string_id, context_id), data)),
                attrs=json.loads(attrs),
            ).with_order(order)
            for order, path, string_id, context_id, data, attrs in self.strings
        ]
        return strings + self.others


def ingest_plans(source_ids: list[int], locale: Locale) -> dict[int, IngestPlan]:
    """{source_id: IngestPlan} for translating these sources into `locale`."""
    plans = defaultdict(IngestPlan)
    strings = (
        StringSegment.objects.filter(source_id__in=source_ids)
        .order_by("source_id", "order")
        .values_list(
            "source_id",
            "order",
            "context__path",
            "string_id",
            "context_id",
            "string__data",
            "attrs",
        )
    )
    for source_id, *string in strings:
        plans[source_id].strings.append(tuple(string))
    templates = (
        TemplateSegment.objects.filter(source_id__in=source_ids)
        .select_related("template", "context")
        .order_by("order")
    )
    for segment in templates:
        template = segment.template
        plans[segment.source_id].others.append(
            TemplateSegmentValue(
                segment.context.path,
                template.template_format,
                template.template,
                template.string_count,
                order=segment.order,
            )
        )
    related = (
        RelatedObjectSegment.objects.filter(source_id__in=source_ids)
        .select_related("object", "context")
        .order_by("order")
    )
    for segment in related:
        if segment.object.has_translation(locale):  # otherwise the target keeps its own
            plans[segment.source_id].others.append(
                RelatedObjectSegmentValue(
                    segment.context.path,
                    segment.object.content_type,
                    segment.object.translation_key,
                    order=segment.order,
                )
            )
    overrides = (
        OverridableSegment.objects.filter(source_id__in=source_ids)
        .annotate_override_json(locale)
        .filter(override_json__isnull=False)
        .select_related("context")
        .order_by("order")
    )
    for segment in overrides:
        plans[segment.source_id].others.append(
            OverridableSegmentValue(
                segment.context.path, json.loads(segment.override_json), order=segment.order
            )
        )
    return {source_id: plans[source_id] for source_id in source_ids}
