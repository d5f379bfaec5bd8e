"""`translation_status`: a city's translation statuses as a table or JSON, `--rebuild`, or
`--cancel` a translator's job (`--city SLUG --page ID --language CODE [--language CODE …]`).

Pages come first (in tree order), then the city's events and locations; for those, `page_id`
and `translation_page_id` are the snippet's source and translation ids and `object_type` says
which kind of object a row is about."""

import json

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page

from localization.models import TranslationStatus
from localization.qa.report import by_translation, open_findings
from localization.recompute import rebuild_all
from localization.registry import city_model, page_kind, snippet_kinds
from localization.scope import source_locale_id
from localization.status import Status
from localization.tracking import TrackingError, cancel_in_translation

COLUMNS = [
    "page_id",
    "translation_page_id",
    "title",
    "url_path",
    "language",
    "status",
    "translated_share",
    "source_revision_id",
    "synced_revision_id",
    "object_type",
]


class Command(BaseCommand):
    help = "Show a city's translation statuses, or recompute every stored status (--rebuild)."

    def add_arguments(self, parser):
        parser.add_argument("--city", help="City slug.")
        parser.add_argument(
            "--language",
            action="append",
            help="Only this language code (repeat for several; with --cancel, the languages "
            "whose job is cancelled).",
        )
        parser.add_argument("--page", type=int, help="With --cancel: the source page id.")
        parser.add_argument(
            "--cancel",
            action="store_true",
            help="Cancel 'in translation' of --page into each --language (logged).",
        )
        parser.add_argument("--status", help=f"Only this status: {', '.join(Status.values)}.")
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--rebuild", action="store_true", help="Recompute every stored status from scratch."
        )

    def handle(self, *args, **options):
        if options["rebuild"]:
            created, updated, deleted = rebuild_all(
                stdout=self.stdout if options["verbosity"] > 1 else None
            )
            self.stdout.write(
                f"Rebuilt translation statuses: {created} created, "
                f"{updated} corrected, {deleted} removed."
            )
            return
        if not options["city"]:
            raise CommandError("Give --city SLUG (or --rebuild).")
        if options["cancel"]:
            self.cancel(options["city"], options["page"], options["language"] or [])
            return
        entries = self.entries(**options)
        if options["format"] == "json":
            self.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2))
        else:
            self.write_table(entries)

    def cancel(self, city, page_id, codes):
        city_page = self.city(city)
        if page_id is None or not codes:
            raise CommandError("--cancel needs --page ID and at least one --language CODE.")
        page = Page.objects.filter(
            pk=page_id, path__startswith=city_page.path, locale_id=city_page.locale_id
        ).first()
        if page is None:
            raise CommandError(f"Page {page_id} is not a source page of {city_page.title}.")
        offered = self.offered(city_page)
        locales = [self.offered_locale(city_page, offered, code) for code in codes]
        try:
            cancel_in_translation(page.specific, locales, refuse_idle=True)
        except TrackingError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Cancelled the translation of {page.title!r} into {', '.join(codes)}: "
            "each is back to the status its page gives."
        )

    def city(self, city):
        city_page = city_model().objects.filter(slug=city, locale_id=source_locale_id()).first()
        if city_page is None:
            known = (
                ", ".join(
                    city_model()
                    .objects.filter(locale_id=source_locale_id())
                    .order_by("slug")
                    .values_list("slug", flat=True)
                )
                or "none"
            )
            raise CommandError(f"Unknown city {city!r}. Known cities: {known}.")
        return city_page

    def offered(self, city_page):
        return {
            loc.language_code: loc
            for loc in city_page.languages.all()
            if loc.pk != city_page.locale_id
        }

    def offered_locale(self, city_page, offered, language):
        if language not in offered:
            if not Locale.objects.filter(language_code=language).exists():
                raise CommandError(f"Unknown language {language!r}.")
            raise CommandError(
                f"{city_page.title} does not offer {language!r}; it offers: "
                f"{', '.join(sorted(offered)) or 'no translations'}."
            )
        return offered[language]

    def entries(self, *, city, language=None, status=None, **options):
        city_page = self.city(city)
        offered = self.offered(city_page)
        chosen = [self.offered_locale(city_page, offered, code) for code in language or []]
        if status is not None and status not in Status.values:
            raise CommandError(
                f"Unknown status {status!r}. Use one of: {', '.join(Status.values)}."
            )
        locales = chosen or list(offered.values())
        rows = (
            TranslationStatus.objects.filter(
                city_id=city_page.pk,
                source_live=True,
                target_locale__in=locales,
            )
            .select_related("source_page", "target_locale")
            .order_by("source_page__path", "target_locale__language_code")
        )
        if status:
            rows = rows.filter(status=status)
        rows = list(rows)
        objects = self.snippet_objects([row for row in rows if row.source_page_id is None])
        page_rows = [(row, None) for row in rows if row.source_page_id is not None]
        snippet_rows = sorted(
            (
                (row, objects[row.content_type_id][row.translation_key])
                for row in rows
                if row.content_type_id in objects
                and row.translation_key in objects[row.content_type_id]
            ),
            key=lambda pair: (
                pair[1]["object_type"],
                pair[1]["title"].lower(),
                pair[1]["id"],
                pair[0].target_locale.language_code,
            ),
        )
        findings = by_translation(open_findings(city_ids={city_page.pk}, locales=locales))
        return [self.entry(row, snippet, findings) for row, snippet in page_rows + snippet_rows]

    def snippet_objects(self, rows):
        """content type id -> translation_key -> the event or location's source facts, and
        its translations' ids by locale: one query per model, only for models with rows."""
        source_id = source_locale_id()
        result = {}
        for kind in snippet_kinds():
            content_type_id = kind.content_type().pk
            keys = {row.translation_key for row in rows if row.content_type_id == content_type_id}
            if not keys:
                continue
            by_key = result.setdefault(content_type_id, {})
            objects = kind.manager.filter(translation_key__in=keys)
            for obj in sorted(objects, key=lambda o: o.locale_id != source_id):
                if obj.locale_id == source_id:
                    by_key[obj.translation_key] = {
                        "object_type": kind.name,
                        "id": obj.pk,
                        "title": str(getattr(obj, "title", None) or getattr(obj, "name", obj)),
                        "translations": {},
                    }
                elif obj.translation_key in by_key:
                    by_key[obj.translation_key]["translations"][obj.locale_id] = obj.pk
        return result

    def entry(self, row, snippet, findings):
        if snippet is None:
            object_type, page_id = page_kind().name, row.source_page_id
            translation_id = row.translation_page_id
            title, url_path = row.source_page.title, row.source_page.url_path
        else:
            object_type, page_id = snippet["object_type"], snippet["id"]
            translation_id = snippet["translations"].get(row.target_locale_id)
            title, url_path = snippet["title"], None
        return {
            "object_type": object_type,
            "page_id": page_id,
            "translation_page_id": translation_id,
            "title": title,
            "url_path": url_path,
            "language": row.target_locale.language_code,
            "status": row.status,
            "translated_share": row.translated_share,
            "source_revision_id": row.source_revision_id,
            "synced_revision_id": row.synced_revision_id,
            "in_translation_since": (
                row.in_translation_since.isoformat() if row.in_translation_since else None
            ),
            "source_words": row.source_words,
            "qa_findings": findings.get(
                (str(row.translation_key), row.target_locale.language_code), []
            ),
        }

    def write_table(self, entries):
        widths = {c: max([len(c), *(len(str(e[c])) for e in entries)]) for c in COLUMNS}
        self.stdout.write("  ".join(c.ljust(widths[c]) for c in COLUMNS))
        for entry in entries:
            self.stdout.write(
                "  ".join(
                    str(entry[c] if entry[c] is not None else "-").ljust(widths[c]) for c in COLUMNS
                )
            )
        self.stdout.write(f"{len(entries)} row(s).")
