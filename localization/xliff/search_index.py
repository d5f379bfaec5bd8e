"""Search indexing for a batch: one bulk update per model instead of one task per object.

Every saved page enqueues modelsearch's `insert_or_update_object_task`, and each run of it
costs an existence check, a read, a write and, on SQLite, a pass over the whole index to
refresh title norms. A batch of imports merges those calls into one `index_objects_task` per
model, which indexes all of them through the backends' `add_bulk`.
"""

import logging
from collections import defaultdict

from django.apps import apps
from django_tasks import task
from modelsearch.backends import get_search_backends_with_name
from modelsearch.tasks import insert_or_update_object_task

logger = logging.getLogger(__name__)


@task()
def index_objects_task(app_label, model_name, pks):
    """`insert_or_update_object_task` for many objects of one model."""
    model = apps.get_model(app_label, model_name)
    by_model = defaultdict(list)
    for obj in model.get_indexed_objects().filter(pk__in=pks):
        indexed = obj.get_indexed_instance()
        if indexed is not None:
            by_model[type(indexed)].append(indexed)
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        for indexed_model, objects in by_model.items():
            try:
                backend.add_bulk(indexed_model, objects)
            except Exception:  # broad as in Wagtail's own index task: any backend's failure
                logger.exception(
                    "Indexing %d %s objects in the '%s' search backend failed",
                    len(objects),
                    indexed_model.__name__,
                    name,
                )
                if not backend.catch_indexing_errors:
                    raise


def merge_index_calls(calls):
    """[(task, args, kwargs)] with the per-object index calls merged into one per model."""
    pks_by_model, merged = defaultdict(list), []
    for call in calls:
        task, args, kwargs = call
        if task.module_path == insert_or_update_object_task.module_path and not kwargs:
            app_label, model_name, pk = args
            pks_by_model[(app_label, model_name)].append(pk)
        else:
            merged.append(call)
    for (app_label, model_name), pks in pks_by_model.items():
        merged.append((index_objects_task, (app_label, model_name, pks), {}))
    return merged
