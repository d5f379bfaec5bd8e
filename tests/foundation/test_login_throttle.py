"""Logins are throttled per account and per address (django-axes behind Wagtail's login).

Ten failures lock the account, from any address, and separately the address, for any account.
The locked-out answer is 429 with a message that says what happened and what to do.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import make_user

LOGIN = "/admin/login/"
LOCKED_OUT = (
    "Too many failed logins for this account or from this address. "
    "Logging in is blocked for an hour; an administrator can unlock it sooner."
)


@pytest.fixture
def accounts(db):
    return make_user("victim", password="right-pw"), make_user("bystander", password="other-pw")


def attempt(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_right_password_after_a_run_of_wrong_ones_is_refused(client, accounts):
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        attempt(client, "victim", "wrong", "10.0.0.1")

    response = attempt(client, "victim", "right-pw", "10.0.0.1")

    assert response.status_code == 429
    assert response.content.decode() == LOCKED_OUT
    assert not is_logged_in(client)


def test_locked_account_leaves_another_account_from_another_address_alone(client, accounts):
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        attempt(client, "victim", "wrong", "10.0.0.1")

    response = attempt(client, "bystander", "other-pw", "10.0.0.2")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert is_logged_in(client)


def test_account_stays_locked_from_a_fresh_address(client, accounts):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "victim", "wrong", f"10.0.1.{number}")

    response = attempt(client, "victim", "right-pw", "10.0.2.1")

    assert (response.status_code, response.content.decode()) == (429, LOCKED_OUT)


def test_address_trying_many_accounts_is_locked_for_every_account(client, accounts):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess-{number}", "wrong", "10.0.0.9")

    response = attempt(client, "bystander", "other-pw", "10.0.0.9")

    assert (response.status_code, response.content.decode()) == (429, LOCKED_OUT)
    assert not is_logged_in(client)


def test_a_few_typos_do_not_lock_anyone_out(client, accounts):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "victim", "wrong", "10.0.0.1")

    response = attempt(client, "victim", "right-pw", "10.0.0.1")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_wrong_password_answers_the_login_form_with_its_error(client, accounts):
    response = attempt(client, "victim", "wrong", "10.0.0.1")

    assert response.status_code == 200
    assert not is_logged_in(client)


def test_behind_a_proxy_the_forwarded_address_is_throttled(client, accounts, settings):
    settings.CITYGUIDE_TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "guess", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    other = client.post(
        LOGIN,
        {"username": "bystander", "password": "other-pw"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )

    assert other.status_code == 302  # the proxy's own address is not locked
