from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from guides.contacts.bulk_actions import CityContactsDeleteBulkAction
from guides.contacts.models import Contact, Organization
from guides.contacts.viewsets import ContactViewSet, OrganizationViewSet
from guides.events.policies import CityPermissionPolicy

# Wagtail's views, listings, choosers and bulk actions ask these per object.
register_permission_policy(Contact, CityPermissionPolicy(Contact))
register_permission_policy(Organization, CityPermissionPolicy(Organization))
register_snippet(ContactViewSet)
register_snippet(OrganizationViewSet)
# After wagtail.snippets' own delete action, which it replaces for these models.
hooks.register("register_bulk_action", CityContactsDeleteBulkAction, order=1)
