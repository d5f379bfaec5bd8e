"""Every answer carries a Content-Security-Policy: strict on the public site and the API, with
the admin's two allowances (inline scripts and styles) only under /admin/.

Chromium loads real pages under it in tests/e2e/test_csp.py."""

import pytest
from django.http import HttpResponse

from guides.content_security import CityguideCSPMiddleware
from tests.conftest import make_page, make_user


def directives(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_public_page_has_a_strict_policy(client, augsburg):
    make_page(augsburg, "Anmeldung")

    response = client.get("/de/augsburg/anmeldung/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.parametrize(
    "url", ["/api/v3/regions/", "/api/v3/augsburg/de/pages/", "/api/v2/pages/", "/api/v3/nix/"]
)
def test_api_answers_have_the_policy(client, augsburg, url):
    response = client.get(url)

    assert directives(response)["script-src"] == ["'self'"]


def test_not_found_and_redirect_answers_have_the_policy(client, augsburg):
    assert directives(client.get("/de/nirgends/"))["default-src"] == ["'self'"]
    assert directives(client.get("/augsburg/"))["default-src"] == ["'self'"]


def test_admin_allows_inline_scripts_and_styles_and_nothing_else_more(client, augsburg):
    client.force_login(make_user("augsburg-editor", city=augsburg))

    response = client.get("/admin/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]


def test_admin_login_page_has_the_admin_policy(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'", "'unsafe-inline'"]


def answer_with_nonce(rf, path):
    """A view that writes an inline script with the request's nonce, behind the middleware."""
    middleware = CityguideCSPMiddleware(lambda request: HttpResponse(str(request.csp_nonce)))
    response = middleware(rf.get(path))
    return response.content.decode(), directives(response)


def test_a_public_inline_script_with_the_nonce_is_allowed(rf):
    nonce, policy = answer_with_nonce(rf, "/de/augsburg/")

    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]


def test_admin_policy_carries_no_nonce_that_would_cancel_unsafe_inline(rf):
    _nonce, policy = answer_with_nonce(rf, "/admin/pages/")

    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
