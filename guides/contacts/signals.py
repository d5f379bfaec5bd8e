"""Editors' rights on contacts and organizations, and the API caches that show them."""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from guides.api.cache import bump, city_scope
from guides.contacts.models import Contact, Organization
from guides.contacts.permissions import grant_contact_permissions, grant_to_every_city
from guides.models import CityPage


@receiver(post_save, sender=CityPage)
def grant_new_city_contact_permissions(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.editors_group_id:
        grant_contact_permissions([instance.editors_group])


@receiver(post_migrate)
def grant_existing_cities_contact_permissions(sender, app_config=None, **kwargs):
    if app_config is not None and app_config.label == "contacts":
        grant_to_every_city()


def _bump_cities(*city_ids):
    slugs = set(CityPage.objects.filter(pk__in=city_ids).values_list("slug", flat=True))
    if slugs:
        bump(*(city_scope(slug) for slug in sorted(slugs)))


@receiver(pre_save, sender=Contact)
@receiver(pre_save, sender=Organization)
def city_content_moving(sender, instance, raw=False, **kwargs):
    """A card or organization moved to another city leaves the old city's answers."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("city_id", flat=True).first()
    if old and old != instance.city_id:
        _bump_cities(old)


@receiver(post_save, sender=Contact)
@receiver(post_delete, sender=Contact)
@receiver(post_save, sender=Organization)
@receiver(post_delete, sender=Organization)
def city_content_changed(sender, instance, raw=False, **kwargs):
    """Contacts show on locations and pages, organizations on pages, events and locations:
    every language of the city may show them."""
    if not raw:
        _bump_cities(instance.city_id)
