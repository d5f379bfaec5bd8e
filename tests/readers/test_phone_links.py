"""Phone numbers in rich text and in the emergency box become `tel:` links, in every script."""

import pytest
from lxml import html as lxml_html

from guides.phone_links import link_phone_numbers, tel_href
from tests.conftest import make_page


def _links(html):
    return [
        (a.get("href"), a.text_content(), a.get("dir"))
        for a in lxml_html.fromstring(html).iter("a")
    ]


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("112", "tel:112"),
        ("110", "tel:110"),
        ("116117", "tel:116117"),
        ("116 117", "tel:116117"),
        ("0821 324-0", "tel:08213240"),
        ("0821/324-0", "tel:08213240"),
        ("+49 (821) 324 0", "tel:+498213240"),
        ("+49 821 3240", "tel:+498213240"),
        ("١١٢", "tel:112"),  # Arabic-Indic digits
        ("٠٨٢١ ٣٢٤٠٠", "tel:082132400"),
        ("+٤٩ ٨٢١ ٣٢٤٠", "tel:+498213240"),
        ("۱۱۶۱۱۷", "tel:116117"),  # Persian digits
        ("۰۸۲۱ ۳۲۴۰۰", "tel:082132400"),
    ],
)
def test_phone_numbers_in_every_script_get_an_ascii_tel_href(text, href):
    assert tel_href(text) == href
    assert _links(link_phone_numbers(f"<p>Tel. {text}.</p>")) == [(href, text, "ltr")]


@pytest.mark.parametrize(
    "text",
    [
        "2024",  # a year
        "86150 Augsburg",  # a postcode
        "01067 Dresden",  # a postcode with a leading zero
        "am 05.01.2024",  # a date with dots
        "01/02/2024",  # a date with slashes
        "05-01-2024",  # a date with hyphens
        "10:00-12:00",  # opening hours
        "Raum 204",
        "1120 Euro",
        "1112",
        "٢٠٢٤",  # a year in Arabic-Indic digits
        "۸۶۱۵۰",  # a postcode in Persian digits
        "Version 0.11.2",
    ],
)
def test_dates_years_postcodes_and_other_numbers_are_no_links(text):
    html = f"<p>{text}</p>"
    assert link_phone_numbers(html) == html


def test_numbers_already_in_a_link_are_left_alone_and_markup_survives():
    html = '<p>Ruf <a href="https://example.org/112">112 online</a> oder <b>110</b> an.</p>'
    assert _links(link_phone_numbers(html)) == [
        ("https://example.org/112", "112 online", None),
        ("tel:110", "110", "ltr"),
    ]
    assert "<b><a" in link_phone_numbers(html)


def test_text_around_a_number_stays_escaped():
    linked = link_phone_numbers("<p>&lt;Notruf&gt; &amp; 112</p>")
    assert linked.startswith("<p>&lt;Notruf&gt; &amp; <a")


def test_phone_numbers_in_a_guide_page_in_arabic_and_persian_digits_are_tel_links(
    client, augsburg, locale
):
    page = make_page(
        augsburg,
        "Notfall",
        body=[
            {"type": "paragraph", "value": "<p>الشرطة: ١١٠، الإسعاف: ١١٢</p>"},
            {
                "type": "info_box",
                "value": {"kind": "warning", "title": "", "text": "<p>پزشک: ۱۱۶۱۱۷</p>"},
            },
            {"type": "paragraph", "value": "<p>Sprechstunde 10:00–12:00, 86150 Augsburg</p>"},
        ],
    )

    html = client.get(page.url).content.decode()

    links = [link for link in _links(html) if link[0].startswith("tel:")]
    assert links == [
        ("tel:110", "١١٠", "ltr"),
        ("tel:112", "١١٢", "ltr"),
        ("tel:116117", "۱۱۶۱۱۷", "ltr"),
    ]


def test_the_api_keeps_the_rich_text_as_written(client, augsburg):
    make_page(augsburg, "Notfall", body=[{"type": "paragraph", "value": "<p>Notruf 112</p>"}])
    response = client.get("/api/v3/augsburg/de/pages/")
    assert response.status_code == 200
    assert "Notruf 112" in response.content.decode()
    assert "tel:" not in response.content.decode()
