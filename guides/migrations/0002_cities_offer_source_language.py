"""Every city is offered in the source language (German), on every locale copy of its root.

A city saved in the admin without German listed no languages in the API and made adding a page
a server error. Its root is itself German, so German is what it offered all along: tick it.
"""

from django.conf import settings
from django.db import migrations


def add_source_language(apps, schema_editor):
    city_model = apps.get_model("guides", "CityPage")
    locale_model = apps.get_model("wagtailcore", "Locale")
    source = locale_model.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if source is None:
        return
    through = city_model.languages.through
    have = set(through.objects.filter(locale=source).values_list("citypage_id", flat=True))
    through.objects.bulk_create(
        through(citypage_id=pk, locale=source)
        for pk in city_model.objects.exclude(pk__in=have).values_list("pk", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial")]

    operations = [migrations.RunPython(add_source_language, migrations.RunPython.noop)]
