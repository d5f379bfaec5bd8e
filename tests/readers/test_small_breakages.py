"""Issue 14, item 5: the small breakages readers met on event, location, home and 404 pages."""

import datetime as dt

from bs4 import BeautifulSoup
from django.utils import translation

from home.models import HomePage
from home.texts import TEXTS
from tests.conftest import city_translation
from tests.events.factories import make_event, make_location


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _translate(obj, locale, **fields):
    copy = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


def _switchers(soup):
    return soup.select("nav.languages")


def _switcher_links(soup):
    [switcher] = _switchers(soup)
    return {a["hreflang"]: a["href"] for a in switcher.select("a")}


def test_event_page_has_one_switcher_going_to_the_same_event_in_other_languages(
    client, augsburg, locale
):
    event = make_event(augsburg, "Sprachcafé", start=dt.date.today())
    arabic = _translate(event, locale("ar"), title="مقهى اللغة")

    soup = _soup(client.get(f"/de/augsburg/events/{event.pk}/"))

    assert len(_switchers(soup)) == 1
    assert _switcher_links(soup) == {"ar": f"/ar/augsburg/events/{arabic.pk}/"}
    assert soup.select_one("nav.languages [aria-current]").get_text() == "Deutsch"
    arabic_soup = _soup(client.get(f"/ar/augsburg/events/{arabic.pk}/"))
    assert _switcher_links(arabic_soup) == {"de": f"/de/augsburg/events/{event.pk}/"}


def test_location_page_has_one_switcher_going_to_the_same_location(client, augsburg, locale):
    library = make_location(augsburg)
    persian = _translate(library, locale("fa"), name="کتابخانه")

    soup = _soup(client.get(f"/de/augsburg/locations/{library.pk}/"))

    assert len(_switchers(soup)) == 1
    assert _switcher_links(soup) == {"fa": f"/fa/augsburg/locations/{persian.pk}/"}


def test_event_and_location_lists_switch_to_the_same_list(client, augsburg):
    for path in ("events", "locations"):
        soup = _soup(client.get(f"/de/augsburg/{path}/"))
        assert _switcher_links(soup) == {
            code: f"/{code}/augsburg/{path}/" for code in ("en", "ar", "fa")
        }


def test_event_list_numbers_no_headings_every_list_item_is_an_event(client, augsburg):
    today = dt.date.today()
    make_event(augsburg, "Sprachcafé", start=today)
    make_event(augsburg, "Stadtfest", start=today + dt.timedelta(days=1))

    soup = _soup(client.get("/de/augsburg/events/"))

    assert soup.select("main ol") == []
    items = soup.select("main .event-list > li")
    assert [li.a.get_text() for li in items] == ["Sprachcafé", "Stadtfest"]
    assert all(li.find("h2") is None for li in items)
    assert len(soup.select("main section.event-day > h2 time")) == 2


def test_urls_emails_and_phones_on_an_arabic_location_page_are_left_to_right(
    client, augsburg, locale
):
    library = make_location(
        augsburg,
        website="https://www.stadtbuecherei.augsburg.de/",
        email="info@stadtbuecherei.example",
        phone="0821 324-2756",
    )
    arabic = _translate(library, locale("ar"), name="المكتبة")

    soup = _soup(client.get(f"/ar/augsburg/locations/{arabic.pk}/"))

    assert soup.html["dir"] == "rtl"
    address = soup.select_one("main address")
    links = {a["href"]: a.get("dir") for a in address.select("a")}
    assert links == {
        "https://www.stadtbuecherei.augsburg.de/": "ltr",
        "mailto:info@stadtbuecherei.example": "ltr",
        "tel:08213242756": "ltr",
    }


def test_home_intro_comes_through_gettext_marked_with_the_language_it_is_in(client, augsburg):
    assert not HomePage.objects.filter(intro=TEXTS["intro"]).exists(), "the migration cleared it"
    for code in ("de", "ar"):
        with translation.override(code):
            expected = translation.gettext(TEXTS["intro"])
        soup = _soup(client.get(f"/{code}/"))
        lead = soup.select_one("main .lead")
        assert lead.get_text() == expected
        marked = lead.find(attrs={"lang": True})
        language = marked["lang"] if marked else soup.html["lang"]
        assert language == ("en" if expected == TEXTS["intro"] else code)


def test_an_editors_intro_is_shown_as_written(client, augsburg):
    home = HomePage.objects.get(locale__language_code="de")
    home.intro = "Willkommen!"
    home.save_revision().publish()
    assert _soup(client.get("/de/")).select_one("main .lead").get_text() == "Willkommen!"


def test_browser_titles_name_cityguide_once(client, augsburg):
    assert _soup(client.get("/de/")).title.get_text() == "Cityguide"
    assert _soup(client.get(augsburg.url)).title.get_text() == "Augsburg · Cityguide"
    arabic = city_translation(augsburg, "ar")
    assert _soup(client.get(arabic.url)).title.get_text() == f"{arabic.title} · Cityguide"


def test_the_404_page_speaks_the_language_of_the_url_prefix(client, augsburg):
    for code, direction in (("ar", "rtl"), ("de", "ltr"), ("uk", "ltr")):
        response = client.get(f"/{code}/augsburg/no-such-page/")
        assert response.status_code == 404
        soup = _soup(response)
        with translation.override(code):
            expected = translation.gettext(TEXTS["not_found"])
        assert (soup.html["lang"], soup.html["dir"]) == (code, direction)
        heading = soup.select_one("main h1")
        assert heading.get_text() == expected
        marked = heading.find(attrs={"lang": True})
        language = marked["lang"] if marked else code
        assert language == ("en" if expected == TEXTS["not_found"] else code)
        assert soup.select_one(f'main a[href="/{code}/"]')
