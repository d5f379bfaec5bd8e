"""Each city's emergency box: a translatable field of the city, near the top of its page."""

from bs4 import BeautifulSoup
from wagtail.models import Locale
from wagtail_localize.segments.extract import extract_segments

from localization import tracking
from localization.status import Status
from tests.conftest import city_translation, make_page
from tests.xliff.helpers import do_import, export_one, fill_targets, translated

EMERGENCY = "<ul><li>Polizei: 110</li><li>Feuerwehr und Rettungsdienst: 112</li></ul>"


def _publish_emergency(city, html=EMERGENCY):
    city.emergency_numbers = html
    city.save_revision().publish()
    city.refresh_from_db()
    return city


def test_the_box_is_shown_before_the_citys_sections_with_tel_links(client, augsburg):
    make_page(augsburg, "Arbeit")
    _publish_emergency(augsburg)

    soup = BeautifulSoup(client.get(augsburg.url).content, "html.parser")

    box = soup.select_one("main section.emergency")
    assert box.h2.get_text() == "Notrufnummern"
    assert box["aria-labelledby"] == box.h2["id"]
    assert [(a["href"], a.get_text()) for a in box.select("a")] == [
        ("tel:110", "110"),
        ("tel:112", "112"),
    ]
    assert box.find_next("ul", class_="children"), "the box comes before the sections"


def test_a_city_without_emergency_numbers_shows_no_box(client, augsburg):
    soup = BeautifulSoup(client.get(augsburg.url).content, "html.parser")
    assert soup.select("section.emergency") == []


def test_emergency_numbers_are_a_translatable_field_of_the_city(augsburg):
    _publish_emergency(augsburg)
    texts = [
        segment.string.data for segment in extract_segments(augsburg) if hasattr(segment, "string")
    ]
    assert "Polizei: 110" in texts and "Feuerwehr und Rettungsdienst: 112" in texts


def test_emergency_numbers_go_out_in_xliff_and_come_back_translated(client, augsburg, on_commit):
    _publish_emergency(augsburg)
    exported = export_one(augsburg, "ar")
    assert b"Polizei: 110" in exported.content

    with on_commit():
        [result] = do_import(
            fill_targets(exported.content, "1.2", translate=lambda text: f"AR {text}"),
            publish=True,
        )
    assert result.outcome == "applied", result.message

    arabic = translated(augsburg, "ar")
    assert "AR Polizei: 110" in arabic.emergency_numbers
    html = client.get(arabic.url).content.decode()
    assert "أرقام الطوارئ" in html and 'href="tel:110"' in html


def test_changing_the_emergency_numbers_makes_translations_outdated(augsburg, on_commit):
    _publish_emergency(augsburg)
    with on_commit():
        do_import(fill_targets(export_one(augsburg, "ar").content, "1.2"), publish=True)
    arabic = Locale.objects.get(language_code="ar")
    assert tracking.get_status(augsburg, arabic) == Status.UP_TO_DATE

    _publish_emergency(augsburg, EMERGENCY + "<p>Ärztlicher Bereitschaftsdienst: 116117</p>")

    assert tracking.get_status(augsburg, arabic) == Status.OUTDATED
    assert city_translation(augsburg, "ar").emergency_numbers.count("<li>") == 2
