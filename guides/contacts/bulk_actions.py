"""Bulk delete of contact cards and organizations, limited to the user's own cities."""

from django.utils.functional import classproperty

from guides.contacts.models import Contact, Organization
from guides.events.bulk_actions import CityDeleteBulkAction


class CityContactsDeleteBulkAction(CityDeleteBulkAction):
    @classproperty
    def models(cls):
        return [Contact, Organization]
