"""Demo events: a weekly language café and translated events/locations in each city."""

from guides.demo.events import load_demo_events
from guides.demo.loader import DemoCity
from guides.events.models import Event, Location


def test_demo_events_are_translated_and_published(city_factory, on_commit, client):
    city_factory("augsburg", "Augsburg", ("de", "en", "ar", "fa"))
    demo = DemoCity("augsburg", ["de", "en", "ar", "fa"], "Bayern", 48.37, 10.9)
    with on_commit():
        load_demo_events([demo])
        load_demo_events([demo])  # idempotent

    cafe = Event.objects.get(title="Sprachcafé", locale__language_code="de")
    assert cafe.frequency == "WEEKLY" and cafe.weekdays == [1] and cafe.live
    arabic = Event.objects.get(translation_key=cafe.translation_key, locale__language_code="ar")
    assert arabic.title == "مقهى اللغة" and arabic.live
    assert arabic.location.name == "مكتبة المدينة"
    assert Location.objects.filter(locale__language_code="fa", live=True).count() == 2
    assert Event.objects.filter(locale__language_code="de").count() == 3
    items = client.get("/api/v3/augsburg/fa/events/?combine_recurring=true").json()
    assert "کافه زبان" in {item["title"] for item in items}
