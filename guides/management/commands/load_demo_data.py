from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guides.demo.datafiles import DemoDataError
from guides.demo.loader import UnknownSectionError, load_demo_data


class Command(BaseCommand):
    help = "Load (or refresh) the demo cities, guides, translations and accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--section",
            action="append",
            dest="sections",
            metavar="KEY",
            help=_(
                "Load only this top-level section of the guides (a page key of the data "
                "files, e.g. arrival); repeat for more. Quicker, for trying things out."
            ),
        )

    def handle(self, **options):
        try:
            accounts = load_demo_data(stdout=self.stdout, sections=options["sections"])
        except DemoDataError as error:
            raise CommandError(
                _("Demo data file is malformed, nothing was loaded: %(error)s") % {"error": error}
            ) from error
        except UnknownSectionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.WARNING(_("Demo accounts (for demonstration only):")))
        for line in accounts:
            self.stdout.write(f"  {line}")
