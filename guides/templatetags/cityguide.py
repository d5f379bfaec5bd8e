from django import template
from django.utils.translation import get_language_info
from wagtail.models import Page

from guides.tenancy import CITY_DEPTH, city_for_page
from localization.languages import text_direction

register = template.Library()


@register.simple_tag
def page_direction(page):
    return text_direction(page.locale.language_code)


@register.inclusion_tag("guides/includes/language_switcher.html")
def language_switcher(page):
    """Links to this page's live translations, limited to the languages its city offers."""
    city = city_for_page(page)
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    if city is not None:
        translations = translations.filter(locale__in=city.languages.all())
    links = [
        {
            "code": t.locale.language_code,
            "name": get_language_info(t.locale.language_code)["name_local"],
            "url": t.url,
            "current": t.pk == page.pk,
        }
        for t in translations.order_by("locale__id")
    ]
    return {"links": links if len(links) > 1 else []}


@register.inclusion_tag("guides/includes/breadcrumbs.html")
def breadcrumbs(page):
    ancestors = Page.objects.ancestor_of(page).filter(depth__gte=CITY_DEPTH).live().specific()
    return {"ancestors": ancestors, "page": page}
