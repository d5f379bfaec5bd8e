"""An editor publishes a minor edit in the real admin; the translations stay up to date."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from guides.cities import create_city
from localization.tracking import get_status
from tests.conftest import make_page, make_user
from tests.localization.conftest import translate_strings


@pytest.mark.browser
def test_minor_edit_keeps_translation_statuses_green(admin_login, live_server):
    city = create_city("augsburg", "Augsburg", ["de", "en", "ar"])
    page = make_page(city, "Arztbesuch")
    translate_object(page, [Locale.objects.get(language_code=c) for c in ("en", "ar")])
    translate_strings(page, "en", "ar")  # a translator translates every segment and publishes
    for translation in Translation.objects.filter(source__object_id=page.translation_key):
        translation.save_target(publish=True)
    make_user("lena", city=city)
    english, arabic = (Locale.objects.get(language_code=c) for c in ("en", "ar"))
    assert (get_status(page, english), get_status(page, arabic)) == ("up_to_date", "up_to_date")

    tab = admin_login("lena")
    tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    statuses = tab.locator("[data-cityguide-translation-statuses] li")
    assert statuses.count() == 2
    tab.fill("#id_title", "Arztbesuch (Tippfehler)")
    tab.check("input[name=minor_edit]")
    tab.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    tab.click("button[name=action-publish]")
    tab.wait_for_url(f"{live_server.url}/admin/pages/{city.pk}/")

    page.refresh_from_db()
    assert page.title == "Arztbesuch (Tippfehler)" and not page.has_unpublished_changes
    tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    badges = tab.locator("[data-cityguide-translation-statuses] li")
    assert [badges.nth(i).get_attribute("data-status") for i in range(2)] == [
        "up_to_date",
        "up_to_date",
    ]
    color = tab.locator(".cityguide-badge--up_to_date").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert color == "rgb(214, 242, 222)"  # the green badge
    assert not tab.locator("input[name=minor_edit]").is_checked()
