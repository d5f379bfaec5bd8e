"""Refresh wagtail-localize TranslationSources for many objects with set-based queries.

`TranslationSource.update_or_create_from_instance` ends in `refresh_segments`, which costs
several get_or_create queries per segment (wagtail-localize#932): a 500-page export would spend
most of its time there. Here the sources, Strings, contexts, templates and segments of all
changed sources are written in a few bulk statements, and the status tracking is told which
source version each source now carries (what its post_save receiver does for a single save).
The result is the same set of rows wagtail-localize's own refresh leaves behind.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import Page
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    String,
    StringSegment,
    Template,
    TemplateSegment,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
    get_schema_version,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments

from localization import tracking

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model


@contextlib.contextmanager
def _comments_read_once(instances):
    """A page's content JSON holds its comments (modelcluster's `to_json`), read with one
    query per page: read here for all of the pages at once, and forgotten again when the
    block ends, so that nothing later (a copy of the page, its save) sees them."""
    pages = [
        instance
        for instance in instances
        if isinstance(instance, Page)
        and COMMENTS_RELATION_NAME not in getattr(instance, "_prefetched_objects_cache", {})
    ]
    prefetch_related_objects(pages, COMMENTS_RELATION_NAME)
    try:
        yield
    finally:
        for page in pages:
            page._prefetched_objects_cache.pop(COMMENTS_RELATION_NAME, None)


def _content_json(instance):
    if isinstance(instance, ClusterableModel):
        return instance.to_json()
    return json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)


def _canonical(content_json):
    """Content for comparison: StreamFields are JSON strings inside the JSON, and PostgreSQL
    (jsonb) hands their keys back in another order than the in-memory value has them."""
    data = json.loads(content_json)
    for key, value in data.items():
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                data[key] = json.loads(value)
    return data


def _translatable_objects(instances):
    """{translation_key: TranslatableObject}, creating the missing ones in one statement."""
    wanted = {}
    for instance in instances:
        content_type = ContentType.objects.get_for_model(instance.get_translation_model())
        wanted[instance.translation_key] = content_type
    found = {
        obj.translation_key: obj
        for obj in TranslatableObject.objects.filter(translation_key__in=wanted)
    }
    missing = [
        TranslatableObject(translation_key=key, content_type=ct)
        for key, ct in wanted.items()
        if key not in found
    ]
    if missing:
        TranslatableObject.objects.bulk_create(missing, ignore_conflicts=True)
        found.update(
            {
                obj.translation_key: obj
                for obj in TranslatableObject.objects.filter(
                    translation_key__in=[m.translation_key for m in missing]
                )
            }
        )
    return found


def object_key(instance: Model) -> tuple[str, int]:
    """Pages and snippets can share primary keys; this cannot."""
    return (instance._meta.label_lower if not isinstance(instance, Page) else "page", instance.pk)


def refresh_sources(
    instances: Iterable[Model], *, only_existing: bool = False
) -> dict[tuple[str, int], TranslationSource]:
    """{object_key: TranslationSource} brought in line with the given (live) instances; with
    `only_existing`, only those that already have a TranslationSource (the others are left
    out). TranslatableObjects are looked up only for the sources to create."""
    instances = [i.specific if isinstance(i, Page) else i for i in instances]
    existing = {
        (source.object_id, source.locale_id): source
        for source in TranslationSource.objects.filter(
            object_id__in={i.translation_key for i in instances},
            locale_id__in={i.locale_id for i in instances},
        )
    }
    if only_existing:
        instances = [i for i in instances if (i.translation_key, i.locale_id) in existing]
    sources, changed, created = {}, [], []
    with _comments_read_once(instances):
        contents = [_content_json(instance) for instance in instances]
    for instance, content_json in zip(instances, contents, strict=True):
        source = existing.get((instance.translation_key, instance.locale_id))
        if source is not None and _canonical(content_json) == _canonical(source.content_json):
            sources[object_key(instance)] = source
            continue
        if source is None:
            source = TranslationSource(
                object_id=instance.translation_key,
                locale_id=instance.locale_id,
                specific_content_type=ContentType.objects.get_for_model(instance.__class__),
            )
            created.append(source)
        source.content_json = content_json
        source.object_repr = str(instance)[:200]
        source.schema_version = _schema_version(instance._meta.app_label)
        source.last_updated_at = timezone.now()
        sources[object_key(instance)] = source
        changed.append((source, instance))
    if changed:
        with transaction.atomic():
            if created:  # their TranslatableObjects, before the sources that point at them
                _translatable_objects([i for source, i in changed if source.pk is None])
            _save_sources(changed, created)
            _write_segments(changed)
            tracking.record_source_snapshots(changed)
    return sources


_SCHEMA_VERSIONS: dict[str, str] = {}


def _schema_version(app_label):
    """wagtail-localize's `get_schema_version` (the app's last applied migration), asked once
    per process: it changes only when migrations run, and `forget_schema_versions` runs then."""
    if app_label not in _SCHEMA_VERSIONS:
        _SCHEMA_VERSIONS[app_label] = get_schema_version(app_label)
    return _SCHEMA_VERSIONS[app_label]


def forget_schema_versions(**kwargs):
    """post_migrate receiver: the apps' last migrations may have changed."""
    _SCHEMA_VERSIONS.clear()


