"""Fill the translation memory from every live translation (content that existed before the
memory, or after a restore); safe to run again. Publishing keeps it current afterwards."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localization.tm.feed import feed_all
from localization.xliff.selection import SelectionError, get_city


class Command(BaseCommand):
    help = _("Build the translation memory from the live translations (all cities, or one).")

    def add_arguments(self, parser):
        parser.add_argument("--city", help=_("City slug (default: every city)."))

    def handle(self, *args, **options):
        city = None
        if options["city"]:
            try:
                city = get_city(options["city"])
            except SelectionError as error:
                raise CommandError(str(error)) from None
        written = feed_all(city=city)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Wrote %(count)d translation-memory entry.",
                    "Wrote %(count)d translation-memory entries.",
                    written,
                )
                % {"count": written}
            )
        )
