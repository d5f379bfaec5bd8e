"""The location editor: contact cards and organizations only of the location's own city."""

import json

import pytest

from guides.events.models import Location
from tests.conftest import make_user
from tests.contacts.factories import make_contact, make_organization

pytestmark = pytest.mark.usefixtures("in_english")

EMPTY_RICH_TEXT = json.dumps(
    {
        "blocks": [
            {
                "key": "a",
                "text": "",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
)


def location_form_data(city, contact, organization):
    return {
        "city": city.pk,
        "name": "Neue Beratungsstelle",
        "category": "counselling",
        "description": EMPTY_RICH_TEXT,
        "address": "Wertachstraße 1",
        "postcode": "86153",
        "town": "Augsburg",
        "country": "Deutschland",
        "latitude": "",
        "longitude": "",
        "website": "",
        "phone": "",
        "email": "",
        "opening_hours-count": "0",
        "opening_hours_note": "",
        "contacts-count": "1",
        "contacts-0-type": "contact",
        "contacts-0-value": str(contact.pk),
        "contacts-0-deleted": "",
        "contacts-0-order": "0",
        "contacts-0-id": "",
        "organization": str(organization.pk) if organization else "",
        "action-publish": "action-publish",
    }


@pytest.fixture
def editor(augsburg):
    return make_user("augsburg-editor", city=augsburg)


def test_location_editor_offers_contacts_and_organizations(client, editor):
    client.force_login(editor)

    html = client.get("/admin/snippets/events/location/add/").content.decode()

    assert 'name="organization"' in html
    assert "contacts" in html


def test_location_with_own_citys_contact_and_organization_is_saved(client, augsburg, editor):
    client.force_login(editor)
    card, organization = make_contact(augsburg), make_organization(augsburg, logo=False)

    response = client.post(
        "/admin/snippets/events/location/add/",
        location_form_data(augsburg, card, organization),
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    saved = Location.objects.get(name="Neue Beratungsstelle")
    assert [block.value.pk for block in saved.contacts] == [card.pk]
    assert saved.organization_id == organization.pk


@pytest.mark.parametrize("foreign", ["contact", "organization"])
def test_location_with_another_citys_card_or_organization_is_refused(
    client, augsburg, nuernberg, editor, foreign
):
    client.force_login(editor)
    own_card, own_org = make_contact(augsburg), make_organization(augsburg, logo=False)
    card = make_contact(nuernberg) if foreign == "contact" else own_card
    organization = (
        make_organization(nuernberg, logo=False) if foreign == "organization" else own_org
    )

    response = client.post(
        "/admin/snippets/events/location/add/", location_form_data(augsburg, card, organization)
    )

    assert response.status_code == 200
    assert not Location.objects.filter(name="Neue Beratungsstelle").exists()
    if foreign == "contact":
        assert "Choose contact cards of the same city." in response.content.decode()
