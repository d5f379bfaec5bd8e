"""Places in the app API: contacts, organizations, location categories and time zones.

Expected values are written out from the inputs and from integreat-cms's documented shapes;
a few tests restate the app's own mappers (integreat-app `createPlacesEndpoint`) in Python.
"""

import datetime as dt
import gzip

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from guides.models import CityPage
from tests.conftest import make_page
from tests.contacts.factories import (
    contacts_stream,
    make_contact,
    make_organization,
    office_hours,
)
from tests.events.factories import make_event, make_location

# integreat-cms's POI category icons and colours (cms/constants/poicategory.py): the names the
# app's map sprite knows.
INTEGREAT_ICONS = {
    "advice",
    "culture",
    "daily_routine",
    "education",
    "finance",
    "gastronomy",
    "health",
    "house",
    "leisure",
    "media",
    "medical_aid",
    "meeting_point",
    "mental_health",
    "mobility",
    "office",
    "other",
    "other_help",
    "service",
    "shelter",
    "shopping",
    "structure",
}
INTEGREAT_COLORS = {
    "#3700D2",
    "#2E98FB",
    "#1DC6C6",
    "#3F8F01",
    "#07DC03",
    "#F2DA04",
    "#C38E03",
    "#FF7C32",
    "#FF3333",
    "#EE36DC",
    "#A258FF",
    "#585858",
}
CONTACT_FIELDS = {
    "name",
    "area_of_responsibility",
    "email",
    "phone_number",
    "mobile_number",
    "website",
    "opening_hours",
    "appointment_url",
}
CLOSED = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}


def locations(client, code="de", city="augsburg"):
    response = client.get(f"/api/v3/{city}/{code}/locations/")
    assert response.status_code == 200, response.content[:300]
    return {item["title"]: item for item in response.json()}


def english():
    return Locale.objects.get(language_code="en")


# -- the app's logic, restated ------------------------------------------------------------------


def app_opening_hours(days):
    """integreat-app's mapOpeningHours: null stays null, each day becomes an OpeningHoursModel."""
    if days is None:
        return None
    return [
        {
            "openAllDay": day["allDay"],
            "closedAllDay": day["closed"],
            "timeSlots": day["timeSlots"],
            "appointmentOnly": day["appointmentOnly"],
        }
        for day in days
    ]


def app_place_contacts(place):
    """integreat-app's `poi.contacts.map(contact => new ContactModel({...}))`; `.map` of
    anything but an array throws, which stopped every city loading."""
    if not isinstance(place["contacts"], list):
        raise TypeError("place.contacts.map is not a function")
    return [
        {
            "name": contact["name"],
            "areaOfResponsibility": contact["area_of_responsibility"],
            "email": contact["email"],
            "phoneNumber": contact["phone_number"],
            "website": contact["website"],
            "mobileNumber": contact["mobile_number"],
            "officeHours": app_opening_hours(contact["opening_hours"]),
        }
        for contact in place["contacts"]
    ]


def app_category_filter(places, query_value):
    """The app keeps the chosen category as a URL parameter and compares it with the place's
    category id as a number: `poi.category.id === parseInt(categoryId)`."""
    wanted = int(query_value)
    return [
        place["title"]
        for place in places
        if isinstance(place["category"]["id"], int) and place["category"]["id"] == wanted
    ]


# -- contacts -------------------------------------------------------------------------------------


def test_location_contacts_are_listed_in_integreat_shape_in_the_editors_order(client, augsburg):
    first = make_contact(
        augsburg,
        "Herr Yilmaz",
        area_of_responsibility="",
        email="",
        phone_number="0821 1",
        mobile_number="0151 2",
        website="https://example.org/yilmaz",
        appointment_url="https://example.org/termin",
        opening_hours=[],
    )
    second = make_contact(augsburg, "Frau Berger")
    make_location(augsburg, "Ausländerbehörde", contacts=contacts_stream(first, second))

    place = locations(client)["Ausländerbehörde"]

    monday = {
        "allDay": False,
        "closed": False,
        "appointmentOnly": False,
        "timeSlots": [{"start": "08:00", "end": "12:00", "timezone": "Europe/Berlin"}],
    }
    assert place["contacts"] == [
        {
            "name": "Herr Yilmaz",
            "area_of_responsibility": None,
            "email": None,
            "phone_number": "0821 1",
            "mobile_number": "0151 2",
            "website": "https://example.org/yilmaz",
            "opening_hours": None,
            "appointment_url": "https://example.org/termin",
        },
        {
            "name": "Frau Berger",
            "area_of_responsibility": "Aufenthaltstitel A–K",
            "email": "berger@example.org",
            "phone_number": "0821 324-0",
            "mobile_number": None,
            "website": None,
            "opening_hours": [monday, CLOSED, monday, CLOSED, CLOSED, CLOSED, CLOSED],
            "appointment_url": None,
        },
    ]


