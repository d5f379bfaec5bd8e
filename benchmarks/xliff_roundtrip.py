"""XLIFF round trip on a generated city: export (time, peak memory) and import (time).

    .venv/bin/python benchmarks/xliff_roundtrip.py [--pages 500]
    .venv/bin/python benchmarks/xliff_roundtrip.py --smoke

The city has half of its pages translated into English already (so the export carries
existing targets), some outdated, some in translation, events and locations. Every source page
is exported into English (export_pairs with mark=True, then package), each target is filled in
as a translator would, and the zip is imported (import_upload, drafts). At full size the timed
export and import each run in a fresh process on the same database, so that the peak RSS is
the phase's own; query counts are taken in this process at half and full size.

Budgets (issue 4): 500 pages export <= 5 s and <= 300 MB peak RSS, import <= 15 s (issue 16:
the QA step, checks and stored findings, adds <= 20 % to the import's time); queries per
page constant: measured at a quarter, half and all of the pages (files), the cost per extra
page between the two largest sizes may not exceed that between the two smallest by more than
0.5 statements, + 25 % for import files, which differ (linear is allowed, steeper fails).

Translation memory (issue 15): the memory is then seeded with --tm-segments entries (default
100,000, or 2,000 with --smoke) spread over 20 cities that share it (3 with --smoke): for a
third of the city's strings exact copies, for a third copies with one word changed (fuzzy
matches), and for the rest other sentences (no match).
The export with TM lookups (leverage "alt") of every page, after the city's English targets
were dropped so that every unit is looked up: <= 8 s and <= 400 MB peak RSS in a fresh
process; its queries per page constant like the export's.
"""

import contextlib
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


def export(slug, limit=None, *, mark=True):
    from localization.xliff.export import export_pairs, package

    city, pages, en = pages_and_locale(slug)
    pages = pages[:limit] if limit else pages
    exported = export_pairs([(page, en) for page in pages], mark=mark, leverage="alt")
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


@contextlib.contextmanager
def qa_timer():
    """Time spent in the import's QA step (checks and storing findings), summed over files."""
    from localization.qa import importing

    spent = [0.0]
    check_import = importing.check_import

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return check_import(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    importing.check_import = timed
    try:
        yield spent
    finally:
        importing.check_import = check_import


def phase(args):
    """One timed phase in this (fresh) process; prints a JSON line."""
    common.setup(args, title="phase")
    out = Path(args.out)
    calibration = common.calibration_ms()
    started = time.perf_counter()
    if args.phase in ("export", "tm-export"):
        pages, content = export(args.city, mark=args.phase == "export")
        seconds = time.perf_counter() - started
        out.joinpath("export.zip").write_bytes(content)
        result = {"pages": pages, "zip_kib": len(content) // 1024}
    else:
        with qa_timer() as qa_seconds:
            result = {"outcomes": import_zip(out.joinpath("translated.zip").read_bytes())}
        seconds = time.perf_counter() - started
        result["qa_seconds"] = qa_seconds[0]
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
    parser.add_argument("--tm-segments", type=int, help="default 100,000, or 2,000 with --smoke")
    parser.add_argument(
        "--phase", choices=["export", "import", "tm-export"], help="internal: one phase"
    )
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
            qa_seconds = imported["qa_seconds"]
            report.check(
                "QA checks' share of the import (added time)",
                round(100 * qa_seconds / (imported["seconds"] - qa_seconds), 1),
                20,
                unit="%",
                note=f"{qa_seconds:.2f} s in the QA step of {imported['seconds']:.2f} s",
            )
    tm_phase(args, report, slug, pages)
    report.check_peak_rss(SMOKE_BUDGETS["process peak RSS"])
    return report.finish()


TM_CITIES = 20  # at full size; 3 at smoke size, where creating cities would dominate


def seed_memory(slug, count, city_count=TM_CITIES):
    """`count` entries over `city_count` sharing cities (the generated one among them), built from
    the city's source strings: exact copies, one-word changes and other sentences."""
    import random
    import uuid

    from wagtail_localize.models import StringSegment, StringTranslation

    from guides.cities import create_city
    from localization.tm.feed import plain_length, write
    from localization.tm.models import TMEntry, text_hash

    city, _pages, _en = pages_and_locale(slug)
    cities = [city.pk] + [
        create_city(f"tm-{n}", f"TM {n}", ["de", "en"]).pk for n in range(city_count - 1)
    ]
    texts = sorted(
        set(
            StringSegment.objects.filter(
                source__object_id__in=[p.translation_key for p in _pages]
            ).values_list("string__data", flat=True)
        )
    )
    words = sorted({word for text in texts for word in text.split() if word.isalpha()})
    rng = random.Random(15)
    entries = []
    for number in range(count):
        index = number % len(texts)
        text = texts[index]
        kind = index % 3  # a third of the strings have exact matches, a third fuzzy ones
        if kind == 1:
            parts = text.split(" ")
            parts[rng.randrange(len(parts))] = rng.choice(words)
            text = " ".join(parts)
        elif kind == 2:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 16))) + "."
        entries.append(
            TMEntry(
                source_text=text,
                source_hash=text_hash(text),
                source_length=plain_length(text),
                source_language="de",
                target_language="en",
                target_text=f"EN {text}",
                city_id=cities[number % len(cities)],
                origin="page",
                origin_key=uuid.uuid4(),
            )
        )
    write(entries)
    # Every unit without a current translation is looked up: drop the city's English targets.
    StringTranslation.objects.filter(locale__language_code="en").delete()
    return TMEntry.objects.count()


def tm_phase(args, report, slug, pages):
    segments = args.tm_segments or (2000 if args.smoke else 100_000)
    started = time.perf_counter()
    tm_cities = 3 if args.smoke else TM_CITIES
    seeded = seed_memory(slug, segments, tm_cities)
    print(
        f"translation memory: {seeded} entries in {tm_cities} cities, seeded in "
        f"{time.perf_counter() - started:.1f} s"
    )
    tm_queries = {}
    for limit in (pages // 4, pages // 2, None):
        with common.QueryCounter() as counter:
            count, _content = export(slug, limit, mark=False)
        tm_queries[count] = counter.count
    report.per_item("export with TM queries", tm_queries, unit="queries/page")
    if args.smoke:
        return
    from django.conf import settings
    from django.db import connections

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        connections.close_all()
    with tempfile.TemporaryDirectory() as out:
        measured = run_phase("tm-export", slug, out, os.environ["DATABASE_URL"])
    report.check(
        f"export {measured['pages']} pages with TM (fresh process)",
        measured["seconds"],
        8,
        unit="s",
        timed=True,
        calibration=measured["calibration_ms"],
        note=f"{seeded} TM entries, {tm_cities} cities; calibration: mean of the phase's "
        f"process's, {measured['calibrations']}",
    )
    report.check("export with TM peak RSS (fresh process)", measured["peak_rss_mb"], 400, unit="MB")


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
