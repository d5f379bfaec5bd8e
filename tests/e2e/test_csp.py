"""Chromium loads the admin and the public site under the Content-Security-Policy without a
single violation (tests/foundation/test_csp.py checks the header itself)."""

import datetime as dt

import pytest

from tests.conftest import make_page, make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def violations(page):
    """Every CSP violation the tab reports: from the DOM event and from the console."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def collect():
        page.wait_for_load_state("networkidle")
        return console + page.evaluate("window.__cspViolations")

    return collect


def test_admin_edit_pages_load_without_csp_violations(
    page, live_server, admin_login, city_factory, violations
):
    city = city_factory("augsburg", "Augsburg", ("de", "en"))
    guide = make_page(
        city, "Anmeldung", body=[{"type": "paragraph", "value": "<p>Im Bürgerbüro.</p>"}]
    )
    event = make_event(city, "Sprachcafé", start=dt.date.today())
    make_user("augsburg-editor", city=city, password="cityguide")

    admin_login("augsburg-editor", "cityguide")
    seen = {}
    for url in (
        "/admin/",
        f"/admin/pages/{guide.pk}/edit/",
        f"/admin/snippets/events/event/edit/{event.pk}/",
        f"/admin/pages/{city.pk}/",
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "Content-Security-Policy" in {name.title() for name in response.headers}, url
        seen[url] = violations()

    assert seen == {url: [] for url in seen}
    # the editor is live: its rich-text field was built by JavaScript
    page.goto(f"{live_server.url}/admin/pages/{guide.pk}/edit/")
    assert page.locator("[data-contentpath='body'] .public-DraftEditor-content").count() >= 1


def test_public_pages_load_without_csp_violations(page, live_server, city_factory, violations):
    city = city_factory("augsburg", "Augsburg", ("de", "en"))
    make_page(city, "Anmeldung", body=[{"type": "paragraph", "value": "<p>Im Bürgerbüro.</p>"}])
    make_event(city, "Sprachcafé", start=dt.date.today())

    seen = {}
    for url in ("/de/", "/de/augsburg/", "/de/augsburg/anmeldung/", "/de/augsburg/events/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        seen[url] = violations()

    assert seen == {url: [] for url in seen}
