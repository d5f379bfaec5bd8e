from django.db.models.signals import post_save
from django.dispatch import receiver

from guides.cities import grant_city_permissions
from guides.models import CityPage


@receiver(post_save, sender=CityPage)
def keep_city_permissions_in_step(sender, instance, created, raw=False, **kwargs):
    """A new locale copy of a city root gets the city editors' permissions at once."""
    if created and not raw:
        grant_city_permissions(instance)
