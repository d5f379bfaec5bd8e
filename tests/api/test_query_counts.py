"""Every endpoint costs the same number of SQL queries for a small and a larger city."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from guides.models import GuidePage
from tests.api.conftest import translate
from tests.conftest import make_page

ENDPOINTS = [
    "/api/v3/regions/",
    "/api/v3/regions/augsburg/",
    "/api/v3/augsburg/languages/",
    "/api/v3/augsburg/de/pages/",
    "/api/v3/augsburg/de/children/",
    "/api/v3/augsburg/de/children/?url=/augsburg/de/bereich-0/&depth=3",
    "/api/v3/augsburg/de/parents/?url=/augsburg/de/bereich-0/seite-0-1/",
    "/api/v3/augsburg/de/page/?url=/augsburg/de/bereich-0/seite-0-1/",
    "/api/v3/augsburg/de/events/",
    "/api/v3/augsburg/de/locations/",
    "/api/v3/augsburg/de/news/",
    "/api/v3/augsburg/de/imprint/",
]


def build_guide(city, sections, per_section, *, start=0):
    """Sections with per_section pages each: links, images, documents, half translated."""
    image = Image.objects.create(title="Bild", file=get_test_image_file())
    document = Document.objects.create(title="Formular")
    for s in range(start, start + sections):
        section = make_page(city, f"Bereich {s}", slug=f"bereich-{s}")
        translate(section, "en")
        for p in range(per_section):
            body = [
                {
                    "type": "paragraph",
                    "value": (
                        f'<p>Siehe <a linktype="page" id="{section.id}">Start</a> und '
                        f'<a linktype="document" id="{document.id}">Formular</a>.</p>'
                    ),
                },
                {
                    "type": "image",
                    "value": {"image": image.id, "alt_text": "Bild", "decorative": False},
                },
                {
                    "type": "link_list",
                    "value": [
                        {"type": "item", "value": {"title": "Start", "page": section.id, "url": ""}}
                    ],
                },
            ]
            page = make_page(
                section, f"Seite {s} {p}", slug=f"seite-{s}-{p}", body=body, icon=image
            )
            if p % 2 == 0:
                translate(page, "en")


def count_queries(client):
    counts = {}
    client.get("/api/v3/augsburg/de/pages/")  # the page objects are stored (guides.api.fragments)
    for url in ENDPOINTS:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        counts[url] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_city(augsburg, client):
    augsburg.imprint = '<p>Impressum, <a href="https://augsburg.de">augsburg.de</a></p>'
    augsburg.save_revision().publish()
    build_guide(augsburg, 2, 2)
    small = count_queries(client)
    build_guide(augsburg, 3, 5, start=2)
    large = count_queries(client)
    assert large == small
    # versions, city (3), stored objects, visible tree: nothing is built per request
    assert small["/api/v3/augsburg/de/pages/"] <= 6


def count_list_after_publish(client, page, serial):
    """Queries of the first pages list after one page's publish (it rebuilds that page)."""
    client.get("/api/v3/augsburg/de/pages/")
    page.body = [{"type": "paragraph", "value": f"<p>Neu {serial}</p>"}]
    page.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v3/augsburg/de/pages/")
    assert response.status_code == 200
    assert f"<p>Neu {serial}</p>" in response.content.decode()
    return len(queries)


def count_publish(page, serial):
    """Statements of a publish on the stored objects, versions and tasks tables."""
    page.body = [{"type": "paragraph", "value": f"<p>Publish {serial}</p>"}]
    revision = page.save_revision()
    with CaptureQueriesContext(connection) as queries:
        revision.publish()
    tables = ("guides_api_apifragment", "guides_apicacheversion", "django_tasks")
    return len([q for q in queries if any(table in q["sql"] for table in tables)])


def test_a_publish_and_the_list_after_it_cost_the_same_at_any_size(augsburg, client):
    build_guide(augsburg, 1, 2)
    page = GuidePage.objects.filter(title="Seite 0 1").get()
    small = count_list_after_publish(client, page, 1), count_publish(page, 1)
    build_guide(augsburg, 3, 6, start=1)
    page = GuidePage.objects.filter(title="Seite 0 1").get()
    large = count_list_after_publish(client, page, 2), count_publish(page, 2)
    assert large == small
    list_queries, publish_queries = small
    assert list_queries <= 14  # the steady state and one page built, stored, versioned
    assert publish_queries <= 10  # the budget for fragments and versions
