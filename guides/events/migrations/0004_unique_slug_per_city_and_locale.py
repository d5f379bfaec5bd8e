from django.db import migrations, models

MESSAGE = "This slug is already used in this city and language."


class Migration(migrations.Migration):
    dependencies = [("events", "0003_backfill_event_location_slugs")]

    operations = [
        migrations.AddConstraint(
            model_name="event",
            constraint=models.UniqueConstraint(
                fields=("city", "locale", "slug"),
                name="events_event_unique_slug_per_city_locale",
                violation_error_message=MESSAGE,
            ),
        ),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.UniqueConstraint(
                fields=("city", "locale", "slug"),
                name="events_location_unique_slug_per_city_locale",
                violation_error_message=MESSAGE,
            ),
        ),
    ]
