from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from guides import phone_links as phones
from guides.events.queries import events_path, locations_path
from guides.tenancy import CITY_DEPTH, city_for_page
from home.texts import reader_text as _reader_text
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


@register.inclusion_tag("guides/includes/city_nav.html")
def city_nav(city):
    """The city's lists (events, locations) in the city root's language, for the header."""
    code = city.locale.language_code
    return {
        "city": city,
        "language_code": code,
        "events_url": events_path(city.slug, code),
        "locations_url": locations_path(city.slug, code),
    }


@register.inclusion_tag("guides/includes/emergency_box.html")
def emergency_box(city):
    """The city's emergency numbers (a translated field of the city), near the top of its page."""
    return {"city": city, "language_code": city.locale.language_code}


@register.inclusion_tag("guides/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from the city; on a fallback page, the reader's versions of the ancestors."""
    reader = context.get("fallback")
    if reader is not None:
        return {"ancestors": reader.ancestors, "page": page, "fallback": reader}
    ancestors = Page.objects.ancestor_of(page).filter(depth__gte=CITY_DEPTH).live().specific()
    return {"ancestors": ancestors, "page": page}


@register.filter(is_safe=True)
def phone_links(html):
    """Rendered rich text with its phone numbers as `tel:` links (guides.phone_links)."""
    return mark_safe(phones.link_phone_numbers(str(html)))


@register.filter
def tel_href(number):
    """The `tel:` URL of a phone field ("" when it has fewer than 3 digits)."""
    return phones.tel_href(str(number or ""), marked=True) or ""


@register.simple_tag
def reader_text(key, plain=False):
    """One of the site's own sentences (home.texts) in the reader's language; where it has no
    translation yet, the English text in a `lang="en"` span (plain: the bare text, for a title)."""
    text, language = _reader_text(key)
    if plain or language == get_language():
        return text
    return format_html('<span lang="{}">{}</span>', language, text)
