"""The demo as a reader meets it: Nürnberg has no Ukrainian "Notfälle", so a Ukrainian reader
reaches the German page through the fallback, and the demo's pages are in the search index."""

import pytest
from django.utils import translation

from guides.demo.loader import load_demo_data
from tests.shared import run_on_commit


@pytest.mark.django_db
def test_demo_ukrainian_reader_reaches_nuernbergs_emergencies_and_search_finds_them(client):
    with run_on_commit():
        load_demo_data(sections={"emergencies"})
    with translation.override("uk"):
        notice = translation.gettext("This page is not yet available in your language.")

    city = client.get("/uk/nuernberg/").content.decode()
    assert '<a href="/uk/nuernberg/notfaelle/" lang="de" dir="ltr" hreflang="de">' in city
    page = client.get("/uk/nuernberg/notfaelle/").content.decode()
    assert notice in page and "112" in page

    found = client.get("/api/v3/nuernberg/uk/search/", {"q": "112"}).json()
    assert found and all(hit["fallback"] and hit["language"] == "de" for hit in found)
    assert "/nuernberg/de/notfaelle/" in [hit["path"] for hit in found]
    arabic = client.get("/api/v3/augsburg/ar/search/", {"q": "112"}).json()
    assert arabic and all(hit["language"] == "ar" and not hit["fallback"] for hit in arabic)