def _save_sources(changed, created):
    """New sources in one insert, changed ones one plain UPDATE each (bulk_update's CASE over
    large JSON texts costs more). No post_save: the status snapshot is recorded by the caller."""
    TranslationSource.objects.bulk_create(created)
    new = {id(source) for source in created}
    for source, _instance in changed:
        if id(source) not in new:
            TranslationSource.objects.filter(pk=source.pk).update(
                content_json=source.content_json,
                object_repr=source.object_repr,
                schema_version=source.schema_version,
                last_updated_at=source.last_updated_at,
            )


def _write_segments(changed):
    extracted = [(source, list(extract_segments(instance))) for source, instance in changed]
    strings = _strings(extracted)
    contexts = _contexts(extracted, {source.object_id: inst for source, inst in changed})
    templates = _templates(extracted)
    source_ids = [source.pk for source, _values in extracted]
    for model in (StringSegment, TemplateSegment, RelatedObjectSegment, OverridableSegment):
        model.objects.filter(source_id__in=source_ids).delete()
    rows = {
        StringSegment: [],
        TemplateSegment: [],
        RelatedObjectSegment: [],
        OverridableSegment: [],
    }
    for source, values in extracted:
        for value in values:
            common = {
                "source": source,
                "order": value.order,
                "context_id": contexts[(source.object_id, value.path)],
            }
            if isinstance(value, TemplateSegmentValue):
                rows[TemplateSegment].append(
                    TemplateSegment(template_id=templates[_template_uuid(value)], **common)
                )
            elif isinstance(value, RelatedObjectSegmentValue):
                related, _created = TranslatableObject.objects.get_or_create(
                    content_type=value.content_type, translation_key=value.translation_key
                )
                rows[RelatedObjectSegment].append(RelatedObjectSegment(object=related, **common))
            elif isinstance(value, OverridableSegmentValue):
                rows[OverridableSegment].append(
                    OverridableSegment(
                        data_json=json.dumps(value.data, cls=DjangoJSONEncoder), **common
                    )
                )
            else:
                rows[StringSegment].append(
                    StringSegment(
                        string_id=strings[
                            (source.locale_id, String._get_data_hash(value.string.data))
                        ],
                        attrs=json.dumps(value.attrs, cls=DjangoJSONEncoder),
                        **common,
                    )
                )
    for model, objs in rows.items():
        if objs:
            model.objects.bulk_create(objs)


