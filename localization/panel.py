"""The page editor's translation panel, a Wagtail panel at the top of the edit form: each of
the city's languages with its status, how much of an incomplete translation is translated, and
the action that status calls for (translate or export XLIFF, machine-translate, see what
changed, edit the translation, cancel a translator's job), and the minor-edit checkbox. Its
queries do not grow with the number of languages."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.models import Page

from guides.tenancy import city_path
from localization.models import TranslationStatus
from localization.mt.models import machine_translation_set_up
from localization.scope import (
    is_tracked_source,
    page_content_type,
    source_locale_id,
)
from localization.status import Status, share_percent


def panel_context(page, user):
    """Context for the panel; empty for a page being created or outside any city."""
    if not page.pk or city_path(page) is None:
        return {"show_panel": False, "allow_minor_edit": False}
    is_source = is_tracked_source(page)
    rows = (
        TranslationStatus.objects.filter(
            content_type=page_content_type(),
            translation_key=page.translation_key,
        )
        .select_related("target_locale", "city")
        .order_by("target_locale__language_code")
    )
    if not is_source:
        rows = rows.filter(target_locale_id=page.locale_id)
    source_id = (
        page.pk
        if is_source
        else Page.objects.filter(translation_key=page.translation_key, locale_id=source_locale_id())
        .values_list("pk", flat=True)
        .first()
    )
    export_url = _xliff_export_url(page) if is_source else None
    may_machine_translate = is_source and page.permissions_for_user(user).can_publish()
    if may_machine_translate:
        rows = rows.annotate(machine_translation=machine_translation_set_up())
    entries = [_entry(row, source_id, export_url) for row in rows]
    return {
        "show_panel": True,
        "allow_minor_edit": is_source,
        "entries": entries,
        "is_source": is_source,
        "translate_url": (
            reverse("wagtail_localize:submit_page_translation", args=[page.pk])
            if is_source
            else None
        ),
    }


def _xliff_export_url(page):
    """wagtail's bulk action door to "Export XLIFF", for this one page."""
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "export_xliff"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return f"{url}?{urlencode({'id': page.pk, 'next': edit_url})}"


#: Statuses whose translation needs a translator: the panel offers the XLIFF export, and
#: machine translation where the city has it (these are the statuses a job selects).
EXPORTABLE = (Status.MISSING, Status.OUTDATED, Status.INCOMPLETE)


def _entry(row, source_page_id, export_url=None):
    """A language's row; a row annotated `machine_translation` (the user may publish the
    source page, see `panel_context`) says whether the city machine-translates into it."""
    locale = row.target_locale
    entry = {
        "language": locale.get_display_name(),
        "code": locale.language_code,
        "status": row.status,
        "label": Status(row.status).label,
        "percent": share_percent(row.translated_share),
        "diff_url": None,
        "edit_url": None,
        "cancel_url": None,
        "review_url": None,
        "export_url": export_url if row.status in EXPORTABLE else None,
        "machine_translate_url": None,
    }
    if row.status in EXPORTABLE and getattr(row, "machine_translation", False):
        entry["machine_translate_url"] = reverse(
            "cityguide_mt_page", args=[source_page_id, locale.language_code]
        )
    if row.translation_page_id:
        entry["edit_url"] = reverse("wagtailadmin_pages:edit", args=[row.translation_page_id])
    if row.status == Status.OUTDATED:
        entry["diff_url"] = reverse(
            "cityguide_translation_diff", args=[source_page_id, locale.language_code]
        )
    if row.status == Status.MACHINE_TRANSLATED and source_page_id:
        entry["review_url"] = reverse(
            "cityguide_mark_reviewed", args=[source_page_id, locale.language_code]
        )
    if row.status == Status.IN_TRANSLATION and source_page_id:
        entry["cancel_url"] = reverse("cityguide_cancel_translations", args=[row.city.slug])
        entry["cancel_item"] = f"{source_page_id}:{locale.language_code}"
        entry["return_to"] = reverse("wagtailadmin_pages:edit", args=[source_page_id])
    return entry


class TranslationStatusPanel(Panel):
    """The translation panel, placed first in a translatable page type's content panels.

    It renders the form's `minor_edit` checkbox (declared by TranslatablePageForm), so Wagtail
    does not render that field again below the panels."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Translations"))
        super().__init__(**kwargs)

    def get_form_options(self):
        return {"fields": ["minor_edit"]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "localization/panels/translation_status.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.context = panel_context(self.instance, self.request.user)

        def is_shown(self):
            return self.context["show_panel"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(self.context)
            context["minor_edit"] = (
                self.form["minor_edit"] if "minor_edit" in self.form.fields else None
            )
            return context
