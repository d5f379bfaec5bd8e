from django import template
from django.utils.translation import get_language_info
from wagtail.models import Page

from guides.tenancy import CITY_DEPTH, city_for_page
from localization.languages import text_direction

register = template.Library()


@register.simple_tag
def page_direction(page):
    return text_direction(page.locale.language_code)


@register.inclusion_tag("guides/includes/language_switcher.html", takes_context=True)
def language_switcher(context, page):
    """Links to this page's live translations, limited to the languages its city offers.

    On a fallback page (guides.fallback) none of them is current: the reader's language is
    the one the page is missing."""
    reader = context.get("fallback")
    city = city_for_page(page)
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    if city is not None:
        translations = translations.filter(locale__in=city.languages.all())
    links = [
        {
            "code": t.locale.language_code,
            "name": get_language_info(t.locale.language_code)["name_local"],
            "url": t.url,
            "current": t.pk == page.pk and reader is None,
        }
        for t in translations.order_by("locale__id")
    ]
    return {"links": links if len(links) > 1 else []}


@register.inclusion_tag("guides/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from the city; on a fallback page, the reader's versions of the ancestors."""
    reader = context.get("fallback")
    if reader is not None:
        return {"ancestors": reader.ancestors, "page": page, "fallback": reader}
    ancestors = Page.objects.ancestor_of(page).filter(depth__gte=CITY_DEPTH).live().specific()
    return {"ancestors": ancestors, "page": page}