def test_a_location_without_contacts_has_an_empty_list_the_app_can_map(client, augsburg):
    make_location(augsburg, "Stadtbücherei")

    place = locations(client)["Stadtbücherei"]

    assert place["contacts"] == []
    assert app_place_contacts(place) == []


def test_the_apps_mapper_builds_a_places_contact_list_from_our_answer(client, augsburg):
    berger = make_contact(
        augsburg,
        "Frau Berger",
        opening_hours=office_hours(([4], None, None), ([0], dt.time(14), dt.time(16))),
    )
    make_location(augsburg, "Beratungsstelle", contacts=contacts_stream(berger))

    built = app_place_contacts(locations(client)["Beratungsstelle"])

    monday_slot = {"start": "14:00", "end": "16:00", "timezone": "Europe/Berlin"}
    closed = {"openAllDay": False, "closedAllDay": True, "timeSlots": [], "appointmentOnly": False}
    assert built == [
        {
            "name": "Frau Berger",
            "areaOfResponsibility": "Aufenthaltstitel A–K",
            "email": "berger@example.org",
            "phoneNumber": "0821 324-0",
            "website": None,
            "mobileNumber": None,
            "officeHours": [
                {
                    "openAllDay": False,
                    "closedAllDay": False,
                    "timeSlots": [monday_slot],
                    "appointmentOnly": False,
                },
                closed,
                closed,
                closed,
                {
                    "openAllDay": True,
                    "closedAllDay": False,
                    "timeSlots": [],
                    "appointmentOnly": False,
                },
                closed,
                closed,
            ],
        }
    ]


def test_a_translated_location_shows_the_cards_in_its_language(client, augsburg):
    berger = make_contact(augsburg, "Frau Berger")
    english_card = berger.copy_for_translation(english())
    english_card.name = "Ms Berger"
    english_card.area_of_responsibility = "Residence permits A–K"
    english_card.save()
    untranslated = make_contact(augsburg, "Herr Yilmaz")
    place = make_location(augsburg, "Amt", contacts=contacts_stream(berger, untranslated))
    copy = place.copy_for_translation(english())
    copy.name = "Office"
    copy.save()
    copy.save_revision().publish()

    contacts = locations(client, "en")["Office"]["contacts"]

    assert [(c["name"], c["area_of_responsibility"]) for c in contacts] == [
        ("Ms Berger", "Residence permits A–K"),
        ("Herr Yilmaz", "Aufenthaltstitel A–K"),
    ]


def test_a_card_of_another_city_is_not_shown_on_a_place(client, augsburg, nuernberg):
    foreign = make_contact(nuernberg, "Nürnberger Kontakt")
    make_location(augsburg, "Amt", contacts=contacts_stream(foreign))

    assert locations(client)["Amt"]["contacts"] == []


def test_every_contact_field_of_the_issue_is_present(client, augsburg):
    make_location(augsburg, "Amt", contacts=contacts_stream(make_contact(augsburg)))

    (contact,) = locations(client)["Amt"]["contacts"]

    assert set(contact) == CONTACT_FIELDS


# -- time zones -----------------------------------------------------------------------------------


def test_time_slots_carry_the_citys_time_zone(client, augsburg):
    CityPage.objects.filter(translation_key=augsburg.translation_key).update(
        timezone="Europe/Istanbul"
    )
    make_location(
        augsburg,
        "Amt",
        opening_hours=office_hours(([1], dt.time(9), dt.time(11))),
        contacts=contacts_stream(make_contact(augsburg)),
    )

    place = locations(client)["Amt"]

    assert place["opening_hours"][1]["timeSlots"] == [
        {"start": "09:00", "end": "11:00", "timezone": "Europe/Istanbul"}
    ]
    assert place["contacts"][0]["opening_hours"][0]["timeSlots"][0]["timezone"] == (
        "Europe/Istanbul"
    )


