from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from guides.events.bulk_actions import CityDeleteBulkAction
from guides.events.localize_views import localize_urlpatterns
from guides.events.models import Event, Location
from guides.events.policies import CityPermissionPolicy
from guides.events.viewsets import EventViewSet, LocationViewSet
from guides.pdf import wagtail_hooks as pdf_hooks  # noqa: F401  (the admin "Print / PDF" button)

# Wagtail's views, listings and bulk actions ask these per object: other cities' are refused.
register_permission_policy(Location, CityPermissionPolicy(Location))
register_permission_policy(Event, CityPermissionPolicy(Event))
register_snippet(LocationViewSet)
register_snippet(EventViewSet)

# Before every other app's admin URLs, so these win over wagtail-localize's same paths.
hooks.register("register_admin_urls", localize_urlpatterns, order=-1)
# After wagtail.snippets' own delete action, which it replaces for events and locations.
hooks.register("register_bulk_action", CityDeleteBulkAction, order=1)
