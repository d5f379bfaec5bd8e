"""Open findings per city and language: one query, shared by the admin report, the
`translation_qa` command and the `translation_status` JSON."""

from guides.tenancy import city_ids_for_user
from localization.qa.models import QAFinding


def open_findings(*, city_ids=None, locales=None):
    """Open findings (not overridden), in report order; `city_ids` None: every city."""
    rows = QAFinding.objects.open().select_related("target_locale", "source_page", "city")
    if city_ids is not None:
        rows = rows.filter(city_id__in=city_ids)
    if locales is not None:
        rows = rows.filter(target_locale__in=locales)
    return rows.order_by(
        "city__title", "target_locale__language_code", "source_page__path", "segment", "id"
    )


def findings_for_user(user, *, city_ids=None, locales=None):
    """Open findings of the cities the user works on (tenant isolation), narrowed further by
    `city_ids` when given."""
    allowed = city_ids_for_user(user)
    if allowed is not None:
        city_ids = allowed if city_ids is None else set(city_ids) & allowed
    return open_findings(city_ids=city_ids, locales=locales)


def as_dict(finding):
    """A finding as the command's JSON and the translation_status JSON show it."""
    return {
        "id": finding.pk,
        "city": finding.city.slug if finding.city_id else None,
        "page_id": finding.source_page_id,
        "title": finding.source_page.title if finding.source_page_id else None,
        "translation_key": str(finding.translation_key),
        "language": finding.target_locale.language_code,
        "segment": finding.segment,
        "code": finding.code,
        "severity": finding.severity,
        "fact": finding.fact,
        "message": finding.message,
    }


def by_translation(findings):
    """{(translation key as str, language code): [finding dicts]}."""
    grouped = {}
    for finding in findings:
        key = (str(finding.translation_key), finding.target_locale.language_code)
        grouped.setdefault(key, []).append(as_dict(finding))
    return grouped
