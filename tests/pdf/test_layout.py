"""PDF layout and download: the footer's page counter on one line, sections that share
sheets, file names in any script, and the city page's Print / PDF link."""

import re
import subprocess
from urllib.parse import quote

import pytest

from tests.conftest import city_translation
from tests.tools import require_pdf_rendering, require_pdftotext

UKRAINIAN_TITLE = "Житло"


@pytest.fixture
def pdf_pages(tmp_path):
    """PDF bytes -> the text of each sheet, by poppler's pdftotext (sheets end in a form feed)."""
    require_pdf_rendering()
    pdftotext = require_pdftotext()

    def extract(data):
        path = tmp_path / "out.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-layout", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        )
        return [sheet for sheet in result.stdout.split("\f") if sheet.strip()]

    return extract


@pytest.fixture
def section(augsburg, page_factory):
    """A section with three short pages below it: content for one sheet, or two at most."""
    parent = page_factory(
        augsburg, "Arbeit", body=[{"type": "paragraph", "value": "<p>Arbeit finden.</p>"}]
    )
    for title in ("Jobcenter", "Ausbildung", "Praktikum"):
        page_factory(parent, title, body=[{"type": "paragraph", "value": f"<p>{title}.</p>"}])
    return parent


def test_footer_page_counter_stays_on_one_line(section, client, pdf_pages):
    sheets = pdf_pages(client.get(f"/de/augsburg/pdf/{section.pk}/").content)

    total = len(sheets)
    for number, sheet in enumerate(sheets, 1):
        # "1 / 2" on one line, not "1 /" above "2"
        assert re.search(rf"(?m)^.*\b{number} ?/ ?{total}\s*$", sheet), sheet
        assert not re.search(rf"(?m)^\s*{number} ?/\s*$", sheet), sheet


def test_short_pages_share_sheets_with_the_table_of_contents(section, client, pdf_pages):
    sheets = pdf_pages(client.get(f"/de/augsburg/pdf/{section.pk}/").content)

    # Five short blocks (contents, four pages) do not take five sheets; the contents do not
    # fill the first sheet alone.
    assert len(sheets) < 3, sheets
    assert "Arbeit finden." in sheets[0]


def test_ukrainian_pdf_download_name_is_rfc_6266_with_an_ascii_fallback(
    nuernberg, page_factory, client
):
    require_pdf_rendering()
    page = page_factory(city_translation(nuernberg, "uk"), UKRAINIAN_TITLE)
    assert not page.slug.isascii()

    response = client.get(f"/uk/nuernberg/pdf/{page.pk}/")

    encoded = quote(f"nuernberg-{page.slug}-uk.pdf", safe="")
    assert response["Content-Disposition"] == (
        f"inline; filename=\"nuernberg-uk.pdf\"; filename*=UTF-8''{encoded}"
    )
    assert "=?utf-8?" not in response["Content-Disposition"]


def test_city_page_has_a_print_link_to_the_city_pdf(augsburg, client):
    arabic = city_translation(augsburg, "ar")

    html = client.get(arabic.url).content.decode()

    assert f'href="/ar/augsburg/pdf/{arabic.pk}/"' in html
    assert "طباعة / PDF" in html


def test_page_waiting_for_a_render_links_to_the_pdf(augsburg, client, settings):
    """The worker renders a city's PDF; the waiting page links to the file it will serve."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    url = f"/de/augsburg/pdf/{augsburg.pk}/"

    response = client.get(url)

    assert response.status_code == 202
    assert f'<a href="{url}">' in response.content.decode()
    [queued] = default_task_backend.results
    assert queued.args == [[page.pk for page in augsburg.get_descendants(inclusive=True).live()]]
