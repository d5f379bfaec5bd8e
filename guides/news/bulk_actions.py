"""Bulk delete of news, limited to the ids of the user's own cities (as for events)."""

from django.utils.functional import classproperty

from guides.events.bulk_actions import CityDeleteBulkAction
from guides.news.models import NewsItem


class NewsDeleteBulkAction(CityDeleteBulkAction):
    @classproperty
    def models(cls):
        return [NewsItem]
