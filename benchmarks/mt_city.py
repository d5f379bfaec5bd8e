"""Machine translation of a whole city into one language against a local DeepL stub.

    .venv/bin/python benchmarks/mt_city.py [--pages 500]
    .venv/bin/python benchmarks/mt_city.py --smoke

Two generated cities (German source, English untranslated), a small one (a fifth of the size)
and a big one, each machine-translated in full by `localization.mt.service.translate_pages`
through the DeepL client library against a threaded HTTP server on 127.0.0.1 that speaks
DeepL's /v2/translate. Printed: the time, the queries, and the queries per page of each.

Budget (issue 16): the statements on machine translation's and the translation memory's own
tables (budget reservation and refund, memory lookups) are the same for both sizes: the
planning and the budget cost a constant number of queries per job; the rest is the pages' own
revisions and publishes, printed per page, which may not grow with the city (at most one
query per page more in the big city than in the small one).
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import common


class DeepLStub(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or "{}")
        data = json.dumps(
            {
                "translations": [
                    {"detected_source_language": "DE", "text": f"[EN] {t}", "billed_characters": 1}
                    for t in body.get("text", [])
                ]
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    if args.smoke:
        args.pages = 40
    run = common.setup(args, title="Machine translation")
    run.header("mt_city")

    from django.conf import settings
    from generate import CitySpec, build_cities
    from wagtail.models import Locale

    from localization.mt.models import MachineTranslationConfig, TranslationBudget
    from localization.mt.service import select_pages, translate_pages

    server = ThreadingHTTPServer(("127.0.0.1", 0), DeepLStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.CITYGUIDE_MT_BACKENDS = {
        "deepl": {
            "CLASS": "localization.mt.backends.DeepLTranslator",
            "OPTIONS": {
                "AUTH_KEY": "benchmark",
                "SERVER_URL": f"http://127.0.0.1:{server.server_address[1]}",
            },
        }
    }
    sizes = {"small": max(10, args.pages // 5), "big": args.pages}
    spec = {"sections": 5, "revisions": 1, "events": 0, "locations": 0, "outdated": 0}
    cities = build_cities(
        [
            CitySpec(
                f"mt-{label}",
                languages=["de", "en"],
                translated=[],
                pages=pages,
                real_translations=0,
                in_translation=0,
                **spec,
            )
            for label, pages in sizes.items()
        ]
    )
    english = Locale.objects.get(language_code="en")
    report = run.report
    own_statements = {}
    per_page = []
    for generated in cities:
        city = generated.city
        MachineTranslationConfig.objects.create(city=city, language=english, backend="deepl")
        TranslationBudget.objects.create(city=city, monthly_characters=10**9)
        pages = select_pages(city, english)
        with common.QueryCounter(keep=10**6) as counter:
            ms, _times, outcome = common.timed_ms(
                lambda city=city, pages=pages: translate_pages(city, english, pages), 1
            )
        assert outcome.pages_written == len(pages), outcome.summary()
        label = f"{len(pages)} pages"
        own_statements[label] = sum(
            1 for sql in counter.statements if '"mt_' in sql or '"tm_' in sql
        )
        report.check(f"translate {label}", ms / 1000, unit="s", timed=True, note=outcome.summary())
        per_page.append(counter.count / len(pages))
        report.check(
            f"queries per page, {label}",
            round(counter.count / len(pages), 1),
            unit="queries",
            note=f"{counter.count} queries in all",
        )
    report.constant("statements on mt_ and tm_ tables per job", own_statements)
    report.check(
        "queries per page: the big city's minus the small one's",
        round(per_page[-1] - per_page[0], 1),
        1,
        unit="queries",
        note="a batch of pages costs the same queries at any city size",
    )
    server.shutdown()
    return report.finish()


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
