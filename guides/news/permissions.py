"""Every city's editors group may add, change, delete and publish news.

The rights are model-wide; `guides.tenancy` narrows them to the group's own city.
"""

from django.contrib.auth.models import Permission

from guides.models import CityPage

CODENAMES = [f"{action}_newsitem" for action in ("add", "change", "delete", "publish")]


def grant_news_permissions(groups):
    permissions = list(
        Permission.objects.filter(content_type__app_label="news", codename__in=CODENAMES)
    )
    for group in groups:
        group.permissions.add(*permissions)


def grant_to_every_city():
    groups = {
        city.editors_group
        for city in CityPage.objects.select_related("editors_group")
        if city.editors_group_id
    }
    grant_news_permissions(groups)
