"""XLIFF round trip on a 500-page city: export time and peak RSS, import time, queries per page.

    .venv/bin/python benchmarks/xliff_roundtrip.py [--pages 500] [--database URL]

Builds the city in a throwaway SQLite file (or the given database), then measures each phase in
a fresh process so `ru_maxrss` is that phase's own peak. Budgets (issue 4): export <= 5 s and
<= 300 MB, import <= 15 s, queries per page constant.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class QueryCounter:
    """Counts every SQL statement (CaptureQueriesContext stops at 9000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityguide.settings.test")
    import django

    django.setup()


def body(n):
    return [
        {"type": "heading", "value": f"Abschnitt {n}"},
        {
            "type": "paragraph",
            "value": (
                f"<p>Willkommen auf Seite {n}. Hier gibt es <b>wichtige <i>Hinweise</i></b> und "
                f'<a href="https://example.org/{n}?a=1&amp;b=2">einen Link</a>.'
                "<br/>Zweite Zeile.</p>"
                f"<p>Noch ein Absatz mit <strong>Fettdruck</strong> und Zahlen {n * 7}.</p>"
            ),
        },
    ]


def generate(pages):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from guides.cities import create_city
    from guides.models import GuidePage

    city = create_city("benchstadt", "Benchstadt", ["de", "en"])
    sections = []
    for n in range(pages):
        parent = city if n < 20 else sections[n % 20]
        page = GuidePage(title=f"Seite {n}", teaser=f"Kurz & knapp {n}", body=body(n))
        parent.add_child(instance=page)
        page.save_revision().publish()
        if n < 20:
            sections.append(page)
    return city


def measure_export(out_dir, limit=None, profile_run=False):
    from localization.xliff.export import export_pairs, package
    from localization.xliff.selection import city_target_locales, get_city, source_pages

    city = get_city("benchstadt")
    en = city_target_locales(city, ["en"])[0]
    pages = [p for p in source_pages(city) if p.depth > city.depth]
    pages = pages[:limit] if limit else pages
    pairs = [(page, en) for page in pages]
    started = time.perf_counter()
    with QueryCounter() as counter:
        exported = export_pairs(pairs, mark=True)
        _name, content = package(exported, city.slug)
    seconds = time.perf_counter() - started
    if not limit or profile_run:
        Path(out_dir, "export.zip").write_bytes(content)
    return {
        "pages": len(pages),
        "seconds": round(seconds, 2),
        "queries": counter.count,
        "files": len(exported),
        "zip_bytes": len(content),
    }


def translate_zip(out_dir, prefix="EN "):
    import io
    import zipfile

    from lxml import etree

    from localization.xliff.document import NS12

    source = zipfile.ZipFile(Path(out_dir, "export.zip"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for name in source.namelist():
            root = etree.fromstring(source.read(name))
            for unit in root.iter(f"{{{NS12}}}trans-unit"):
                src = unit.find(f"{{{NS12}}}source")
                target = etree.fromstring(etree.tostring(src))
                target.tag = f"{{{NS12}}}target"
                if target.text and unit.get("resname") != "slug":
                    target.text = prefix + target.text
                src.addnext(target)
            target_zip.writestr(name, etree.tostring(root))
    Path(out_dir, "translated.zip").write_bytes(buffer.getvalue())


def measure_import(out_dir):
    from localization.xliff.importer import import_upload

    data = Path(out_dir, "translated.zip").read_bytes()
    started = time.perf_counter()
    with QueryCounter() as counter:
        results = import_upload("translated.zip", data)
    seconds = time.perf_counter() - started
    outcomes = {}
    for result in results:
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    return {
        "files": len(results),
        "seconds": round(seconds, 2),
        "outcomes": outcomes,
        "queries": counter.count,
    }


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def calibration_ms():
    """This machine's speed at the moment: best of five `sum(range(10**6))`, in ms (a typical
    laptop core takes 8-10 ms; shared CI machines vary by a factor of two from minute to minute)."""
    import timeit

    return round(min(timeit.repeat("sum(range(10**6))", number=10, repeat=5)) * 100, 1)


def run_phase(phase, database_url, out_dir, extra=()):
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--database",
            database_url,
            "--out",
            out_dir,
            *extra,
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def profile_phases(database_url, limit):
    """Where export and import spend their time (cProfile, top 45 by cumulative time)."""
    import cProfile
    import pstats

    setup_django(database_url)
    with tempfile.TemporaryDirectory() as tmp:
        for name, code in (
            ("export", "measure_export(tmp, limit, profile_run=True)"),
            ("import", "translate_zip(tmp); measure_import(tmp)"),
        ):
            profile = Path(tmp, f"{name}.prof")
            cProfile.runctx(code, globals(), locals(), str(profile))
            print(f"==== {name}")
            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(45)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--database")
    parser.add_argument("--phase")
    parser.add_argument("--out")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--prefix", default="EN ")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.profile:
        profile_phases(args.database, args.limit)
        return

    if args.phase:
        setup_django(args.database)
        if args.phase == "generate":
            generate(args.pages)
            result = {}
        elif args.phase == "export":
            result = measure_export(args.out, args.limit)
        elif args.phase == "translate":
            translate_zip(args.out, args.prefix)
            result = {}
        else:
            result = measure_import(args.out)
        result["peak_rss_mb"] = peak_rss_mb()
        result["calibration_ms"] = calibration_ms()
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as tmp:
        database_url = args.database or f"sqlite:///{tmp}/bench.sqlite3"
        started = time.perf_counter()
        run_phase("generate", database_url, tmp, ["--pages", str(args.pages)])
        print(f"generated {args.pages} pages in {time.perf_counter() - started:.0f} s")
        first = run_phase("export", database_url, tmp)
        print(f"export (first, extracts sources): {first}")
        again = run_phase("export", database_url, tmp)
        print(f"export (repeat):                  {again}")
        half = run_phase("export", database_url, tmp, ["--limit", str(args.pages // 2)])
        per_page = (again["queries"] - half["queries"]) / (again["pages"] - half["pages"])
        print(
            f"export queries: {half['queries']} for {half['pages']} pages, "
            f"{again['queries']} for {again['pages']} pages -> {per_page:.2f} per page"
        )
        run_phase("translate", database_url, tmp)
        imported = run_phase("import", database_url, tmp)
        print(f"import (applies drafts):          {imported}")
        reimported = run_phase("import", database_url, tmp)
        print(f"import (same file again):         {reimported}")
        run_phase("export", database_url, tmp)
        run_phase("translate", database_url, tmp, ["--prefix", "EN2 "])
        updated = run_phase("import", database_url, tmp)
        print(f"import (second round, updates):   {updated}")
        ok = first["seconds"] <= 5 and first["peak_rss_mb"] <= 300 and imported["seconds"] <= 15
        print("budgets (export <= 5 s, <= 300 MB; import <= 15 s):", "met" if ok else "MISSED")


if __name__ == "__main__":
    main()
