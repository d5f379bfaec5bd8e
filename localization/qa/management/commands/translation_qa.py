"""`translation_qa --city SLUG [--language CODE] [--format table|json]`: a city's open QA
findings (a thin door into localization.qa.report)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from localization.qa.report import as_dict, open_findings
from localization.registry import city_model
from localization.scope import source_locale_id

COLUMNS = ["page_id", "title", "language", "segment", "severity", "code", "message"]


class Command(BaseCommand):
    help = "List a city's open translation QA findings."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="City slug.")
        parser.add_argument("--language", help="Only this language code.")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, city, language=None, format="table", **options):
        city_page = city_model().objects.filter(slug=city, locale_id=source_locale_id()).first()
        if city_page is None:
            raise CommandError(_("Unknown city %(city)r.") % {"city": city})
        offered = {
            locale.language_code: locale
            for locale in city_page.languages.all()
            if locale.pk != city_page.locale_id
        }
        if language is not None and language not in offered:
            raise CommandError(
                _("%(city)s does not offer %(code)r; it offers: %(codes)s.")
                % {"city": city_page.title, "code": language, "codes": ", ".join(sorted(offered))}
            )
        locales = [offered[language]] if language else list(offered.values())
        entries = [as_dict(f) for f in open_findings(city_ids={city_page.pk}, locales=locales)]
        if format == "json":
            self.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2))
            return
        widths = {c: max([len(c), *(len(str(e[c])) for e in entries)]) for c in COLUMNS}
        self.stdout.write("  ".join(c.ljust(widths[c]) for c in COLUMNS))
        for entry in entries:
            self.stdout.write("  ".join(str(entry[c]).ljust(widths[c]) for c in COLUMNS))
        self.stdout.write(_("%(count)d open finding(s).") % {"count": len(entries)})
