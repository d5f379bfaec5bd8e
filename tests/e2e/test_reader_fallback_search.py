"""Readers in Chromium: a Ukrainian reader reaches Nürnberg's emergencies through the German
fallback; an Arabic reader searches and gets Arabic results, and a German one marked."""

import pytest
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from guides.cities import create_city
from tests.conftest import make_page

pytestmark = pytest.mark.browser


def translate(page, code, **fields):
    locale = Locale.objects.get(language_code=code)
    translate_object(page, [locale])
    copy = page.get_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def notice(code):
    with translation.override(code):
        return translation.gettext("This page is not yet available in your language.")


def test_ukrainian_reader_reaches_nuernbergs_emergencies_through_the_fallback(page, live_server):
    city = create_city("nuernberg", "Nürnberg", ["de", "en", "uk"])
    arrival = make_page(city, "Ankommen", slug="ankommen", teaser="Die ersten Schritte")
    translate(arrival, "uk", title="Прибуття", slug="prybuttia", teaser="Перші кроки")
    emergencies = make_page(
        city,
        "Notfälle",
        slug="notfaelle",
        teaser="Im Notfall zählt jede Minute.",
        body=[{"type": "paragraph", "value": "<p>112: Feuerwehr und Rettungsdienst</p>"}],
    )
    translate(emergencies, "en", title="Emergencies", slug="emergencies")

    page.goto(f"{live_server.url}/uk/nuernberg/")
    assert page.locator("html").get_attribute("lang") == "uk"
    card = page.locator(".card--fallback a")
    assert card.get_attribute("lang") == "de"
    card.click()

    page.wait_for_url(f"{live_server.url}/uk/nuernberg/notfaelle/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator(".fallback-notice").inner_text().startswith(notice("uk"))
    content = page.locator("article")
    assert (content.get_attribute("lang"), content.get_attribute("dir")) == ("de", "ltr")
    assert page.get_by_text("112: Feuerwehr und Rettungsdienst").is_visible()
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_url(f"{live_server.url}/uk/nuernberg/")

    page.goto(f"{live_server.url}/uk/nuernberg/notfaelle/")
    page.locator(".fallback-notice a[hreflang=en]").click()
    page.wait_for_url(f"{live_server.url}/en/nuernberg/emergencies/")
    assert page.locator(".fallback-notice").count() == 0


def test_arabic_reader_searches_in_arabic_and_sees_german_results_marked(page, live_server):
    city = create_city("augsburg", "Augsburg", ["de", "ar"])
    work = make_page(city, "Jobcenter", slug="jobcenter", teaser="Arbeit und Geld")
    arabic = translate(
        work, "ar", title="مركز التوظيف", slug="markaz", teaser="العمل والمال: مركز التوظيف"
    )
    make_page(city, "Termine", slug="termine", teaser="Ein Termin beim Jobcenter")

    page.goto(f"{live_server.url}/ar/augsburg/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("searchbox").fill("مركز التوظيف")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/ar/augsburg/search/?q=*")
    results = page.locator(".search-results li")
    assert results.count() == 1
    assert results.first.locator("a").inner_text() == "مركز التوظيف"

    page.get_by_role("searchbox").fill("Jobcenter")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/ar/augsburg/search/?q=Jobcenter")
    assert results.count() == 2
    assert results.nth(0).locator("a").get_attribute("href") == arabic.url
    german = results.nth(1)
    assert german.get_attribute("class") == "card card--fallback"
    assert german.locator("a").get_attribute("lang") == "de"
    assert german.locator(".fallback-label").is_visible()
    german.locator("a").click()
    page.wait_for_url(f"{live_server.url}/ar/augsburg/termine/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("article").get_attribute("lang") == "de"
    assert page.locator(".fallback-notice").inner_text().startswith(notice("ar"))
