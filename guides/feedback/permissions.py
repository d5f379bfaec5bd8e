"""Every city's editors group may read its city's feedback and mark it read or archived.

The rights are model-wide; the permission policy narrows them to the group's own city, and
nobody adds feedback by hand (it comes from the app). Deleting is left to administrators.
"""

from django.contrib.auth.models import Permission

from guides.events.policies import CityPermissionPolicy
from guides.models import CityPage

CODENAMES = ["view_feedback", "change_feedback"]


def grant_feedback_permissions(groups):
    permissions = list(
        Permission.objects.filter(content_type__app_label="feedback", codename__in=CODENAMES)
    )
    for group in groups:
        group.permissions.add(*permissions)


def grant_to_every_city():
    grant_feedback_permissions(
        {
            city.editors_group
            for city in CityPage.objects.select_related("editors_group")
            if city.editors_group_id
        }
    )


class FeedbackPermissionPolicy(CityPermissionPolicy):
    """The city's own feedback only, and never an "add": feedback comes from readers."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])
