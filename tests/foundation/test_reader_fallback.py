"""A page with no translation in the reader's language is shown in German, with a notice, in
the reader's URL space (guides.fallback); drafts, aliases and private pages never are."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.operations import translate_object

from tests.conftest import build_city, city_translation, make_page
from tests.shared import run_on_commit, shared_fixture


def translate(page, *codes):
    with run_on_commit():
        translate_object(page, [Locale.objects.get(language_code=code) for code in codes])
    return {code: page.get_translation(Locale.objects.get(language_code=code)) for code in codes}


def notice(code):
    with translation.override(code):
        return translation.gettext("This page is not yet available in your language.")


@shared_fixture()
def nuernberg_guide():
    """Nürnberg in de, en, ar, uk: "Arbeit" translated everywhere, "Notfälle" (with a child)
    only in English, a draft and a private page only in German."""
    city = build_city("nuernberg", "Nürnberg", ("de", "en", "ar", "uk"))
    work = make_page(city, "Arbeit", teaser="Jobs und Ausbildung")
    emergencies = make_page(
        city,
        "Notfälle",
        slug="notfaelle",
        teaser="Im Notfall zählt jede Minute.",
        body=[{"type": "paragraph", "value": "<p>Feuerwehr und Rettungsdienst: 112</p>"}],
    )
    police = make_page(emergencies, "Polizei", teaser="Notruf 110")
    draft = make_page(city, "Entwurf", publish=False)
    private = make_page(city, "Intern")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    translate(work, "en", "ar", "uk")
    translate(emergencies, "en")
    translate(police, "en")
    return {
        "city": city,
        "work": work,
        "emergencies": emergencies,
        "police": police,
        "draft": draft,
        "private": private,
    }


def article(html):
    return re.search(r"<article[^>]*>", html).group(0)


def test_ukrainian_reader_gets_the_german_page_with_a_notice_in_their_url_space(
    client, nuernberg_guide
):
    response = client.get("/uk/nuernberg/notfaelle/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="uk" dir="ltr">' in html, "the chrome stays Ukrainian"
    assert article(html) == '<article lang="de" dir="ltr">'
    assert "Feuerwehr und Rettungsdienst:" in html
    assert notice("uk") in html
    notice_html = html[
        html.index('class="fallback-notice"') : html.index(
            "</ul>", html.index("fallback-languages")
        )
    ]
    assert 'href="/de/nuernberg/notfaelle/" lang="de" hreflang="de"' in notice_html
    english = nuernberg_guide["emergencies"].get_translation(Locale.objects.get(language_code="en"))
    assert f'href="{english.url}" lang="en" hreflang="en"' in notice_html
    assert "/ar/" not in notice_html, "there is no Arabic copy to offer"
    assert 'href="/uk/nuernberg/">' in html, "the breadcrumb leads to the Ukrainian city"


def test_arabic_reader_keeps_right_to_left_chrome_around_left_to_right_content(
    client, nuernberg_guide
):
    html = client.get("/ar/nuernberg/notfaelle/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert article(html) == '<article lang="de" dir="ltr">'
    assert notice("ar") in html


def test_city_page_lists_untranslated_pages_marked_as_german(client, nuernberg_guide):
    uk_work = nuernberg_guide["work"].get_translation(Locale.objects.get(language_code="uk"))
    html = client.get("/uk/nuernberg/").content.decode()

    cards = re.findall(r'<li class="card[^"]*">.*?</li>', html)
    assert len(cards) == 2, "the translated page, and the fallback; no draft, no private page"
    translated, fallback = cards
    assert f'href="{uk_work.url}"' in translated and "card--fallback" not in translated
    assert 'class="card card--fallback"' in fallback
    assert '<a href="/uk/nuernberg/notfaelle/" lang="de" dir="ltr" hreflang="de">' in fallback
    assert '<p lang="de" dir="ltr">Im Notfall zählt jede Minute.</p>' in fallback
    assert "Entwurf" not in html and "Intern" not in html


def test_fallback_reaches_nested_pages_through_the_readers_trail(client, nuernberg_guide):
    response = client.get("/uk/nuernberg/notfaelle/polizei/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Notruf 110" in html and notice("uk") in html
    crumbs = html[html.index('class="breadcrumbs"') : html.index("</nav>", html.index("crumbs"))]
    assert '<a href="/uk/nuernberg/">Nürnberg</a>' in crumbs
    assert '<a href="/uk/nuernberg/notfaelle/" lang="de" dir="ltr">Notfälle</a>' in crumbs
    parent = client.get("/uk/nuernberg/notfaelle/").content.decode()
    assert 'href="/uk/nuernberg/notfaelle/polizei/" lang="de"' in parent


def test_drafts_and_private_pages_never_fall_back(client, nuernberg_guide):
    assert client.get("/uk/nuernberg/entwurf/").status_code == 404
    assert client.get("/uk/nuernberg/intern/").status_code == 404
    assert client.get("/uk/nuernberg/notfaelle/unbekannt/").status_code == 404


def test_a_page_translated_into_the_readers_language_is_served_as_itself(client, nuernberg_guide):
    ukrainian = nuernberg_guide["work"].get_translation(Locale.objects.get(language_code="uk"))
    ukrainian.title = "Робота"
    ukrainian.save_revision().publish()

    html = client.get(ukrainian.url).content.decode()
    assert "Робота" in html and "<article>" in html
    assert "fallback-notice" not in html


def test_an_unpublished_translation_falls_back_to_the_german_page(client, nuernberg_guide):
    ukrainian = translate(nuernberg_guide["emergencies"], "uk")["uk"]
    ukrainian.unpublish()

    html = client.get("/uk/nuernberg/").content.decode()
    assert '<a href="/uk/nuernberg/notfaelle/" lang="de"' in html
    assert client.get("/uk/nuernberg/notfaelle/").status_code == 200


def test_a_published_translation_replaces_the_fallback(client, nuernberg_guide):
    ukrainian = translate(nuernberg_guide["emergencies"], "uk")["uk"]

    html = client.get("/uk/nuernberg/").content.decode()
    assert "card--fallback" not in html
    assert ukrainian.url in html
    assert notice("uk") not in client.get(ukrainian.url).content.decode()


def test_source_language_readers_see_no_notice(client, nuernberg_guide):
    html = client.get("/de/nuernberg/notfaelle/").content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert "fallback-notice" not in html and "<article>" in html
    assert "card--fallback" not in client.get("/de/nuernberg/").content.decode()


def test_the_api_keeps_integreats_shape_without_fallback_pages(client, nuernberg_guide):
    pages = client.get("/api/v3/nuernberg/uk/pages/").json()
    assert [page["title"] for page in pages] == [
        city_translation(nuernberg_guide["city"], "uk").get_children().get().specific.title
    ]


def city_page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_city_page_queries_do_not_grow_with_fallback_children(
    client, nuernberg_guide, django_assert_max_num_queries
):
    city = nuernberg_guide["city"]
    few = city_page_queries(client, "/uk/nuernberg/")
    for number in range(6):
        page = make_page(city, f"Seite {number}", teaser="Nur auf Deutsch")
        if number % 2:
            translate(page, "uk")
    with django_assert_max_num_queries(few):
        html = client.get("/uk/nuernberg/").content.decode()
    assert html.count("card--fallback") == 4


def test_no_fallback_where_the_city_is_not_published_in_the_language(client, nuernberg_guide):
    city_translation(nuernberg_guide["city"], "uk").unpublish()
    assert client.get("/uk/nuernberg/notfaelle/").status_code == 404


def test_no_fallback_into_a_private_city(client, nuernberg_guide):
    PageViewRestriction.objects.create(
        page=city_translation(nuernberg_guide["city"], "uk"), restriction_type="login"
    )
    assert client.get("/uk/nuernberg/notfaelle/").status_code == 404
