"""Background tasks (django-tasks) for long XLIFF batches; progress lives on the job rows.

The task bodies are `jobs`' services; this module only queues them, so `jobs` never needs to
know that a task runner exists. Production runs them in `manage.py db_worker` (the database
backend); development and tests run them at once.

Every job ends: whatever a task body raises, its job row is marked failed with the error before
the exception goes on to the task runner, which records it with its traceback.
"""

import logging
from collections.abc import Iterable
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Page

from localization.tm.leverage import DEFAULT_LEVERAGE
from localization.xliff import jobs
from localization.xliff.adapter import refresh_published
from localization.xliff.models import ExportJob, ImportBatch, JobState
from localization.xliff.options import DEFAULT_OPTIONS, ExportOptions, check_leverage

logger = logging.getLogger(__name__)


@contextmanager
def job_always_ends(model, pk):
    """A job still queued or running when its task body raises is marked failed, with the error."""
    try:
        yield
    except Exception as error:  # broad on purpose: any error must end the job; re-raised
        logger.exception("XLIFF %s %s failed", model._meta.model_name, pk)
        model.objects.filter(pk=pk, state__in=(JobState.QUEUED, JobState.RUNNING)).update(
            state=JobState.FAILED,
            message=_("Failed: %(error)s") % {"error": str(error) or type(error).__name__},
            finished_at=timezone.now(),
        )
        raise


@task()
def refresh_source_task(label: str, pk: int) -> bool:
    """Bring the published object's TranslationSource, if it has one, in line with it: the
    strings wagtail-localize's editor shows. False when the object is gone."""
    instance = apps.get_model(label)._default_manager.filter(pk=pk).first()
    if instance is None:
        return False
    refresh_published(instance)
    return True


def queue_source_refresh(sender, instance, **kwargs):
    """A source was published with a real change (`localization.signals.source_changed`): the
    worker refreshes its TranslationSource. The request only queues it; the XLIFF export,
    machine translation and the import refresh the sources they read themselves first, so
    none of them reads a source the worker has not refreshed yet."""
    refresh_source_task.enqueue(instance._meta.label, instance.pk)


@task()
def apply_import_task(batch_id):
    with job_always_ends(ImportBatch, batch_id):
        batch = jobs.apply_batch(batch_id)
    return {"batch": batch.pk, "state": batch.state}


@task()
def export_job_task(job_id):
    with job_always_ends(ExportJob, job_id):
        job = jobs.run_export_job(job_id)
    return {"job": job.pk, "state": job.state}


def start_export(
    user: AbstractBaseUser | None,
    page_ids: Iterable[int],
    language_codes: Iterable[str],
    version: str,
    mark: bool,
    *,
    city: Page | None = None,
    selection: str = "",
    options: ExportOptions = DEFAULT_OPTIONS,
    leverage: str = DEFAULT_LEVERAGE,
) -> ExportJob:
    """Record an export job and queue it; the files appear on the job when it is done."""
    job = ExportJob.objects.create(
        user=user,
        page_ids=list(page_ids),
        languages=list(language_codes),
        xliff_version=version,
        mark_in_translation=mark,
        city=city,
        selection=selection,
        prefill=options.prefill,
        units=options.units,
        leverage=check_leverage(leverage),
    )
    export_job_task.enqueue(job.pk)
    return job


def start_import(batch: ImportBatch) -> None:
    """Queue a previewed import batch to be applied."""
    apply_import_task.enqueue(batch.pk)
