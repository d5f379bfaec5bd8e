"""Translation status: rebuild, a city's report, and what a source publish costs.

    .venv/bin/python benchmarks/status_report.py [--cities 20] [--pages 500] [--translated 3]
    .venv/bin/python benchmarks/status_report.py --smoke

Generated cities with 8 languages (`--translated` of the 7 target languages translated, every
status row present; some outdated, some in translation, events and locations), plus two small
ones for comparison: one with 8 languages, one with 3.

Budgets (issue 3): a source publish costs <= 10 status-tracking statements (statements on the
localization_* tables) whatever the number of languages, and the whole publish the same number
of queries with 3 languages as with 8; a city's report costs the same number of queries for a
small city as for a big one. `translation_status --rebuild` and the report's server time are
printed with calibration, without a budget (none was set).
"""

import io
import sys

import common

CODES = ["de", "en", "ar", "fa", "uk", "tr", "fr", "ru"]
SMOKE_BUDGETS = {"rebuild heap peak": 20, "process peak RSS": 400}  # MB, smoke guards


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--cities", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--translated", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if args.smoke:
        args.cities, args.pages, args.translated = 1, 20, 2
    run = common.setup(args, title="Translation status")
    run.header("status_report")

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from generate import CitySpec, build_cities, summary

    from guides.models import GuidePage
    from localization.models import TranslationStatus

    small = max(10, args.pages // 5)
    common_spec = {"sections": 5, "revisions": 2, "events": 4, "locations": 2}
    specs = [
        CitySpec(
            f"stadt-{n}",
            languages=CODES,
            translated=CODES[1 : 1 + args.translated],
            pages=args.pages,
            **common_spec,
        )
        for n in range(args.cities)
    ]
    specs.append(
        CitySpec("klein-8", languages=CODES, translated=CODES[1:3], pages=small, **common_spec)
    )
    specs.append(
        CitySpec("klein-3", languages=CODES[:3], translated=CODES[1:3], pages=small, **common_spec)
    )
    cities = {city.spec.slug: city for city in build_cities(specs)}
    for city in list(cities.values())[-3:]:
        print(summary(city))
    report = run.report

    rebuild_ms, _times, _r = common.timed_ms(
        lambda: call_command("translation_status", "--rebuild", stdout=io.StringIO()), 1
    )
    rows = TranslationStatus.objects.count()
    report.check(
        "translation_status --rebuild",
        rebuild_ms / 1000,
        unit="s",
        timed=True,
        note=f"{len(cities)} cities, {rows} status rows",
    )
    with common.python_heap_peak() as heap:
        call_command("translation_status", "--rebuild", stdout=io.StringIO())
    report.check(
        "rebuild heap peak",
        heap["mb"],
        SMOKE_BUDGETS["rebuild heap peak"] if args.smoke else None,
        unit="MB",
        note="tracemalloc peak of a second rebuild",
    )

    admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "pw")
    client = Client()
    client.force_login(admin)
    report_queries = {}
    big_slug = specs[args.cities // 2].slug
    for slug in ("klein-8", big_slug):
        url = f"/admin/reports/translations/{slug}/"
        client.get(url)
        with common.QueryCounter() as counter:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        report_queries[f"{len(cities[slug].pages)} pages"] = counter.count
    url = f"/admin/reports/translations/{big_slug}/"
    report_ms, _times, _r = common.timed_ms(lambda: client.get(url), args.runs)
    report.check(
        "city report (admin request)",
        report_ms,
        unit="ms",
        timed=True,
        note=f"median of {args.runs}, {len(cities[big_slug].pages)} pages × 7 languages",
    )
    report.constant("city report queries", report_queries)

    status_statements, publish_queries = {}, {}
    for slug in ("klein-3", "klein-8"):
        generated = cities[slug]
        page = (
            GuidePage.objects.filter(pk__in=generated.pages)
            .exclude(pk__in=generated.in_translation)
            .order_by("path")
            .last()
        )
        page.teaser += " Geändert."
        revision = page.save_revision()
        with common.QueryCounter(keep=10_000) as counter:
            revision.publish()
        languages = len(generated.spec.languages)
        status_statements[languages] = sum(
            1 for sql in counter.statements if "localization_" in sql
        )
        publish_queries[f"{languages} languages"] = counter.count
    for languages, count in status_statements.items():
        report.check(
            f"publish: status statements, {languages} languages",
            count,
            10,
            unit="queries",
            note="statements on localization_* tables during revision.publish()",
        )
    report.check(
        "whole publish (comparison)",
        max(publish_queries.values()),
        unit="queries",
        note=", ".join(f"{k}: {v}" for k, v in publish_queries.items())
        + " (Wagtail's own work included; different pages, so not held equal)",
    )
    report.check_peak_rss(SMOKE_BUDGETS["process peak RSS"])
    return report.finish()


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
