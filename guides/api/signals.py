"""Bump the API cache versions when pages, privacy settings or media change.

Events and locations connect their own receivers to `guides.api.cache.bump_city_version`.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from guides.api.cache import bump_city_version, bump_global_version
from guides.models import CityPage
from guides.tenancy import city_path, city_slug_for_path, is_city_root


def bump_for_page(page):
    if isinstance(page, CityPage):
        bump_city_version(page.slug)
        return
    slug = city_slug_for_path(page.path)
    if slug:
        bump_city_version(slug)


@receiver(page_published)
@receiver(page_unpublished)
def page_visibility_changed(sender, instance, **kwargs):
    bump_for_page(instance)


@receiver(post_page_move)
def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    for parent in (parent_page_before, parent_page_after):
        bump_for_page(parent)
    bump_for_page(instance)


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    # Deleting a subtree deletes every descendant too; each one lands here.
    if isinstance(instance, Page):
        if isinstance(instance, CityPage) or is_city_root(instance):
            bump_city_version(instance.slug)
        else:
            bump_for_page(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_privacy_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path", "depth", "slug").first()
    if page is None or city_path(page) is None:
        bump_global_version()  # a restriction above the cities hides them all
    elif is_city_root(page):
        bump_city_version(page.slug)
    else:
        bump_for_page(page)


@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
@receiver(post_save, sender=get_document_model())
@receiver(post_delete, sender=get_document_model())
@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def shared_content_changed(sender, instance, **kwargs):
    """Images, documents and locales may appear in any city's responses."""
    bump_global_version()
