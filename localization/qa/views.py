"""Thin admin doors: the open-findings report (per city and language, tenant-isolated), the
override of one finding, and the findings of one translation for wagtail-localize's editor."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale
from wagtail_localize.models import Translation

from guides.tenancy import cities_for_user, city_ids_for_user
from localization.qa import editor, overrides, report
from localization.qa.models import QAFinding


def findings_report(request):
    cities = list(cities_for_user(request.user).order_by("title"))
    city = next((c for c in cities if c.slug == request.GET.get("city")), None)
    locale = Locale.objects.filter(language_code=request.GET.get("language") or "").first()
    findings = report.findings_for_user(
        request.user,
        city_ids={city.pk} if city else None,
        locales=[locale] if locale else None,
    )
    return TemplateResponse(
        request,
        "qa/report.html",
        {
            "page_title": _("Translation QA"),
            "header_icon": "warning",
            "cities": cities,
            "city": city,
            "languages": Locale.objects.order_by("language_code"),
            "language": locale,
            "findings": findings,
        },
    )


@require_POST
def override_finding(request, finding_id):
    allowed = city_ids_for_user(request.user)
    findings = QAFinding.objects.select_related("target_locale", "content_type")
    if allowed is not None:
        findings = findings.filter(city_id__in=allowed)
    finding = get_object_or_404(findings, pk=finding_id)
    try:
        overrides.override(finding, request.user)
    except overrides.OverrideRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Overridden: %(segment)s: %(message)s")
            % {"segment": finding.segment, "message": finding.message},
        )
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    return redirect(next_url or "cityguide_qa_report")


@require_GET
def translation_findings(request, translation_id):
    """The open findings of a translation, placed on its editor's segments (JSON); a
    translation outside the user's cities is a 404."""
    translation = get_object_or_404(Translation.objects.select_related("source"), pk=translation_id)
    allowed = city_ids_for_user(request.user)
    if allowed is not None and editor.city_id_of(translation) not in allowed:
        raise Http404("No such translation in your cities.")
    return JsonResponse({"findings": editor.editor_findings(translation)})
