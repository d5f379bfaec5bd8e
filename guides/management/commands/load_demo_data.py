from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guides.demo.datafiles import DemoDataError
from guides.demo.loader import load_demo_data


class Command(BaseCommand):
    help = "Load (or refresh) the demo cities, guides, translations and accounts. Idempotent."

    def handle(self, **options):
        try:
            accounts = load_demo_data(stdout=self.stdout)
        except DemoDataError as error:
            raise CommandError(
                _("Demo data file is malformed, nothing was loaded: %(error)s") % {"error": error}
            ) from error
        call_command("rebuild_references_index", verbosity=0)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.WARNING("Demo accounts (for demonstration only):"))
        for line in accounts:
            self.stdout.write(f"  {line}")
