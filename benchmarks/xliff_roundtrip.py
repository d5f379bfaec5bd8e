"""XLIFF round trip on a generated city: export (time, peak memory) and import (time).

    .venv/bin/python benchmarks/xliff_roundtrip.py [--pages 500]
    .venv/bin/python benchmarks/xliff_roundtrip.py --smoke

The city has half of its pages translated into English already (so the export carries
existing targets), some outdated, some in translation, events and locations. Every source page
is exported into English (export_pairs with mark=True, then package), each target is filled in
as a translator would, and the zip is imported (import_upload, drafts). At full size the timed
export and import each run in a fresh process on the same database, so that the peak RSS is
the phase's own; query counts are taken in this process at half and full size.

Budgets (issue 4): 500 pages export <= 5 s and <= 300 MB peak RSS, import <= 15 s; queries per
page constant: measured at a quarter, half and all of the pages (files), the cost per extra
page between the two largest sizes may not exceed that between the two smallest by more than
0.5 statements, + 25 % for import files, which differ (linear is allowed, steeper fails).
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import common

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
SMOKE_BUDGETS = {"export heap peak": 30, "import heap peak": 30, "process peak RSS": 400}


def pages_and_locale(slug):
    from wagtail.models import Locale

    from guides.models import CityPage, GuidePage

    city = CityPage.objects.get(slug=slug, locale=Locale.get_default())
    pages = list(GuidePage.objects.descendant_of(city).filter(locale=city.locale).order_by("path"))
    return city, pages, Locale.objects.get(language_code="en")


def export(slug, limit=None):
    from localization.xliff.export import export_pairs, package

    city, pages, en = pages_and_locale(slug)
    pages = pages[:limit] if limit else pages
    exported = export_pairs([(page, en) for page in pages], mark=True)
    _name, content = package(exported, city.slug, as_zip=True)
    return len(pages), content


def translate(content, prefix, single=False):
    """Fill every target in as a translator's tool would (of a zip, or of one file)."""
    from lxml import etree

    if single:
        return _translate_file(content, prefix, etree)
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for name in source.namelist():
            target_zip.writestr(name, _translate_file(source.read(name), prefix, etree))
    return buffer.getvalue()


def _translate_file(data, prefix, etree):
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{NS12}}}trans-unit"):
        for old in unit.findall(f"{{{NS12}}}target"):
            unit.remove(old)
        src = unit.find(f"{{{NS12}}}source")
        target = etree.fromstring(etree.tostring(src))
        target.tag = f"{{{NS12}}}target"
        if target.text and unit.get("resname") != "slug":
            target.text = prefix + target.text
        src.addnext(target)
    return etree.tostring(root)


def import_zip(data):
    from localization.xliff.importer import import_upload

    outcomes = {}
    for result in import_upload("translated.zip", data):
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    return outcomes