def test_a_new_city_is_in_berlin_time(augsburg):
    assert augsburg.timezone == "Europe/Berlin"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "../etc/passwd", "Europe/"])
def test_an_unknown_time_zone_is_refused_with_a_message(augsburg, name):
    augsburg.timezone = name

    with pytest.raises(ValidationError) as error:
        augsburg.full_clean()

    assert "timezone" in error.value.message_dict
    assert "Europe/Berlin" in error.value.message_dict["timezone"][0]


# -- categories ------------------------------------------------------------------------------------


def test_location_category_has_an_integer_id_and_integreat_icon_and_colour(client, augsburg):
    make_location(augsburg, "Sprachschule", category="language")
    make_location(augsburg, "Klinik", category="health")

    places = locations(client)
    category = places["Sprachschule"]["category"]

    assert category == {
        "id": 4,
        "name": "Sprache und Bildung",
        "color": "#FF7C32",
        "icon": "education",
        "icon_url": settings.CITYGUIDE_PUBLIC_URL
        + "/static/guides/poi-category-icons/education.svg",
        "icon_color": "education_#FF7C32",
    }
    assert app_category_filter(places.values(), "4") == ["Sprachschule"]
    assert app_category_filter(places.values(), str(places["Klinik"]["category"]["id"])) == [
        "Klinik"
    ]


def test_location_categories_endpoint_lists_every_category_once(client, augsburg):
    response = client.get("/api/v3/augsburg/en/location-categories/")

    assert response.status_code == 200
    categories = response.json()
    assert [c["id"] for c in categories] == list(range(1, 10))
    assert {c["name"] for c in categories} >= {"Counselling", "Health", "Other"}
    for category in categories:
        assert set(category) == {"id", "name", "color", "icon", "icon_url", "icon_color"}
        assert category["icon"] in INTEGREAT_ICONS
        assert category["color"] in INTEGREAT_COLORS
        assert category["icon_color"] == f"{category['icon']}_{category['color']}"
        assert category["icon_url"].startswith(settings.CITYGUIDE_PUBLIC_URL + "/static/")


def test_every_category_icon_is_a_served_svg(client):
    from guides.events.categories import CATEGORY_STYLE

    for style in CATEGORY_STYLE.values():
        found = finders.find(style.icon_static_path)
        assert found, style.icon_static_path
        with open(found, "rb") as svg:
            assert svg.read().startswith(b"<svg"), style.icon_static_path


def test_location_categories_endpoint_answers_304_and_gzip(client, augsburg):
    url = "/api/v3/augsburg/de/location-categories/"

    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert again.status_code == 304
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == first.content


def test_location_categories_for_a_language_the_city_lacks_is_404(client, augsburg):
    response = client.get("/api/v3/augsburg/uk/location-categories/")

    assert response.status_code == 404
    assert "error" in response.json()


# -- organizations --------------------------------------------------------------------------------


def expected_organization(organization):
    return {
        "id": organization.pk,
        "slug": "tur-an-tur-ev",
        "name": "Tür an Tür e.V.",
        "logo": settings.CITYGUIDE_PUBLIC_URL + organization.logo.file.url,
        "website": "https://example.org/",
    }


def test_organization_is_filled_on_locations_events_and_pages(client, augsburg):
    organization = make_organization(augsburg)
    make_location(augsburg, "Amt", organization=organization)
    make_location(augsburg, "Ohne")
    make_event(
        augsburg,
        "Fest",
        start=timezone.localdate() + dt.timedelta(days=2),
        organization=organization,
    )
    page = make_page(augsburg, "Beratung", organization=organization)
    make_page(augsburg, "Ohne Träger")

    places = locations(client)
    events = client.get("/api/v3/augsburg/de/events/").json()
    pages = {p["title"]: p for p in client.get("/api/v3/augsburg/de/pages/").json()}

    assert places["Amt"]["organization"] == expected_organization(organization)
    assert places["Ohne"]["organization"] is None
    assert events[0]["organization"] == expected_organization(organization)
    assert pages["Beratung"]["organization"] == expected_organization(organization)
    assert pages["Ohne Träger"]["organization"] is None
    assert page.organization_id == organization.pk


