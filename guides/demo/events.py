"""Demo events and locations for both demo cities, translated into each city's languages.

Their texts are in the demo data files (guides/demo/data/<city>/<language>.yaml, under
`locations` and `events`); addresses and dates are here. Translations go through
wagtail-localize (translate_object), so they appear in its status and XLIFF flow like pages;
the demo then fills in real translated text and publishes.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from guides.demo.contacts import load_demo_contacts
from guides.demo.datafiles import DemoDataError, read_demo_data
from guides.demo.news import load_demo_news
from guides.demo.snippets import publish_demo, translate_demo
from guides.events.models import Event, Location
from guides.models import CityPage

CITY_PLACES = {
    "augsburg": {
        "library": dict(
            address="Ernst-Reuter-Platz 1",
            postcode="86150",
            town="Augsburg",
            latitude=48.3669,
            longitude=10.8936,
            category="language",
            website="https://www.stadtbuecherei.augsburg.de/",
            phone="+49 821 324-2756",
        ),
        "advice": dict(
            address="Wertachstraße 29",
            postcode="86153",
            town="Augsburg",
            latitude=48.3781,
            longitude=10.8888,
            category="counselling",
            email="beratung@example.org",
            phone="+49 821 000000",
        ),
    },
    "nuernberg": {
        "library": dict(
            address="Gewerbemuseumsplatz 4",
            postcode="90403",
            town="Nürnberg",
            latitude=49.4520,
            longitude=11.0845,
            category="language",
            website="https://www.nuernberg.de/internet/stadtbibliothek/",
            phone="+49 911 231-2790",
        ),
        "advice": dict(
            address="Allersberger Straße 185",
            postcode="90461",
            town="Nürnberg",
            latitude=49.4339,
            longitude=11.0860,
            category="counselling",
            email="beratung@example.org",
            phone="+49 911 000000",
        ),
    },
}
WEEKDAY_HOURS = [
    {
        "type": "slot",
        "value": {
            "days": ["0", "1", "2", "3", "4"],
            "opens": "09:00",
            "closes": "12:30",
            "appointment_only": False,
        },
    },
    {
        "type": "slot",
        "value": {
            "days": ["1", "3"],
            "opens": "14:00",
            "closes": "17:00",
            "appointment_only": True,
        },
    },
]


def check_places(cities):
    """Before anything is written: every city of the data files has its addresses here."""
    for data in cities:
        if data.demo.slug not in CITY_PLACES:
            raise DemoDataError(
                data.demo.slug,
                "",
                _("no addresses for the demo locations in guides/demo/events.py (CITY_PLACES)."),
            )


def _next_weekday(today, weekday):
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _location(city, key, texts, languages, pending, extra=None):
    """texts: field -> language -> text, the location's name among them; extra: further
    fields of a new location (its contact cards and organization)."""
    source_code = city.locale.language_code
    name = texts["name"][source_code]
    source = Location.objects.filter(city=city, locale=city.locale, name=name).first()
    if source is not None:
        return source
    source = Location(
        city=city,
        locale=city.locale,
        opening_hours=WEEKDAY_HOURS if key == "advice" else [],
        **{f: v[source_code] for f, v in texts.items()},
        **CITY_PLACES[city.slug][key],
        **(extra or {}),
    )
    source.full_clean()
    source.save()
    publish_demo(source)
    translate_demo(source, languages, texts, pending)
    return source


def _event(city, texts, languages, pending, **fields):
    """texts: field -> language -> text (title and teaser)."""
    source_code = city.locale.language_code
    title = texts["title"][source_code]
    if Event.objects.filter(city=city, locale=city.locale, title=title).exists():
        return
    event = Event(
        city=city, locale=city.locale, **{f: v[source_code] for f, v in texts.items()}, **fields
    )
    event.full_clean()
    event.save()
    publish_demo(event)
    translate_demo(event, languages, texts, pending)


def load_demo_events(cities=None, texts=None):
    """Idempotent: existing demo events and locations (by source-language name) are kept.

    cities: DemoCity objects (default: every city in the data files); texts: their CityData
    as read_demo_data() returns it, read from the data files if not given."""
    if texts is None:
        texts = read_demo_data()
    if cities is None:
        cities = [data.demo for data in texts]
    texts = {data.demo.slug: data for data in texts}

    today = dt.date.today()
    pending = []
    for demo in cities:
        city = CityPage.objects.filter(slug=demo.slug, locale__language_code="de").first()
        if city is None:
            continue
        data = texts[demo.slug]
        langs = (demo.languages, pending)
        library = _location(city, "library", data.locations["library"], *langs)
        extras = load_demo_contacts(city)
        advice = _location(
            city, "advice", data.locations["advice"], *langs, extra=extras.get("advice")
        )
        tuesday = _next_weekday(today, 1) - dt.timedelta(weeks=4)
        _event(
            city,
            data.events["cafe"],
            *langs,
            start_date=tuesday,
            end_date=tuesday,
            start_time=dt.time(17, 30),
            end_time=dt.time(19),
            frequency="WEEKLY",
            weekdays=[1],
            location=library,
            organiser="Freiwilligen-Netzwerk",
        )
        fair = today + dt.timedelta(days=24)
        _event(
            city,
            data.events["job_fair"],
            *langs,
            start_date=fair,
            end_date=fair,
            start_time=dt.time(10),
            end_time=dt.time(15),
            location=advice,
            organiser="Agentur für Arbeit",
        )
        first = today.replace(day=1)
        _event(
            city,
            data.events["parents"],
            *langs,
            start_date=first,
            end_date=first,
            start_time=dt.time(15),
            end_time=dt.time(16, 30),
            frequency="MONTHLY",
            weekdays=[3],
            week_of_month=2,
            location=advice,
            organiser="Elternbeirat",
        )

    load_demo_news(cities, texts, pending)

    def fill_in_all():
        for fill_in in pending:
            fill_in()

    # wagtail-localize publishes (and re-syncs related locations) on commit, with the German
    # text; the real translations go in after all of that.
    transaction.on_commit(lambda: transaction.on_commit(fill_in_all))
