"""Thin admin doors: a city's machine translation page (budget, jobs with progress, and the
form that starts a job), and the translation panel's "Machine translate" action for one page
and language. Only the city's editors see them; starting a job needs publish rights on the
pages it translates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from guides.tenancy import city_for_page
from localization.mt import budget
from localization.mt.jobs import record_job
from localization.mt.models import MachineTranslationConfig, MachineTranslationJob
from localization.mt.service import SELECTABLE, MachineTranslationError, target_locale
from localization.mt.tasks import start_job
from localization.report import city_for_user_or_404
from localization.scope import source_locale_id
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


@forbidden_is_403
@require_POST
def machine_translate_page(request, page_id, language):
    """The translation panel's action: a job for this one source page into `language`, then
    the job's progress on the city's machine translation page."""
    page = get_object_or_404(Page, pk=page_id, locale_id=source_locale_id())
    city = city_for_page(page)
    if city is None:
        raise Http404
    city = city_for_user_or_404(request.user, city.slug)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    try:
        locale = target_locale(city, language)
        job = record_job(city, locale, request.user, page_ids=[page.pk])
    except MachineTranslationError as error:
        messages.error(request, str(error))
        return redirect(edit_url)
    if not job.pages_total:
        job.delete()
        messages.info(
            request,
            _("Nothing to translate: the %(language)s translation needs no machine translation.")
            % {"language": locale.get_display_name()},
        )
        return redirect(edit_url)
    start_job(job)
    messages.success(
        request,
        _("Machine translation of “%(title)s” into %(language)s started.")
        % {"title": page.title, "language": locale.get_display_name()},
    )
    return redirect(reverse("cityguide_mt_city", args=[city.slug]) + f"#mt-job-{job.pk}")
