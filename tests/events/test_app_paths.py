"""Events and locations in the Integreat app's path form: slugs, language switching, XLIFF."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from lxml import etree
from wagtail.models import Locale

from guides.events.models import Event, Location
from tests.events.factories import make_event, make_location
from tests.xliff.helpers import do_import, fill_targets, parse, set_target, units

pytestmark = pytest.mark.usefixtures("in_english")


def today():
    return timezone.localdate()


def publish_translation(obj, code, **fields):
    """A live copy of an event or location in another language."""
    copy = obj.copy_for_translation(Locale.objects.get(language_code=code))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def market(augsburg):
    hall = make_location(augsburg, "Rathaus Halle")
    return make_event(augsburg, "Flohmarkt", start=today() + dt.timedelta(days=3), location=hall)


def _events(client, code):
    return client.get(f"/api/v3/augsburg/{code}/events/?combine_recurring=true").json()


def test_event_and_location_paths_are_app_paths_and_url_stays_public(client, market):
    [event] = _events(client, "de")
    [location] = client.get("/api/v3/augsburg/de/locations/").json()

    assert event["path"] == "/augsburg/de/events/flohmarkt/"
    assert event["url"].endswith(f"/de/augsburg/events/{market.pk}/")
    assert event["location_path"] == "/augsburg/de/locations/rathaus-halle/"
    assert location["path"] == event["location_path"]
    assert location["url"].endswith(f"/de/augsburg/locations/{market.location.pk}/")


def test_public_site_keeps_its_id_urls(client, market):
    assert client.get(f"/de/augsburg/events/{market.pk}/").status_code == 200
    assert client.get(f"/de/augsburg/locations/{market.location.pk}/").status_code == 200


def test_switching_language_on_an_event_lands_on_the_same_event(client, market):
    hall_ar = publish_translation(market.location, "ar", name="قاعة البلدية", slug="")
    publish_translation(market, "ar", title="سوق البرغوث", slug="", location=hall_ar)

    [german] = _events(client, "de")
    arabic_link = german["available_languages"]["ar"]
    [arabic] = _events(client, "ar")

    assert arabic_link["path"] == "/augsburg/ar/events/سوق-البرغوث/"
    assert arabic["path"] == arabic_link["path"]
    assert arabic["id"] == arabic_link["id"]
    assert arabic["location_path"] == "/augsburg/ar/locations/قاعة-البلدية/"
    assert arabic["available_languages"]["de"]["path"] == german["path"]
    [location_ar] = client.get("/api/v3/augsburg/ar/locations/").json()
    assert location_ar["available_languages"]["de"]["path"] == german["location_path"]


def test_each_occurrence_path_carries_its_date_in_every_language(client, augsburg):
    start = today() - dt.timedelta(days=7)
    cafe = make_event(augsburg, "Sprachcafé", start=start, frequency="WEEKLY")
    publish_translation(cafe, "en", title="Language café", slug="")

    items = client.get("/api/v3/augsburg/de/events/").json()

    days = [start + dt.timedelta(days=7 * n) for n in range(1, 6)]
    assert [item["path"] for item in items] == [
        f"/augsburg/de/events/sprachcafé${day.isoformat()}/" for day in days
    ]
    assert items[0]["available_languages"]["en"] == {
        "id": None,
        "url": items[0]["available_languages"]["en"]["url"],
        "path": f"/augsburg/en/events/language-café${days[0].isoformat()}/",
    }


def test_slugs_are_unique_per_city_and_language(augsburg, nuernberg):
    first = make_event(augsburg, "Sprachcafé")
    second = make_event(augsburg, "Sprachcafé")
    third = make_event(augsburg, "Sprachcafé")
    elsewhere = make_event(nuernberg, "Sprachcafé")
    english = publish_translation(first, "en")
    arabic = make_location(augsburg, "مركز الاستشارة")
    unnamed = make_location(augsburg, "!!!")

    assert [first.slug, second.slug, third.slug] == ["sprachcafé", "sprachcafé-2", "sprachcafé-3"]
    assert elsewhere.slug == "sprachcafé"  # another city
    assert english.slug == "sprachcafé"  # another language
    assert arabic.slug == "مركز-الاستشارة"
    assert unnamed.slug == "location"
    second.title = "Anders"
    second.save()
    second.refresh_from_db()
    assert second.slug == "sprachcafé-2"  # a saved slug stays (the live path stays)


def test_validation_refuses_a_taken_slug_naming_the_problem(augsburg):
    make_event(augsburg, "Sprachcafé")
    clash = Event(
        city=augsburg,
        locale=augsburg.locale,
        title="Anderes Café",
        slug="sprachcafé",
        start_date=today(),
        end_date=today(),
        start_time=dt.time(10),
    )

    with pytest.raises(ValidationError) as error:
        clash.full_clean()

    assert "This slug is already used in this city and language." in str(error.value)


def test_a_translated_slug_travels_through_xliff(augsburg, on_commit):
    from localization.xliff.export import export_pairs

    event = make_event(augsburg, "Sprachcafé", start=today() + dt.timedelta(days=2))
    en = Locale.objects.get(language_code="en")
    [exported] = export_pairs([(event, en)], version="1.2", mark=False)
    root = parse(fill_targets(exported.content, "1.2"))
    [slug_unit] = [u for u in units(root, "1.2") if u.get("resname") == "slug"]
    set_target(slug_unit, "1.2", "language-cafe")

    with on_commit():
        [result] = do_import(etree.tostring(root), publish=True)

    assert result.outcome == "applied", result.message
    translated = Event.objects.get(translation_key=event.translation_key, locale=en)
    assert (translated.title, translated.slug) == ("EN Sprachcafé", "language-cafe")


def test_the_migration_backfills_unique_slugs(augsburg):
    first = make_event(augsburg, "Sprachcafé")
    second = make_event(augsburg, "Sprachcafé")
    hall = make_location(augsburg, "Rathaus")
    # as before the migration, but distinct: the unique constraint is already in place here
    for model in (Event, Location):
        model.objects.update(slug=Concat(Value("old-"), Cast("pk", CharField())))

    migration = importlib.import_module(
        "guides.events.migrations.0003_backfill_event_location_slugs"
    )
    migration.backfill(apps, None)

    assert Event.objects.get(pk=first.pk).slug == "sprachcafé"
    assert Event.objects.get(pk=second.pk).slug == "sprachcafé-2"
    assert Location.objects.get(pk=hall.pk).slug == "rathaus"
