from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published

from guides.cities import grant_city_permissions
from guides.models import CityPage


@receiver(post_save, sender=CityPage)
def keep_city_permissions_in_step(sender, instance, created, raw=False, **kwargs):
    """A new locale copy of a city root gets the city editors' permissions at once."""
    if created and not raw:
        grant_city_permissions(instance)


@receiver(page_published)
def repair_child_count(sender, instance, **kwargs):
    """Publishing a revision saves the page as it was when the revision was made, numchild
    included. When wagtail-localize publishes a translated subtree on commit
    (wagtail-localize#773), a parent saved that way forgets its new children, and treebeard
    then hides them from routing and the explorer."""
    actual = Page.objects.filter(path__startswith=instance.path, depth=instance.depth + 1).count()
    if actual != instance.numchild:
        Page.objects.filter(pk=instance.pk).update(numchild=actual)
        instance.numchild = actual
