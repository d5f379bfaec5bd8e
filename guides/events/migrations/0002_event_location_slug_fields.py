from django.db import migrations, models

HELP = (
    "The last part of its address in the app. Leave empty to make one from the title; "
    "unique per city and language."
)


def slug_field():
    return models.SlugField(
        allow_unicode=True, blank=True, help_text=HELP, max_length=255, verbose_name="slug"
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        migrations.AddField(model_name="event", name="slug", field=slug_field()),
        migrations.AddField(model_name="location", name="slug", field=slug_field()),
    ]
