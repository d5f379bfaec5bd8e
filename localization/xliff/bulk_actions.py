"""'Export XLIFF' in the page explorer's bulk actions: starts an export job for the selection."""

from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Locale, Page

from guides.tenancy import city_for_page
from localization.xliff import jobs, tasks
from localization.xliff.forms import ExportForm


class ExportXliffBulkAction(PageBulkAction):
    display_name = "Export XLIFF"
    action_type = "export_xliff"
    aria_label = "Export the selected pages as XLIFF for translation"
    template_name = "xliff/bulk_export.html"
    action_priority = 80
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
            messages.error(self.request, "None of the selected pages is in a city you edit.")
            return redirect(self.next_url)
        data = self.cleaned_form.cleaned_data
        keys = set()
        for page in objects:
            pages = page.get_descendants(inclusive=True) if data["include_descendants"] else [page]
            keys.update(p.translation_key for p in pages)
        source_ids = (
            list(
                Page.objects.filter(
                    translation_key__in=keys, locale=Locale.get_default()
                ).values_list("pk", flat=True)
            )
            if keys
            else []
        )
        job = tasks.start_export(
            self.request.user,
            source_ids,
            data["languages"],
            data["xliff_version"],
            data["mark_in_translation"],
            options=self.cleaned_form.export_options(),
        )
        return redirect("xliff:export_detail", job.pk)

    @classmethod
    def execute_action(cls, objects, **kwargs):  # prepare_action always answers first
        return 0, 0
