"""Every city's editors group may add, change and delete contact cards and organizations.

The rights are model-wide; `guides.tenancy` narrows them to the group's own city.
"""

from django.contrib.auth.models import Permission

from guides.models import CityPage

CODENAMES = [
    f"{action}_{model}"
    for model in ("contact", "organization")
    for action in ("add", "change", "delete")
]


def grant_contact_permissions(groups):
    permissions = list(
        Permission.objects.filter(content_type__app_label="contacts", codename__in=CODENAMES)
    )
    for group in groups:
        group.permissions.add(*permissions)


def grant_to_every_city():
    grant_contact_permissions(
        {
            city.editors_group
            for city in CityPage.objects.select_related("editors_group")
            if city.editors_group_id
        }
    )
