"""/api/translation/: XLIFF export jobs over HTTP, beside the admin's export form (issue 15).

Authenticated by the Django admin's session, with its CSRF token on POST (the X-CSRFToken
header), and allowed exactly as the admin's export views are: to users who may use XLIFF
(`jobs.user_may_use_xliff`) and may enter the admin, a city editor only for their cities. An
export job of another city is a 404, as if it did not exist.

Routes stay thin: the body is checked as the admin form checks its fields, with the same
choices (`localization.xliff.options`), then `tasks.start_export` records and queues the job
that `jobs.run_export_job` runs. Every refusal is JSON `{"error": …}`, and a bad value also
names its `field`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from cityguide.downloads import content_disposition
from localization.tm import analysis
from localization.tm.leverage import DEFAULT_LEVERAGE, LEVERAGE_MODES
from localization.xliff import jobs, selection, tasks
from localization.xliff.document import DEFAULT_VERSION, VERSIONS
from localization.xliff.models import ExportJob, JobState
from localization.xliff.options import (
    DEFAULT_OPTIONS,
    PREFILLS,
    UNIT_SELECTIONS,
    ExportOptionError,
    ExportOptions,
    check_leverage,
)

MAX_ID = 2**63 - 1  # ids are 64-bit
MAX_PAGES = 5000  # page ids in one request


class AdminSession(SessionAuth):
    """The admin's session cookie; an unsafe method also needs the admin's CSRF token."""

    def _get_key(self, request):
        if check_csrf(request) is not None:
            raise HttpError(
                403,
                _(
                    "CSRF check failed: send the value of the csrftoken cookie in the "
                    "X-CSRFToken header, as the admin's pages do."
                ),
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


api = NinjaAPI(
    title="Cityguide translation API",
    version="1",
    description=(
        "XLIFF export jobs, as the admin's export form makes them: start one for a city, "
        "follow its status and analysis, download the finished .xlf or .zip. Authenticated "
        "by the admin's session (log in at /admin/ first); POST needs the admin's CSRF token "
        "in the X-CSRFToken header. A city editor works only on their cities."
    ),
    urls_namespace="translation",
    openapi_url="openapi.json",
    docs_url=None,
    auth=AdminSession(),
)


def error_response(status: int, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": message, **extra}, status=status)
    response["Cache-Control"] = "no-cache"
    return response


class FieldError(Exception):
    """A bad value in the request body: 400, naming the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@api.exception_handler(FieldError)
def field_error(request, error):
    return error_response(400, error.message, field=error.field)


@api.exception_handler(ValidationError)
def validation_error(request, error):
    """ninja's 422 for a value of the wrong type, as our 400 naming the field."""
    first = error.errors[0] if error.errors else {}
    # ("body", "payload", "languages", 0) or ("path", "job_id"): the field's own name first
    location = [str(part) for part in first.get("loc", ())[1:] if part != "payload"]
    name = location[0] if location else ""
    message = _("%(field)s: %(problem)s") % {
        "field": ".".join(location) or _("request body"),
        "problem": first.get("msg", _("invalid value")),
    }
    return field_error(request, FieldError(name, message))


@api.exception_handler(AuthenticationError)
def not_logged_in(request, error):
    return error_response(401, _("Log in to the admin first; this API uses its session."))


@api.exception_handler(HttpError)
def http_error(request, error):
    return error_response(error.status_code, str(error.message))


# --- schemas ---------------------------------------------------------------------------------


def _choice(default, choices, description):
    return Field(default, description=description, json_schema_extra={"enum": list(choices)})


class ExportIn(Schema):
    city: str = Field(..., max_length=200, description="The city's slug, e.g. augsburg.")
    languages: list[Annotated[str, Field(max_length=20)]] = Field(
        ..., min_length=1, max_length=50, description="Target language codes of the city."
    )
    pages: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(
        None,
        max_length=MAX_PAGES,
        description="Ids of the city's pages to export; left out: all its published pages.",
    )
    format: str = _choice(DEFAULT_VERSION, VERSIONS, "XLIFF version.")
    prefill: str = _choice(
        DEFAULT_OPTIONS.prefill, PREFILLS, "What each target holds (export_xliff --prefill)."
    )
    units: str = _choice(
        DEFAULT_OPTIONS.units, UNIT_SELECTIONS, "Which units the file holds (--units)."
    )
    leverage: str = _choice(
        DEFAULT_LEVERAGE, LEVERAGE_MODES, "Translation-memory matches (--leverage)."
    )
    mark_in_translation: bool = Field(
        True, description="Mark the exported translations as in translation."
    )


class Error(Schema):
    error: str


class FieldErrorOut(Schema):
    error: str
    field: str


class Progress(Schema):
    processed: int
    total: int


class CategoryCount(Schema):
    category: str
    label: str
    segments: int
    words: int


class Totals(Schema):
    segments: int
    words: int


class AnalysisOut(Schema):
    categories: list[CategoryCount]
    total: Totals


class Urls(Schema):
    self: str
    download: str
    admin: str


class ExportOut(Schema):
    id: int
    status: str = _choice(..., JobState.values, "The job's state.")
    message: str
    city: str | None
    languages: list[str]
    pages: list[int]
    format: str
    prefill: str
    units: str
    leverage: str
    mark_in_translation: bool
    created_at: datetime
    finished_at: datetime | None
    progress: Progress
    page_count: int
    filename: str
    analysis: AnalysisOut | None
    urls: Urls


