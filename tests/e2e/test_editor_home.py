"""A city editor logs in and lands in their city: the dashboard counts their city's pages,
the sidebar's "Pages" menu and the explorer open at their city, with no other city in sight."""

import re

import pytest
from wagtail.users.models import UserProfile

from guides.models import CityPage
from tests.conftest import make_page, make_user

pytestmark = pytest.mark.browser


def test_editor_lands_in_their_city(page, live_server, admin_login, city_factory):
    augsburg = city_factory("augsburg", "Augsburg", ("de", "en"))
    nuernberg = city_factory("nuernberg", "Nürnberg", ("de", "uk"))
    make_page(augsburg, "Arztbesuch")
    make_page(augsburg, "Schule")
    make_page(nuernberg, "Wohnen in Nürnberg")
    editor = make_user("augsburg-editor", city=augsburg, password="cityguide")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "de"  # the German admin
    profile.save()
    city_pages = CityPage.objects.filter(translation_key=augsburg.translation_key).count() + 2

    tab = admin_login("augsburg-editor", "cityguide")

    count_link = tab.locator(f"a[href='/admin/pages/{augsburg.pk}/']").first
    assert re.match(rf"\s*{city_pages} Seiten", count_link.inner_text())

    tab.get_by_role("button", name="Seiten", exact=True).click()
    titles = tab.locator(".c-page-explorer .c-page-explorer__item__title")
    titles.first.wait_for()
    assert sorted(titles.all_inner_texts()) == ["Arztbesuch", "Schule"]

    tab.goto(f"{live_server.url}/admin/pages/")
    assert tab.url == f"{live_server.url}/admin/pages/{augsburg.pk}/"
    listing = tab.locator("main table")
    assert listing.get_by_text("Arztbesuch").count() == 1
    assert listing.get_by_text("Schule").count() == 1
    assert listing.get_by_text("Wohnen in Nürnberg").count() == 0
    assert listing.get_by_text("Cityguide").count() == 0
