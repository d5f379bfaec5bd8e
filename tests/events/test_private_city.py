"""A view-restricted (private) city hides its events, locations and feed too.

Wagtail's own page views honour a PageViewRestriction; the event pages, the iCalendar feed and
the API's events and locations lists are ours, so they must ask the same question.
"""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.conftest import city_translation
from tests.events.factories import make_event, make_location

PASSWORD = "geheim"


@pytest.fixture
def private_augsburg(augsburg):
    """Augsburg with a live event at a live location, behind a password on its city root."""
    today = dt.date.today()
    location = make_location(augsburg, "Geheime Bücherei")
    event = make_event(augsburg, "Geheimes Sprachcafé", start=today, location=location)
    PageViewRestriction.objects.create(
        page=augsburg, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return {"city": augsburg, "event": event, "location": location}


PUBLIC_URLS = {
    "event list": lambda o: "/de/augsburg/events/",
    "event detail": lambda o: f"/de/augsburg/events/{o['event'].pk}/",
    "location detail": lambda o: f"/de/augsburg/locations/{o['location'].pk}/",
    "location list": lambda o: "/de/augsburg/locations/",
    "ical feed": lambda o: "/de/augsburg/events/feed.ics",
    "api events": lambda o: "/api/v3/augsburg/de/events/",
    "api locations": lambda o: "/api/v3/augsburg/de/locations/",
}


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_private_city_hides_its_events_and_locations(client, private_augsburg, name):
    response = client.get(PUBLIC_URLS[name](private_augsburg))

    assert response.status_code == 404
    body = response.content.decode()
    assert "Geheim" not in body


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_public_city_still_shows_its_events_and_locations(client, augsburg, name):
    today = dt.date.today()
    location = make_location(augsburg, "Offene Bücherei")
    event = make_event(augsburg, "Offenes Sprachcafé", start=today, location=location)

    response = client.get(PUBLIC_URLS[name]({"event": event, "location": location}))

    assert response.status_code == 200
    assert "Offen" in response.content.decode()


def test_restriction_on_one_language_copy_hides_that_languages_events(client, augsburg):
    english = city_translation(augsburg, "en")
    event = make_event(augsburg, "Sprachcafé", start=dt.date.today())
    event.copy_for_translation(english.locale).save()
    PageViewRestriction.objects.create(
        page=english, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )

    assert client.get("/en/augsburg/events/").status_code == 404
    assert client.get("/en/augsburg/events/feed.ics").status_code == 404
    assert client.get("/de/augsburg/events/").status_code == 200


def test_restriction_above_the_cities_hides_every_citys_events(client, augsburg):
    make_event(augsburg, "Sprachcafé", start=dt.date.today())
    PageViewRestriction.objects.create(
        page=augsburg.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get("/de/augsburg/events/").status_code == 404
    assert client.get("/de/augsburg/events/feed.ics").status_code == 404


def test_visitor_who_gave_the_password_sees_the_events(client, private_augsburg):
    """The HTML pages follow the city's restriction: the password unlocks them as it does
    the city's own pages."""
    restriction = PageViewRestriction.objects.get(page=private_augsburg["city"])
    url = reverse(
        "wagtailcore_authenticate_with_password",
        args=[restriction.pk, private_augsburg["city"].pk],
    )
    unlocked = client.post(url, {"password": PASSWORD, "return_url": "/de/augsburg/"})

    response = client.get("/de/augsburg/events/")

    assert unlocked.status_code == 302
    assert response.status_code == 200
    assert "Geheimes Sprachcafé" in response.content.decode()


@pytest.mark.parametrize("kind", ["events", "locations"])
def test_city_made_private_stops_serving_its_cached_api_lists(client, augsburg, kind):
    location = make_location(augsburg, "Geheime Bücherei")
    make_event(augsburg, "Geheimes Sprachcafé", start=dt.date.today(), location=location)
    url = f"/api/v3/augsburg/de/{kind}/"
    assert client.get(url).status_code == 200  # now in the cache

    PageViewRestriction.objects.create(
        page=augsburg, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    response = client.get(url)

    assert response.status_code == 404
    assert "Geheim" not in response.content.decode()
