"""Background tasks (django-tasks) for long XLIFF batches; progress lives on the job rows.

The task bodies are `jobs`' services; this module only queues them, so `jobs` never needs to
know that a task runner exists.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django_tasks import task
from wagtail.models import Page

from localization.xliff import jobs
from localization.xliff.models import ExportJob, ImportBatch


@task()
def apply_import_task(batch_id):
    batch = jobs.apply_batch(batch_id)
    return {"batch": batch.pk, "state": batch.state}


@task()
def export_job_task(job_id):
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
    )
    export_job_task.enqueue(job.pk)
    return job


def start_import(batch: ImportBatch) -> None:
    """Queue a previewed import batch to be applied."""
    apply_import_task.enqueue(batch.pk)
