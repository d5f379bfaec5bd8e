"""PDF of a 30-page subtree: cold render and cached answer (budget: 5 s cold, 50 ms cached).

Runs against a throwaway SQLite database: .venv/bin/python benchmarks/pdf_subtree.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityguide.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

PARAGRAPH = (
    "<p>Hier finden Sie <b>Beratung</b> zu Arbeit, Wohnen und Sprache. "
    "Die Stellen helfen kostenlos und vertraulich, auch mit Dolmetschern.</p>"
) * 4


def build():
    from guides.cities import create_city
    from tests.conftest import make_page

    call_command("migrate", verbosity=0)
    city = create_city("augsburg", "Augsburg", ["de", "en"])
    top = make_page(city, "Arbeit und Beruf", body=[{"type": "paragraph", "value": PARAGRAPH}])
    parents = [top]
    for i in range(29):
        parent = parents[i // 4]
        parents.append(
            make_page(
                parent,
                f"Thema {i + 1}",
                teaser="Kurz erklärt.",
                body=[
                    {"type": "heading", "value": f"Abschnitt {i + 1}"},
                    {"type": "paragraph", "value": PARAGRAPH},
                    {
                        "type": "info_box",
                        "value": {
                            "kind": "info",
                            "title": "Wichtig",
                            "text": "<p>Bringen Sie Ihren Ausweis mit.</p>",
                        },
                    },
                ],
            )
        )
    return top


def main():
    top = build()
    client = Client()
    url = f"/de/augsburg/pdf/{top.pk}/"
    started = time.perf_counter()
    cold = client.get(url)
    cold_s = time.perf_counter() - started
    assert cold.status_code == 200, cold.status_code
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        warm = client.get(url)
        timings.append(time.perf_counter() - started)
        assert warm.content == cold.content
    timings.sort()
    print(f"pages: 30, PDF size: {len(cold.content) / 1024:.0f} KiB")
    print(f"cold render: {cold_s:.2f} s (budget 5 s)")
    print(
        f"cached: median {timings[10] * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms "
        "(budget 50 ms)"
    )


if __name__ == "__main__":
    main()
