"""TMX 1.4b export and import of a city's translation memory (a thin door into
localization.tm.tmx): `tmx export --city SLUG --language CODE --output PATH` and
`tmx import PATH --city SLUG`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from localization.tm.tmx import TmxError, export_tmx, import_tmx
from localization.xliff.selection import SelectionError, city_target_locales, get_city


class Command(BaseCommand):
    help = gettext_lazy("Export or import a city's translation memory as TMX 1.4b.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser(
            "export", help=gettext_lazy("Write the city's memory for one language.")
        )
        export.add_argument("--city", required=True, help=gettext_lazy("City slug."))
        export.add_argument("--language", required=True, help=gettext_lazy("Target language code."))
        export.add_argument("--output", required=True, help=gettext_lazy("Path of the .tmx file."))
        imported = actions.add_parser(
            "import", help=gettext_lazy("Seed the city's memory from a TMX file.")
        )
        imported.add_argument("path", help=gettext_lazy("The .tmx file."))
        imported.add_argument("--city", required=True, help=gettext_lazy("City slug."))

    def handle(self, *args, **options):
        try:
            city = get_city(options["city"])
            if options["action"] == "export":
                self._export(city, options["language"], Path(options["output"]))
            else:
                self._import(city, Path(options["path"]))
        except (SelectionError, TmxError) as error:
            raise CommandError(str(error)) from None

    def _export(self, city, language, output):
        (locale,) = city_target_locales(city, [language])
        content = export_tmx(city, locale.language_code)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(_("Wrote %(path)s.") % {"path": output}))

    def _import(self, city, path):
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        result = import_tmx(path.read_bytes(), city, label=path.name)
        imported = ngettext(
            "Imported %(count)d entry (%(languages)s).",
            "Imported %(count)d entries (%(languages)s).",
            result.entries,
        ) % {"count": result.entries, "languages": ", ".join(result.languages) or _("none")}
        skipped = ngettext(
            "Skipped %(count)d segment in an unknown language or without a source.",
            "Skipped %(count)d segments in unknown languages or without a source.",
            result.skipped,
        ) % {"count": result.skipped}
        self.stdout.write(self.style.SUCCESS(f"{imported} {skipped}"))
