"""Readers get the public site's fixed words in their own language, through gettext: the
fallback notice, the search page, the events and locations words (once a table of their own,
guides/events/labels.py, now in the catalogs with the same words)."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from tests.conftest import build_city, city_translation, make_page
from tests.shared import run_on_commit, shared_fixture

READER_LANGUAGES = [code for code, _name in settings.LANGUAGES]
#: A few words exactly as guides/events/labels.py had them (the table is gone; they live on).
OLD_TABLE = {
    ("uk", "Events"): "Події",
    ("uk", "Places"): "Місця",
    ("uk", "Emergency numbers"): "Екстрені номери",
    ("ar", "Events"): "الفعاليات",
    ("fa", "Places"): "مکان‌ها",
    ("de", "Events"): "Veranstaltungen",
    ("de", "Places"): "Orte",
    ("de", "No events are planned at the moment."): "Zurzeit sind keine Veranstaltungen geplant.",
    ("de", "No places have been added yet."): "Noch keine Orte eingetragen.",
}


def in_language(code, msgid):
    with translation.override(code):
        return translation.gettext(msgid)


def text_of(html, selector):
    soup = BeautifulSoup(html, "html.parser")
    return [node.get_text(" ", strip=True) for node in soup.select(selector)]


@shared_fixture()
def everywhere():
    """A city in all eight languages, and a page only in German (a fallback elsewhere)."""
    city = build_city("bamberg", "Bamberg", READER_LANGUAGES)
    page = make_page(city, "Notfälle", slug="notfaelle", teaser="Notruf 112")
    shared = make_page(city, "Arbeit", slug="arbeit", teaser="Jobcenter")
    with run_on_commit():
        translate_object(shared, [Locale.objects.get(language_code="ar")])
    return {"city": city, "page": page}


def test_a_ukrainian_fallback_page_has_its_notice_in_ukrainian(client, everywhere):
    notice = in_language("uk", "This page is not yet available in your language.")
    assert notice != "This page is not yet available in your language.", "no Ukrainian catalog"

    html = client.get("/uk/bamberg/notfaelle/").content.decode()

    assert text_of(html, "#fallback-notice-title") == [notice]
    assert "This page is not yet available" not in html


def test_the_arabic_search_page_has_its_labels_in_arabic(client, everywhere):
    html = client.get("/ar/bamberg/search/", {"q": "Notruf"}).content.decode()

    for msgid in ("Search this guide", "Search", "Not yet translated"):
        assert in_language("ar", msgid) != msgid, msgid
    assert text_of(html, "form.search-form label") == [in_language("ar", "Search this guide")]
    assert text_of(html, "form.search-form button") == [in_language("ar", "Search")]
    assert text_of(html, "h1") == [in_language("ar", "Search")]
    assert text_of(html, ".fallback-label") == [in_language("ar", "Not yet translated")]
    for english in ("Search this guide", "Not yet translated", "result for"):
        assert english not in html


def test_nothing_found_is_said_in_arabic(client, everywhere):
    html = client.get("/ar/bamberg/search/", {"q": "Zebrastreifen"}).content.decode()
    message = in_language("ar", "Nothing found. Try another word.")
    assert message != "Nothing found. Try another word."
    assert message in html


@pytest.mark.parametrize("code", READER_LANGUAGES)
def test_events_and_places_words_are_the_old_tables_in_every_language(client, everywhere, code):
    city = everywhere["city"] if code == "de" else city_translation(everywhere["city"], code)
    words = [in_language(code, "Events"), in_language(code, "Places")]
    if code != "en":
        assert words != ["Events", "Places"], f"no {code} translation"

    nav = text_of(client.get(city.url).content.decode(), "header nav.city-nav a")
    events = client.get(f"/{code}/bamberg/events/").content.decode()
    locations = client.get(f"/{code}/bamberg/locations/").content.decode()

    assert nav == words
    assert text_of(events, "h1")[:1] == [words[0]]
    assert in_language(code, "No events are planned at the moment.") in events
    assert text_of(locations, "h1")[:1] == [words[1]]
    assert in_language(code, "No places have been added yet.") in locations


@pytest.mark.parametrize(("code", "msgid"), sorted(OLD_TABLE))
def test_known_words_of_the_old_table_are_unchanged(code, msgid):
    assert in_language(code, msgid) == OLD_TABLE[code, msgid]


def test_the_emergency_box_title_is_in_the_city_pages_language(client, everywhere):
    city = city_translation(everywhere["city"], "uk")
    city.emergency_numbers = "<p>Polizei 110</p>"
    city.save_revision().publish()

    html = client.get(city.url).content.decode()

    assert text_of(html, "#emergency-title") == [OLD_TABLE["uk", "Emergency numbers"]]
