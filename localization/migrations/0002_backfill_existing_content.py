"""Backfill statuses for content created before tracking existed.

It runs the current backfill code (not historical models) on purpose: it belongs to the
release that introduces tracking, and `translation_status --rebuild` is the re-runnable path.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    from localization.backfill import backfill_existing_content

    backfill_existing_content()


class Migration(migrations.Migration):
    dependencies = [
        ("localization", "0001_initial"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("guides", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
