"""Translation-status budgets on generated data: 20 cities × 500 pages × 8 languages.

    .venv/bin/python benchmarks/status_report.py [--cities 20] [--pages 500] [--translated 3]

Builds a throwaway SQLite database (or uses BENCH_DATABASE_URL, e.g. a dedicated PostgreSQL
database), bulk-inserts the page tree (real translation pages for `--translated` of the 7
target languages; the status rows cover all 7), then measures:
- `translation_status --rebuild` wall time (it also creates every status row),
- one city's report: SQL queries and server time (whole request through the test client),
- the status update triggered by publishing a source page: SQL queries.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
parser = argparse.ArgumentParser()
parser.add_argument("--cities", type=int, default=20)
parser.add_argument("--pages", type=int, default=500)
parser.add_argument("--translated", type=int, default=3)
args = parser.parse_args()

tmpdir = tempfile.mkdtemp(prefix="status-bench-")
os.environ["DATABASE_URL"] = (
    os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmpdir}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityguide.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # the test client then exposes response.context

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from guides.cities import create_city  # noqa: E402
from guides.models import CityPage, GuidePage  # noqa: E402
from localization import tracking  # noqa: E402
from localization.models import TranslationStatus  # noqa: E402

CODES = ["de", "en", "ar", "fa", "uk", "tr", "fr", "ru"]
BODY = json.dumps(
    [
        {
            "type": "paragraph",
            "id": str(uuid.uuid4()),
            "value": "<p>Hier steht ein kurzer Absatz mit <b>wichtigen</b> Hinweisen "
            "für Neuankömmlinge in der Stadt.</p>",
        }
    ]
)


def bulk_children(parent, pages, guide_ct):
    """Insert pages as children of `parent` in treebeard's path order, without signals."""
    now = timezone.now()
    rows = []
    for index, (title, slug, key) in enumerate(pages, start=parent.numchild + 1):
        rows.append(
            Page(
                path=Page._get_path(parent.path, parent.depth + 1, index),
                depth=parent.depth + 1,
                numchild=0,
                translation_key=key,
                locale_id=parent.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                title=title,
                draft_title=title,
                slug=slug,
                content_type=guide_ct,
                url_path=f"{parent.url_path}{slug}/",
            )
        )
    Page.objects.bulk_create(rows, batch_size=1000)
    created = list(
        Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1, locale_id=parent.locale_id
        ).order_by("path")
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO guides_guidepage (page_ptr_id, teaser, body, icon_id) "
            "VALUES (%s, %s, %s, NULL)",
            [(page.pk, "Kurz erklärt.", BODY) for page in created],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(rows))


def generate():
    call_command("migrate", verbosity=0)
    guide_ct = ContentType.objects.get_for_model(GuidePage)
    locales = {loc.language_code: loc for loc in Locale.objects.all()}
    start = time.perf_counter()
    for c in range(args.cities):
        with transaction.atomic():
            city = create_city(f"stadt-{c}", f"Stadt {c}", CODES)
        city = CityPage.objects.get(pk=city.pk)
        keys = [uuid.uuid4() for _ in range(args.pages)]
        specs = [(f"Seite {c}-{i}", f"seite-{i}", key) for i, key in enumerate(keys)]
        with transaction.atomic():
            bulk_children(city, specs, guide_ct)
            for code in CODES[1 : 1 + args.translated]:
                root = CityPage.objects.get(
                    translation_key=city.translation_key, locale=locales[code]
                )
                bulk_children(root, [(f"{t} [{code}]", s, k) for t, s, k in specs], guide_ct)
    print(
        f"generated {args.cities} cities × {args.pages} pages in "
        f"{time.perf_counter() - start:.1f} s "
        f"({Page.objects.count()} pages in the tree)"
    )


def measure():
    start = time.perf_counter()
    call_command("translation_status", "--rebuild")
    rebuild = time.perf_counter() - start
    rows = TranslationStatus.objects.count()
    print(f"translation_status --rebuild: {rebuild:.1f} s for {rows} status rows")

    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "pw")
    client = Client()
    client.force_login(admin)
    url = f"/admin/reports/translations/stadt-{args.cities // 2}/"
    client.get(url)
    times, counts = [], []
    for _ in range(7):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
        counts.append(len(queries))
    data_queries = [
        q["sql"]
        for q in queries.captured_queries
        if "localization_" in q["sql"]
        or ("wagtailcore_page" in q["sql"] and "numchild" not in q["sql"])
    ]
    print(
        f"city report ({response.context['items_count']} pages × "
        f"{len(response.context['summary'])} languages, "
        f"{len(response.context['object_list'])} per screen): "
        f"{counts[-1]} SQL queries for the whole admin request "
        f"({len(data_queries)} touch pages/status rows), "
        f"median {statistics.median(times):.0f} ms"
    )

    if os.environ.get("BENCH_SHOW_SQL"):
        for query in queries.captured_queries:
            print("   ", query["sql"][:160])
    page = GuidePage.objects.filter(locale__language_code="de", depth=4).last()
    page.title = "Geändert"
    revision = page.save_revision()
    with CaptureQueriesContext(connection) as handler:
        tracking.source_published(page, revision)
    with CaptureQueriesContext(connection) as whole:
        revision.publish()
    languages = TranslationStatus.objects.filter(source_page=page).count()
    print(
        f"publish of a source page with {languages} languages: "
        f"status update {len(handler)} SQL queries "
        f"(whole publish incl. Wagtail's own work: {len(whole)})"
    )


if __name__ == "__main__":
    generate()
    measure()
