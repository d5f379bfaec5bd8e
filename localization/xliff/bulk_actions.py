"""'Export XLIFF' in the page explorer's bulk actions: starts an export job for the selection,
whole subtrees at once, optionally only the pages and languages in one status."""

from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Locale, Page

from guides.tenancy import city_for_page, city_model, city_path
from localization.xliff import jobs, tasks
from localization.xliff.forms import ExportForm


def source_city_of(pages) -> Page | None:
    """The source-locale city of these pages when they are all in one city: the export is
    then in that city's log, where its other editors see it too."""
    paths = {city_path(page) for page in pages}
    if len(paths) != 1:
        return None
    keys = city_model().objects.filter(path__in=paths).values("translation_key")
    return (
        city_model().objects.filter(translation_key__in=keys, locale=Locale.get_default()).first()
    )


class ExportXliffBulkAction(PageBulkAction):
    display_name = _("Export XLIFF")
    action_type = "export_xliff"
    aria_label = _("Export the selected pages as XLIFF for translation")
    template_name = "xliff/bulk_export.html"
    # The explorer shows its first four actions by priority and hides the rest under "More":
    # after Move (10), before Delete (30), Publish (40) and Unpublish (50, then under "More").
    action_priority = 20
    form_class = ExportForm

    def check_perm(self, page):
        """Only pages inside a city the user edits (every city for superusers)."""
        allowed = jobs.allowed_cities_for(self.request.user)
        city = city_for_page(page)
        if city is None:
            return False
        if allowed is None:
            return True
        return city.translation_key in {c.translation_key for c in allowed}

    def prepare_action(self, objects, objects_without_access):
        if not objects:
            messages.error(self.request, _("None of the selected pages is in a city you edit."))
            return redirect(self.next_url)
        data = self.cleaned_form.cleaned_data
        chosen = Page.objects.filter(pk__in=[page.pk for page in objects])
        if data["include_descendants"]:  # whole subtrees, every level, in one query
            subtrees = Q()
            for page in objects:
                subtrees |= Q(path__startswith=page.path, depth__gte=page.depth)
            chosen = Page.objects.filter(subtrees)
        source_ids = list(
            Page.objects.filter(
                translation_key__in=chosen.values("translation_key"), locale=Locale.get_default()
            ).values_list("pk", flat=True)
        )
        job = tasks.start_export(
            self.request.user,
            source_ids,
            data["languages"],
            data["xliff_version"],
            data["mark_in_translation"],
            city=source_city_of(objects),
            selection=data["status"],
            options=self.cleaned_form.export_options(),
            leverage=self.cleaned_form.export_leverage(),
        )
        return redirect("xliff:export_detail", job.pk)

    @classmethod
    def execute_action(cls, objects, **kwargs):  # prepare_action always answers first
        return 0, 0
