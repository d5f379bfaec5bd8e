"""Readers reach a city's events and locations from its page and the header; the locations list."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import city_translation, make_page
from tests.events.factories import make_location


def _hrefs(html, selector):
    return [a["href"] for a in BeautifulSoup(html, "html.parser").select(selector)]


def _translate_location(location, locale, **fields):
    copy = location.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


def test_city_page_and_guide_pages_link_to_events_and_locations_in_the_header(
    client, augsburg, locale
):
    page = make_page(augsburg, "Arbeit")
    arabic_city = city_translation(augsburg, "ar")

    for url, code in [(augsburg.url, "de"), (page.url, "de"), (arabic_city.url, "ar")]:
        html = client.get(url).content.decode()
        assert _hrefs(html, "header nav.city-nav a") == [
            f"/{code}/augsburg/events/",
            f"/{code}/augsburg/locations/",
        ], url


def test_home_page_has_no_city_navigation(client, augsburg):
    html = client.get("/de/").content.decode()
    assert not _hrefs(html, "nav.city-nav a")


def test_locations_list_shows_the_citys_live_locations_in_the_language_with_addresses(
    client, augsburg, nuernberg, locale
):
    library = make_location(augsburg, "Stadtbücherei", address="Ernst-Reuter-Platz 1")
    advice = make_location(
        augsburg, "Beratungsstelle", address="Hauptstraße 5", category="counselling"
    )
    make_location(augsburg, "Entwurf", publish=False)
    make_location(nuernberg, "Nürnberger Ort", town="Nürnberg")
    arabic = _translate_location(library, locale("ar"), name="المكتبة")

    german = client.get("/de/augsburg/locations/")
    html = german.content.decode()
    assert german.status_code == 200
    assert _hrefs(html, "main .location-list a") == [
        f"/de/augsburg/locations/{advice.pk}/",
        f"/de/augsburg/locations/{library.pk}/",
    ]
    assert "Ernst-Reuter-Platz 1, 86150 Augsburg" in html and "Hauptstraße 5" in html
    assert "Entwurf" not in html and "Nürnberger Ort" not in html
    assert "<h1>Orte</h1>" in html

    arabic_html = client.get("/ar/augsburg/locations/").content.decode()
    assert _hrefs(arabic_html, "main .location-list a") == [f"/ar/augsburg/locations/{arabic.pk}/"]
    assert 'dir="rtl"' in arabic_html and "الأماكن" in arabic_html


def test_locations_list_is_a_404_for_a_language_the_city_does_not_offer_or_an_unknown_city(
    client, augsburg
):
    assert client.get("/uk/augsburg/locations/").status_code == 404
    assert client.get("/de/atlantis/locations/").status_code == 404


def test_locations_list_without_locations_says_so(client, augsburg):
    html = client.get("/de/augsburg/locations/").content.decode()
    assert "Noch keine Orte eingetragen." in html


@pytest.mark.parametrize("path", ["/de/augsburg/locations/", "/de/augsburg/events/"])
def test_lists_cost_the_same_queries_for_2_and_12_locations(
    client, augsburg, path, django_assert_max_num_queries
):
    for index in range(2):
        make_location(augsburg, f"Ort {index}")
    client.get(path)  # warm caches (site root paths, content types)
    with django_assert_max_num_queries(12) as small:
        assert client.get(path).status_code == 200
    for index in range(2, 12):
        make_location(augsburg, f"Ort {index}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200
