"""Every city's editors group may add, change, delete and publish events and locations.

The rights are model-wide; `tenancy` narrows them to the group's own city.
"""

from django.contrib.auth.models import Permission

from guides.models import CityPage

CODENAMES = [
    f"{action}_{model}"
    for model in ("event", "location")
    for action in ("add", "change", "delete", "publish")
]


def event_permissions():
    return Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES)


def grant_event_permissions(groups):
    permissions = list(event_permissions())
    for group in groups:
        group.permissions.add(*permissions)


def grant_to_every_city():
    groups = {
        city.editors_group
        for city in CityPage.objects.select_related("editors_group")
        if city.editors_group_id
    }
    grant_event_permissions(groups)
