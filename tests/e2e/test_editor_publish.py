"""The everyday editor flow: log in, change rich text, publish, see it on the public page."""

import pytest

from tests.conftest import make_page, make_user

pytestmark = pytest.mark.browser


def test_city_editor_edits_rich_text_publishes_and_sees_it_public(
    page, live_server, admin_login, city_factory
):
    city = city_factory("augsburg", "Augsburg", ("de", "en"))
    guide = make_page(
        city,
        "Anmeldung",
        body=[{"type": "paragraph", "value": "<p>Melden Sie sich im Bürgerbüro an.</p>"}],
    )
    make_user("augsburg-editor", city=city, password="cityguide")

    admin_login("augsburg-editor", "cityguide")
    page.goto(f"{live_server.url}/admin/pages/{guide.pk}/edit/")
    editor = page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" Bringen Sie Ihren Pass mit.")
    # Draftail writes its state into the form's hidden input a moment after typing.
    page.wait_for_function("""() => [...document.querySelectorAll('form input[type=hidden]')]
        .some(input => input.value.includes('Pass mit'))""")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{city.pk}/")

    public = page.goto(f"{live_server.url}/de/augsburg/anmeldung/")
    assert public.status == 200
    assert "Bringen Sie Ihren Pass mit." in page.inner_text("article")
