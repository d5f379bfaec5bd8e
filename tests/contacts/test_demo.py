"""Demo contacts: Augsburg's counselling office has two cards and an organization."""

from guides.contacts.models import Contact, Organization
from guides.demo.events import load_demo_events
from guides.demo.loader import DemoCity


def test_demo_counselling_office_has_contacts_and_organization_in_every_language(
    city_factory, on_commit, client
):
    city_factory("augsburg", "Augsburg", ("de", "en", "ar", "fa"))
    demo = DemoCity("augsburg", ["de", "en", "ar", "fa"], "Bayern", 48.37, 10.9)
    with on_commit():
        load_demo_events([demo])
        load_demo_events([demo])  # idempotent

    assert Contact.objects.count() == 2
    assert Organization.objects.count() == 1
    for code in ("de", "fa"):
        places = client.get(f"/api/v3/augsburg/{code}/locations/").json()
        with_contacts = [place for place in places if place["contacts"]]
        assert len(with_contacts) == 1, code
        (office,) = with_contacts
        assert [c["name"] for c in office["contacts"]] == ["Frau Aydın", "Herr Kovalenko"]
        assert office["organization"]["name"] == "Tür an Tür – Integrationsprojekte gGmbH"
        assert office["category"]["icon"] == "advice"
