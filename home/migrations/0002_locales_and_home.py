from django.conf import settings
from django.db import migrations


def create_locales_and_home(apps, schema_editor):
    """Create every content locale and the source-language home page as the site root."""
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("home", "HomePage")

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    default_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    siblings = Page.objects.filter(depth=2).order_by("-path")
    last = siblings.first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    path = root.path + _base36(step).rjust(4, "0")
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="Cityguide", draft_title="Cityguide", slug="home", content_type=content_type,
        path=path, depth=2, numchild=0, url_path="/home/", locale=default_locale,
        intro="Everyday guides for newcomers, city by city, in their languages.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True,
                        site_name="Cityguide")


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales_and_home, migrations.RunPython.noop)]
