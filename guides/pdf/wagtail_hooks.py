"""The admin's "Print / PDF" button on guide pages (header and listing menus).

guides.pdf is not an installed app; guides.events' wagtail_hooks imports this module.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from guides.models import CityPage, GuidePage
from guides.tenancy import city_address_for_page, city_for_page


def pdf_url(page, user=None):
    """The public PDF of the page with its subtree, or None when it has no public PDF.

    With the request's user, the city is known from the editor's cities, else looked up once
    per city and request (an explorer listing asks for every row)."""
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not isinstance(page, (CityPage, GuidePage)) or not page.live:
        return None
    if user is None:
        city = city_for_page(page)
        address = None if city is None else (city.slug, page.locale.language_code)
    else:
        # The page's locale is its city root's (each locale has its own copy of the tree).
        address = city_address_for_page(page, user)
    if address is None:
        return None
    slug, language_code = address
    with translation.override(language_code):
        return reverse("events:pdf", kwargs={"city": slug, "page_id": page.pk})


def print_buttons(page, user, next_url=None, view_name=None):
    url = pdf_url(page, user)
    if url:
        yield Button(
            _("Print / PDF"),
            url,
            icon_name="doc-full",
            priority=80,
            attrs={"target": "_blank", "rel": "noopener"},
        )


hooks.register("register_page_header_buttons", print_buttons)
hooks.register("register_page_listing_more_buttons", print_buttons)
