"""Exchange a glossary as CSV or TBX (a thin door into localization.glossary.exchange):
`glossary import PATH (--city SLUG | --shared)` and
`glossary export (--city SLUG | --shared) --format csv|tbx --output PATH`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localization.glossary.exchange import export_glossary, import_glossary
from localization.glossary.formats import FORMATS, GlossaryFileError
from localization.xliff.selection import SelectionError, get_city


def _add_glossary_choice(parser):
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--city", help="The city's own glossary (its slug).")
    which.add_argument("--shared", action="store_true", help="The glossary shared by every city.")


class Command(BaseCommand):
    help = "Import or export a city's glossary, or the shared one, as CSV or TBX."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        imported = actions.add_parser("import", help="Merge a .csv or .tbx file into a glossary.")
        imported.add_argument("path", help="The .csv or .tbx file.")
        _add_glossary_choice(imported)
        export = actions.add_parser("export", help="Write a glossary as CSV or TBX.")
        _add_glossary_choice(export)
        export.add_argument("--format", required=True, choices=FORMATS, help="csv or tbx.")
        export.add_argument("--output", required=True, help="Path of the file to write.")

    def handle(self, *args, **options):
        try:
            city = None if options["shared"] else get_city(options["city"])
            if options["action"] == "export":
                content = export_glossary(city, options["format"])
                output = Path(options["output"])
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_bytes(content)
                self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
                return
            path = Path(options["path"])
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            result = import_glossary(path.read_bytes(), path.name, city)
        except (SelectionError, GlossaryFileError) as error:
            raise CommandError(str(error)) from None
        for line in result.replaced:
            self.stdout.write(f"Replaced: {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {result.added} added, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
