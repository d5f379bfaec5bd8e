"""Where the translation status shows up in the admin: report, audit log, explorer badges."""

import copy
from urllib.parse import urlencode

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationSource

from guides.tenancy import user_works_on_a_city
from localization import audit, views
from localization.models import TranslationStatus
from localization.report import TranslationStatusReportView
from localization.scope import page_content_type
from localization.status import Status


@hooks.register("register_admin_urls")
def translation_status_urls():
    report = TranslationStatusReportView.as_view()
    results = TranslationStatusReportView.as_view(results_only=True)
    return [
        path("reports/translations/", views.report_index, name="cityguide_translation_reports"),
        path("reports/translations/<slug:city_slug>/", report, name="cityguide_translation_report"),
        path(
            "reports/translations/<slug:city_slug>/results/",
            results,
            name="cityguide_translation_report_results",
        ),
        path(
            "translations/<int:page_id>/<str:language>/changes/",
            views.translation_diff,
            name="cityguide_translation_diff",
        ),
        path(
            "reports/translations/<slug:city_slug>/cancel/",
            views.cancel_report_translations,
            name="cityguide_cancel_translations",
        ),
        path(
            "translations/<int:page_id>/<str:language>/mark-up-to-date/",
            views.mark_translation_up_to_date,
            name="cityguide_mark_up_to_date",
        ),
        path(
            "translations/<int:page_id>/<str:language>/mark-reviewed/",
            views.mark_translation_reviewed,
            name="cityguide_mark_reviewed",
        ),
    ]


class TranslationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_works_on_a_city(request.user)


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return TranslationReportMenuItem(
        _("Translation status"),
        reverse("cityguide_translation_reports"),
        name="translation-status",
        icon_name="site",
        order=650,
    )


@hooks.register("construct_reports_menu")
def name_the_translation_jobs_report(request, menu_items):
    """wagtail-localize's report lists translation jobs, and calls itself "Translations"
    ("Übersetzung" in German, like our status report would read): give it its own name."""
    jobs_url = reverse("wagtail_localize:translations_report")
    for index, item in enumerate(menu_items):
        if item.url == jobs_url:
            menu_items[index] = copy.copy(item)  # the registered item is shared by every request
            menu_items[index].label = _("Translation jobs")


@hooks.register("register_log_actions")
def translation_log_actions(actions):
    for action, label, message in audit.LOG_ACTIONS:
        actions.register_action(action, label, message)


#: The statuses the explorer counts on a page's badge: each needs someone's work.
BADGE_STATUSES = (
    Status.OUTDATED,
    Status.INCOMPLETE,
    Status.MISSING,
    Status.IN_TRANSLATION,
    Status.MACHINE_TRANSLATED,
)


def _count(status):
    rows = (
        TranslationStatus.objects.filter(
            content_type=page_content_type(),
            translation_key=OuterRef("translation_key"),
            status=status,
        )
        .order_by()
        .values("translation_key")
    )
    return Subquery(rows.annotate(n=Count("id")).values("n")[:1], output_field=IntegerField())


@hooks.register("construct_explorer_page_queryset")
def annotate_translation_counts(parent_page, pages, request):
    """Counts for the badges, and what wagtail-localize's row buttons ask, in the listing's own
    query (no query per row)."""
    pages = pages.annotate(
        **{f"cityguide_{status.value}": _count(status) for status in BADGE_STATUSES}
    )
    return annotate_localize_buttons(pages)


# ---------------------------------------------------------------------------------------------
# wagtail-localize's "Translate this page" and "Sync translated pages", batched
#
# wagtail-localize asks two or three queries per page for them (a locale without a
# translation; the page's translation source and whether it has an enabled translation), in
# every row of the explorer. The same two questions are annotations of the listing's query
# here, or one query for a page on its own (the header's buttons); the buttons are the same.


def _has_locale_to_translate_to():
    """A locale without a (non-alias) copy of the page: wagtail-localize's condition for
    "Translate this page"."""
    copies = Page.objects.filter(
        translation_key=OuterRef(OuterRef("translation_key")), alias_of__isnull=True
    ).values("locale_id")
    return Exists(Locale.objects.exclude(id__in=copies))


def _source_with_enabled_translations():
    """The id of the page's translation source if it has an enabled translation: the
    condition for "Sync translated pages"."""
    return Subquery(
        TranslationSource.objects.filter(
            object_id=OuterRef("translation_key"),
            object__content_type=page_content_type(),
            locale_id=OuterRef("locale_id"),
            translations__enabled=True,
        )
        .order_by()
        .values("pk")[:1]
    )


def annotate_localize_buttons(pages):
    return pages.annotate(
        cityguide_can_translate=_has_locale_to_translate_to(),
        cityguide_sync_source=_source_with_enabled_translations(),
    )


def _localize_state(page):
    if hasattr(page, "cityguide_can_translate"):
        return page.cityguide_can_translate, page.cityguide_sync_source
    row = (
        annotate_localize_buttons(Page.objects.filter(pk=page.pk))
        .values_list("cityguide_can_translate", "cityguide_sync_source")
        .first()
    )
    return row or (False, None)


def localize_buttons(page, user, view_name=None, next_url=None):
    """wagtail-localize's `page_listing_more_buttons`, with its questions answered by the
    listing's annotations (`annotate_localize_buttons`), else in one query."""
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    can_translate, source_id = _localize_state(page)
    if can_translate:
        # An alias is translated through the page it is an alias of.
        url = reverse(
            "wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id]
        )
        yield Button(
            gettext("Translate this page"),
            url,
            priority=60,
            icon_name="wagtail-localize-language",
        )
    if source_id is not None:
        url = reverse("wagtail_localize:update_translations", args=[source_id])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield Button(gettext("Sync translated pages"), url, priority=60, icon_name="resubmit")


def _replace_hook(hook_name, old, new):
    """Put `new` where wagtail-localize registered `old` (Wagtail has no call to unregister
    a hook; the registry is a list of (function, order) per hook name)."""
    registered = hooks._hooks.setdefault(hook_name, [])
    registered[:] = [(new if fn is old else fn, order) for fn, order in registered]
    if not any(fn is new for fn, _order in registered):
        registered.append((new, 0))


for _hook_name in ("register_page_header_buttons", "register_page_listing_more_buttons"):
    _replace_hook(_hook_name, localize_hooks.page_listing_more_buttons, localize_buttons)


@hooks.register("register_page_listing_buttons")
def translation_status_badge(page, user, next_url=None):
    counts = [
        (getattr(page, f"cityguide_{status.value}", None), status) for status in BADGE_STATUSES
    ]
    parts = [f"{n} {status.label.lower()}" for n, status in counts if n]
    if not parts:
        return
    yield ListingButton(
        _("Translations: %(summary)s") % {"summary": ", ".join(parts)},
        reverse("wagtailadmin_pages:edit", args=[page.pk]) + "#cityguide-translations",
        icon_name="warning",
        priority=5,
        attrs={"data-cityguide-badge": ",".join(s.value for n, s in counts if n)},
    )


@hooks.register("insert_global_admin_css")
def status_css():
    from django.template.loader import render_to_string

    return render_to_string("localization/includes/status_css.html")
