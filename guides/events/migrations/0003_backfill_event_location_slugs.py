"""Give every existing event and location a slug from its title, unique per city and locale.

The rule is restated here (not imported) so that later changes to guides.events.slugs cannot
change what this migration did.
"""

from django.db import migrations
from django.utils.text import slugify


def _backfill(model, text_field, fallback):
    taken = {}
    for row in model.objects.order_by("pk"):
        base = slugify(getattr(row, text_field), allow_unicode=True)[:245].strip("-") or fallback
        used = taken.setdefault((row.city_id, row.locale_id), set())
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        used.add(slug)
        model.objects.filter(pk=row.pk).update(slug=slug)


def backfill(apps, schema_editor):
    _backfill(apps.get_model("events", "Event"), "title", "event")
    _backfill(apps.get_model("events", "Location"), "name", "location")


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_location_slug_fields")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