def phase(args):
    """One timed phase in this (fresh) process; prints a JSON line."""
    common.setup(args, title="phase")
    out = Path(args.out)
    calibration = common.calibration_ms()
    started = time.perf_counter()
    if args.phase == "export":
        pages, content = export(args.city)
        seconds = time.perf_counter() - started
        out.joinpath("export.zip").write_bytes(content)
        result = {"pages": pages, "zip_kib": len(content) // 1024}
    else:
        result = {"outcomes": import_zip(out.joinpath("translated.zip").read_bytes())}
        seconds = time.perf_counter() - started
    after = common.calibration_ms()
    result.update(
        seconds=seconds,
        peak_rss_mb=common.peak_rss_mb(),
        calibration_ms=(calibration + after) / 2,
        calibrations=f"{calibration:.1f} before, {after:.1f} after",
    )
    print(json.dumps(result))
    return 0


def run_phase(name, city, out, database_url):
    env = dict(os.environ, BENCH_USE_DATABASE_URL=database_url)
    output = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--city", city, "--out", out],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=common.ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--pages", type=int, help="default 500, or 16 with --smoke")
    parser.add_argument("--phase", choices=["export", "import"], help="internal: one phase")
    parser.add_argument("--city", help="internal: the city of a phase")
    parser.add_argument("--out", help="internal: the phase's working directory")
    args = parser.parse_args()
    if args.phase:
        return phase(args)
    run = common.setup(args, title="XLIFF round trip")
    run.header("xliff_roundtrip")

    from generate import CitySpec, build_city, summary

    pages = args.pages or (16 if args.smoke else 500)
    generated = build_city(
        CitySpec(
            "xliff",
            languages=["de", "en", "ar"],
            translated=["en"],
            pages=pages,
            sections=min(20, max(2, pages // 25)),
            coverage=0.5,
            revisions=2,
        )
    )
    print(summary(generated))
    report = run.report
    slug = generated.spec.slug

    export(slug)  # sources extracted once; the counts below are of repeat exports
    export_queries = {}
    for limit in (pages // 4, pages // 2, None):
        with common.QueryCounter() as counter:
            count, content = export(slug, limit)
        export_queries[count] = counter.count
    with common.python_heap_peak() as heap:
        export(slug)
    export_heap = heap["mb"]
    report.per_item("export queries", export_queries, unit="queries/page")

    translated = translate(content, "EN ")
    with zipfile.ZipFile(io.BytesIO(translated)) as archive:
        names = archive.namelist()
    import_queries = {}
    for size in (len(names) // 4, len(names) // 2, len(names)):
        buffer = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(translated)) as source,
            zipfile.ZipFile(buffer, "w") as subset,
        ):
            for name in names[:size]:
                subset.writestr(name, translate(source.read(name), f"EN{size} ", single=True))
        with common.QueryCounter() as counter:
            outcomes = import_zip(buffer.getvalue())
        import_queries[size] = counter.count
    # Files differ (new translations, updates of existing ones): 25 % leeway per file.
    report.per_item("import queries", import_queries, relative=0.25, unit="queries/file")
    print(f"last import's outcomes: {outcomes}")
    with common.python_heap_peak() as heap:
        import_zip(translate(content, "EN2 "))
    report.check(
        "export heap peak",
        export_heap,
        SMOKE_BUDGETS["export heap peak"] if args.smoke else None,
        unit="MB",
        note=f"tracemalloc, {pages} pages (lxml's own memory not included)",
    )
    report.check(
        "import heap peak",
        heap["mb"],
        SMOKE_BUDGETS["import heap peak"] if args.smoke else None,
        unit="MB",
        note=f"tracemalloc, {len(names)} files",
    )

    if not args.smoke:
        from django.conf import settings
        from django.db import connections

        database_url = os.environ["DATABASE_URL"]
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            connections.close_all()
        with tempfile.TemporaryDirectory() as out:
            first = run_phase("export", slug, out, database_url)
            report.check(
                f"export {first['pages']} pages (fresh process)",
                first["seconds"],
                5,
                unit="s",
                timed=True,
                calibration=first["calibration_ms"],
                note=f"zip {first['zip_kib']} KiB; calibration: mean of the phase's process's, "
                f"{first['calibrations']}",
            )
            report.check("export peak RSS (fresh process)", first["peak_rss_mb"], 300, unit="MB")
            Path(out, "translated.zip").write_bytes(
                translate(Path(out, "export.zip").read_bytes(), "EN3 ")
            )
            imported = run_phase("import", slug, out, database_url)
            report.check(
                f"import {first['pages']} files (fresh process)",
                imported["seconds"],
                15,
                unit="s",
                timed=True,
                calibration=imported["calibration_ms"],
                note=f"outcomes {imported['outcomes']}; peak RSS {imported['peak_rss_mb']:.0f} "
                f"MB; calibration: mean of the phase's process's, {imported['calibrations']}",
            )
    report.check_peak_rss(SMOKE_BUDGETS["process peak RSS"])
    return report.finish()


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
