from django.core.management import call_command
from django.core.management.base import BaseCommand

from guides.demo.loader import load_demo_data


class Command(BaseCommand):
    help = "Load (or refresh) the demo cities, guides, translations and accounts. Idempotent."

    def handle(self, **options):
        accounts = load_demo_data(stdout=self.stdout)
        call_command("rebuild_references_index", verbosity=0)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.WARNING("Demo accounts (for demonstration only):"))
        for line in accounts:
            self.stdout.write(f"  {line}")
