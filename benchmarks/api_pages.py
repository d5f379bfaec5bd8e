"""Benchmark the Integreat pages endpoint on a generated 1,000-page city-language.

Run: .venv/bin/python benchmarks/api_pages.py [--pages 1000] [--runs 7]

Builds a throwaway SQLite database in a temp dir (or uses BENCH_DATABASE_URL, e.g. a dedicated
PostgreSQL database), bulk-generates the pages in the source language and their English copies,
then measures server time in-process with Django's test Client (middleware included):
uncached, cached, 304, gzip ratio, and Wagtail API v2 on the same data.
Budgets (issue 5): uncached <= 300 ms, cached <= 10 ms, 304 <= 5 ms, gzip >= 4x.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="cityguide-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityguide.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{TMP}/bench.db")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

PARAGRAPH = (
    "<p>Hier finden Sie <b>wichtige Informationen</b> zu Ämtern, Beratung und Alltag in der "
    "Stadt. Bitte bringen Sie Ihren Ausweis, Ihre Meldebescheinigung und alle Unterlagen mit, "
    "die Sie vom Jobcenter oder von der Ausländerbehörde bekommen haben.</p>"
    "<ul><li>Öffnungszeiten: Montag bis Freitag, 8 bis 12 Uhr</li>"
    "<li>Termine nur nach Vereinbarung</li></ul>"
)


def bulk_children(parent, count, make_title, locale, keys, content_type_id, body_for):
    """Append count GuidePages under parent with two bulk inserts (pages, then guide rows)."""
    from guides.models import GuidePage

    now = timezone.now()
    start = parent.numchild
    pages = []
    for offset in range(count):
        title = make_title(offset)
        slug = f"{title.lower().replace(' ', '-')}"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type_id=content_type_id,
                path=Page._get_path(parent.path, parent.depth + 1, start + offset + 1),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                latest_revision_created_at=now,
                locale=locale,
                translation_key=keys[offset],
            )
        )
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=start + count)
    parent.numchild = start + count
    created = list(Page.objects.filter(path__in=[p.path for p in pages]).order_by("path"))
    table = GuidePage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, teaser, body, icon_id) VALUES (%s, %s, %s, NULL)",
            [(page.pk, f"Kurz erklärt: {page.title}", body_for(page)) for page in created],
        )
    return created


def generate(total):
    import json

    from django.contrib.contenttypes.models import ContentType

    from guides.cities import create_city
    from guides.models import CityPage, GuidePage

    call_command("migrate", verbosity=0)
    city = create_city("benchstadt", "Benchstadt", ["de", "en", "ar"])
    roots = {
        root.locale.language_code: root
        for root in CityPage.objects.filter(slug="benchstadt").select_related("locale")
    }
    content_type_id = ContentType.objects.get_for_model(GuidePage).id
    sections = 20
    per_section = total // sections - 1
    section_keys = [uuid.uuid4() for _ in range(sections)]
    child_keys = [[uuid.uuid4() for _ in range(per_section)] for _ in range(sections)]

    def body(link_to):
        return lambda page: json.dumps(
            [
                {"type": "heading", "value": page.title, "id": str(uuid.uuid4())},
                {
                    "type": "paragraph",
                    "id": str(uuid.uuid4()),
                    "value": PARAGRAPH
                    + (f'<p>Mehr dazu: <a linktype="page" id="{link_to}">Übersicht</a>.</p>'),
                },
                {"type": "paragraph", "value": PARAGRAPH, "id": str(uuid.uuid4())},
            ]
        )

    for code, title_word in (("de", "Bereich"), ("en", "Section")):
        root = roots[code]
        made = bulk_children(
            root,
            sections,
            lambda i, w=title_word: f"{w} {i}",
            root.locale,
            section_keys,
            content_type_id,
            body(root.id),
        )
        for index, section in enumerate(made):
            bulk_children(
                section,
                per_section,
                lambda i, s=index, w=title_word: f"{w} {s} Seite {i}",
                root.locale,
                child_keys[index],
                content_type_id,
                body(section.id),
            )
    return city, roots


def timed(client, url, runs, **headers):
    times, response = [], None
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    _city, roots = generate(args.pages)
    count = Page.objects.filter(
        path__startswith=roots["de"].path, depth__gt=roots["de"].depth, live=True
    ).count()
    print(
        f"generated {count} pages per language (de + en) in "
        f"{time.perf_counter() - started:.1f} s; database {connection.vendor}"
    )

    client = Client()
    url = "/api/v3/benchstadt/de/pages/"
    uncached = []
    for _ in range(args.runs):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        uncached.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    identity = client.get(url)
    items = len(identity.json())
    cached_ms, zipped = timed(client, url, args.runs * 3, HTTP_ACCEPT_ENCODING="gzip")
    not_modified_ms, not_modified = timed(
        client, url, args.runs * 5, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
    )
    assert not_modified.status_code == 304
    ratio = len(identity.content) / len(zipped.content)

    v2_url = f"/api/v2/pages/?descendant_of={roots['de'].id}&fields=*&limit=1000"
    v2_ms, v2 = timed(client, v2_url, args.runs)
    with CaptureQueriesContext(connection) as v2_queries:
        client.get(v2_url)

    print(
        f"pages endpoint: {items} pages, {len(identity.content) / 1024:.0f} KiB JSON, "
        f"{len(queries)} SQL queries"
    )
    print(
        f"  uncached (build + gzip + store): median {statistics.median(uncached):7.1f} ms"
        f"   budget 300 ms"
    )
    print(f"  cached (gzip body):              median {cached_ms:7.2f} ms   budget 10 ms")
    print(f"  304 (If-None-Match):             median {not_modified_ms:7.2f} ms   budget 5 ms")
    print(f"  gzip: {len(zipped.content) / 1024:.0f} KiB, ratio {ratio:.1f}x   budget >= 4x")
    print(
        f"wagtail API v2 {v2_url}: {len(v2.json()['items'])} items, "
        f"{len(v2.content) / 1024:.0f} KiB, median {v2_ms:.1f} ms, {len(v2_queries)} queries "
        f"(no caching, no gzip)"
    )


if __name__ == "__main__":
    main()
