"""What the page editor's translation panel shows: each of the city's languages with its
status, how much of an incomplete translation is translated, and the next step (translate,
see what changed, edit, cancel a translator's job)."""

from django.urls import reverse
from wagtail.models import Page

from guides.tenancy import city_path
from localization.models import TranslationStatus
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
    entries = [_entry(row, source_id) for row in rows]
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


def _entry(row, source_page_id):
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
    }
    if row.translation_page_id:
        entry["edit_url"] = reverse("wagtailadmin_pages:edit", args=[row.translation_page_id])
    if row.status == Status.OUTDATED:
        entry["diff_url"] = reverse(
            "cityguide_translation_diff", args=[source_page_id, locale.language_code]
        )
    if row.status == Status.IN_TRANSLATION and source_page_id:
        entry["cancel_url"] = reverse("cityguide_cancel_translations", args=[row.city.slug])
        entry["cancel_item"] = f"{source_page_id}:{locale.language_code}"
        entry["return_to"] = reverse("wagtailadmin_pages:edit", args=[source_page_id])
    return entry
