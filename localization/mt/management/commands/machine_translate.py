"""`machine_translate --city SLUG --language CODE [--pages ID[,ID…]]
[--status missing|incomplete|outdated]`: machine-translate a city's pages into one language
with the backend the city set up for it, within its budget (localization.mt.service)."""

from django.core.management.base import BaseCommand, CommandError

from localization.mt.backends import BackendError
from localization.mt.budget import BudgetExceeded
from localization.mt.service import (
    SELECTABLE,
    MachineTranslationError,
    select_pages,
    target_locale,
    translate_pages,
)
from localization.registry import city_model
from localization.scope import source_locale_id


def page_ids(value):
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"--pages takes page ids separated by commas, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Machine-translate a city's pages (all, or --pages) whose status into --language is "
        "missing, incomplete or outdated (or only --status), and publish them for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="City slug.")
        parser.add_argument("--language", required=True, help="Target language code.")
        parser.add_argument("--pages", help="Only these source page ids, e.g. 12,15.")
        parser.add_argument(
            "--status",
            choices=[status.value for status in SELECTABLE],
            help="Only pages with this status (default: all three).",
        )

    def handle(self, *args, **options):
        city = (
            city_model().objects.filter(slug=options["city"], locale_id=source_locale_id()).first()
        )
        if city is None:
            known = city_model().objects.filter(locale_id=source_locale_id()).order_by("slug")
            raise CommandError(
                f"Unknown city {options['city']!r}. Known cities: "
                f"{', '.join(known.values_list('slug', flat=True)) or 'none'}."
            )
        ids = page_ids(options["pages"]) if options["pages"] else None
        try:
            locale = target_locale(city, options["language"])
            pages = select_pages(
                city,
                locale,
                page_ids=ids,
                statuses=[options["status"]] if options["status"] else None,
            )
            if not pages:
                self.stdout.write("Nothing to translate: no page has the status asked for.")
                return
            outcome = translate_pages(
                city,
                locale,
                pages,
                progress=lambda done, total: (
                    self.stderr.write(f"{done}/{total} pages") if options["verbosity"] > 1 else None
                ),
            )
        except (MachineTranslationError, BudgetExceeded, BackendError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(outcome.summary())
        if outcome.rejections:
            for rejection in outcome.rejections:
                self.stdout.write(f"  rejected: {rejection.source_html[:60]!r}: {rejection.reason}")
        if outcome.failures or outcome.rejections or outcome.pages_written < outcome.pages:
            raise CommandError("Some pages were not translated; see above.")
