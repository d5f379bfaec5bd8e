"""The per-city report: matrix, filters, counts, export, tenant isolation, constant queries."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from localization.tracking import mark_in_translation
from tests.conftest import make_page
from tests.localization.conftest import Flow, loc
from tests.shared import run_on_commit, shared_fixture

pytestmark = pytest.mark.usefixtures("in_english")


@shared_fixture("augsburg")
def augsburg_pages(augsburg):
    flow = Flow(run_on_commit)
    arzt = make_page(
        augsburg, "Arzt", body=[{"type": "paragraph", "value": "<p>eins zwei drei</p>"}]
    )
    schule = make_page(augsburg, "Schule")
    flow.translate(arzt, "en", "ar")
    flow.translate(schule, "en")
    flow.edit(arzt, "Arzt und Apotheke")
    mark_in_translation(schule, [loc("fa")])
    return {"arzt": arzt, "schule": schule}


def report_url(city, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    url = reverse("cityguide_translation_report", args=[city.slug])
    return f"{url}?{query}" if query else url


def test_report_shows_a_status_for_every_page_and_language(
    client, augsburg, augsburg_pages, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    response = client.get(report_url(augsburg))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Arzt und Apotheke" in html and "Schule" in html
    assert html.count('data-status="outdated"') >= 2  # two cells + summary column
    assert 'data-language="fa"' in html and 'data-language="uk"' not in html


def test_report_filters_by_status_and_language(client, augsburg, augsburg_pages, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    html = client.get(report_url(augsburg, status="in_translation", language="fa")).content.decode()
    assert "Schule" in html and "Arzt und Apotheke" not in html
    assert '<td data-language="en">' not in html


def test_report_summary_counts_words_waiting(client, augsburg, augsburg_pages, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    summary = client.get(report_url(augsburg)).context["summary"]
    english = next(line for line in summary if line["locale"].language_code == "en")
    # City root, Arzt, Schule in English: Schule up to date, Arzt outdated, and the root an
    # untranslated copy made by "Translate this page" when the city was created: incomplete.
    assert english["counts"] == {
        "missing": 0,
        "in_translation": 0,
        "outdated": 1,
        "incomplete": 1,
        "machine_translated": 0,
        "up_to_date": 1,
    }
    assert english["coverage"] == 33
    assert english["words_waiting"] >= 3


def test_report_exports_csv_and_xlsx(client, augsburg, augsburg_pages, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    response = client.get(report_url(augsburg, export="csv"))
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    shares = ["ar translated (%)", "en translated (%)", "fa translated (%)"]
    # The admin speaks German here; installed apps' catalogs (django-axes has "Path") may
    # translate a heading, so expect it as the active language's catalog has it.
    path = gettext("Path")
    assert header[2:] == [path, "ar", "en", "fa", *shares]
    arzt = next(row for row in rows if row[1] == "Arzt und Apotheke")
    assert arzt[3:] == ["outdated", "outdated", "missing", "100", "100", ""]
    response = client.get(report_url(augsburg, export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][2:] == [path, "ar", "en", "fa", *shares]
    assert any(row[1] == "Schule" and "in_translation" in row for row in values)


def assert_refused(response):
    """Wagtail's admin turns the report's PermissionDenied into a redirect to the dashboard."""
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_other_citys_report_is_refused(client, augsburg, nuernberg, page_factory, user_factory):
    page_factory(nuernberg, "Geheim")
    client.force_login(user_factory("lena", city=augsburg))
    assert_refused(client.get(report_url(nuernberg)))
    assert_refused(client.get(report_url(nuernberg, export="csv")))
    assert_refused(
        client.get(reverse("cityguide_translation_report_results", args=[nuernberg.slug]))
    )
    assert "Geheim" not in client.get(report_url(nuernberg), follow=True).content.decode()
    assert client.get(report_url(augsburg)).status_code == 200


def test_unknown_city_report_is_not_found(client, augsburg, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    response = client.get("/admin/reports/translations/atlantis/", follow=True)
    assert response.status_code == 404


def test_report_index_lists_only_own_cities(client, augsburg, nuernberg, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    response = client.get(reverse("cityguide_translation_reports"))
    assert response.status_code == 302 and response.url.endswith("/augsburg/")


def test_report_query_count_does_not_grow_with_pages(
    client, augsburg, page_factory, flow, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    for _ in range(2):
        flow.translate(page_factory(augsburg), "en")
    client.get(report_url(augsburg))  # warm caches (content types, locales)
    with CaptureQueriesContext(connection) as small:
        assert client.get(report_url(augsburg)).status_code == 200
    for _ in range(8):
        flow.translate(page_factory(augsburg), "en", "ar")
    with CaptureQueriesContext(connection) as large:
        response = client.get(report_url(augsburg))
    assert response.context["items_count"] == 11
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
