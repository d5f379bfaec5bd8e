"""Thin admin doors into the status services: city list, "what changed", "mark up to date"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from localization.diff import BaseUnavailable, changes_since_base
from localization.report import cities_by_title, language_locale
from localization.scope import source_locale_id
from localization.tracking import TrackingError, mark_up_to_date, row_for


def report_index(request):
    """The cities whose report the user may see; one city goes straight to its report."""
    cities = list(cities_by_title(request.user))
    if len(cities) == 1:
        return redirect("cityguide_translation_report", cities[0].slug)
    return TemplateResponse(
        request,
        "localization/report/cities.html",
        {"cities": cities, "page_title": _("Translation status"), "header_icon": "site"},
    )


def _editable_source_and_row(request, page_id, language):
    source = get_object_or_404(Page, pk=page_id, locale_id=source_locale_id()).specific
    locale = language_locale(language)
    try:
        row = row_for(source, locale)
    except TrackingError as error:
        raise PermissionDenied(str(error)) from None
    target = Page.objects.filter(pk=row.translation_page_id).first()
    if not source.permissions_for_user(request.user).can_edit() and not (
        target and target.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    return source, locale, row, target


def translation_diff(request, page_id, language):
    source, locale, row, target = _editable_source_and_row(request, page_id, language)
    try:
        changes, unavailable = changes_since_base(source, row), None
    except BaseUnavailable as error:
        changes, unavailable = [], str(error)
    return TemplateResponse(
        request,
        "localization/diff.html",
        {
            "page_title": _("What changed"),
            "header_icon": "history",
            "source": source,
            "locale": locale,
            "row": row,
            "translation": target,
            "changes": changes,
            "unavailable": unavailable,
            "mark_url": reverse(
                "cityguide_mark_up_to_date", args=[source.pk, locale.language_code]
            ),
        },
    )


@require_POST
def mark_translation_up_to_date(request, page_id, language):
    source, locale, _row, target = _editable_source_and_row(request, page_id, language)
    if target is None or not target.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    try:
        mark_up_to_date(source, locale, user=request.user)
    except TrackingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(lang)s translation of “%(title)s” marked as up to date.")
            % {"lang": locale.get_display_name(), "title": source.title},
        )
    return redirect("wagtailadmin_pages:edit", source.pk)
