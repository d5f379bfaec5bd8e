"""Builders for feedback tests: Augsburg with a page, an event and a location; Nürnberg."""

import pytest
from django.core.cache import cache

from guides.feedback.models import Feedback
from tests.conftest import make_page, make_user
from tests.events.factories import make_event, make_location
from tests.shared import shared_fixture


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@shared_fixture("augsburg")
def feedback_city(augsburg):
    location = make_location(augsburg, "Stadtbücherei")
    return {
        "city": augsburg,
        "page": make_page(augsburg, "Anmeldung"),
        "location": location,
        "event": make_event(augsburg, "Sprachcafé", location=location),
    }


def make_feedback(city, **fields):
    values = {"language": "de", "kind": "page", "rating": "up", "comment": "Danke"}
    values.update(fields)
    return Feedback.objects.create(city=city, **values)


@pytest.fixture
def editor(augsburg):
    return make_user("augsburg-editor", city=augsburg)
