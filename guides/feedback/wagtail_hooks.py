from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from guides.feedback.bulk_actions import MARK_ACTIONS, FeedbackDeleteBulkAction
from guides.feedback.models import Feedback
from guides.feedback.permissions import FeedbackPermissionPolicy
from guides.feedback.viewsets import FeedbackViewSet

register_permission_policy(Feedback, FeedbackPermissionPolicy(Feedback))
register_snippet(FeedbackViewSet)

for action in MARK_ACTIONS:
    hooks.register("register_bulk_action", action)
# After wagtail.snippets' own delete action, which it replaces for feedback.
hooks.register("register_bulk_action", FeedbackDeleteBulkAction, order=1)
