"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

Without Chromium these tests skip with the reason; with CITYGUIDE_REQUIRE_BROWSER=1 (set by CI)
a missing browser is a failure instead.
"""

import os
import shutil

import pytest
from django.db import connections

from tests.tools import unavailable

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _unavailable(reason):
    unavailable(reason, required_by="CITYGUIDE_REQUIRE_BROWSER")


@pytest.fixture(scope="session")
def browser(_migrated_data):
    if not CHROMIUM:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        # From here on this thread sees a new connection wrapper (see tests/conftest.py).
        connections["default"]._test_serialized_contents = _migrated_data
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def admin_login(page, live_server):
    """Log in to the Wagtail admin as the given user; returns the logged-in tab."""

    def login(username, password="pw"):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    return login
