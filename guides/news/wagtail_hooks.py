from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from guides.events.policies import CityPermissionPolicy
from guides.news.bulk_actions import NewsDeleteBulkAction
from guides.news.models import NewsItem
from guides.news.viewsets import NewsItemViewSet

# Wagtail's views, listings and bulk actions ask it per object: other cities' are refused.
register_permission_policy(NewsItem, CityPermissionPolicy(NewsItem))
register_snippet(NewsItemViewSet)
# After wagtail.snippets' own delete action, which it replaces for news.
hooks.register("register_bulk_action", NewsDeleteBulkAction, order=1)
