"""Offline bundles (/api/v3/<city>/de/bundle/) of a generated city: size, delta, build, queries.

    BENCH_DATABASE_URL=postgres://…/NAME .venv/bin/python benchmarks/api_bundle.py [--pages 1000]
    .venv/bin/python benchmarks/api_bundle.py --smoke

The build is what the worker runs after a publish (guides.api.bundles.build.build_bundle,
called here in-process and timed); the requests go through Django's test Client (middleware
included) and only send the stored files.

Budgets (issue 17): the delta bundle after one changed page <= 10 KB; queries of a full and of
a delta request equal for a 100- and a 1,000-page city (two small ones in smoke mode). The full
bundle's size, the build time (first build and the rebuild after one publish) and the request
times are printed without a budget.
"""

import sys

import common

DELTA_BUDGET_KB = 10


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    return response, b"".join(response.streaming_content)


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    run = common.setup(args, title="API offline bundles")
    run.header("api_bundle")

    from django.test import Client
    from generate import CitySpec, build_cities, summary

    from guides.api.bundles.build import build_bundle
    from guides.models import GuidePage

    sizes = (12, 24) if args.smoke else (100, args.pages)
    specs = [
        CitySpec(
            f"bundle-{n}",
            languages=["de", "en"],
            translated=["en"],
            pages=n,
            sections=min(20, max(3, n // 50)),
            coverage=0.95,
            revisions=1,
        )
        for n in sizes
    ]
    cities = build_cities(specs)
    for city in cities:
        print(summary(city))

    client = Client()
    report = run.report
    queries = {"full request": {}, "delta request": {}}
    build_ms = {}
    for generated in cities:
        slug = generated.spec.slug
        url = f"/api/v3/{slug}/de/bundle/"
        build_ms[slug], _times, index = common.timed_ms(lambda s=slug: build_bundle(s, "de"), 1)
        label = f"{generated.spec.pages} pages"
        with common.QueryCounter() as counter:
            _download(client, url)
        queries["full request"][label] = counter.count
        with common.QueryCounter() as counter:
            _download(client, f"{url}?since={index['version']}")
        queries["delta request"][label] = counter.count

    big = cities[-1]
    slug = big.spec.slug
    url = f"/api/v3/{slug}/de/bundle/"
    response, full = _download(client, url)
    report.check(
        "first build (worker)",
        build_ms[slug],
        unit="ms",
        timed=True,
        note=f"{big.spec.pages} source pages, de",
    )
    report.check("full bundle size", len(full) / 1024, unit="KB", note="ZIP, images at 800 px")

    before = int(response["Cityguide-Version"])
    edited = GuidePage.objects.filter(path__startswith=big.city.path, live=True).last()
    edited.body = [{"type": "paragraph", "value": "<p>Neu: eine geänderte Seite.</p>"}]
    edited.save_revision().publish()
    rebuild_ms, _times, index = common.timed_ms(lambda: build_bundle(slug, "de"), 1)
    report.check("rebuild after one publish (worker)", rebuild_ms, unit="ms", timed=True)
    _response, delta = _download(client, f"{url}?since={before}")
    report.check(
        "delta bundle after one changed page",
        len(delta) / 1024,
        DELTA_BUDGET_KB,
        unit="KB",
        note=f"since {before}, version {index['version']}",
    )

    full_ms, _times, _r = common.timed_ms(lambda: _download(client, url), args.runs)
    report.check("full bundle request", full_ms, unit="ms", timed=True, note="sends the file")
    etag = client.get(url)["ETag"]
    not_modified_ms, _times, answer = common.timed_ms(
        lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), args.runs
    )
    assert answer.status_code == 304, answer.status_code
    report.check("bundle 304", not_modified_ms, unit="ms", timed=True)
    for kind, counts in queries.items():
        report.constant(f"{kind} queries", counts)
    return report.finish()


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
