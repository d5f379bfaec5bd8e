"""The explorer's filters, narrowed to the editor's cities.

Wagtail's "Owner" and "Edited by" filters offer every person who owns or edited a page
anywhere in the installation: a city editor would read the names of other cities' editors. Here
they offer the people who own or edited pages of the editor's cities (everyone's, for a
superuser). Cityguide has one Site, so Wagtail's "Site" filter has nothing to choose (and cost
a query on every explorer page).
"""

from django.contrib.auth import get_user_model
from django.forms import CheckboxSelectMultiple
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import EditedByFilter, GenericPageFilterSet
from wagtail.models import Page, PageLogEntry

from guides.tenancy import restrict_pages_to_user_cities


def _pages_of(request):
    return restrict_pages_to_user_cities(Page.objects.order_by(), request.user)


def page_owners(request):
    owners = _pages_of(request).values("owner_id")
    return get_user_model().objects.filter(pk__in=owners)


def page_editors(request):
    edits = PageLogEntry.objects.filter(
        action="wagtail.edit", page__in=_pages_of(request).values("pk")
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=edits.order_by())


def _label(name):
    """Wagtail's label (and its translations) for one of its filters."""
    return GenericPageFilterSet.declared_filters[name].label


class CityPageFilterSet(GenericPageFilterSet):
    owner = MultipleUserFilter(
        label=_label("owner"), queryset=page_owners, widget=CheckboxSelectMultiple
    )
    edited_by = EditedByFilter(
        label=_label("edited_by"), queryset=page_editors, widget=CheckboxSelectMultiple
    )
    site = None
