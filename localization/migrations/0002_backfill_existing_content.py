"""Backfill statuses for content created before tracking existed.

It ran the current backfill code (not historical models) on purpose. That code now reads
columns that 0003 adds, so the backfill moved to 0003 (it only fills what is missing, so a
database that already ran it here loses nothing); this step is kept for the history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("localization", "0001_initial"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("guides", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
