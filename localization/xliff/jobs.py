"""Batches and jobs: the import log rows and export jobs around the services.

The admin, the commands and the background tasks all go through here, so every import leaves
an ImportBatch with one ImportFileResult per file, whoever started it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from guides.tenancy import (
    cities_for_user,
    city_ids_for_user,
    city_model,
    city_path,
    user_works_on_a_city,
)
from localization.tm import analysis
from localization.xliff import selection
from localization.xliff.export import export_pairs, package
from localization.xliff.importer import import_upload
from localization.xliff.models import (
    ExportJob,
    ImportBatch,
    ImportFileResult,
    ImportOutcome,
    JobState,
)
from localization.xliff.options import ExportOptions

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User
    from wagtail.models import Locale


def allowed_cities_for(user: User | None) -> list[Page] | None:
    """None (every city) for superusers, else the cities whose editors group the user is in."""
    if user is None or user.is_superuser:
        return None
    return list(cities_for_user(user))


def user_may_use_xliff(user: User | None) -> bool:
    return bool(user) and user_works_on_a_city(user)


def _progress_saver(job, progress=None):
    def report(done, total):
        job.processed, job.total = done, total
        type(job).objects.filter(pk=job.pk).update(processed=done, total=total)
        if progress:
            progress(done, total)

    return report


def _store_results(batch, results):
    ImportFileResult.objects.bulk_create(
        [
            ImportFileResult(
                batch=batch,
                label=r.label[:500],
                outcome=r.outcome,
                message=r.message,
                page_id=r.page_id,
                language=r.language,
                units_changed=len(r.changes),
                units_stale=len(r.skipped),  # stale or left untranslated: not applied
                diff=[c.as_dict() for c in r.changes],
            )
            for r in results
        ]
    )


def record_batch(
    name,
    data,
    *,
    user=None,
    publish=False,
    dry_run=False,
    allowed_cities=None,
    via="admin",
    progress=None,
    batch=None,
):
    """Run an import (or a dry run) and log it; returns (ImportBatch, [FileResult])."""
    if batch is None:
        batch = ImportBatch.objects.create(
            user=user, upload_name=name[:255], publish=publish, via=via, state=JobState.RUNNING
        )
    try:
        results = import_upload(
            name,
            data,
            user=user,
            publish=publish,
            dry_run=dry_run,
            allowed_cities=allowed_cities,
            progress=_progress_saver(batch, progress),
        )
    except Exception as error:  # broad on purpose: the log row must never stay "running"
        _mark_failed(batch, error)
        raise
    _store_results(batch, results)
    # Only a preview judges the upload as a whole; an applied batch ran, whatever its files say.
    refused = _refused_upload(name, results) if dry_run else None
    if refused is not None:  # the upload as a whole was refused: nothing to preview or apply
        batch.state, batch.message = JobState.FAILED, refused
    else:
        batch.state = JobState.PREVIEW if dry_run else JobState.DONE
        batch.message = _summary(results)
    batch.finished_at = timezone.now()
    batch.upload = data if dry_run and refused is None else b""
    batch.save()
    return batch, results


def _refused_upload(name, results):
    """The reason when the whole upload (not one file in it) was rejected, else None."""
    if len(results) == 1 and results[0].outcome == "rejected" and results[0].label == name:
        return results[0].message
    return None


def _mark_failed(batch, error):
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=JobState.FAILED,
        message=_("Import failed: %(error)s") % {"error": error},
        finished_at=timezone.now(),
    )


def _summary(results):
    counts = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return ", ".join(
        _("%(outcome)s: %(count)d") % {"outcome": ImportOutcome(outcome).label, "count": n}
        for outcome, n in sorted(counts.items())
    )


def preview_upload(name: str, data: bytes, user: User) -> ImportBatch:
    """Dry run kept for confirmation: the upload is stored with the batch until applied."""
    return record_batch(
        name, data, user=user, dry_run=True, allowed_cities=allowed_cities_for(user), via="admin"
    )[0]


def apply_batch(batch_id: int) -> ImportBatch:
    """Apply a previewed batch (the background task's body)."""
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    if batch.state not in (JobState.PREVIEW, JobState.QUEUED):
        return batch
    data = bytes(batch.upload)
    batch.results.all().delete()
    batch.state, batch.processed = JobState.RUNNING, 0
    batch.save(update_fields=["state", "processed"])
    record_batch(  # marks the batch failed, with the error, if the import raises
        batch.upload_name,
        data,
        user=batch.user,
        publish=batch.publish,
        allowed_cities=allowed_cities_for(batch.user),
        batch=batch,
    )
    return batch


def export_pairs_for(
    page_ids: list[int], language_codes: list[str]
) -> tuple[list[tuple[Page, Locale]], set[str]]:
    """(page, locale) pairs for source pages across cities, each in the languages its city has."""
    pairs, city_slugs = [], set()
    pages = Page.objects.filter(pk__in=page_ids)
    root_paths = {city_path(p) for p in pages}
    if None in root_paths:
        raise selection.SelectionError(_("Only pages inside a city can be exported."))
    for root_path in sorted(root_paths):
        city = city_model().objects.filter(path=root_path).first()
        if city is None:
            raise selection.SelectionError(_("Only pages inside a city can be exported."))
        city_ids = [p.pk for p in pages if p.path.startswith(root_path)]
        locales = [
            loc
            for loc in city.languages.all()
            if loc.language_code in language_codes and loc.pk != city.locale_id
        ]
        for page in selection.pages_by_ids(city, city_ids):
            pairs.extend((page, locale) for locale in locales)
        city_slugs.add(city.slug)
    if not pairs:
        raise selection.SelectionError(
            _("None of the chosen languages is offered by the pages' cities.")
        )
    return pairs, city_slugs


def export_jobs_for(user: User) -> QuerySet[ExportJob]:
    """The export log a user may read: every export for superusers; else their own exports
    and those of the cities they edit."""
    jobs = ExportJob.objects.select_related("user", "city").defer("result")
    city_ids = city_ids_for_user(user)
    if city_ids is None:
        return jobs
    return jobs.filter(Q(user=user) | Q(city_id__in=city_ids))


def may_see_export(user: User, job: ExportJob) -> bool:
    return export_jobs_for(user).filter(pk=job.pk).exists()


def _pairs_of(job: ExportJob) -> tuple[list[tuple[Page, Locale]], set[str]]:
    """The (page, locale) pairs an export job asked for, and the slugs of their cities."""
    if job.page_ids:  # pages chosen in the explorer, optionally filtered by status
        pairs, city_slugs = export_pairs_for(job.page_ids, job.languages)
        if job.selection:
            pairs = selection.with_status(pairs, job.selection)
        return pairs, city_slugs
    city = city_model().objects.get(pk=job.city_id)
    locales = selection.city_target_locales(city, job.languages)
    # The city's published pages, as in its translation report (whose filters start it).
    pairs = selection.select(
        city, locales, selection.parse_pages_option(job.selection), published_only=True
    )
    return pairs, {city.slug}


def run_export_job(job_id: int) -> ExportJob:
    """Build the files of an ExportJob (the background task's body)."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    job.state = JobState.RUNNING
    job.save(update_fields=["state"])
    try:
        pairs, city_slugs = _pairs_of(job)
        if not pairs:
            raise selection.SelectionError(
                _("Nothing to export: no page matches these filters (%(selection)s).")
                % {"selection": job.selection or "all"}
            )
        exported = export_pairs(
            pairs,
            version=job.xliff_version,
            user=job.user,
            mark=job.mark_in_translation,
            progress=_progress_saver(job),
            options=ExportOptions(prefill=job.prefill, units=job.units),
            leverage=job.leverage,
        )
        slug = city_slugs.pop() if len(city_slugs) == 1 else "cityguide"
        job.filename, job.result = package(exported, slug, as_zip=len(exported) != 1)
        job.page_count = len({item.page_id for item in exported})
        job.analysis = analysis.as_record(exported)
        job.state, job.message = (
            JobState.DONE,
            ngettext("%(count)d file", "%(count)d files", len(exported)) % {"count": len(exported)},
        )
    except ValueError as error:
        job.state, job.message = JobState.FAILED, str(error)
    job.finished_at = timezone.now()
    job.save()
    return job
