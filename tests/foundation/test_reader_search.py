"""Search per city and language (guides.search): the public page and /api/v3/…/search/.

Results are in the reader's language; a source page without a translation in it is found in
German and marked; drafts, private pages and other cities are never found."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.operations import translate_object

from tests.conftest import build_city, make_page
from tests.shared import run_on_commit, shared_fixture


def translate(page, code, **fields):
    """Translate page into code and publish the translation with the given fields."""
    locale = Locale.objects.get(language_code=code)
    with run_on_commit():
        translate_object(page, [locale])
    translation = page.get_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@shared_fixture()
def searchable_guides():
    augsburg = build_city("augsburg", "Augsburg", ("de", "en", "ar"))
    nuernberg = build_city("nuernberg", "Nürnberg", ("de", "ar"))
    work = make_page(augsburg, "Jobcenter", slug="jobcenter", teaser="Arbeit und Geld")
    arabic_work = translate(
        work, "ar", title="مركز التوظيف", teaser="العمل والمال في مركز التوظيف Jobcenter"
    )
    appointments = make_page(
        augsburg, "Termine", slug="termine", teaser="Einen Termin im Jobcenter machen"
    )
    draft = make_page(augsburg, "Entwurf Jobcenter", publish=False)
    private = make_page(augsburg, "Intern Jobcenter", teaser="Jobcenter intern")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    other = make_page(nuernberg, "Jobcenter Nürnberg", teaser="Jobcenter in Nürnberg")
    return {
        "work": work,
        "arabic_work": arabic_work,
        "appointments": appointments,
        "draft": draft,
        "private": private,
        "other": other,
    }


def result_items(html):
    return re.findall(r'<li class="card[^"]*">.*?</li>', html, re.S)


def test_arabic_search_finds_arabic_pages_and_marks_german_only_ones(client, searchable_guides):
    response = client.get("/ar/augsburg/search/", {"q": "Jobcenter"})
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    arabic, german = result_items(html)
    assert f'href="{searchable_guides["arabic_work"].url}"' in arabic
    assert "مركز التوظيف" in arabic and "card--fallback" not in arabic
    assert '<a href="/ar/augsburg/termine/" lang="de" dir="ltr" hreflang="de">' in german
    assert "card--fallback" in german and 'class="fallback-label"' in german
    assert client.get("/ar/augsburg/termine/").status_code == 200, "the fallback URL is served"


def test_arabic_words_find_arabic_pages(client, searchable_guides):
    html = client.get("/ar/augsburg/search/", {"q": "التوظيف"}).content.decode()
    assert [searchable_guides["arabic_work"].url in item for item in result_items(html)] == [True]


def test_search_in_the_source_language_has_no_fallbacks(client, searchable_guides):
    html = client.get("/de/augsburg/search/", {"q": "Jobcenter"}).content.decode()
    items = result_items(html)
    assert len(items) == 2 and "card--fallback" not in html
    assert '<html lang="de" dir="ltr">' in html


def test_drafts_private_pages_and_other_cities_are_never_found(client, searchable_guides):
    for code in ("de", "ar"):
        html = client.get(f"/{code}/augsburg/search/", {"q": "Jobcenter"}).content.decode()
        assert "Entwurf" not in html and "intern" not in html.lower()
        assert "Nürnberg" not in html


def test_search_form_is_in_the_header_of_city_pages(client, searchable_guides):
    html = client.get("/ar/augsburg/").content.decode()
    form = re.search(r'<form class="search-form".*?</form>', html, re.S).group(0)
    assert 'action="/ar/augsburg/search/"' in form and 'name="q"' in form


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("a" * 201, 400, ("Enter at most %(limit)d characters.", {"limit": 200})),
        ("Job\x00center", 400, ("The search contains characters that cannot be searched.", {})),
        ('"*', 400, ("Enter a word to search for.", {})),
    ],
)
def test_bad_searches_get_a_message_not_an_error(client, searchable_guides, query, status, message):
    response = client.get("/de/augsburg/search/", {"q": query})
    assert response.status_code == status
    msgid, params = message
    with translation.override("de"):
        expected = gettext(msgid) % params if params else gettext(msgid)
    assert expected in response.content.decode()


@pytest.mark.parametrize("query", ['Jobcenter"', "NOT", "NEAR(Job*", "100%", "' OR 1=1 --"])
def test_search_syntax_in_a_query_is_plain_words(client, searchable_guides, query):
    response = client.get("/de/augsburg/search/", {"q": query})
    assert response.status_code == 200
    if "Jobcenter" in query:
        assert len(result_items(response.content.decode())) == 2


def test_an_empty_search_shows_the_form(client, searchable_guides):
    response = client.get("/de/augsburg/search/", {"q": "  "})
    assert response.status_code == 200
    assert 'class="search-form"' in response.content.decode()
    assert "search-results" not in response.content.decode()


def test_a_language_the_city_does_not_offer_is_not_found(client, searchable_guides):
    assert client.get("/en/nuernberg/search/", {"q": "Jobcenter"}).status_code == 404
    assert client.get("/de/unbekannt/search/", {"q": "Jobcenter"}).status_code == 404


def test_api_search_answers_results_in_the_language_and_marks_fallbacks(client, searchable_guides):
    response = client.get("/api/v3/augsburg/ar/search/", {"q": "Jobcenter"})

    assert response.status_code == 200
    arabic, german = response.json()
    assert arabic == {
        "id": searchable_guides["arabic_work"].pk,
        "title": "مركز التوظيف",
        "excerpt": "العمل والمال في مركز التوظيف Jobcenter",
        "url": settings.CITYGUIDE_PUBLIC_URL + searchable_guides["arabic_work"].url,
        "path": f"/augsburg/ar/{searchable_guides['arabic_work'].slug}/",
        "language": "ar",
        "fallback": False,
    }
    assert german["id"] == searchable_guides["appointments"].pk
    assert german["url"].endswith("/ar/augsburg/termine/")
    assert german["path"] == "/augsburg/de/termine/"
    assert (german["language"], german["fallback"]) == ("de", True)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v3/augsburg/ar/search/", 422),
        ("/api/v3/augsburg/ar/search/?q=", 422),
        ("/api/v3/augsburg/ar/search/?q=%20", 400),
        ("/api/v3/augsburg/ar/search/?q=" + "a" * 201, 422),
        ("/api/v3/augsburg/ar/search/?q=a%00b", 400),
        ("/api/v3/augsburg/fa/search/?q=Jobcenter", 404),
        ("/api/v3/unbekannt/ar/search/?q=Jobcenter", 404),
    ],
)
def test_api_search_refuses_bad_input_with_a_client_error(client, searchable_guides, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


def test_api_search_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/v3/openapi.json").json()
    operation = schema["paths"]["/api/v3/{city}/{lang}/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"city", "lang", "q"}
    assert {"200", "400", "404", "422"} <= set(operation["responses"])


def search_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ar/augsburg/search/", {"q": "Jobcenter"})
    assert response.status_code == 200
    return len(queries), len(result_items(response.content.decode()))


def test_search_queries_do_not_grow_with_the_results(
    client, searchable_guides, django_assert_max_num_queries
):
    few, found = search_queries(client)
    parent = searchable_guides["appointments"]
    for number in range(4):
        page = make_page(parent, f"Jobcenter {number}", teaser="Jobcenter")
        if number % 2:
            translate(page, "ar", title=f"مركز التوظيف {number}")
    with django_assert_max_num_queries(few):
        html = client.get("/ar/augsburg/search/", {"q": "Jobcenter"}).content.decode()
    items = result_items(html)
    assert len(items) == found + 4
    assert sum("card--fallback" in item for item in items) == 3, "Termine and 2 children"
    for url in re.findall(r'<a href="([^"]+)"', "".join(items)):
        assert client.get(url).status_code == 200, url
