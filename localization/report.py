"""The per-city translation status report: pages × languages, filters, counts, coverage and
the report's own CSV/XLSX export."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Locale, Page

from guides.tenancy import cities_for_user, city_model, source_language_code
from localization import report_data
from localization.models import TranslationStatus
from localization.status import Status, share_percent

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractUser
    from django.http.response import HttpResponseBase
    from django.template import Context

    from guides.models import CityPage

STATUS_LABELS = dict(Status.choices)


#: A Wagtail hook: fn(request, city) -> HTML shown under the city report's summary.
REPORT_PANELS_HOOK = "cityguide_city_report_panels"


def cities_by_title(user: AbstractUser) -> QuerySet[CityPage]:
    return cities_for_user(user).order_by("title")


def city_for_user_or_404(user: AbstractUser, slug: str) -> CityPage:
    """A city the user edits; another city's report is refused (city slugs are public)."""
    cities = city_model().objects.filter(locale__language_code=source_language_code())
    if not user.is_superuser:
        cities = cities.annotate(is_editor=Exists(user.groups.filter(pk=OuterRef("editors_group"))))
    city = get_object_or_404(cities, slug=slug)
    if not user.is_superuser and not city.is_editor:
        raise PermissionDenied
    return city


class TranslationStatusFilterSet(django_filters.FilterSet):
    """Not a WagtailFilterSet: that would add a filter on the *page's* locale (and a query)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        method="filter_nothing",
        empty_label=_("Any status"),
        widget=forms.RadioSelect,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=[],
        method="filter_nothing",
        empty_label=_("All languages"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Page
        fields = []

    def filter_nothing(self, queryset: QuerySet[Page], name: str, value: str) -> QuerySet[Page]:
        """The view applies both filters itself: they act on status rows, not on pages."""
        return queryset


class LanguageStatusColumn(BaseColumn):
    """One language's status badge. Rendered with format_html, not a template per cell:
    a screen has pages × languages cells."""

    def __init__(
        self, locale: Locale, *, cancel_url: str = "", csrf_token: str = "", **kwargs: Any
    ) -> None:
        super().__init__(
            f"status_{locale.language_code}", label=locale.language_code.upper(), **kwargs
        )
        self.locale = locale
        self.cancel_url, self.csrf_token = cancel_url, csrf_token

    def render_cell_html(self, instance: Page, parent_context: Context) -> SafeString:
        row = instance.language_statuses.get(self.locale.pk)
        if row is None:
            return format_html('<td data-language="{}"></td>', self.locale.language_code)
        return format_html(
            '<td data-language="{}">{}{}</td>',
            self.locale.language_code,
            status_badge(row),
            self._cancel_form(instance, row),
        )

    def _cancel_form(self, instance: Page, row: TranslationStatus) -> str:
        """A row action: cancel the translator's job for this page and language."""
        if row.status != Status.IN_TRANSLATION or not self.cancel_url:
            return ""
        return format_html(
            '<form method="post" action="{}" class="cityguide-cancel">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="item" value="{}:{}">'
            '<button type="submit" class="button button-small button-secondary">{}</button>'
            "</form>",
            self.cancel_url,
            self.csrf_token,
            instance.pk,
            self.locale.language_code,
            _("Cancel"),
        )


def status_badge(row: TranslationStatus) -> SafeString:
    """A status badge; an incomplete translation says how much of it is translated."""
    label = STATUS_LABELS[row.status]
    if row.status == Status.INCOMPLETE:
        percent = share_percent(row.translated_share)
        label = (
            _("%(status)s: %(percent)s %% translated") % {"status": label, "percent": percent}
            if percent is not None
            else _("%(status)s: share translated unknown") % {"status": label}
        )
    return format_html(
        '<span class="cityguide-badge cityguide-badge--{}" data-status="{}"{}>{}</span>',
        row.status,
        row.status,
        format_html(' data-translated-share="{}"', row.translated_share)
        if row.translated_share is not None
        else "",
        label,
    )


