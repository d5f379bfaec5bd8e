"""Bulk actions of the feedback inbox: mark read / unread, archive / restore, and delete.

Ids of other cities are unknown here (404), so a confirmation page never names them; each
object is checked against the permission policy as well.
"""

from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from guides.feedback.models import Feedback
from guides.tenancy import scope_to_user


class ScopedToUserCities:
    @classproperty
    def models(cls):
        return [Feedback]

    def get_queryset(self, model, object_ids):
        return get_list_or_404(
            scope_to_user(model._default_manager, self.request.user), pk__in=object_ids
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return scope_to_user(self.model._default_manager, self.request.user).values_list(
            "pk", flat=True
        )


class MarkFeedbackBulkAction(ScopedToUserCities, SnippetBulkAction):
    """Set one flag (read or archived) on the chosen feedback."""

    template_name = "feedback/bulk_actions/confirm_mark.html"
    field = ""
    value = True

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        pks = [obj.pk for obj in objects]
        return Feedback.objects.filter(pk__in=pks).update(**{cls.field: cls.value}), 0

    def get_execution_context(self):
        return {}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d feedback item updated.",
            "%(count)d feedback items updated.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class MarkReadBulkAction(MarkFeedbackBulkAction):
    display_name = _("Mark read")
    action_type = "mark_read"
    aria_label = _("Mark the selected feedback as read")
    field, value = "read", True


class MarkUnreadBulkAction(MarkFeedbackBulkAction):
    display_name = _("Mark unread")
    action_type = "mark_unread"
    aria_label = _("Mark the selected feedback as unread")
    field, value = "read", False


class ArchiveBulkAction(MarkFeedbackBulkAction):
    display_name = _("Archive")
    action_type = "archive"
    aria_label = _("Archive the selected feedback")
    field, value = "archived", True


class RestoreBulkAction(MarkFeedbackBulkAction):
    display_name = _("Restore from archive")
    action_type = "unarchive"
    aria_label = _("Restore the selected feedback from the archive")
    field, value = "archived", False


class FeedbackDeleteBulkAction(ScopedToUserCities, DeleteBulkAction):
    """Wagtail's snippet delete, blind to other cities' ids."""


MARK_ACTIONS = [MarkReadBulkAction, MarkUnreadBulkAction, ArchiveBulkAction, RestoreBulkAction]
