"""Background tasks (django-tasks) for long XLIFF batches; progress lives on the job rows."""

from django_tasks import task

from localization.xliff import jobs


@task()
def apply_import_task(batch_id):
    batch = jobs.apply_batch(batch_id)
    return {"batch": batch.pk, "state": batch.state}


@task()
def export_job_task(job_id):
    job = jobs.run_export_job(job_id)
    return {"job": job.pk, "state": job.state}
