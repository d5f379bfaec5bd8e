"""TMX 1.4b export and import of a city's translation memory (a thin door into
localization.tm.tmx): `tmx export --city SLUG --language CODE --output PATH` and
`tmx import PATH --city SLUG`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localization.tm.tmx import TmxError, export_tmx, import_tmx
from localization.xliff.selection import SelectionError, city_target_locales, get_city


class Command(BaseCommand):
    help = "Export or import a city's translation memory as TMX 1.4b."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Write the city's memory for one language.")
        export.add_argument("--city", required=True, help="City slug.")
        export.add_argument("--language", required=True, help="Target language code.")
        export.add_argument("--output", required=True, help="Path of the .tmx file.")
        imported = actions.add_parser("import", help="Seed the city's memory from a TMX file.")
        imported.add_argument("path", help="The .tmx file.")
        imported.add_argument("--city", required=True, help="City slug.")

    def handle(self, *args, **options):
        try:
            city = get_city(options["city"])
            if options["action"] == "export":
                (locale,) = city_target_locales(city, [options["language"]])
                content = export_tmx(city, locale.language_code)
                output = Path(options["output"])
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_bytes(content)
                self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
                return
            path = Path(options["path"])
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            result = import_tmx(path.read_bytes(), city, label=path.name)
        except (SelectionError, TmxError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.entries} entries ({', '.join(result.languages) or 'none'}); "
                f"skipped {result.skipped} segment(s) in unknown languages or without a source."
            )
        )
