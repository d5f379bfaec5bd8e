"""A database that cannot answer in time gets 503 + Retry-After, never a 500 (PostgreSQL only).

Another connection holds an exclusive lock on Wagtail's page table while the request runs with a
tiny lock_timeout, as production runs with DB_LOCK_TIMEOUT_MS.
"""

import json

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.utils import translation

from cityguide.db_timeouts import RETRY_AFTER_SECONDS, timeout_kind

pytestmark = [
    pytest.mark.usefixtures("db"),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="PostgreSQL's timeouts",
    ),
]


@pytest.fixture
def page_table_locked():
    """An exclusive lock on wagtailcore_page, held by another connection until the test ends;
    this test's connection gives up waiting for a lock after 200 ms."""
    yield from _locked("wagtailcore_page")


@pytest.fixture
def redirect_table_locked():
    yield from _locked("wagtailredirects_redirect")


def _locked(table):
    params = connection.settings_dict
    other = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    other.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '200ms'")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def in_german(message):
    """What a reader of /de/ reads (the message is of our catalog)."""
    with translation.override("de"):
        return translation.gettext(message)


def test_a_lock_timeout_on_an_api_path_answers_json_503_with_retry_after(client, page_table_locked):
    response = client.get("/api/v3/regions/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "error": "The database is busy; please try again in a few seconds."
    }


def test_a_lock_timeout_on_a_public_page_answers_a_short_html_503(client, page_table_locked):
    response = client.get("/de/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f"<h1>{in_german('Please try again')}</h1>" in response.content.decode()
    busy = in_german("The database is busy; please try again in a few seconds.")
    assert busy != "The database is busy; please try again in a few seconds."
    assert busy in response.content.decode()


def test_a_lock_timeout_in_a_middleware_after_the_view_also_answers_503(
    client, redirect_table_locked
):
    """Wagtail's RedirectMiddleware looks a 404 up in the redirects table, outside the view:
    the error reaches handler500, which answers the same 503."""
    client.raise_request_exception = False
    response = client.get("/de/no-such-page/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert f"<h1>{in_german('Please try again')}</h1>" in response.content.decode()


def test_a_cancelled_statement_is_recognised_as_a_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '50ms'")
        with pytest.raises(OperationalError) as raised:
            cursor.execute("SELECT pg_sleep(2)")
    assert timeout_kind(raised.value) == "statement_timeout"


def test_other_database_errors_are_not_timeouts():
    with connection.cursor() as cursor, pytest.raises(Exception) as raised:
        cursor.execute("SELECT * FROM no_such_table")
    assert timeout_kind(raised.value) is None
