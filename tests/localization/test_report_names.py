"""The reports menu names our status report and wagtail-localize's job list apart: in German
both used to read "Übersetzung"."""

from django.test import RequestFactory
from django.utils import translation
from wagtail.admin.menu import reports_menu

from tests.conftest import make_user


def report_labels(user, language):
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override(language):
        return [str(item.label) for item in reports_menu.menu_items_for_request(request)]


def test_the_translation_reports_have_distinct_names_in_german(augsburg):
    admin = make_user("admin", superuser=True)

    labels = report_labels(admin, "de")

    assert "Übersetzungsstand" in labels and "Übersetzungsaufträge" in labels
    assert "Übersetzung" not in labels
    assert len(set(labels)) == len(labels)
    assert {"Translation status", "Translation jobs"} <= set(report_labels(admin, "en"))
