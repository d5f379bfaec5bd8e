"""A city editor filters the translation report, exports XLIFF of what it shows, and finds the
export in the export log, where the file downloads again."""

import io
import zipfile

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from tests.conftest import make_page, make_user
from tests.localization.conftest import translate_strings

pytestmark = pytest.mark.browser


def zip_names(path):
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return sorted(archive.namelist())


def choose_filter(tab, label, choice):
    """Open the listing's filters and pick one choice; the results update in place."""
    with tab.expect_response(lambda response: "/results/" in response.url):
        tab.locator("[data-w-drilldown-target='toggle']", has_text=label).click()
        tab.get_by_role("radio", name=choice).check()
    tab.locator(".w-drilldown__back:visible").click()  # back to the list of filters


def test_editor_exports_what_the_filtered_report_shows_and_downloads_it_again(
    page, live_server, admin_login, city_factory, on_commit, tmp_path
):
    city = city_factory("augsburg", "Augsburg", ("de", "en", "ar"))
    wohnen, arbeit, schule = (make_page(city, title) for title in ("Wohnen", "Arbeit", "Schule"))
    english, arabic = (Locale.objects.get(language_code=code) for code in ("en", "ar"))
    with on_commit():
        translate_object(wohnen, [english])  # English: wohnen up to date, the others missing
        translate_object(schule, [arabic])
    translate_strings(wohnen, "en")
    make_user("augsburg-editor", city=city, password="cityguide")

    admin_login("augsburg-editor", "cityguide")
    page.goto(live_server.url + reverse("cityguide_translation_report", args=[city.slug]))
    page.get_by_role("button", name="Filter").click()
    choose_filter(page, "Status", "Missing")
    choose_filter(page, "Language", "English")
    table = page.inner_text("table.listing:not(.cityguide-coverage)")
    assert "Arbeit" in table and "Schule" in table and "Wohnen" not in table

    page.click("[data-cityguide-export-xliff]")
    assert page.locator("select[name=pages]").input_value() == "missing"
    assert page.locator("input[name=languages][value=en]").is_checked()
    assert not page.locator("input[name=languages][value=ar]").is_checked()
    page.click("[data-xliff-export-city]")
    page.wait_for_selector("[data-xliff-export][data-state=done]")
    with page.expect_download() as first:
        page.click("text=Download")
    exported = tmp_path / "first.zip"
    first.value.save_as(exported)
    assert zip_names(exported) == [
        f"augsburg_de_en_{arbeit.pk}_arbeit.xlf",
        f"augsburg_de_en_{schule.pk}_schule.xlf",
    ]

    page.click("text=XLIFF export log")
    row = page.locator("table.listing tbody tr").first
    assert "augsburg-editor" in row.inner_text() and "Missing" in row.inner_text()
    with page.expect_download() as again:
        row.locator("[data-xliff-download]").click()
    downloaded = tmp_path / "again.zip"
    again.value.save_as(downloaded)
    assert downloaded.read_bytes() == exported.read_bytes()
