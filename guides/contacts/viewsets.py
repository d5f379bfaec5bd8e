"""The admin for contact cards and organizations: snippet viewsets scoped to the user's cities."""

from django.utils.translation import gettext_lazy as _

from guides.contacts.models import Contact, Organization
from guides.events.viewsets import CitySnippetViewSet
from guides.tenancy import scope_to_user


class ContactViewSet(CitySnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contacts")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "area_of_responsibility", "email", "phone_number", "city"]
    list_filter = ["locale"]


class OrganizationViewSet(CitySnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["name", "website", "city"]
    list_filter = []

    def get_queryset(self, request):
        return scope_to_user(self.model._default_manager.select_related("city"), request.user)
