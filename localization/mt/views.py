"""Thin admin doors: a city's machine translation page (budget, jobs with progress, and the
form that starts a job). Only the city's editors see it; starting a job needs publish rights
on the pages it translates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from localization.mt import budget
from localization.mt.jobs import record_job
from localization.mt.models import MachineTranslationConfig, MachineTranslationJob
from localization.mt.service import SELECTABLE, MachineTranslationError, target_locale
from localization.mt.tasks import start_job
from localization.report import city_for_user_or_404
from localization.views import forbidden_is_403


@forbidden_is_403
def city_machine_translation(request, city_slug):
    city = city_for_user_or_404(request.user, city_slug)
    if request.method == "POST":
        return _start(request, city)
    configs = MachineTranslationConfig.objects.filter(city_id=city.pk).select_related("language")
    return TemplateResponse(
        request,
        "mt/city.html",
        {
            "page_title": _("Machine translation: %(city)s") % {"city": city.title},
            "header_icon": "site",
            "city": city,
            "usage": budget.usage_for(city),
            "configs": configs,
            "statuses": SELECTABLE,
            "jobs": MachineTranslationJob.objects.filter(city_id=city.pk).select_related(
                "language", "user"
            )[:20],
        },
    )


def _start(request, city):
    page_id = request.POST.get("page", "").strip()
    status = request.POST.get("status", "")
    try:
        locale = target_locale(city, request.POST.get("language", ""))
        page_ids = None
        root = city
        if page_id:
            if not page_id.isdigit():
                raise MachineTranslationError(_("The page must be a page id."))
            root = Page.objects.filter(pk=int(page_id)).first() or city
            page_ids = [int(page_id)]
        if not root.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        job = record_job(
            city,
            locale,
            request.user,
            page_ids=page_ids,
            subtree=request.POST.get("subtree") == "on",
            statuses=[status] if status else None,
        )
    except MachineTranslationError as error:
        messages.error(request, str(error))
        return redirect("cityguide_mt_city", city.slug)
    if not job.pages_total:
        messages.info(request, _("Nothing to translate: no page has the status asked for."))
        job.delete()
        return redirect("cityguide_mt_city", city.slug)
    start_job(job)
    messages.success(
        request,
        _("Machine translation of %(count)s page(s) into %(language)s started.")
        % {"count": job.pages_total, "language": locale.get_display_name()},
    )
    return redirect("cityguide_mt_city", city.slug)
