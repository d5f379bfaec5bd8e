"""Which objects are tracked: pages of a city in the source (default) locale, into the city's
other languages. Kept apart so snippets (events, locations) can plug in their own scope."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import router
from wagtail.models import Locale, Page

from guides.tenancy import cities_by_path, city_path

_source_locale_ids = {}


def source_locale_id():
    """The default locale's id: every status event asks, so it is remembered per database
    until a Locale is saved or deleted (`forget_source_locale`)."""
    key = (router.db_for_read(Locale), settings.LANGUAGE_CODE)
    if key not in _source_locale_ids:
        _source_locale_ids[key] = Locale.get_default().pk
    return _source_locale_ids[key]


def forget_source_locale(**kwargs):
    _source_locale_ids.clear()


def page_content_type():
    return ContentType.objects.get_for_model(Page)


def is_tracked_source(page):
    """A page in the source locale inside a city is a translation source."""
    return page.locale_id == source_locale_id() and city_path(page) is not None


def is_tracked_translation(page):
    return page.locale_id != source_locale_id() and city_path(page) is not None


def source_cities_by_path(paths):
    """Source-locale city roots for these tree paths, with their languages prefetched."""
    return cities_by_path(paths, locale_id=source_locale_id())


def target_locale_ids(city):
    """The city's languages other than the source locale."""
    source_id = source_locale_id()
    return sorted(loc.pk for loc in city.languages.all() if loc.pk != source_id)


def source_pages_of_city(city):
    return Page.objects.filter(path__startswith=city.path, locale_id=city.locale_id)
