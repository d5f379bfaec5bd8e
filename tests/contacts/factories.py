"""Small builders for contact cards and organizations (in the city's source locale)."""

import datetime as dt

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from guides.contacts.models import Contact, Organization


def office_hours(*slots):
    """An opening-hours stream: (days, opens, closes) per slot; opens None for all day."""
    return [
        {
            "type": "slot",
            "value": {
                "days": [str(day) for day in days],
                "opens": opens.isoformat() if opens else None,
                "closes": closes.isoformat() if closes else None,
                "appointment_only": False,
            },
        }
        for days, opens, closes in slots
    ]


def make_contact(city, name="Frau Berger", **fields):
    values = {
        "area_of_responsibility": "Aufenthaltstitel A–K",
        "email": "berger@example.org",
        "phone_number": "0821 324-0",
        "mobile_number": "",
        "website": "",
        "appointment_url": "",
        "opening_hours": office_hours(([0, 2], dt.time(8), dt.time(12))),
    }
    values.update(fields)
    contact = Contact(city=city, locale=city.locale, name=name, **values)
    contact.full_clean()
    contact.save()
    return contact


def make_organization(city, name="Tür an Tür e.V.", *, logo=True, **fields):
    image = None
    if logo:
        image = Image.objects.create(
            title=f"Logo {name}",
            file=get_test_image_file(filename="logo.png"),
            collection_id=city.collection_id,
        )
    organization = Organization(
        city=city, name=name, logo=image, website=fields.pop("website", "https://example.org/")
    )
    organization.full_clean()
    organization.save()
    return organization


def contacts_stream(*contacts):
    return [{"type": "contact", "value": contact.pk} for contact in contacts]
