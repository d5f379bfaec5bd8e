"""Bump the API cache versions for exactly what changed, in the transaction that changed it.

- a page: its city's language (the page's locale), or the whole city when it appears,
  disappears or changes its path (the other languages link to it);
- a city root (publish, unpublish, privacy, delete, a new slug): the whole city and the
  regions list, and under its old slug too when the slug changes;
- an event or a location: its city, and the city it left when it moves to another one;
- an image or a document: the cities whose collection holds it (every city when it sits in a
  collection no city owns); a locale: everything.

Events and locations also connect their own receivers to `guides.api.cache.bump_city_version`.
"""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from guides.api import prebuilt
from guides.api.cache import (
    REGIONS,
    bump,
    bump_global_version,
    city_bumped,
    city_scope,
    versions_bumped,
)
from guides.api.fragments import mark_city, mark_pages, mark_translations
from guides.api.tasks import schedule_bundle_build, schedule_city_refresh, schedule_fragment_build
from guides.events.models import Event, Location
from guides.models import CityPage
from guides.tenancy import city_path, city_slug_for_path, is_city_root


@receiver(versions_bumped)
def prebuilt_answers_stale(sender, scopes, **kwargs):
    """The pre-built list files of what changed are unreachable by the time the change commits."""
    prebuilt.forget_on_commit(scopes)


# Pre-built files belong to one database: a migrated (perhaps new) one starts without them.
post_migrate.connect(prebuilt.forget_all, dispatch_uid="guides-api-prebuilt-forget-all")


@receiver(city_bumped)
def city_changed(sender, slug, **kwargs):
    """Anything city-wide may show in the city's page objects: the worker rebuilds them."""
    schedule_city_refresh(slug)


@receiver(versions_bumped)
def bundles_changed(sender, scopes, **kwargs):
    """A city-language's content changed: the worker rebuilds its offline bundle (a whole
    city's change: every language's)."""
    for scope in scopes:
        if scope.startswith("city:"):
            _prefix, slug, *language = scope.split(":")
            schedule_bundle_build(slug, language[0] if language else None)


def _language(page):
    if Page.locale.is_cached(page):  # the publish's page has it from its validation
        return page.locale.language_code
    return Locale.objects.filter(pk=page.locale_id).values_list("language_code", flat=True).first()


def _city_slug(page):
    """The slug of the page's city; a guide page that found its city (its validation, on
    publish) is not asked again."""
    city = page.__dict__.get("city")
    if city is not None and city.path == city_path(page):
        return city.slug
    return city_slug_for_path(page.path)


def bump_for_city_root(slug):
    bump(city_scope(slug), REGIONS)
    mark_city(slug)  # its languages and visibility show in every page's object


def bump_for_page(page, *, city_wide=True):
    """A page of a city changed: every language's answers, or only its own language's.

    Only its own language is enough when the page stays where and as visible as it was:
    the other languages' answers link to it (available_languages) by id and path only.
    A city root always changes the whole city and the regions list."""
    if isinstance(page, CityPage) or is_city_root(page):
        bump_for_city_root(page.slug)
        return
    slug = _city_slug(page)
    if slug:
        bump(city_scope(slug) if city_wide else city_scope(slug, _language(page)))


@receiver(pre_save)
def page_saving(sender, instance, update_fields=None, raw=False, **kwargs):
    """Note whether a save changes what other languages link to (its visibility or path)."""
    if raw or not isinstance(instance, Page):
        return
    if instance.pk is None:
        instance._api_cache_city_wide = True
        return
    if update_fields is not None and not {"live", "url_path", "slug"} & set(update_fields):
        return
    old = Page.objects.filter(pk=instance.pk).values_list("live", "url_path").first()
    if old != (instance.live, instance.url_path):
        instance._api_cache_city_wide = True


@receiver(page_published)
def page_published_changed(sender, instance, **kwargs):
    city_wide = getattr(instance, "_api_cache_city_wide", False)
    bump_for_page(instance, city_wide=city_wide)
    instance._api_cache_city_wide = False
    if city_wide:
        mark_translations(instance)  # it appeared or moved: its copies' links to it changed
    else:
        mark_pages([instance.pk])
    slug = _city_slug(instance)
    if slug:  # the worker builds what was marked (a city-wide change rebuilds all instead)
        schedule_fragment_build(slug, None if city_wide else _language(instance))


@receiver(page_unpublished)
def page_unpublished_changed(sender, instance, **kwargs):
    bump_for_page(instance)
    mark_translations(instance)


@receiver(pre_save, sender=CityPage)
def city_slug_changing(sender, instance, update_fields=None, raw=False, **kwargs):
    """A new slug: the old slug's cached answers (its region, pages…) must go too."""
    if raw or instance.pk is None or (update_fields is not None and "slug" not in update_fields):
        return
    old = CityPage.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old and old != instance.slug:
        bump_for_city_root(old)


@receiver(post_page_move)
def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # The page's path changed: every language of both cities links to it by path.
    slugs = {city_slug_for_path(parent.path) for parent in (parent_page_before, parent_page_after)}
    bump(*(city_scope(slug) for slug in sorted(slugs - {None})))
    bump_for_page(instance)
    mark_translations(instance)


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    # Deleting a subtree deletes every descendant too; each one lands here.
    if isinstance(instance, Page):
        bump_for_page(instance)
        mark_translations(instance, subtree=False)  # each descendant comes here too


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_privacy_changed(sender, instance, **kwargs):
    page = (
        Page.objects.filter(pk=instance.page_id).only("path", "depth", "slug", "locale_id").first()
    )
    if page is None or city_path(page) is None:
        bump_global_version()  # a restriction above the cities hides them all
    else:
        bump_for_page(page)
        mark_translations(page)


@receiver(pre_save, sender=Event)
@receiver(pre_save, sender=Location)
def city_owned_moving(sender, instance, raw=False, **kwargs):
    """An event or location moved to another city leaves the old city's lists."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("city_id", flat=True).first()
    if old and old != instance.city_id:
        slug = CityPage.objects.filter(pk=old).values_list("slug", flat=True).first()
        if slug:
            bump(city_scope(slug))


def _bump_cities_of_collection(collection_id):
    """The cities whose collection holds collection_id; every city if none owns it."""
    collection = Collection.objects.filter(pk=collection_id).only("path", "depth").first()
    if collection is None:
        bump_global_version()
        return
    owners = Collection.objects.filter(
        path__in=[
            collection.path[:end]
            for end in range(Collection.steplen, len(collection.path) + 1, Collection.steplen)
        ]
    )
    slugs = set(
        CityPage.objects.filter(collection__in=owners).values_list("slug", flat=True).distinct()
    )
    if not slugs:
        bump_global_version()  # a shared collection: any city may show it
        return
    bump(*(city_scope(slug) for slug in sorted(slugs)))


@receiver(pre_save, sender=get_image_model())
@receiver(pre_save, sender=get_document_model())
def media_moving(sender, instance, raw=False, **kwargs):
    """A file moved to another collection leaves the old collection's cities."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("collection_id", flat=True).first()
    if old and old != instance.collection_id:
        _bump_cities_of_collection(old)


@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
@receiver(post_save, sender=get_document_model())
@receiver(post_delete, sender=get_document_model())
def media_changed(sender, instance, **kwargs):
    _bump_cities_of_collection(instance.collection_id)


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def locale_changed(sender, instance, **kwargs):
    """Locales may appear in any city's responses."""
    bump_global_version()
