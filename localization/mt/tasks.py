"""The background task of a machine translation job (django-tasks; the body is `jobs`)."""

import logging

from django_tasks import task

from localization.mt import jobs

logger = logging.getLogger(__name__)


@task()
def machine_translation_task(job_id):
    try:
        job = jobs.run_job(job_id)
    except Exception as error:  # broad on purpose: any error must end the job; re-raised
        logger.exception("machine translation job %s failed", job_id)
        jobs.fail_job(job_id, error)
        raise
    return {"job": job.pk, "state": job.state}


def start_job(job) -> None:
    machine_translation_task.enqueue(job.pk)
