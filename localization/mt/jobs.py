"""Machine translation jobs: recorded, queued on the background worker, run by the service,
their progress and outcome on the job row (what the admin shows)."""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from localization.mt import budget
from localization.mt.backends import BackendError
from localization.mt.models import JobState, MachineTranslationConfig, MachineTranslationJob
from localization.mt.service import (
    MachineTranslationError,
    select_pages,
    translate_pages,
    translator_for,
)

logger = logging.getLogger(__name__)


def record_job(city, locale, user, *, page_ids=None, subtree=False, statuses=None):
    """Check what can be checked at once (a backend set up, the pages), then record the job;
    the caller queues it (tasks.start_job)."""
    translator_for(city, locale)
    pages = select_pages(city, locale, page_ids=page_ids, subtree=subtree, statuses=statuses)
    config = MachineTranslationConfig.objects.get(city_id=city.pk, language=locale)
    return MachineTranslationJob.objects.create(
        city=city,
        language=locale,
        user=user,
        page_ids=[page.pk for page in pages],
        statuses=list(statuses or []),
        backend=config.backend,
        pages_total=len(pages),
    )


def run_job(job_id: int) -> MachineTranslationJob:
    job = MachineTranslationJob.objects.select_related("city", "language", "user").get(pk=job_id)
    if job.state != JobState.QUEUED:
        return job
    MachineTranslationJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    city = job.city.specific
    pages = list(
        type(job.city).objects.filter(pk__in=job.page_ids).order_by("path")
    )  # pages selected when the job was recorded

    def progress(done, total):
        MachineTranslationJob.objects.filter(pk=job.pk).update(pages_done=done)

    try:
        outcome = translate_pages(city, job.language, pages, user=job.user, progress=progress)
    except (MachineTranslationError, budget.BudgetExceeded, BackendError) as error:
        MachineTranslationJob.objects.filter(pk=job.pk).update(
            state=JobState.FAILED, message=str(error), finished_at=timezone.now()
        )
    else:
        MachineTranslationJob.objects.filter(pk=job.pk).update(
            state=JobState.DONE,
            pages_done=F("pages_total"),
            segments_machine=outcome.segments_machine,
            segments_memory=outcome.segments_memory,
            segments_rejected=len(outcome.rejections),
            characters=outcome.characters,
            message=outcome.summary(),
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def fail_job(job_id: int, error: Exception) -> None:
    MachineTranslationJob.objects.filter(
        pk=job_id, state__in=(JobState.QUEUED, JobState.RUNNING)
    ).update(
        state=JobState.FAILED,
        message=_("Failed: %(error)s") % {"error": str(error) or type(error).__name__},
        finished_at=timezone.now(),
    )
