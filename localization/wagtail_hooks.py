"""Where the translation status shows up in the admin: report, audit log, explorer badges."""

import copy

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton

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
    """Counts for the badges, in the listing's own query (no query per row)."""
    return pages.annotate(
        **{f"cityguide_{status.value}": _count(status) for status in BADGE_STATUSES}
    )


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
