"""What the importer reads before it writes, for a batch of files in a few queries.

For every file: its translation, the source object, the city it belongs to (with the city's
languages) and the state of its target; then, for the files that were accepted, the
TranslationSource refreshed from the live source, the source's segments and the translations
that exist for them. Read one file at a time this costs about fifteen queries per file; read
for a batch it costs about fifteen in all. Nothing is written before `refresh`, so a file that
is refused (another city, a wrong language) never touches its source's rows.

A file whose translation already came up earlier in the batch is read again on its own: the
earlier file may have changed what it would find.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page
from wagtail_localize.models import Translation

from guides.tenancy import city_for_page, city_path
from localization.models import SyncedSource
from localization.qa import findings as qa_findings
from localization.registry import kind_of
from localization.xliff import adapter as seg
from localization.xliff.adapter import object_key, refresh_sources


@dataclass
class Found:
    """What exists for one file's translation id; `instance` is None when the source is gone.

    Read in two steps: the identity (translation, source object, city, the target's state) is
    read without writing anything, so that files can be refused before any write; the source
    part (refreshed TranslationSource, segments, existing translations) only for the files
    that were accepted."""

    translation: Translation
    instance: object
    city: object  # the source-locale city, None outside any city
    city_language_ids: set
    target_state: tuple | None = None  # see `target_state`; None: no target existed
    source: object = None  # TranslationSource, refreshed from `instance`
    rows: list = field(default_factory=list)  # SegmentRow
    existing: dict = field(default_factory=dict)  # (string_id, context_id) -> ExistingTranslation
    plan: seg.IngestPlan | None = None  # the segments to rebuild the target from
    snapshot: tuple | None = None  # (source revision, content revision) the source carries


def target_state(obj):
    """What tells whether a translation's target changed since it was read: its row, latest and
    live revision (a save or a publish moves one of them), and whether it is an alias."""
    return (
        obj.pk,
        getattr(obj, "latest_revision_id", None),
        getattr(obj, "live_revision_id", None),
        getattr(obj, "alias_of_id", None),
    )


class Lookups:
    """The batch's bulk reads. Building it writes nothing; `refresh` then brings the sources of
    the accepted files in line with their live objects (the only write before the files)."""

    def __init__(self, xfiles):
        self._found = _identities([xfile.meta.translation_id for xfile in xfiles])
        self._taken = set()
        self._cities = {}
        self._parents = {}
        self._terms = {}

    def shared_city(self, page):
        """`city_for_page`, read once per city root of the batch: a guide page's clean() asks
        for its city and whether that offers the page's language (remembered on the city)."""
        path = city_path(page)
        if path not in self._cities:
            self._cities[path] = city_for_page(page)
        return self._cities[path]

    def share_parent(self, page):
        """Give a page its parent (treebeard's `get_parent`, which the slug check of Wagtail's
        clean asks for) read once per parent of the batch: the pages of a section share it.
        Only the parent's path and depth count for that check, and a page keeps its parent's
        path, so a parent read for an earlier file is the one this page has now."""
        path = page.path[: -page.steplen]
        if path not in self._parents:
            self._parents[path] = page.get_parent()
        page._cached_parent_obj = self._parents[path]

    def glossary_terms(self, city_id, source_language, target_language):
        """The QA step's glossary terms, read once per city and language pair of the batch."""
        key = (city_id, source_language, target_language)
        if key not in self._terms:
            self._terms[key] = qa_findings.terms_for(*key)
        return self._terms[key]

    def identity(self, translation_id):
        """The Found for a translation id (without its source part), or None."""
        return self._found.get(translation_id)

    def refresh(self, translation_ids):
        _load_sources([self._found[key] for key in translation_ids if key in self._found])

    def find(self, translation_id):
        """The Found for a translation id, or None if no such translation exists."""
        if translation_id in self._taken:
            return find_one(translation_id)
        self._taken.add(translation_id)
        found = self._found.get(translation_id)
        if found is not None and found.instance is not None and found.source is None:
            _load_sources([found])
        return found


def find_one(translation_id):
    """Read one translation again (its identity, then its source part)."""
    found = _identities([translation_id]).get(translation_id)
    if found is not None:
        _load_sources([found])
    return found


def _valid_uuid(value):
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _identities(translation_ids):
    """{translation id as given: Found without its source part}; reads only."""
    wanted = {_valid_uuid(value): value for value in translation_ids}
    wanted.pop(None, None)
    translations = {
        wanted[str(t.uuid)]: t
        for t in Translation.objects.select_related("source__locale", "target_locale").filter(
            uuid__in=list(wanted)
        )
    }
    instances = _source_instances([t.source for t in translations.values()])
    targets = _target_states(translations.values())
    cities = _cities(instances.values())
    found = {}
    for key, translation in translations.items():
        instance = instances.get(translation.source_id)
        if instance is None:
            found[key] = Found(translation, None, None, set())
            continue
        kind = kind_of(instance)
        city = cities.get((kind.name, kind.city_key(instance))) if kind else None
        found[key] = Found(
            translation,
            instance,
            city,
            {locale.pk for locale in city.languages.all()} if city else set(),
            targets.get(translation.pk),
        )
    return found


def _load_sources(found_list):
    """Refresh the TranslationSources of these Founds and read their segments and existing
    translations, in a few statements for all of them."""
    found_list = [found for found in found_list if found.instance is not None]
    if not found_list:
        return
    sources = refresh_sources([found.instance for found in found_list])
    for found in found_list:
        found.source = sources[object_key(found.instance)]
        found.source.locale = found.translation.source.locale  # read already
    source_ids = list({found.source.pk for found in found_list})
    snapshots = {
        source_id: (source_revision_id, content_revision_id)
        for source_id, source_revision_id, content_revision_id in SyncedSource.objects.filter(
            translation_source_id__in=source_ids
        ).values_list("translation_source_id", "source_revision_id", "content_revision_id")
    }
    rows = seg.segments_by_source(source_ids)
    by_locale = defaultdict(dict)
    for found in found_list:
        by_locale[found.translation.target_locale][found.source.pk] = found.source
    existing = {
        locale.pk: seg.translations_for([s.object_id for s in group.values()], locale)
        for locale, group in by_locale.items()
    }
    plans = {
        locale.pk: seg.ingest_plans(list(group), locale) for locale, group in by_locale.items()
    }
    for found in found_list:
        locale_id = found.translation.target_locale_id
        found.rows = rows.get(found.source.pk, [])
        found.existing = existing[locale_id]
        found.plan = plans[locale_id][found.source.pk]
        found.snapshot = snapshots.get(found.source.pk)


def _target_states(translations):
    """{Translation id: target_state} of the targets that exist, one query per model and
    target locale."""
    groups = defaultdict(list)
    for translation in translations:
        source = translation.source
        groups[(source.specific_content_type_id, translation.target_locale_id)].append(translation)
    states = {}
    for (content_type_id, locale_id), group in groups.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        by_key = {translation.source.object_id: translation for translation in group}
        names = [
            name
            for name in ("latest_revision", "live_revision", "alias_of")
            if any(f.name == name for f in model._meta.get_fields())
        ]
        fields = ["translation_key", *names]
        for obj in model._base_manager.filter(
            translation_key__in=list(by_key), locale_id=locale_id
        ).only(*fields):
            states[by_key[obj.translation_key].pk] = target_state(obj)
    return states


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
