"""Events and locations in the translation status: which snippets are tracked, how to find
their source, translations and audit log, and the rows they should have.

Pages are tracked by tree position; these snippets carry their city as a foreign key to the
source-locale city root, so their scope is the city's languages, like its pages. The status
rule, the row table and the log-based recomputation are shared with pages (`recompute`).
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from localization.scope import source_locale_id

OBJECT_TYPE_PAGE = "page"


def tracked_models():
    from guides.events.models import Event, Location

    return (Event, Location)


def is_snippet(obj_or_model):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return issubclass(model, tracked_models())


def object_type(obj_or_model):
    """ "event", "location" or "page": the name the status command shows."""
    if is_snippet(obj_or_model):
        model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
        return model._meta.model_name
    return OBJECT_TYPE_PAGE


def content_type_for(obj_or_model):
    return ContentType.objects.get_for_model(obj_or_model)


def object_types_by_content_type():
    """content type id -> object type, for the snippet models."""
    return {content_type_for(model).pk: object_type(model) for model in tracked_models()}


def is_tracked_source(obj):
    return is_snippet(obj) and obj.locale_id == source_locale_id() and obj.city_id is not None


def is_tracked_translation(obj):
    return is_snippet(obj) and obj.locale_id != source_locale_id() and obj.city_id is not None


def source_of(obj):
    """The source-locale object this snippet translates (itself for a source)."""
    if obj.locale_id == source_locale_id():
        return obj
    return (
        type(obj)
        ._default_manager.filter(translation_key=obj.translation_key, locale_id=source_locale_id())
        .first()
    )


def sources_of_city(city):
    """Every source-locale event and location of the city."""
    return [
        obj
        for model in tracked_models()
        for obj in model._default_manager.filter(city_id=city.pk, locale_id=source_locale_id())
    ]


def log_for(model):
    """The audit-log reader `recompute` expects, for one snippet model (ModelLogEntry stores
    the object id as text)."""
    content_type = content_type_for(model)

    def entries(object_ids, actions):
        rows = (
            ModelLogEntry.objects.filter(
                content_type=content_type,
                object_id__in=[str(pk) for pk in object_ids],
                action__in=actions,
            )
            .order_by("id")
            .values_list("id", "object_id", "action", "revision_id", "data", "timestamp")
        )
        return [
            (entry_id, int(object_id), action, revision_id, data, timestamp)
            for entry_id, object_id, action, revision_id, data, timestamp in rows
        ]

    return entries


def expected_rows(sources):
    """The rows these source snippets should have, keyed by (translation_key, locale id)."""
    from guides.models import CityPage
    from localization.recompute import build_rows
    from localization.words import words_in_page

    sources = [obj for obj in sources if is_tracked_source(obj)]
    cities = {
        city.pk: city
        for city in CityPage.objects.filter(
            pk__in={obj.city_id for obj in sources}, locale_id=source_locale_id()
        )
        .only("id", "path", "locale_id")
        .prefetch_related("languages")
    }
    rows = {}
    for model in tracked_models():
        objects = [obj for obj in sources if isinstance(obj, model)]
        if not objects:
            continue
        translations = {
            (obj.translation_key, obj.locale_id): obj
            for obj in model._default_manager.filter(
                translation_key__in=[o.translation_key for o in objects],
            )
            .exclude(locale_id=source_locale_id())
            .only("id", "translation_key", "locale_id", "live", "live_revision_id")
        }
        rows.update(
            build_rows(
                objects,
                city_of=lambda obj: cities.get(obj.city_id),
                translations=translations,
                content_type=content_type_for(model),
                log=log_for(model),
                words={obj.pk: words_in_page(obj) for obj in objects},
                pages=False,
            )
        )
    return rows


def existing_rows(sources):
    from localization.models import TranslationStatus

    keys = [obj.translation_key for obj in sources]
    return TranslationStatus.objects.filter(
        content_type__in=[content_type_for(model) for model in tracked_models()],
        translation_key__in=keys,
    )
