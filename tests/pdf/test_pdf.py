"""Printable PDFs: Arabic text shaped and in logical order, footer with QR, cached by content."""

import subprocess

import pytest
from django.core.files.storage import default_storage

from guides.pdf import document
from tests.conftest import city_translation, make_page
from tests.tools import require_pdf_rendering, require_pdftotext
from tests.xliff.helpers import make_image

ARABIC_TITLE = "مرحبا في أوغسبورغ"
ARABIC_TEXT = "المساعدة في البحث عن سكن"


@pytest.fixture
def renders_pdf():
    """The test renders a PDF, so WeasyPrint must find Pango (see tests/tools.py)."""
    require_pdf_rendering()


@pytest.fixture
def pdf_text(renders_pdf, tmp_path):
    """PDF bytes -> their text, by poppler's pdftotext."""
    pdftotext = require_pdftotext()

    def extract(data):
        path = tmp_path / "out.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
        )
        # pdftotext wraps right-to-left runs in bidi embedding marks; the letters stay in order.
        return result.stdout.replace("\u202b", "").replace("\u202c", "")

    return extract


@pytest.fixture
def arabic_page(augsburg, page_factory):
    root = city_translation(augsburg, "ar")
    return page_factory(
        root, ARABIC_TITLE, body=[{"type": "paragraph", "value": f"<p>{ARABIC_TEXT}.</p>"}]
    )


def test_arabic_pdf_text_extracts_as_arabic_in_logical_order(client, arabic_page, pdf_text):
    response = client.get(f"/ar/augsburg/pdf/{arabic_page.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert ARABIC_TITLE in text
    assert ARABIC_TEXT in text
    assert "Augsburg" in text  # footer: the city
    assert "/ar/augsburg/" in text  # footer: the page URL (its RTL slug is reordered by bidi)


def test_pdf_html_is_right_to_left_with_qr_code_to_the_online_page(arabic_page):
    html = document.render_html(document.print_job([arabic_page]))

    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="qr" src="data:image/png;base64,' in html
    assert f"/ar/augsburg/{arabic_page.slug}/</span>" in html  # readable, not %-encoded


def test_subtree_pdf_contains_children_in_tree_order(augsburg, page_factory, client, pdf_text):
    parent = page_factory(augsburg, "Arbeit")
    page_factory(parent, "Jobcenter")
    page_factory(parent, "Ausbildung")

    text = pdf_text(client.get(f"/de/augsburg/pdf/{parent.pk}/").content)
    alone = pdf_text(client.get(f"/de/augsburg/pdf/{parent.pk}/?subtree=0").content)

    assert text.index("Jobcenter") < text.index("Ausbildung")
    assert "Jobcenter" not in alone


def test_pdf_is_cached_until_the_content_changes(augsburg, page_factory, client, renders_pdf):
    page = page_factory(augsburg, "Gesundheit")
    first = client.get(f"/de/augsburg/pdf/{page.pk}/")
    name = document.storage_name(document.print_job([page]))
    assert default_storage.exists(name)

    again = client.get(f"/de/augsburg/pdf/{page.pk}/")
    assert again["ETag"] == first["ETag"]
    assert (
        client.get(f"/de/augsburg/pdf/{page.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )

    page.title = "Gesundheit und Ärzte"
    page.save_revision().publish()
    changed = client.get(f"/de/augsburg/pdf/{page.pk}/")
    assert changed["ETag"] != first["ETag"]


def test_api_pdf_endpoints_serve_the_page_by_url(augsburg, page_factory, client, renders_pdf):
    page = page_factory(augsburg, "Wohnen")
    for url in (
        f"/api/v3/augsburg/de/pdf/?url=/de/augsburg/{page.slug}/",
        f"/augsburg/de/wp-json/ig-mpdf/v1/pdf/?url=/de/augsburg/{page.slug}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.startswith(b"%PDF")


def test_pdf_of_unknown_page_or_language_is_404(augsburg, client):
    assert client.get("/de/augsburg/pdf/999999/").status_code == 404
    assert client.get(f"/uk/augsburg/pdf/{augsburg.pk}/").status_code == 404


def test_fetcher_refuses_network_urls(renders_pdf):
    from guides.pdf.fetcher import LocalFilesFetcher, ResourceUnavailable

    with pytest.raises(ResourceUnavailable):
        LocalFilesFetcher().fetch("http://169.254.169.254/latest/meta-data")


def test_public_page_has_a_print_link_in_its_language(augsburg, page_factory, client):
    page = page_factory(city_translation(augsburg, "ar"), "صفحة")

    html = client.get(page.url).content.decode()

    assert f'href="/ar/augsburg/pdf/{page.pk}/"' in html
    assert "طباعة / PDF" in html


def test_admin_page_header_offers_print_pdf(augsburg, page_factory, user_factory, client):
    page = page_factory(augsburg, "Sprache")
    client.force_login(user_factory("admin", superuser=True))

    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert f"/de/augsburg/pdf/{page.pk}/" in html


def _linked_pages(parent, count, document, image, target):
    for n in range(count):
        make_page(
            parent,
            f"Merkblatt {n}",
            body=[
                {
                    "type": "paragraph",
                    "value": f'<p>Siehe <a linktype="page" id="{target.pk}">Start</a> und '
                    f'<a linktype="document" id="{document.pk}">das Merkblatt</a>.</p>',
                },
                {"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": True}},
            ],
        )


def _html_queries(section):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    job = document.print_job(document.subtree(section))
    with CaptureQueriesContext(connection) as queries:
        html = document.render_html(job)
    return len(queries), html


def test_printing_more_pages_costs_no_more_queries(augsburg, page_factory):
    """Bodies, chosen images and documents and rich-text links are read for the whole print."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    leaflet = document_model(title="Merkblatt")
    leaflet.file = ContentFile(b"Text", name="merkblatt.txt")
    leaflet.save()
    image = make_image("Rathaus")
    small, large = page_factory(augsburg, "Klein"), page_factory(augsburg, "Gross")
    _linked_pages(small, 2, leaflet, image, augsburg)
    _linked_pages(large, 6, leaflet, image, augsburg)
    document.render_html(document.print_job(document.subtree(small)))  # the image's rendition

    small_count, _small_html = _html_queries(small)
    large_count, large_html = _html_queries(large)

    assert large_html.count("merkblatt.txt") == 6  # the links were really expanded
    assert large_html.count("<img") >= 6
    assert large_count == small_count
