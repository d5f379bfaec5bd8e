"""Keep editors' rights, the API caches and push notifications in step with news."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from guides.api.cache import REGIONS, bump, city_scope
from guides.models import CityPage
from guides.news.models import NewsItem, PushState
from guides.news.permissions import grant_news_permissions, grant_to_every_city
from guides.news.push import queue_push
from guides.news.tasks import send_push_task


@receiver(post_save, sender=CityPage)
def grant_new_city_news_permissions(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.editors_group_id:
        grant_news_permissions([instance.editors_group])


@receiver(post_migrate)
def grant_existing_cities_news_permissions(sender, app_config=None, **kwargs):
    """After `migrate` (which creates the permission rows) for cities made before this app."""
    if app_config is not None and app_config.label == "news":
        grant_to_every_city()


def news_changed(city_id):
    """The city's cached news answers are stale, and so is the regions list: a city with
    news has `push_notifications: true` there."""
    slug = CityPage.objects.filter(pk=city_id).values_list("slug", flat=True).first()
    if slug:
        bump(city_scope(slug), REGIONS)


@receiver(published, sender=NewsItem)
def news_published(sender, instance, **kwargs):
    news_changed(instance.city_id)
    delivery = queue_push(instance)
    if delivery is not None and delivery.state == PushState.QUEUED:
        # The worker must see the published copy and the delivery row: after the commit.
        transaction.on_commit(partial(send_push_task.enqueue, delivery.pk))


@receiver(unpublished, sender=NewsItem)
@receiver(post_delete, sender=NewsItem)
def news_withdrawn(sender, instance, **kwargs):
    news_changed(instance.city_id)
