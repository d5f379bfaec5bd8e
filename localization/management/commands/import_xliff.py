"""Import translated XLIFF files (a thin door into localization.xliff.importer)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from localization.xliff.jobs import allowed_cities_for, record_batch
from localization.xliff.progress import ProgressBar


class Command(BaseCommand):
    help = "Import XLIFF 1.2/2.x files (.xlf, .xliff or .zip); prints one line per file."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and show the changes without writing anything.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the translations instead of saving drafts.",
        )
        parser.add_argument(
            "--user",
            help="Act as this user (their cities, page permissions and locks apply). Without it "
            "the import runs as the system, recorded as such in the audit log.",
        )
        parser.add_argument(
            "--allow-stale",
            action="store_true",
            help="Succeed even when units were skipped (their source changed since export, or "
            "the translator's tool left them untranslated).",
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user {options['user']!r}.")
        allowed = allowed_cities_for(user) if user is not None else None
        rejected = skipped = blocked = 0
        for raw_path in options["paths"]:
            path = Path(raw_path)
            if not path.is_file():
                self.stdout.write(f"{raw_path}: rejected: no such file")
                rejected += 1
                continue
            bar = ProgressBar(self.stderr, f"Importing {path.name}")
            _batch, results = record_batch(
                path.name,
                path.read_bytes(),
                user=user,
                publish=options["publish"],
                dry_run=options["dry_run"],
                allowed_cities=allowed,
                via="command",
                progress=bar,
            )
            bar.finish()
            for result in results:
                self.stdout.write(result.line())
                for change in result.changes if options["dry_run"] else []:
                    self.stdout.write(f"    {change.name}: {change.before!r} -> {change.after!r}")
                for finding in result.qa_findings:
                    self.stdout.write(f"    QA {finding.severity}: {finding}")
                rejected += result.rejected
                blocked += result.qa_blocked
                skipped += len(result.skipped)
        problems = []
        if rejected:
            problems.append(_("%(count)d file(s) rejected.") % {"count": rejected})
        if blocked:
            problems.append(
                _(
                    "%(count)d file(s) saved as drafts only, not published: blocking QA "
                    "findings (named above)."
                )
                % {"count": blocked}
            )
        if skipped and not options["allow_stale"]:
            problems.append(
                _(
                    "%(count)d unit(s) skipped (named above); fix the file(s), or accept that "
                    "with --allow-stale."
                )
                % {"count": skipped}
            )
        if problems:
            raise CommandError(" ".join(problems))
