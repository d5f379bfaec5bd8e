"""Creating a city and keeping its editors' permissions in step with its page tree."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale
from wagtail_localize.operations import translate_object

from guides.models import CityPage
from home.models import HomePage

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
GLOBAL_PERMISSIONS = {
    "wagtailadmin": ["access_admin"],
    "wagtail_localize": ["submit_translation"],
}


class CityError(ValueError):
    """Raised with a message an administrator can act on."""


def get_source_home():
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        raise CityError("There is no home page in the default locale; run `migrate` first.")
    return home


def locales_for_codes(language_codes):
    locales = {
        loc.language_code: loc for loc in Locale.objects.filter(language_code__in=language_codes)
    }
    unknown = [code for code in language_codes if code not in locales]
    if unknown:
        raise CityError(
            f"Unknown language(s): {', '.join(unknown)}. "
            f"Available: {', '.join(Locale.objects.values_list('language_code', flat=True))}."
        )
    return [locales[code] for code in language_codes]


@transaction.atomic
def create_city(slug, name, language_codes, *, state="", latitude=None, longitude=None, user=None):
    """Create a city root with its editors group, media collection and root translations."""
    slug = slugify(slug)
    if not slug:
        raise CityError("A city needs a slug of letters, digits or hyphens.")
    if CityPage.objects.filter(slug=slug).exists():
        raise CityError(f"A city with the slug {slug!r} already exists.")
    default_code = Locale.get_default().language_code
    if default_code not in language_codes:
        language_codes = [default_code, *language_codes]
    locales = locales_for_codes(language_codes)

    city = CityPage(title=name, slug=slug, state=state, latitude=latitude, longitude=longitude)
    city.languages = locales  # before the first save: a city always offers the source language
    get_source_home().add_child(instance=city)
    city.save_revision(user=user).publish(user=user)
    translate_object(city, [loc for loc in locales if loc != city.locale], user=user)
    return city


def provision_city(city):
    """Give a newly created city (in the admin or by command) its editors group and collection.

    Locale copies of the root share the source's group and collection; they only need rights.
    """
    if city.editors_group_id is None:
        city.editors_group = Group.objects.create(name=f"{city.title} editors")
        city.collection = Collection.get_first_root_node().add_child(name=city.title)
        CityPage.objects.filter(pk=city.pk).update(
            editors_group=city.editors_group, collection=city.collection
        )
    grant_city_permissions(city)


def grant_city_permissions(city):
    """Give the city's editors group its rights on every locale copy of the city root."""
    group = city.editors_group
    if group is None:
        return
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for root in CityPage.objects.filter(translation_key=city.translation_key):
        for perm in page_perms:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
    for app_label, codenames in GLOBAL_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    if city.collection_id:
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for perm in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection_id=city.collection_id, permission=perm
                )
