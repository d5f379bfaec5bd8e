"""Keep editors' feedback rights in step with cities (as guides.events does for events)."""

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from guides.feedback.permissions import grant_feedback_permissions, grant_to_every_city
from guides.models import CityPage


@receiver(post_save, sender=CityPage)
def grant_new_city_feedback_permissions(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.editors_group_id:
        grant_feedback_permissions([instance.editors_group])


@receiver(post_migrate)
def grant_existing_cities_feedback_permissions(sender, app_config=None, **kwargs):
    """After `migrate` (which creates the permission rows) for cities made before this app."""
    if app_config is not None and app_config.label == "feedback":
        grant_to_every_city()
