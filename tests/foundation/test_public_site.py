from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from tests.conftest import build_city, make_page
from tests.shared import run_on_commit, shared_fixture


@shared_fixture()
def translated_guide():
    city = build_city("augsburg", "Augsburg", ("de", "en", "ar"))
    section = make_page(city, "Gesundheit", teaser="Ärzte und Versicherung")
    page = make_page(
        section,
        "Krankenversicherung",
        body=[
            {"type": "heading", "value": "Pflicht"},
            {
                "type": "paragraph",
                "value": "<p>Sie <b>müssen</b> versichert sein. "
                '<a href="https://www.bamf.de/">BAMF</a></p>',
            },
            {
                "type": "info_box",
                "value": {"kind": "warning", "title": "Wichtig", "text": "<p>Karte mitbringen</p>"},
            },
        ],
    )
    with run_on_commit():
        translate_object(section, [Locale.objects.get(language_code="ar")])
        translate_object(page, [Locale.objects.get(language_code="ar")])
    return city, section, page


def test_home_page_lists_cities_with_their_languages(client, translated_guide, city_factory):
    city_factory("nuernberg", "Nürnberg", ("de", "uk"))
    html = client.get("/de/").content.decode()
    assert "Augsburg" in html and "Nürnberg" in html
    assert "Українська" in html


def test_arabic_page_renders_right_to_left_with_city_languages_only(client, translated_guide):
    _city, _section, page = translated_guide
    arabic = page.get_translation(Locale.objects.get(language_code="ar"))

    response = client.get(arabic.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert 'hreflang="de"' in html
    assert 'hreflang="fa"' not in html, "fa is no language of this city"
    assert 'hreflang="en"' not in html, "no English translation of this page exists"


def test_guide_page_has_breadcrumbs_children_and_stays_light(client, translated_guide):
    _city, section, page = translated_guide
    html = client.get(section.url).content.decode()
    with translation.override("de"):
        assert f'aria-label="{gettext("Breadcrumb")}"' in html and ">Augsburg</a>" in html
    assert page.url in html, "child pages are linked"

    response = client.get(page.url)
    body = response.content.decode()
    css = client.get("/static/css/cityguide.css")
    css_bytes = b"".join(css.streaming_content) if css.streaming else css.content
    assert "<script" not in body
    assert len(response.content) + len(css_bytes) < 50_000
    assert '<a href="https://www.bamf.de/">BAMF</a>' in body
    assert "info-box--warning" in body


def test_draft_pages_are_not_public(client, translated_guide):
    city, _, _ = translated_guide
    draft = make_page(city, "Entwurf", publish=False)
    assert client.get(f"/de/augsburg/{draft.slug}/").status_code == 404


def test_subtree_translated_in_one_transaction_keeps_children_reachable(
    client, city_factory, on_commit
):
    """wagtail-localize#773: the parent's stale numchild hid its translated children."""
    city = city_factory("augsburg", "Augsburg", ("de", "ar"))
    section = make_page(city, "Arbeit")
    child = make_page(section, "Jobcenter")
    arabic = Locale.objects.get(language_code="ar")

    with on_commit():
        translate_object(section, [arabic])
        translate_object(child, [arabic])

    arabic_section = section.get_translation(arabic)
    assert arabic_section.get_children().count() == 1
    assert client.get(child.get_translation(arabic).url).status_code == 200


def test_the_bare_address_leads_to_the_home_page_in_the_readers_language(client, augsburg):
    """http://host/ is what a reader (and the README) opens first: it goes to /<language>/."""
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/de/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert (response.status_code, response["Location"]) == (302, "/ar/")
    assert client.get("/ar/").status_code == 200
