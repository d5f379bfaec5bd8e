"""Builders for API tests: cities with published, draft, private and translated pages."""

import gzip
import json

import brotli
import pytest
from django.core.cache import cache
from wagtail.models import Locale, PageViewRestriction

from tests.conftest import city_translation, make_page
from tests.shared import shared_fixture


@pytest.fixture(autouse=True)
def public_url_and_fresh_cache(settings):
    """An empty cache for each test: ids repeat across rolled-back tests."""
    settings.CITYGUIDE_PUBLIC_URL = "https://cityguide.example"
    cache.clear()
    yield
    cache.clear()


def translate(page, code, *, title=None, publish=True, **fields):
    """A copy of page in another locale (its parent must be translated already)."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=code))
    copy.title = title or f"{page.title} ({code})"
    for name, value in fields.items():
        setattr(copy, name, value)
    revision = copy.save_revision()
    if publish:
        revision.publish()
    copy.refresh_from_db()
    return copy


def make_private(page):
    return PageViewRestriction.objects.create(page=page, restriction_type="login")


def unpublish(page):
    page.unpublish()
    page.refresh_from_db()
    return page


def decode(encoding, body):
    """A JSON body in its content coding (gzip, br or none), decoded."""
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        body = brotli.decompress(body)
    return json.loads(body)


def decoded(response):
    """A test client response's JSON, whatever its Content-Encoding."""
    return decode(response.get("Content-Encoding"), response.content)


def get_json(client, url, **headers):
    response = client.get(url, **headers)
    return response, (decoded(response) if response.content else None)


@pytest.fixture
def api(client):
    """GET a URL and return (response, decoded JSON); asserts nothing about the status."""
    return lambda url, **headers: get_json(client, url, **headers)


@shared_fixture("augsburg")
def city_tree(augsburg):
    """Augsburg (de, en, ar, fa) with a small guide, some of it hidden from the API.

    de: willkommen > arbeit > praktikum, willkommen > entwurf (draft), privat (private),
        wohnen; en: willkommen, arbeit; ar: willkommen only.
    """
    willkommen = make_page(augsburg, "Willkommen", teaser="Hallo in Augsburg")
    arbeit = make_page(willkommen, "Arbeit")
    praktikum = make_page(arbeit, "Praktikum")
    draft = make_page(willkommen, "Entwurf", publish=False)
    private = make_page(augsburg, "Privat")
    make_private(private)
    private_child = make_page(private, "Geheim")
    wohnen = make_page(augsburg, "Wohnen")
    en_root = city_translation(augsburg, "en")
    ar_root = city_translation(augsburg, "ar")
    willkommen_en = translate(willkommen, "en", title="Welcome")
    arbeit_en = translate(arbeit, "en", title="Work")
    willkommen_ar = translate(willkommen, "ar", title="أهلا")
    return {
        "city": augsburg,
        "willkommen": willkommen,
        "arbeit": arbeit,
        "praktikum": praktikum,
        "draft": draft,
        "private": private,
        "private_child": private_child,
        "wohnen": wohnen,
        "en_root": en_root,
        "ar_root": ar_root,
        "willkommen_en": willkommen_en,
        "arbeit_en": arbeit_en,
        "willkommen_ar": willkommen_ar,
    }
