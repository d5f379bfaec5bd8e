"""A city editor uploads a translator's XLIFF, reviews the preview and applies it."""

import pytest
from wagtail.models import Locale, Page

from localization.xliff.export import export_pairs
from tests.conftest import make_page, make_user
from tests.xliff.helpers import fill_targets

pytestmark = pytest.mark.browser


def test_editor_uploads_previews_and_confirms_an_xliff_import(
    page, live_server, admin_login, city_factory, tmp_path
):
    city = city_factory("augsburg", "Augsburg", ("de", "en"))
    guide = make_page(
        city,
        "Anmeldung",
        body=[{"type": "paragraph", "value": "<p>Melden Sie sich im <b>Bürgerbüro</b> an.</p>"}],
    )
    make_user("augsburg-editor", city=city, password="cityguide")
    [exported] = export_pairs([(guide, Locale.objects.get(language_code="en"))], version="2.0")
    upload = tmp_path / exported.filename
    upload.write_bytes(
        fill_targets(
            exported.content,
            "2.0",
            translate=lambda text: {
                "Anmeldung": "Registration",
                "anmeldung": "registration",
                "Melden Sie sich im ": "Register at the ",
                "Bürgerbüro": "citizens' office",
                " an.": ".",
            }.get(text, text),
        )
    )

    admin_login("augsburg-editor", "cityguide")
    page.goto(f"{live_server.url}/admin/xliff/import/")
    page.set_input_files("input[type=file]", str(upload))
    page.click("[data-xliff-preview]")
    page.wait_for_selector(".xliff-result--preview")
    preview = page.inner_text("main")
    assert "Would apply" in preview and "Register at the citizens' office." in preview
    assert not Page.objects.filter(
        translation_key=guide.translation_key, locale__language_code="en"
    ).exists()

    page.check("input[name=publish]")
    page.click("[data-xliff-confirm]")
    page.wait_for_selector(".xliff-result--applied")
    assert "saved as published revision" in page.inner_text("main")

    translation = Page.objects.get(
        translation_key=guide.translation_key, locale__language_code="en"
    ).specific
    assert translation.live and translation.title == "Registration"
    assert "Register at the <b>citizens' office</b>." in translation.body.raw_data[0]["value"]
    public = page.goto(f"{live_server.url}/en/augsburg/registration/")
    assert public.status == 200
