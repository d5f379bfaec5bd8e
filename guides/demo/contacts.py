"""Demo contact cards and an organization for Augsburg's counselling office.

Idempotent: found again by name. The cards are in the source language only (names and
numbers need no translation; an editor can translate the area of responsibility).
"""

import datetime as dt

from guides.contacts.models import Contact, Organization

ORGANIZATION = {
    "name": "Tür an Tür – Integrationsprojekte gGmbH",
    "slug": "tuer-an-tuer",
    "website": "https://example.org/tuer-an-tuer/",
}
CONTACTS = [
    {
        "name": "Frau Aydın",
        "area_of_responsibility": "Asyl- und Aufenthaltsrecht",
        "email": "aydin@example.org",
        "phone_number": "+49 821 000001",
        "appointment_url": "https://example.org/termine/",
        "hours": ((0, 2), dt.time(9), dt.time(12)),
    },
    {
        "name": "Herr Kovalenko",
        "area_of_responsibility": "Beratung auf Ukrainisch und Russisch",
        "email": "kovalenko@example.org",
        "mobile_number": "+49 151 00000002",
        "hours": ((1, 3), dt.time(13), dt.time(16)),
    },
]
DEMO_CITIES = {"augsburg"}


def _hours(days, opens, closes):
    return [
        {
            "type": "slot",
            "value": {
                "days": [str(day) for day in days],
                "opens": opens.isoformat(),
                "closes": closes.isoformat(),
                "appointment_only": False,
            },
        }
    ]


def load_demo_contacts(city):
    """{location key: extra fields} for the city's demo locations (empty for other cities)."""
    if city.slug not in DEMO_CITIES:
        return {}
    organization = Organization.objects.filter(city=city, slug=ORGANIZATION["slug"]).first()
    if organization is None:
        organization = Organization(city=city, **ORGANIZATION)
        organization.full_clean()
        organization.save()
    cards = []
    for spec in CONTACTS:
        fields = dict(spec)
        hours = fields.pop("hours")
        card = Contact.objects.filter(city=city, locale=city.locale, name=fields["name"]).first()
        if card is None:
            card = Contact(city=city, locale=city.locale, opening_hours=_hours(*hours), **fields)
            card.full_clean()
            card.save()
        cards.append(card)
    return {
        "advice": {
            "organization": organization,
            "contacts": [{"type": "contact", "value": card.pk} for card in cards],
        }
    }
