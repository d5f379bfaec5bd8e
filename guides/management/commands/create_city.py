from django.core.management.base import BaseCommand, CommandError

from guides.cities import CityError, create_city


class Command(BaseCommand):
    help = "Create a city: its guide root per language, an editors group and a collection."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument(
            "--languages",
            default="de",
            help="Comma-separated language codes, e.g. de,en,ar. The source language (de) is "
            "always added: a city cannot exist without it.",
        )
        parser.add_argument("--state", default="")
        parser.add_argument("--latitude", type=float)
        parser.add_argument("--longitude", type=float)

    def handle(self, slug, name, languages, state, latitude, longitude, **options):
        codes = [code.strip() for code in languages.split(",") if code.strip()]
        try:
            city = create_city(
                slug, name, codes, state=state, latitude=latitude, longitude=longitude
            )
        except CityError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {city.title} ({city.slug}) in {', '.join(city.language_codes)}; "
                f"editors group: {city.editors_group.name!r}, collection: {city.collection.name!r}."
            )
        )
