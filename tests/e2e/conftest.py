"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

Without Chromium these tests skip with the reason; with CITYGUIDE_REQUIRE_BROWSER=1 (set by CI)
a missing browser is a failure instead.
"""

import os
import shutil
import threading
import time

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
    tab.goto("about:blank")  # the last page's unload requests (Wagtail's editing-session beacon)
    context.close()
    _wait_for_live_server_requests()


def _wait_for_live_server_requests(timeout=10.0):
    """Let the live server finish what the closed tab sent before the next test starts.

    On SQLite the live server's request threads share the test's connection (the test database
    is in memory). A request still running when the next test begins, such as a beacon sent as
    the tab closed, changes that connection's transaction state under it (`on_commit() cannot be
    used in manual transaction management` in a later transactional test).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [
            thread
            for thread in threading.enumerate()
            if "process_request_thread" in thread.name and thread.is_alive()
        ]
        if not busy:
            return
        time.sleep(0.02)
    pytest.fail(f"the live server was still answering the closed tab after {timeout} s: {busy}")


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
