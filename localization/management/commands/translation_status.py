"""`translation_status`: a city's translation statuses as a table or JSON, or `--rebuild`."""

import json

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from guides.models import CityPage
from localization.models import TranslationStatus
from localization.recompute import rebuild_all
from localization.scope import source_locale_id
from localization.status import Status

COLUMNS = ["page_id", "translation_page_id", "title", "url_path", "language", "status",
           "source_revision_id", "synced_revision_id"]


class Command(BaseCommand):
    help = "Show a city's translation statuses, or recompute every stored status (--rebuild)."

    def add_arguments(self, parser):
        parser.add_argument("--city", help="City slug.")
        parser.add_argument("--language", help="Only this language code.")
        parser.add_argument("--status", help=f"Only this status: {', '.join(Status.values)}.")
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--rebuild", action="store_true",
                            help="Recompute every stored status from scratch.")

    def handle(self, *args, **options):
        if options["rebuild"]:
            created, updated, deleted = rebuild_all(
                stdout=self.stdout if options["verbosity"] > 1 else None)
            self.stdout.write(f"Rebuilt translation statuses: {created} created, "
                              f"{updated} corrected, {deleted} removed.")
            return
        if not options["city"]:
            raise CommandError("Give --city SLUG (or --rebuild).")
        entries = self.entries(**options)
        if options["format"] == "json":
            self.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2))
        else:
            self.write_table(entries)

    def entries(self, *, city, language=None, status=None, **options):
        city_page = CityPage.objects.filter(slug=city, locale_id=source_locale_id()).first()
        if city_page is None:
            known = ", ".join(CityPage.objects.filter(locale_id=source_locale_id())
                              .order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"Unknown city {city!r}. Known cities: {known}.")
        offered = {loc.language_code: loc for loc in city_page.languages.all()
                   if loc.pk != city_page.locale_id}
        if language is not None and language not in offered:
            if not Locale.objects.filter(language_code=language).exists():
                raise CommandError(f"Unknown language {language!r}.")
            raise CommandError(f"{city_page.title} does not offer {language!r}; it offers: "
                               f"{', '.join(sorted(offered)) or 'no translations'}.")
        if status is not None and status not in Status.values:
            raise CommandError(
                f"Unknown status {status!r}. Use one of: {', '.join(Status.values)}.")
        locales = [offered[language]] if language else list(offered.values())
        rows = TranslationStatus.objects.filter(
            city_id=city_page.pk, source_live=True, target_locale__in=locales,
        ).select_related("source_page", "target_locale").order_by(
            "source_page__path", "target_locale__language_code")
        if status:
            rows = rows.filter(status=status)
        return [{
            "page_id": row.source_page_id,
            "translation_page_id": row.translation_page_id,
            "title": row.source_page.title,
            "url_path": row.source_page.url_path,
            "language": row.target_locale.language_code,
            "status": row.status,
            "source_revision_id": row.source_revision_id,
            "synced_revision_id": row.synced_revision_id,
            "in_translation_since": (row.in_translation_since.isoformat()
                                     if row.in_translation_since else None),
            "source_words": row.source_words,
        } for row in rows]

    def write_table(self, entries):
        widths = {c: max([len(c), *(len(str(e[c])) for e in entries)]) for c in COLUMNS}
        self.stdout.write("  ".join(c.ljust(widths[c]) for c in COLUMNS))
        for entry in entries:
            self.stdout.write("  ".join(str(entry[c] if entry[c] is not None else "-")
                                        .ljust(widths[c]) for c in COLUMNS))
        self.stdout.write(f"{len(entries)} row(s).")
