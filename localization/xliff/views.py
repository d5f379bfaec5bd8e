"""Admin views for XLIFF; each one is a thin door into jobs / the services."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from cityguide.downloads import content_disposition
from guides.tenancy import cities_for_user, city_model
from localization.tm import analysis
from localization.xliff import jobs, tasks
from localization.xliff.forms import (
    PAGE_SELECTIONS,
    CityExportForm,
    ConfirmImportForm,
    ImportUploadForm,
)
from localization.xliff.models import ExportJob, ImportBatch, JobState


def _require_xliff_user(request):
    if not jobs.user_may_use_xliff(request.user):
        raise PermissionDenied


def _own(request, obj):
    if not (request.user.is_superuser or obj.user_id == request.user.pk):
        raise PermissionDenied
    return obj


def import_upload(request):
    _require_xliff_user(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = jobs.preview_upload(upload.name, upload.read(), request.user)
        return redirect("xliff:import_detail", batch.pk)
    return TemplateResponse(request, "xliff/import_upload.html", {"form": form})


def import_detail(request, pk):
    _require_xliff_user(request)
    batch = _own(request, get_object_or_404(ImportBatch, pk=pk))
    results = list(batch.results.select_related("page"))
    return TemplateResponse(
        request,
        "xliff/import_detail.html",
        {
            "batch": batch,
            "results": results,
            "confirm_form": ConfirmImportForm(),
            "can_confirm": batch.state == JobState.PREVIEW
            and any(r.outcome == "preview" for r in results),
            "running": batch.state in (JobState.QUEUED, JobState.RUNNING),
        },
    )


@require_POST
def import_confirm(request, pk):
    _require_xliff_user(request)
    batch = _own(request, get_object_or_404(ImportBatch, pk=pk))
    form = ConfirmImportForm(request.POST)
    form.is_valid()
    # Check and set in one UPDATE: of two submits (a double click, two tabs) only one finds
    # the batch still a preview, so the import is queued once.
    claimed = ImportBatch.objects.filter(pk=batch.pk, state=JobState.PREVIEW).update(
        state=JobState.QUEUED, publish=form.cleaned_data.get("publish", False)
    )
    if not claimed:
        messages.warning(request, _("This import was already applied."))
        return redirect("xliff:import_detail", batch.pk)
    tasks.start_import(batch)
    return redirect("xliff:import_detail", batch.pk)


def export_city(request, city_id):
    """Export a city's pages by status (linked from the translation status report)."""
    _require_xliff_user(request)
    city = get_object_or_404(city_model(), pk=city_id, locale=Locale.get_default())
    allowed = jobs.allowed_cities_for(request.user)
    if allowed is not None and city.pk not in {c.pk for c in allowed}:
        raise PermissionDenied
    # From the translation report: its filters (status, language) preselect the pages.
    initial = {
        "pages": request.GET.get("status", "stale"),
        "languages": request.GET.getlist("language")
        or [loc.language_code for loc in city.languages.all() if loc.pk != city.locale_id],
    }
    form = CityExportForm(request.POST or None, city=city, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = tasks.start_export(
            request.user,
            [],
            data["languages"],
            data["xliff_version"],
            data["mark_in_translation"],
            city=city,
            selection=data["pages"],
            options=form.export_options(),
            leverage=form.export_leverage(),
        )
        return redirect("xliff:export_detail", job.pk)
    return TemplateResponse(request, "xliff/export_city.html", {"form": form, "city": city})


def _visible_export(request, pk):
    """An export of the user's own or of a city they edit (the export log's rows)."""
    job = get_object_or_404(ExportJob.objects.defer("result"), pk=pk)
    if not jobs.may_see_export(request.user, job):
        raise PermissionDenied
    return job


def export_detail(request, pk):
    _require_xliff_user(request)
    job = _visible_export(request, pk)
    return TemplateResponse(
        request,
        "xliff/export_detail.html",
        {
            "job": job,
            "running": job.state in (JobState.QUEUED, JobState.RUNNING),
            "analysis": analysis.from_record(job.analysis)[0] if job.analysis else None,
        },
    )


def export_download(request, pk):
    """The finished file, as often as asked: exports keep their file (see the export log)."""
    _require_xliff_user(request)
    job = _visible_export(request, pk)
    data = ExportJob.objects.filter(pk=job.pk).values_list("result", flat=True).get()
    if job.state != JobState.DONE or not data:
        messages.error(request, _("This export has no file to download."))
        return redirect("xliff:export_detail", job.pk)
    content_type = "application/zip" if job.filename.endswith(".zip") else "application/xliff+xml"
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = content_disposition(job.filename)
    return response


def export_analysis_csv(request, pk):
    """The export's analysis by file and category, for a quote."""
    _require_xliff_user(request)
    job = _own(request, get_object_or_404(ExportJob, pk=pk))
    if not job.analysis:
        messages.error(request, _("This export has no analysis yet."))
        return redirect("xliff:export_detail", job.pk)
    response = HttpResponse(
        analysis.as_csv(*analysis.from_record(job.analysis)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="export-{job.pk}-analysis.csv"'
    return response


class ImportLogView(ReportView):
    """Who imported which files when, and what happened to each."""

    page_title = gettext_lazy("XLIFF import log")
    header_icon = "upload"
    index_url_name = "xliff:import_log"
    index_results_url_name = "xliff:import_log_results"
    list_export = ["created_at", "user", "upload_name", "state", "message"]
    columns = [
        TitleColumn("upload_name", label=gettext_lazy("File"), url_name="xliff:import_detail"),
        Column("user", label=gettext_lazy("Who")),
        DateColumn("created_at", label=gettext_lazy("When")),
        Column("state", label=gettext_lazy("State"), accessor="get_state_display"),
        Column("message", label=gettext_lazy("What happened")),
    ]

    def dispatch(self, request, *args, **kwargs):
        _require_xliff_user(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = ImportBatch.objects.select_related("user").defer("upload")
        user = self.request.user
        if user.is_superuser:
            return queryset
        city_paths = Q()
        for city in cities_for_user(user):
            city_paths |= Q(
                results__page__translation_key__in=city.get_descendants(inclusive=True).values(
                    "translation_key"
                )
            )
        return queryset.filter(Q(user=user) | city_paths).distinct()


def export_filters(job: ExportJob) -> str:
    """The filters an export was made with, as the export log shows them."""
    status = dict(PAGE_SELECTIONS).get(job.selection, job.selection)
    if job.page_ids:
        if not job.selection:
            return gettext("Pages chosen in the explorer")
        return gettext("Pages chosen in the explorer, status: %(status)s") % {"status": status}
    return gettext("Status: %(status)s") % {"status": status}


class ExportFileColumn(Column):
    """A link to download the finished file again; nothing while the export runs or failed."""

    def render_cell_html(self, instance: ExportJob, parent_context) -> str:
        if instance.state != JobState.DONE or not instance.filename:
            return mark_safe("<td></td>")
        return format_html(
            '<td><a href="{}" data-xliff-download>{}</a></td>',
            reverse("xliff:export_download", args=[instance.pk]),
            instance.filename,
        )


class ExportLogView(ReportView):
    """Who exported what and when; a finished file can be downloaded again."""

    page_title = gettext_lazy("XLIFF export log")
    header_icon = "download"
    index_url_name = "xliff:export_log"
    index_results_url_name = "xliff:export_log_results"
    list_export = ["created_at", "user", "city", "languages", "page_count", "state", "message"]
    columns = [
        TitleColumn(
            "pk",
            label=gettext_lazy("Export"),
            url_name="xliff:export_detail",
            accessor=lambda job: f"#{job.pk}",
        ),
        Column("user", label=gettext_lazy("Who")),
        DateColumn("created_at", label=gettext_lazy("When")),
        Column("city", label=gettext_lazy("City"), accessor=lambda job: job.city or ""),
        Column(
            "languages",
            label=gettext_lazy("Languages"),
            accessor=lambda job: ", ".join(job.languages),
        ),
        Column("selection", label=gettext_lazy("Filters"), accessor=export_filters),
        Column("page_count", label=gettext_lazy("Pages")),
        Column("state", label=gettext_lazy("State"), accessor="get_state_display"),
        ExportFileColumn("filename", label=gettext_lazy("File")),
    ]

    def dispatch(self, request, *args, **kwargs):
        _require_xliff_user(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return jobs.export_jobs_for(self.request.user)


def import_log_url():
    return reverse("xliff:import_log")