def _strings(extracted):
    wanted = {}
    for source, values in extracted:
        for value in values:
            if not isinstance(
                value, TemplateSegmentValue | RelatedObjectSegmentValue | OverridableSegmentValue
            ):
                key = (source.locale_id, String._get_data_hash(value.string.data))
                wanted[key] = value.string.data
    return _get_or_create_many(
        String,
        wanted,
        lambda key, data: String(locale_id=key[0], data_hash=key[1], data=data),
        lambda qs, keys: qs.filter(
            locale_id__in={k[0] for k in keys}, data_hash__in={k[1] for k in keys}
        ),
        lambda obj: (obj.locale_id, obj.data_hash),
        ["locale", "data_hash"],
    )


def _new_context(key, pair, instances):
    """An unsaved context with its field path filled in by wagtail-localize's own logic."""
    context = TranslationContext(object_id=key[0], path_id=key[1], path=pair[1], field_path="")
    context.save = lambda *args, **kwargs: None  # get_field_path saves; the bulk insert does
    try:
        context.get_field_path(instances[key[0]])
    except (KeyError, AttributeError, LookupError, ValueError):
        context.field_path = ""  # filled in lazily by wagtail-localize when it needs it
    del context.save
    return context


def _contexts(extracted, instances):
    wanted = {
        (source.object_id, value.path): value.path
        for source, values in extracted
        for value in values
    }
    by_path_id = {}
    for object_id, path in wanted:
        by_path_id[(object_id, TranslationContext._get_path_id(path))] = (object_id, path)
    created = _get_or_create_many(
        TranslationContext,
        by_path_id,
        lambda key, pair: _new_context(key, pair, instances),
        lambda qs, keys: qs.filter(
            object_id__in={k[0] for k in keys}, path_id__in={k[1] for k in keys}
        ),
        lambda obj: (obj.object_id, obj.path_id),
        ["object", "path_id"],
    )
    return {pair: created[key] for key, pair in by_path_id.items()}


def _template_uuid(value):
    namespace = uuid.uuid5(Template.BASE_UUID_NAMESPACE, value.format)
    return uuid.uuid5(namespace, value.template)


def _templates(extracted):
    wanted = {
        _template_uuid(v): v
        for _s, values in extracted
        for v in values
        if isinstance(v, TemplateSegmentValue)
    }
    return _get_or_create_many(
        Template,
        wanted,
        lambda key, v: Template(
            uuid=key, template=v.template, template_format=v.format, string_count=v.string_count
        ),
        lambda qs, keys: qs.filter(uuid__in=keys),
        lambda obj: obj.uuid,
        ["uuid"],
    )


def _get_or_create_many(model, wanted, build, narrow, key_of, unique_fields):
    """{key: pk} for every wanted key: one read, then one upsert of the missing that hands
    their ids back (a row another transaction inserted meanwhile is "updated" to the same
    value of its first unique field, so its id comes back too)."""
    if not wanted:
        return {}
    found = {
        key_of(obj): obj.pk
        for obj in narrow(model.objects.all(), list(wanted))
        if key_of(obj) in wanted
    }
    missing = [key for key in wanted if key not in found]
    if missing:
        objs = [build(key, wanted[key]) for key in missing]
        if connection.features.can_return_rows_from_bulk_insert:
            model.objects.bulk_create(
                objs,
                update_conflicts=True,
                unique_fields=unique_fields,
                update_fields=[unique_fields[0]],
            )
            found.update({key_of(obj): obj.pk for obj in objs})
        else:  # no RETURNING: insert what is missing, then read the ids
            model.objects.bulk_create(objs, ignore_conflicts=True)
            found.update(
                {
                    key_of(obj): obj.pk
                    for obj in narrow(model.objects.all(), missing)
                    if key_of(obj) in wanted
                }
            )
    return found


def refresh_published(instance: Model) -> None:
    """A source was published with a real change: if wagtail-localize already holds a
    TranslationSource for it, bring its strings up to date, so "Edit translation" shows the new
    source text (no "Sync translated pages"). The worker runs it (localization.xliff.tasks)."""
    refresh_sources([instance], only_existing=True)
