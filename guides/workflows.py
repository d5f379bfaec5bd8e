"""Which moderation workflow applies to a page, asked once per page object.

Wagtail's `Page.get_workflow` costs up to four queries and `has_workflow` one more, and the
page editor asks both several times for one page (its action menu, the moderation check).
The answer is the same: the active workflow of the page or of its nearest ancestor. Here it
is one query, remembered on the page object (a request's own instance).
"""

from django.conf import settings
from wagtail.models import WorkflowPage

_MEMO = "_cityguide_workflow"


def nearest_active_workflow(page):
    """The active workflow assigned to the page or its nearest ancestor, else None."""
    steplen = page.steplen
    paths = [page.path[: steplen * depth] for depth in range(1, len(page.path) // steplen + 1)]
    assigned = (
        WorkflowPage.objects.filter(page__path__in=paths, workflow__active=True)
        .select_related("workflow")
        .order_by("-page__depth")
        .first()
    )
    return assigned.workflow if assigned is not None else None


class RememberedWorkflowMixin:
    """`get_workflow` and `has_workflow` answered by one remembered query."""

    def get_workflow(self):
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return None
        if not self.path:  # not in the tree yet: Wagtail's own answer
            return super().get_workflow()
        if _MEMO not in self.__dict__:
            self.__dict__[_MEMO] = nearest_active_workflow(self)
        return self.__dict__[_MEMO]

    @property
    def has_workflow(self):
        if not self.path:
            return super().has_workflow
        return self.get_workflow() is not None
