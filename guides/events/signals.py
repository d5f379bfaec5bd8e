"""Keep editors' rights and the API caches in step with cities, events and locations."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from guides.api.cache import bump_city_version
from guides.events.models import Event, Location
from guides.events.permissions import grant_event_permissions, grant_to_every_city
from guides.models import CityPage


@receiver(post_save, sender=CityPage)
def grant_new_city_event_permissions(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.editors_group_id:
        grant_event_permissions([instance.editors_group])


@receiver(post_migrate)
def grant_existing_cities_event_permissions(sender, app_config=None, **kwargs):
    """After `migrate` (which creates the permission rows) for cities made before this app."""
    if app_config is not None and app_config.label == "events":
        grant_to_every_city()


def city_content_changed(city_id):
    """The API's cached answers for this city (events, locations, pages) are stale."""
    slug = CityPage.objects.filter(pk=city_id).values_list("slug", flat=True).first()
    if slug:
        bump_city_version(slug)


def _changed(sender, instance, **kwargs):
    city_content_changed(instance.city_id)


for signal in (published, unpublished, post_delete):
    signal.connect(_changed, sender=Event, dispatch_uid=f"events-event-{id(signal)}")
    signal.connect(_changed, sender=Location, dispatch_uid=f"events-location-{id(signal)}")
