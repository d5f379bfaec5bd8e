"""Thin admin doors into the status services: city list, "what changed", "mark up to date",
"cancel in translation" (one door for the report's row action and the page panel's button)."""

from collections import defaultdict
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST
from wagtail.models import Page

from localization.diff import BaseUnavailable, changes_since_base
from localization.report import (
    cities_by_title,
    city_for_user_or_404,
    language_locale,
    source_pages_of_city,
)
from localization.scope import source_locale_id
from localization.status import Status, share_percent
from localization.tracking import (
    TrackingError,
    cancel_in_translation,
    computed_row_for,
    mark_reviewed,
    mark_up_to_date,
)


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
    """The source page, locale, status row (stored, or computed without storing: GET views
    never write) and translation, for a user who may edit the source or the translation."""
    source = get_object_or_404(Page, pk=page_id, locale_id=source_locale_id()).specific
    locale = language_locale(language)
    try:
        row = computed_row_for(source, locale)
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
        row = mark_up_to_date(source, locale, user=request.user)
    except TrackingError as error:
        messages.error(request, str(error))
        return redirect("wagtailadmin_pages:edit", source.pk)
    names = {"lang": locale.get_display_name(), "title": source.title}
    if row.status == Status.INCOMPLETE:
        # The mark moves the synced version only; German that readers see stays counted.
        percent = share_percent(row.translated_share)
        messages.warning(
            request,
            (
                _(
                    "%(lang)s translation of “%(title)s” marked as matching the current "
                    "source, but only %(percent)s %% of it is translated: readers see the "
                    "source text in the rest, so it stays incomplete. Translate the remaining "
                    "segments in “Edit translation” and publish."
                )
                if percent is not None
                else _(
                    "%(lang)s translation of “%(title)s” marked as matching the current "
                    "source, but how much of it is translated is unknown, so it stays "
                    "incomplete. Translate it in “Edit translation” and publish."
                )
            )
            % {**names, "percent": percent},
        )
    else:
        messages.success(
            request, _("%(lang)s translation of “%(title)s” marked as up to date.") % names
        )
    return redirect("wagtailadmin_pages:edit", source.pk)


@require_POST
def mark_translation_reviewed(request, page_id, language):
    """A person with publish rights on the translation accepts its machine translation."""
    source, locale, _row, target = _editable_source_and_row(request, page_id, language)
    if target is None or not target.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    names = {"lang": locale.get_display_name(), "title": source.title}
    try:
        mark_reviewed(source, locale, user=request.user)
    except TrackingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(lang)s machine translation of “%(title)s” marked as reviewed.") % names
        )
    return redirect("wagtailadmin_pages:edit", source.pk)


def forbidden_is_403(view):
    """A refused POST answers 403, not Wagtail's redirect to the dashboard (which reads as
    success to a script and hides the refusal)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return defaults.permission_denied(request, error)

    return wrapper


@forbidden_is_403
@require_POST
def cancel_report_translations(request, city_slug):
    """Cancel the translator's jobs for the chosen (page, language) items of a city, each
    posted as `item=<page id>:<language code>`: the city report's row action and the page
    panel's button. Only the city's editors may; pages of other cities are refused. Goes back
    to `return_to` (the page editor, for the panel's button, which submits the editor's form
    with its own name and value as the item) or to the report."""
    city = city_for_user_or_404(request.user, city_slug)
    offered = {loc.language_code: loc for loc in city.languages.all() if loc.pk != city.locale_id}
    items = [item.partition(":")[::2] for item in request.POST.getlist("item")]
    pages = source_pages_of_city(city, [page_id for page_id, _code in items])
    chosen, unknown = defaultdict(list), []
    for page_id, code in items:
        page = pages.get(int(page_id)) if page_id.isdigit() else None
        if page is None or code not in offered:
            unknown.append(f"{page_id}:{code}")
        else:
            chosen[page].append(offered[code])
    if unknown or not chosen:
        messages.error(
            request,
            _("Nothing was cancelled: %(items)s is not a page and language of %(city)s.")
            % {"items": ", ".join(unknown) or _("(no selection)"), "city": city.title},
        )
    else:
        if not all(page.permissions_for_user(request.user).can_edit() for page in chosen):
            raise PermissionDenied
        _cancel(request, chosen)
    return_to = request.GET.get("return_to", "")
    if url_has_allowed_host_and_scheme(return_to, {request.get_host()}, request.is_secure()):
        return redirect(return_to)
    return redirect("cityguide_translation_report", city.slug)


def _cancel(request, locales_by_page):
    for page, locales in locales_by_page.items():
        try:
            cancel_in_translation(page, locales, user=request.user, refuse_idle=True)
        except TrackingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Translation of “%(title)s” into %(languages)s cancelled.")
                % {
                    "title": page.title,
                    "languages": ", ".join(loc.get_display_name() for loc in locales),
                },
            )
