"""Export a city's pages as XLIFF for translators (a thin door into localization.xliff.export)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localization.tm.analysis import as_csv, as_text
from localization.tm.leverage import DEFAULT_LEVERAGE, LEVERAGE_MODES
from localization.xliff.document import DEFAULT_VERSION, VERSIONS
from localization.xliff.export import ExportError, export_pairs, package, total_analysis
from localization.xliff.options import DEFAULT_OPTIONS, PREFILLS, UNIT_SELECTIONS, ExportOptions
from localization.xliff.progress import ProgressBar
from localization.xliff.selection import (
    SelectionError,
    city_target_locales,
    get_city,
    parse_pages_option,
    select,
    snippets_of_city,
)


class Command(BaseCommand):
    help = "Export pages of a city as XLIFF 1.2 or 2.0 (.xlf for one page and language, else .zip)."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="City slug.")
        parser.add_argument(
            "--language",
            action="append",
            required=True,
            help="Target language code; repeat for several.",
        )
        parser.add_argument(
            "--pages", default="all", help="all | outdated | missing | stale | page ids (12,15)."
        )
        parser.add_argument("--xliff-version", default=DEFAULT_VERSION, choices=VERSIONS)
        parser.add_argument("--output", required=True, help="Path ending in .zip or .xlf.")
        parser.add_argument(
            "--include-snippets",
            action="store_true",
            help="Also export the city's events and locations.",
        )
        parser.add_argument(
            "--prefill",
            default=DEFAULT_OPTIONS.prefill,
            choices=PREFILLS,
            help="What each target holds: the existing translation (default), a copy of the "
            "source with state new (for OmegaT), or none.",
        )
        parser.add_argument(
            "--units",
            default=DEFAULT_OPTIONS.units,
            choices=UNIT_SELECTIONS,
            help="all (default), or only units that are new or whose source changed.",
        )
        parser.add_argument(
            "--leverage",
            default=DEFAULT_LEVERAGE,
            choices=LEVERAGE_MODES,
            help=(
                "Translation-memory matches for untranslated units: none, alt (as alt-trans / "
                "mtc:matches proposals) or prefill (also in the target, for review)."
            ),
        )
        parser.add_argument(
            "--analysis-csv",
            help="Also write the analysis (segments and words by match category) to this CSV.",
        )
        parser.add_argument(
            "--no-mark",
            action="store_true",
            help="Do not mark the exported translations as in translation.",
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        as_zip = output.suffix.lower() == ".zip"
        try:
            city = get_city(options["city"])
            locales = city_target_locales(city, options["language"])
            pairs = select(city, locales, parse_pages_option(options["pages"]))
            if options["include_snippets"]:
                pairs += [(obj, loc) for obj in snippets_of_city(city) for loc in locales]
            if not as_zip and len(pairs) != 1:
                raise CommandError(
                    f"An .xlf output holds exactly one page in one language, but the selection "
                    f"has {len(pairs)} page-language pairs; use an output path ending in .zip."
                )
            bar = ProgressBar(self.stdout, "Exporting")
            exported = export_pairs(
                pairs,
                version=options["xliff_version"],
                mark=not options["no_mark"],
                progress=bar,
                options=ExportOptions(prefill=options["prefill"], units=options["units"]),
                leverage=options["leverage"],
            )
            bar.finish()
            _name, content = package(exported, city.slug, as_zip=as_zip)
        except (SelectionError, ExportError) as error:
            raise CommandError(str(error)) from None
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(exported)} file(s) to {output} (XLIFF {options['xliff_version']})."
            )
        )
        total = total_analysis(exported)
        self.stdout.write(as_text(total))
        if options["analysis_csv"]:
            path = Path(options["analysis_csv"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(as_csv(total, [(item.filename, item.analysis) for item in exported]))