ZIP_OR_XLIFF = {
    "description": "The finished file: a .zip, or an .xlf for one page in one language",
    "content": {
        "application/zip": {"schema": {"type": "string", "format": "binary"}},
        "application/xliff+xml": {"schema": {"type": "string", "format": "binary"}},
    },
}


# --- the routes ------------------------------------------------------------------------------


def _xliff_user(request):
    user = request.auth
    if not (user.has_perm("wagtailadmin.access_admin") and jobs.user_may_use_xliff(user)):
        raise HttpError(403, _("Only editors of a city may export XLIFF."))
    return user


def _visible_job(request, job_id) -> ExportJob:
    job = jobs.export_jobs_for(_xliff_user(request)).filter(pk=job_id).first()
    if job is None:
        raise HttpError(404, _("There is no export %(id)s among yours.") % {"id": job_id})
    return job


def _analysis(job: ExportJob) -> dict | None:
    if not job.analysis:
        return None
    total, _files = analysis.from_record(job.analysis)
    return {
        "categories": [
            {
                "category": key,
                "label": str(label),
                "segments": total.segments[key],
                "words": total.words[key],
            }
            for key, label, _type in analysis.CATEGORIES
        ],
        "total": {"segments": total.total_segments, "words": total.total_words},
    }


def _job_data(job: ExportJob) -> dict:
    return {
        "id": job.pk,
        "status": job.state,
        "message": job.message,
        "city": job.city.slug if job.city_id else None,
        "languages": job.languages,
        "pages": job.page_ids,
        "format": job.xliff_version,
        "prefill": job.prefill,
        "units": job.units,
        "leverage": job.leverage,
        "mark_in_translation": job.mark_in_translation,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "progress": {"processed": job.processed, "total": job.total},
        "page_count": job.page_count,
        "filename": job.filename,
        "analysis": _analysis(job),
        "urls": {
            "self": reverse("translation:export_detail", args=[job.pk]),
            "download": reverse("translation:export_download", args=[job.pk]),
            "admin": reverse("xliff:export_detail", args=[job.pk]),
        },
    }


def _checked(user, payload: ExportIn) -> dict:
    """The arguments of tasks.start_export for a request body, or FieldError."""
    try:
        city = selection.get_city(payload.city)
    except selection.SelectionError as error:
        raise FieldError("city", str(error)) from None
    allowed = jobs.allowed_cities_for(user)
    if allowed is not None and city.pk not in {c.pk for c in allowed}:
        raise HttpError(403, _("You can export only the cities you edit."))
    try:
        locales = selection.city_target_locales(city, payload.languages)
    except selection.SelectionError as error:
        raise FieldError("languages", str(error)) from None
    if payload.pages == []:
        raise FieldError("pages", _("Name at least one page, or leave pages out for all."))
    try:
        pages = [] if payload.pages is None else selection.pages_by_ids(city, payload.pages)
    except selection.SelectionError as error:
        raise FieldError("pages", str(error)) from None
    if payload.format not in VERSIONS:
        raise FieldError(
            "format",
            _("%(field)s must be one of %(choices)s; got %(value)r.")
            % {"field": "format", "choices": ", ".join(VERSIONS), "value": payload.format},
        )
    try:
        options = ExportOptions(prefill=payload.prefill, units=payload.units)
        leverage = check_leverage(payload.leverage)
    except ExportOptionError as error:
        raise FieldError(error.field, str(error)) from None
    return {
        "page_ids": [page.pk for page in pages],
        "language_codes": [locale.language_code for locale in locales],
        "version": payload.format,
        "mark": payload.mark_in_translation,
        "city": city,
        "selection": "" if pages else "all",
        "options": options,
        "leverage": leverage,
    }


@api.post(
    "exports/",
    response={201: ExportOut, 400: FieldErrorOut, 401: Error, 403: Error},
    summary="Start an XLIFF export of a city's pages",
    url_name="export_create",
)
def create_export(request, payload: ExportIn):
    user = _xliff_user(request)
    arguments = _checked(user, payload)
    job = tasks.start_export(
        user,
        arguments.pop("page_ids"),
        arguments.pop("language_codes"),
        arguments.pop("version"),
        arguments.pop("mark"),
        **arguments,
    )
    job = ExportJob.objects.select_related("city").defer("result").get(pk=job.pk)
    return Status(201, _job_data(job))


@api.get(
    "exports/{job_id}/",
    response={200: ExportOut, 400: FieldErrorOut, 401: Error, 403: Error, 404: Error},
    summary="An export job: status, options and analysis",
    url_name="export_detail",
)
def export_detail(request, job_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    return _job_data(_visible_job(request, job_id))


@api.get(
    "exports/{job_id}/download/",
    response={400: FieldErrorOut, 401: Error, 403: Error, 404: Error, 409: Error},
    summary="The finished file of an export job",
    url_name="export_download",
    openapi_extra={"responses": {"200": ZIP_OR_XLIFF}},
)
def export_download(request, job_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    job = _visible_job(request, job_id)
    if job.state != JobState.DONE:
        return Status(
            409,
            {
                "error": _("The export is %(state)s; its file is there once it is done.")
                % {"state": job.get_state_display()}
            },
        )
    data = ExportJob.objects.filter(pk=job.pk).values_list("result", flat=True).get()
    content_type = "application/zip" if job.filename.endswith(".zip") else "application/xliff+xml"
    response = HttpResponse(bytes(data or b""), content_type=content_type)
    response["Content-Disposition"] = content_disposition(job.filename)
    return response
