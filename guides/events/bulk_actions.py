"""Bulk delete of events and locations, limited to the ids of the user's own cities."""

from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from guides.events.models import Event, Location
from guides.tenancy import scope_to_user


class CityDeleteBulkAction(DeleteBulkAction):
    """Ids of other cities are unknown here: the confirmation never names them (404)."""

    @classproperty
    def models(cls):
        return [Event, Location]

    def get_queryset(self, model, object_ids):
        return get_list_or_404(
            scope_to_user(model._default_manager, self.request.user), pk__in=object_ids
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return scope_to_user(self.model._default_manager, self.request.user).values_list(
            "pk", flat=True
        )
