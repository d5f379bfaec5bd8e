"""Translation QA in wagtail-localize's editor: a wrong phone number shows its blocking
finding beside its segment; fixing the segment there makes the warning go, without a reload."""

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from guides.cities import create_city
from tests.conftest import make_page, make_user

pytestmark = pytest.mark.browser

PHONE_TEXT = "Rufen Sie 0821 324-0 an."
MISSING = "the phone number 0821 324-0 is missing"


def test_the_editor_shows_a_finding_beside_its_segment_and_drops_it_once_fixed(
    admin_login, live_server
):
    city = create_city("augsburg", "Augsburg", ["de", "en"])
    page = make_page(
        city,
        "Kontakt",
        teaser=PHONE_TEXT,
        body=[{"type": "paragraph", "value": "<p>Termine nach Vereinbarung.</p>"}],
    )
    english = Locale.objects.get(language_code="en")
    translate_object(page, [english])
    translation = Translation.objects.get(source__object_id=page.translation_key)
    teaser = StringSegment.objects.get(source=translation.source, string__data=PHONE_TEXT)
    StringTranslation.objects.create(
        translation_of_id=teaser.string_id,
        context_id=teaser.context_id,
        locale=english,
        data="Call 0821 342-0.",  # two digits swapped
    )
    target = Page.objects.get(translation_key=page.translation_key, locale=english)
    make_user("lena", city=city)

    tab = admin_login("lena")
    tab.goto(f"{live_server.url}/admin/pages/{target.pk}/edit/")
    # the segment's own item (the field's item around it holds the source text too)
    segment = tab.locator(
        ".js-translation-editor li li", has=tab.get_by_text(PHONE_TEXT, exact=True)
    )
    finding = segment.locator("[data-cityguide-qa-finding]")
    finding.wait_for()
    assert finding.get_attribute("data-cityguide-qa-finding") == "blocking"
    assert finding.inner_text() == f"Blocks publishing: {MISSING}"
    assert "help-critical" in finding.get_attribute("class")
    assert tab.locator("[data-cityguide-qa-finding]").count() == 1  # beside that segment only

    segment.get_by_role("button", name="Edit", exact=True).click()
    segment.locator("textarea").fill("Call 0821 324-0.")
    segment.get_by_role("button", name="Save", exact=True).click()

    tab.locator("[data-cityguide-qa-finding]").wait_for(state="detached")
    assert segment.locator("p", has_text="Call 0821 324-0.").count() == 1
    assert tab.locator("[data-cityguide-qa-findings]").count() == 0
