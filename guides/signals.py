from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published

from guides.cities import provision_city
from guides.models import CityPage


@receiver(post_save, sender=CityPage)
def provision_new_city_root(sender, instance, created, raw=False, **kwargs):
    """A new city gets its group and collection; a new locale copy of it, the group's rights."""
    if created and not raw:
        provision_city(instance)


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
