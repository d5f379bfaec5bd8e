"""Every endpoint costs the same number of SQL queries for a small and a larger city."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

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
    assert small["/api/v3/augsburg/de/pages/"] <= 9  # 8 to build, 1 for the cache versions
