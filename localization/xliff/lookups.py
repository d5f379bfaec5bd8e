"""What the importer reads before it writes, for a batch of files in a few queries.

For every file: its translation, the source object, the city it belongs to (with the city's
languages), the TranslationSource refreshed from the live source, the source's segments and
the translations that exist for them. Read one file at a time this costs about fifteen queries
per file; read for a batch it costs about fifteen in all.

A file whose translation already came up earlier in the batch is read again on its own: the
earlier file may have changed what it would find.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import Translation

from localization.registry import kind_of
from localization.xliff import adapter as seg
from localization.xliff.adapter import object_key, refresh_sources


@dataclass
class Found:
    """What exists for one file's translation id; `instance` is None when the source is gone."""

    translation: Translation
    instance: object
    city: object  # the source-locale city, None outside any city
    city_language_ids: set
    source: object  # TranslationSource, refreshed from `instance`
    rows: list  # SegmentRow
    existing: dict  # (string_id, context_id) -> ExistingTranslation
    plan: seg.IngestPlan | None  # the segments to rebuild the target from


class Lookups:
    def __init__(self, xfiles):
        with transaction.atomic():
            self._found = _load([xfile.meta.translation_id for xfile in xfiles])
        self._taken = set()

    def find(self, translation_id):
        """The Found for a translation id, or None if no such translation exists."""
        if translation_id in self._taken:
            return find_one(translation_id)
        self._taken.add(translation_id)
        return self._found.get(translation_id)


def find_one(translation_id):
    return _load([translation_id]).get(translation_id)


def _valid_uuid(value):
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _load(translation_ids):
    wanted = {_valid_uuid(value): value for value in translation_ids}
    wanted.pop(None, None)
    translations = {
        wanted[str(t.uuid)]: t
        for t in Translation.objects.select_related("source__locale", "target_locale").filter(
            uuid__in=list(wanted)
        )
    }
    instances = _source_instances([t.source for t in translations.values()])
    sources = refresh_sources(list(instances.values())) if instances else {}
    rows = seg.segments_by_source([source.pk for source in sources.values()])
    by_locale = _sources_by_target_locale(translations.values(), instances, sources)
    existing = {
        locale.pk: seg.translations_for([s.object_id for s in group], locale)
        for locale, group in by_locale.items()
    }
    plans = {
        locale.pk: seg.ingest_plans([s.pk for s in group], locale)
        for locale, group in by_locale.items()
    }
    cities = _cities(instances.values())
    found = {}
    for key, translation in translations.items():
        instance = instances.get(translation.source_id)
        if instance is None:
            found[key] = Found(translation, None, None, set(), None, [], {}, None)
            continue
        kind = kind_of(instance)
        city = cities.get((kind.name, kind.city_key(instance))) if kind else None
        source = sources[object_key(instance)]
        source.locale = translation.source.locale  # read already, with the translation
        found[key] = Found(
            translation,
            instance,
            city,
            {locale.pk for locale in city.languages.all()} if city else set(),
            source,
            rows.get(source.pk, []),
            existing.get(translation.target_locale_id, {}),
            plans[translation.target_locale_id][source.pk],
        )
    return found


def _cities(instances):
    """{(kind name, city key): city root} for the instances, one query per kind."""
    keys = defaultdict(set)
    for instance in instances:
        kind = kind_of(instance)
        if kind is not None and kind.in_city(instance):
            keys[kind].add(kind.city_key(instance))
    return {
        (kind.name, key): city
        for kind, city_keys in keys.items()
        for key, city in kind.cities_by_key(city_keys).items()
    }


def _source_instances(sources):
    """{TranslationSource id: the live source object, as its specific class}."""
    by_model = defaultdict(list)
    for source in sources:
        by_model[(source.specific_content_type_id, source.locale_id)].append(source)
    instances = {}
    for (content_type_id, locale_id), group in by_model.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        by_key = {source.object_id: source for source in group}
        for instance in model._base_manager.filter(
            translation_key__in=list(by_key), locale_id=locale_id
        ):
            instances[by_key[instance.translation_key].pk] = (
                instance.specific if isinstance(instance, Page) else instance
            )
    return instances


def _sources_by_target_locale(translations, instances, sources):
    """{target Locale: {TranslationSource}} for the translations whose source still exists.
    Contexts belong to one object, so one locale's translations can share one dict."""
    groups = defaultdict(set)
    for translation in translations:
        instance = instances.get(translation.source_id)
        if instance is not None:
            groups[translation.target_locale].add(sources[object_key(instance)])
    return groups
