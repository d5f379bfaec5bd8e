"""Integreat pages endpoint (/api/v3/<city>/de/pages/) on a generated city, against Redis.

    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python benchmarks/api_pages.py [--pages 1000]
    .venv/bin/python benchmarks/api_pages.py --smoke

Server time in-process with Django's test Client (middleware included). Uncached means the
city's cache version was bumped just before (what a publish does), so the answer is built,
gzipped and stored; cached and 304 read that stored answer from Redis.

Budgets (issue 5): 1,000 pages uncached <= 300 ms, cached <= 10 ms, 304 <= 5 ms, gzip >= 4x;
queries of every kind of request constant in the number of pages (a 1,000-page and a 100-page
city, or two small ones in smoke mode). Wagtail API v2 on the same data is printed for
comparison (no budget).
"""

import sys

import common

SMOKE_BUDGETS = {"uncached heap peak": 10, "process peak RSS": 400}  # MB, smoke guards


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    run = common.setup(args, title="API pages endpoint", cached_figures=True)
    run.header("api_pages")

    from django.test import Client
    from generate import CitySpec, build_cities, summary
    from wagtail.models import Page

    from guides.api.cache import bump_city_version

    sizes = (12, 24) if args.smoke else (100, args.pages)
    specs = [
        CitySpec(
            f"api-{n}",
            languages=["de", "en", "ar"],
            translated=["en"],
            pages=n,
            sections=min(20, max(3, n // 50)),
            coverage=0.95,
            revisions=2,
        )
        for n in sizes
    ]
    cities = build_cities(specs)
    for city in cities:
        print(summary(city))

    client = Client()
    report = run.report
    queries = {"uncached": {}, "cached": {}, "304": {}}
    for generated in cities:
        slug = generated.spec.slug
        url = f"/api/v3/{slug}/de/pages/"
        live = Page.objects.filter(
            path__startswith=generated.city.path, depth__gt=generated.city.depth, live=True
        ).count()
        bump_city_version(slug)
        with common.QueryCounter() as counter:
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, response.status_code
        queries["uncached"][f"{live} pages"] = counter.count
        with common.QueryCounter() as counter:
            zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        queries["cached"][f"{live} pages"] = counter.count
        with common.QueryCounter() as counter:
            not_modified = client.get(
                url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
            )
        assert not_modified.status_code == 304, not_modified.status_code
        queries["304"][f"{live} pages"] = counter.count

    big = cities[-1]
    slug = big.spec.slug
    url = f"/api/v3/{slug}/de/pages/"
    identity = client.get(url)
    items = len(identity.json())
    print(f"{url}: {items} pages, {len(identity.content) / 1024:.0f} KiB JSON")

    def bump():
        bump_city_version(slug)

    uncached_ms, _times, _r = common.timed_ms(
        lambda: client.get(url, HTTP_ACCEPT_ENCODING="gzip"), args.runs, before=bump
    )
    note = f"median of {{}}, {items} pages"
    report.check(
        "pages uncached", uncached_ms, 300, unit="ms", timed=True, note=note.format(args.runs)
    )
    cached_ms, _times, zipped = common.timed_ms(
        lambda: client.get(url, HTTP_ACCEPT_ENCODING="gzip"), args.runs * 3
    )
    report.check(
        "pages cached", cached_ms, 10, unit="ms", timed=True, note=note.format(args.runs * 3)
    )
    etag = zipped["ETag"]
    not_modified_ms, _times, _r = common.timed_ms(
        lambda: client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag),
        args.runs * 5,
    )
    report.check(
        "pages 304", not_modified_ms, 5, unit="ms", timed=True, note=note.format(args.runs * 5)
    )
    ratio = len(identity.content) / len(zipped.content)
    report.check(
        "gzip ratio",
        ratio,
        None if args.smoke else 4,
        unit="x",
        kind="min",
        note="enforced at full size only (small answers compress less)" if args.smoke else "",
    )
    for kind, counts in queries.items():
        report.constant(f"{kind} request queries", counts)

    bump()
    with common.python_heap_peak() as heap:
        client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    report.check(
        "uncached heap peak",
        heap["mb"],
        SMOKE_BUDGETS["uncached heap peak"] if args.smoke else None,
        unit="MB",
        note="tracemalloc peak of one uncached request",
    )
    report.check_peak_rss(SMOKE_BUDGETS["process peak RSS"])

    v2_url = f"/api/v2/pages/?descendant_of={big.city.pk}&fields=*&limit=1000"
    v2_ms, _times, v2 = common.timed_ms(lambda: client.get(v2_url), args.runs)
    with common.QueryCounter() as counter:
        client.get(v2_url)
    report.check(
        "wagtail API v2, same pages (comparison)",
        v2_ms,
        unit="ms",
        timed=True,
        note=f"{len(v2.json()['items'])} items, {len(v2.content) / 1024:.0f} KiB, "
        f"{counter.count} queries, no caching, no gzip",
    )
    return report.finish()


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
