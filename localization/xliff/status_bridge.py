"""The translation-status calls XLIFF makes, in one place (the rule lives in localization.status).

Export marks translations `in_translation`; an import that leaves a translation incomplete
keeps it there (a complete one is tagged synced by the TranslationLog it writes). Sources
refreshed in bulk record the source version they carry. Selection by status reads the stored
status rows in bulk.
"""

from wagtail.models import Page

from localization import tracking
from localization.models import TranslationStatus
from localization.status import Status

#: --pages keywords -> the statuses they select.
STATUS_SELECTIONS = {
    "outdated": {Status.OUTDATED},
    "missing": {Status.MISSING},
    "stale": {Status.MISSING, Status.OUTDATED, Status.IN_TRANSLATION},
}


def mark_in_translation(source_page, locales, user=None):
    mark_many_in_translation({source_page: list(locales)}, user=user)


def mark_many_in_translation(locales_by_source, user=None):
    tracking.mark_many_in_translation(locales_by_source, user=user)


def record_source_snapshots(pairs):
    tracking.record_source_snapshots(pairs)


def pairs_with_status(city, source_pages, locales, statuses):
    """(page, locale) pairs among these pages whose stored status is in `statuses`."""
    pages = {page.pk: page for page in source_pages}
    locale_by_id = {locale.pk: locale for locale in locales}
    stored = {
        (page_id, locale_id): status
        for page_id, locale_id, status in TranslationStatus.objects.filter(
            source_page_id__in=pages, target_locale_id__in=locale_by_id
        ).values_list("source_page_id", "target_locale_id", "status")
    }
    pairs = []
    for page in pages.values():
        for locale in locales:
            status = stored.get((page.pk, locale.pk))
            if status is None:  # no stored row yet: let tracking compute and store it
                status = tracking.get_status(Page.objects.get(pk=page.pk), locale)
            if status in statuses:
                pairs.append((page, locale))
    return pairs