class TranslationStatusReportView(ReportView):
    page_title = _("Translation status")
    header_icon = "site"
    template_name = "localization/report/index.html"
    results_template_name = "localization/report/results.html"
    index_url_name = "cityguide_translation_report"
    index_results_url_name = "cityguide_translation_report_results"
    filterset_class = TranslationStatusFilterSet
    paginate_by = 50
    export_headings = {"title": _("Title"), "url_path": _("Path"), "page_id": _("Page id")}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        self.city = city_for_user_or_404(request.user, kwargs["city_slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"{self.page_title}: {self.city.title}"

    @cached_property
    def offered_locales(self) -> list[Locale]:
        return [
            loc
            for loc in self.city.languages.all().order_by("language_code")
            if loc.pk != self.city.locale_id
        ]

    @cached_property
    def filters(self) -> TranslationStatusFilterSet:
        filterset = self.filterset_class(**self.get_filterset_kwargs())
        filterset.filters["language"].extra["choices"] = [
            (loc.language_code, loc.get_display_name()) for loc in self.offered_locales
        ]
        return filterset

    def _clean_filter(self, name):
        if self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or None
        return None

    @cached_property
    def shown_locales(self) -> list[Locale]:
        code = self._clean_filter("language")
        return [loc for loc in self.offered_locales if code in (None, loc.language_code)]

    def get_filtered_queryset(self) -> list[Page]:
        """Both filters act in get_queryset. A list (light rows: id, title, path) lets the
        paginator count without a COUNT query."""
        return list(self.get_queryset())

    def get_queryset(self) -> QuerySet[Page]:
        return report_data.source_pages(
            self.city, [loc.pk for loc in self.shown_locales], status=self._clean_filter("status")
        )

    def decorate_paginated_queryset(self, object_list: Iterable[Page]) -> list[Page]:
        pages = list(object_list)
        locale_ids = [loc.pk for loc in self.shown_locales]
        statuses = report_data.statuses_for(pages, self.city, locale_ids)
        for page in pages:
            page.language_statuses = statuses.get(page.translation_key, {})
        return pages

    @cached_property
    def columns(self) -> list[BaseColumn]:
        return [
            TitleColumn(
                "title", label=_("Page"), url_name="wagtailadmin_pages:edit", id_accessor="pk"
            ),
            Column("url_path", label=_("Path"), accessor=self._relative_path),
            *[
                LanguageStatusColumn(
                    loc,
                    cancel_url=reverse("cityguide_cancel_translations", args=[self.city.slug]),
                    csrf_token=get_token(self.request),
                )
                for loc in self.shown_locales
            ],
        ]

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        """Export XLIFF of the pages shown, with the current filters (the button is rendered
        again with the results when the filters change)."""
        query = {"status": self._clean_filter("status") or "all"}
        if code := self._clean_filter("language"):
            query["language"] = code
        url = reverse("xliff:export_city", args=[self.city.pk]) + "?" + urlencode(query)
        return [
            HeaderButton(
                _("Export XLIFF"),
                url=url,
                icon_name="download",
                attrs={"data-cityguide-export-xliff": ""},
            )
        ]

    def _relative_path(self, page):
        return page.url_path[len(self.city.url_path) - 1 :] or "/"

    def get_index_url(self) -> str:
        return reverse(self.index_url_name, args=[self.city.slug])

    def get_index_results_url(self) -> str:
        return reverse(self.index_results_url_name, args=[self.city.slug])

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context["city"] = self.city
        context["summary"] = report_data.summary(self.city, self.shown_locales)
        context["statuses"] = Status
        # Sub-apps add their part of the city's report (machine translation: its budget).
        context["report_panels"] = [
            panel(self.request, self.city) for panel in hooks.get_hooks(REPORT_PANELS_HOOK)
        ]
        return context

    # Export: same rows and columns as the screen, one column per language.

    @property
    def list_export(self) -> list[str]:
        return [
            "page_id",
            "title",
            "url_path",
            *[f"status_{loc.language_code}" for loc in self.shown_locales],
            *[f"share_{loc.language_code}" for loc in self.shown_locales],
        ]

    def get_filename(self) -> str:
        return f"translation-status-{self.city.slug}-{datetime.date.today():%Y-%m-%d}"

    def get_heading(self, queryset: list[Page], field: str) -> str:
        if field.startswith("status_"):
            return field.removeprefix("status_")
        if field.startswith("share_"):
            return _("%(language)s translated (%%)") % {"language": field.removeprefix("share_")}
        return str(self.export_headings.get(field, field))

    def to_row_dict(self, item: Page) -> dict[str, Any]:
        row = {"page_id": item.pk, "title": item.title, "url_path": self._relative_path(item)}
        for loc in self.shown_locales:
            status = item.language_statuses.get(loc.pk)
            row[f"status_{loc.language_code}"] = status.status if status else ""
            percent = share_percent(status.translated_share) if status else None
            row[f"share_{loc.language_code}"] = "" if percent is None else percent
        return row

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            {"url": reverse("cityguide_translation_reports"), "label": _("Translations")},
            {"url": "", "label": self.city.title},
        ]


def source_pages_of_city(city: CityPage, page_ids: Iterable[int | str]) -> dict[int, Page]:
    """{id: specific page} for those ids that are source pages of this city (another city's
    pages are not found): one query per page type."""
    ids = {int(pk) for pk in page_ids if str(pk).isdigit()}
    pages = Page.objects.filter(pk__in=ids, path__startswith=city.path, locale_id=city.locale_id)
    return {page.pk: page for page in pages.specific()}


def language_locale(code: str) -> Locale:
    try:
        return Locale.objects.get(language_code=code)
    except Locale.DoesNotExist:
        raise Http404(f"Unknown language {code!r}.") from None