def test_a_page_cannot_point_to_another_citys_organization(augsburg, nuernberg):
    page = make_page(augsburg, "Beratung")
    page.organization = make_organization(nuernberg)

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "organization" in error.value.message_dict


def test_changing_a_contact_card_refreshes_the_cached_locations(client, augsburg):
    card = make_contact(augsburg, "Frau Berger")
    make_location(augsburg, "Amt", contacts=contacts_stream(card))
    assert locations(client)["Amt"]["contacts"][0]["name"] == "Frau Berger"

    card.name = "Frau Dr. Berger"
    card.save()

    assert locations(client)["Amt"]["contacts"][0]["name"] == "Frau Dr. Berger"


# -- the contact block in guide pages ----------------------------------------------------------


def test_contact_block_renders_on_the_public_page_and_in_the_api(client, augsburg):
    card = make_contact(augsburg, "Frau Berger", appointment_url="https://example.org/termin")
    page = make_page(
        augsburg,
        "Aufenthalt",
        body=[
            {"type": "paragraph", "value": "<p>Fragen Sie:</p>"},
            {"type": "contact", "value": card.pk},
        ],
    )

    html = client.get(page.url).content.decode()
    content = client.get(f"/api/v3/augsburg/de/page/?id={page.pk}").json()["content"]

    for text in (html, content):
        assert "Frau Berger" in text
        assert 'href="mailto:berger@example.org"' in text
        assert 'href="https://example.org/termin"' in text


# -- query budgets ---------------------------------------------------------------------------------


def build_places(city, count, start=0):
    organization = make_organization(city, f"Träger {start}")
    for n in range(start, start + count):
        first = make_contact(city, f"Kontakt {n}a")
        card = first.copy_for_translation(english())
        card.name = f"Contact {n}a"
        card.save()
        second = make_contact(city, f"Kontakt {n}b")
        place = make_location(
            city,
            f"Ort {n}",
            category=["health", "work", "other"][n % 3],
            organization=organization,
            contacts=contacts_stream(first, second),
            opening_hours=office_hours(([0, 1, 2], dt.time(9), dt.time(12))),
        )
        copy = place.copy_for_translation(english())
        copy.save()
        copy.save_revision().publish()


def query_counts(client):
    counts = {}
    for url in (
        "/api/v3/augsburg/de/locations/",
        "/api/v3/augsburg/en/locations/",
        "/api/v3/augsburg/de/location-categories/",
    ):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[url] = len(queries)
    return counts


def test_locations_and_categories_cost_the_same_queries_at_two_sizes(client, augsburg):
    build_places(augsburg, 1)
    small = query_counts(client)
    build_places(augsburg, 3, start=1)
    large = query_counts(client)

    assert large == small
    assert len(locations(client, "en")) == 4


# -- OpenAPI ---------------------------------------------------------------------------------------


def test_openapi_documents_the_places_fields_and_the_categories_endpoint(client):
    spec = client.get("/api/v3/openapi.json").json()
    components = spec["components"]["schemas"]

    assert "/api/v3/{city}/{lang}/location-categories/" in spec["paths"]
    assert {"contacts", "category", "organization", "opening_hours"} <= set(
        components["Location"]["required"]
    )
    assert set(components["Contact"]["properties"]) == CONTACT_FIELDS
    assert "timezone" in components["TimeSlot"]["required"]
    assert set(components["Organization"]["properties"]) == {
        "id",
        "slug",
        "name",
        "logo",
        "website",
    }


def test_full_answers_fit_the_documented_schemas(client, augsburg):
    from guides.api import schemas

    organization = make_organization(augsburg)
    make_location(
        augsburg,
        "Amt",
        organization=organization,
        contacts=contacts_stream(make_contact(augsburg)),
        opening_hours=office_hours(([0], dt.time(9), dt.time(12)), ([5], None, None)),
    )
    make_page(augsburg, "Beratung", organization=organization)

    for place in client.get("/api/v3/augsburg/de/locations/").json():
        schemas.Location.model_validate(place)
    for category in client.get("/api/v3/augsburg/de/location-categories/").json():
        schemas.LocationCategory.model_validate(category)
    for page in client.get("/api/v3/augsburg/de/pages/").json():
        schemas.Page.model_validate(page)
