"""The PDF of a page or city in the reader's language holds, like the site, the source pages
that have no translation in it: marked lang="de", with a notice (guides.fallback)."""

import subprocess

from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from guides.pdf import document
from tests.conftest import build_city, city_translation, make_page
from tests.shared import run_on_commit, shared_fixture
from tests.tools import require_pdf_rendering, require_pdftotext


def notice(code):
    with translation.override(code):
        return translation.gettext("This page is not yet available in your language.")


@shared_fixture()
def ukrainian_guide():
    """Nürnberg: "Arbeit" translated into Ukrainian, "Notfälle" (and its child) German only."""
    city = build_city("nuernberg", "Nürnberg", ("de", "uk"))
    work = make_page(city, "Arbeit", slug="arbeit")
    emergencies = make_page(
        city,
        "Notfälle",
        slug="notfaelle",
        body=[{"type": "paragraph", "value": "<p>Feuerwehr und Rettungsdienst: 112</p>"}],
    )
    make_page(emergencies, "Polizei", slug="polizei", teaser="Notruf 110")
    make_page(city, "Entwurf", slug="entwurf", publish=False)
    ukrainian = Locale.objects.get(language_code="uk")
    with run_on_commit():
        translate_object(work, [ukrainian])
    copy = work.get_translation(ukrainian)
    copy.title = "Робота"
    copy.save_revision().publish()
    return {"city": city, "work": copy, "emergencies": emergencies}


def test_ukrainian_city_print_holds_the_german_pages_marked_with_a_notice(ukrainian_guide):
    root = city_translation(ukrainian_guide["city"], "uk")
    job = document.print_job(document.subtree(root))

    assert [page.title for page in job.pages] == ["Nürnberg", "Робота", "Notfälle", "Polizei"]
    html = document.render_html(job)
    assert '<html lang="uk" dir="ltr">' in html
    assert html.count(notice("uk")) == 2
    section = html[html.index(f'id="p{ukrainian_guide["emergencies"].pk}"') :]
    assert section.index(notice("uk")) < section.index('<div lang="de" dir="ltr">')
    assert "Feuerwehr und Rettungsdienst:" in section
    assert "Entwurf" not in html


def test_ukrainian_city_pdf_reads_the_german_text(client, ukrainian_guide, tmp_path):
    require_pdf_rendering()
    pdftotext = require_pdftotext()
    root = city_translation(ukrainian_guide["city"], "uk")

    response = client.get(f"/uk/nuernberg/pdf/{root.pk}/")

    assert response.status_code == 200
    path = tmp_path / "city.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert text.index("Робота") < text.index("Feuerwehr und Rettungsdienst: 112")
    assert " ".join(notice("uk").split()[:4]) in " ".join(text.split())


def test_a_print_of_the_source_language_has_no_notice(ukrainian_guide):
    html = document.render_html(document.print_job(document.subtree(ukrainian_guide["city"])))
    assert notice("de") not in html and "fallback-notice" not in html
