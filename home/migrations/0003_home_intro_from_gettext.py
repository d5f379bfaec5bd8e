from django.db import migrations

# The intro 0002 wrote into the home page, which wagtail-localize then copied into every
# locale's home: English on /de/ and /ar/. An empty intro shows the site's own sentence through
# gettext instead (home/texts.py), in the reader's language.
OLD_DEFAULT_INTRO = "Everyday guides for newcomers, city by city, in their languages."


def clear_default_intro(apps, schema_editor):
    HomePage = apps.get_model("home", "HomePage")
    HomePage.objects.filter(intro=OLD_DEFAULT_INTRO).update(intro="")


class Migration(migrations.Migration):
    dependencies = [("home", "0002_locales_and_home")]

    operations = [migrations.RunPython(clear_default_intro, migrations.RunPython.noop)]
