"""PDF of a 30-page subtree (/de/<city>/pdf/<page id>/): cold render and stored answer.

    .venv/bin/python benchmarks/pdf_subtree.py [--pages 30]
    .venv/bin/python benchmarks/pdf_subtree.py --smoke

The subtree is a generated city's single section with everything below it (bodies with
headings, paragraphs, info boxes, link lists, images). Rendered PDFs are kept in the media
storage, not in Django's cache, so this benchmark needs no Redis; it swaps the test settings'
in-memory storage for a FileSystemStorage in a temporary MEDIA_ROOT, as in production.

Budgets (issue 6): cold render <= 5 s, stored answer <= 50 ms; queries of the cold render and
of the stored answer constant in the number of pages (subtrees of 30 and 15 pages, 10 and 5 in
smoke mode; first every city's English copy is rendered once, which also makes each image's
print rendition); peak memory printed
(enforced in smoke mode as a guard).
"""

import os
import shutil
import sys
import tempfile

import common

SMOKE_BUDGETS = {"process peak RSS": 500}  # MB, a guard: WeasyPrint itself needs ~150 MB


def first_child(page):
    return page.get_children().first().pk


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    run = common.setup(args, title="PDF of a subtree")
    run.header("pdf_subtree")

    from django.test import Client, override_settings
    from generate import CitySpec, build_cities, summary

    if os.environ.get("CITYGUIDE_REQUIRE_PDF") != "1":
        try:
            import weasyprint  # noqa: F401
        except OSError as error:  # Pango missing: say so, as the PDF tests do
            print(f"skipped: WeasyPrint cannot load ({error}); set CITYGUIDE_REQUIRE_PDF=1 to fail")
            return 0

    sizes = (5, 10) if args.smoke else (args.pages // 2, args.pages)
    specs = [
        CitySpec(
            f"pdf-{n}",
            languages=["de", "en"],
            pages=n,
            sections=1,
            fanout=4,
            revisions=2,
            events=2,
            locations=1,
        )
        for n in sizes
    ]
    media = tempfile.mkdtemp(prefix="cityguide-bench-media-")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    report = run.report
    with override_settings(STORAGES=storages, MEDIA_ROOT=media):
        cities = build_cities(specs)
        for city in cities:
            print(summary(city))
        client = Client()
        # Warm-up (content types, locales, fonts) on every city's English copy. It also makes
        # each image's print rendition: a one-time write per image in the library (shared with
        # the public site), not a cost of printing more pages, so the counts below compare
        # prints, not first-time image processing.
        for city in cities:
            client.get(f"/en/{city.spec.slug}/pdf/{first_child(city.roots['en'])}/")
        cold_queries, stored_queries = {}, {}
        for generated in cities:
            url = f"/de/{generated.spec.slug}/pdf/{generated.sections[0]}/"
            with common.QueryCounter() as counter:
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            cold_queries[f"{len(generated.pages)} pages"] = counter.count
            with common.QueryCounter() as counter:
                client.get(url)
            stored_queries[f"{len(generated.pages)} pages"] = counter.count

        big = cities[-1]
        # The big city in English, its stored PDF removed (the warm-up made it): a cold render.
        shutil.rmtree(os.path.join(media, "pdf-cache"), ignore_errors=True)
        section = big.roots["en"].get_children().first()
        pages = section.get_descendants(inclusive=True).count()
        url = f"/en/{big.spec.slug}/pdf/{section.pk}/"
        cold_ms, _times, cold = common.timed_ms(lambda: client.get(url), 1)
        assert cold.status_code == 200, cold.status_code
        report.check(
            "PDF cold render",
            cold_ms / 1000,
            5,
            unit="s",
            timed=True,
            note=f"{pages}-page subtree (the English copy, its stored PDF removed), "
            f"{len(cold.content) / 1024:.0f} KiB",
        )
        stored_ms, times, stored = common.timed_ms(lambda: client.get(url), args.runs)
        assert stored.content == cold.content
        report.check(
            "PDF stored answer",
            stored_ms,
            50,
            unit="ms",
            timed=True,
            note=f"median of {args.runs}, max {times[-1]:.1f} ms",
        )
        report.constant("cold render queries", cold_queries)
        report.constant("stored answer queries", stored_queries)
        report.check_peak_rss(
            SMOKE_BUDGETS["process peak RSS"],
            note="after every render (WeasyPrint's memory is outside Python's heap)",
        )
    return report.finish()


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
