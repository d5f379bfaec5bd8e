"""axe-core, injected by Playwright into Chromium, finds no WCAG 2.1 A/AA violation, no AAA
contrast violation (`color-contrast-enhanced`) and no landmark problem on the public pages, in
German and Arabic.

axe-core comes from npm (tests/e2e/axe/package.json, installed by `.ci/run` with `npm ci`);
without it this test skips, unless CITYGUIDE_REQUIRE_AXE=1 (CI) makes that a failure.
"""

import datetime as dt

import pytest
from wagtail_localize.operations import translate_object

from tests.conftest import city_translation, make_page
from tests.events.factories import make_event, make_location
from tests.tools import require_axe

pytestmark = pytest.mark.browser

LANGUAGES = ("de", "ar")
# The public pages axe checks, by name; placeholders are filled from the test's content.
# Add a page here (e.g. the city's search) and it is checked in every language.
PAGES = {
    "home": "/{code}/",
    "city": "{city_url}",
    "guide page": "{guide_url}",
    "events": "/{code}/augsburg/events/",
    "event": "/{code}/augsburg/events/{event}/",
    "locations": "/{code}/augsburg/locations/",
    "location": "/{code}/augsburg/locations/{location}/",
}
# Valid landmarks (axe's best-practice rules, beyond WCAG's tags): one main, one banner and one
# content info at the top level, unique labels, all content inside a landmark.
LANDMARK_RULES = [
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-main-is-top-level",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-unique",
    "region",
]
EXTRA_RULES = ["color-contrast-enhanced", *LANDMARK_RULES]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
}
ARABIC = {
    "Sprachcafé": "مقهى اللغة",
    "Stadtbücherei": "المكتبة العامة",
    "Arbeit": "العمل",
}


def _translate_snippet(obj, locale, **fields):
    copy = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


@pytest.fixture
def content(city_factory, on_commit, locale):
    """A small city in German and Arabic with every kind of public page."""
    city = city_factory("augsburg", "Augsburg", LANGUAGES)
    city.teaser = "Willkommen in Augsburg"
    city.emergency_numbers = "<ul><li>Polizei: 110</li><li>Notruf: 112</li></ul>"
    city.save_revision().publish()
    library = make_location(
        city, "Stadtbücherei", phone="0821 324-2756", website="https://www.example.org/"
    )
    event = make_event(city, "Sprachcafé", start=dt.date.today(), location=library)
    guide = make_page(
        city,
        "Arbeit",
        teaser="Arbeit finden",
        body=[
            {"type": "heading", "value": "Jobcenter"},
            {"type": "paragraph", "value": "<p>Termin unter 0821 4509-0 oder <b>online</b>.</p>"},
            {
                "type": "info_box",
                "value": {"kind": "warning", "title": "Wichtig", "text": "<p>Pass mitbringen</p>"},
            },
            {
                "type": "link_list",
                "value": [{"title": "Arbeitsagentur", "page": None, "url": "https://example.org/"}],
            },
        ],
    )
    arabic = locale("ar")
    with on_commit():
        translate_object(guide, [arabic])
    values = {"de": {}, "ar": {}}
    arabic_library = _translate_snippet(library, arabic, name=ARABIC["Stadtbücherei"])
    arabic_event = _translate_snippet(
        event, arabic, title=ARABIC["Sprachcafé"], location=arabic_library
    )
    for code, objects in (("de", (city, guide, event, library)), ("ar", None)):
        if objects is None:
            objects = (
                city_translation(city, "ar"),
                guide.get_translation(arabic),
                arabic_event,
                arabic_library,
            )
        city_copy, guide_copy, event_copy, library_copy = objects
        values[code] = {
            "code": code,
            "city_url": city_copy.url,
            "guide_url": guide_copy.url,
            "event": event_copy.pk,
            "location": library_copy.pk,
        }
    return values


def test_public_pages_have_no_axe_violations_in_german_and_arabic(page, live_server, content):
    axe = require_axe().read_text(encoding="utf-8")
    found = {}
    for code in LANGUAGES:
        for name, template in PAGES.items():
            url = template.format(**content[code])
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            page.evaluate(axe)
            results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            ran = {
                rule["id"]
                for outcome in ("passes", "violations", "incomplete", "inapplicable")
                for rule in results[outcome]
            }
            assert set(EXTRA_RULES) <= ran, f"rules that did not run: {set(EXTRA_RULES) - ran}"
            for violation in results["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.setdefault(f"{code} {name} ({url})", []).append(
                    f"{violation['id']}: {violation['help']} {targets}"
                )
    assert found == {}
