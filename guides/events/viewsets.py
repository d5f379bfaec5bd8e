"""The admin for events and locations: Wagtail's SnippetViewSet, scoped to the user's cities."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from guides.events.forms import CityOwnedForm, EventForm
from guides.events.models import Event, Location
from guides.events.policies import guard_patterns, instance_loader
from guides.tenancy import scope_to_user


class ScopedObjectListMixin:
    def get_object_list(self):
        return scope_to_user(super().get_object_list(), self.request.user)


class CityChooseView(ScopedObjectListMixin, ChooseView):
    pass


class CityChooseResultsView(ScopedObjectListMixin, ChooseResultsView):
    pass


class CityChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return scope_to_user(super().get_objects(pks), self.request.user)


class CityChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CityChooseView
    choose_results_view_class = CityChooseResultsView
    chosen_multiple_view_class = CityChosenMultipleView

    def get_urlpatterns(self):
        return guard_patterns(super().get_urlpatterns(), instance_loader(self.model))


class CitySnippetViewSet(SnippetViewSet):
    """Listing, choosers and every per-object view see only the user's cities."""

    form_class = CityOwnedForm
    chooser_viewset_class = CityChooserViewSet
    list_filter = ["locale", "live"]

    def get_queryset(self, request):
        return scope_to_user(
            self.model._default_manager.select_related("city", "locale"), request.user
        )

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=self.form_class).bind_to_model(
            self.model
        )

    def get_urlpatterns(self):
        return guard_patterns(super().get_urlpatterns(), instance_loader(self.model))


class LocationViewSet(CitySnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Locations")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "address", "town", "category", "city"]
    list_filter = ["locale", "live", "category"]
    search_fields = ["name", "address"]


class EventViewSet(CitySnippetViewSet):
    model = Event
    form_class = EventForm
    icon = "date"
    menu_label = _("Events")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "start_date", "frequency", "location", "city"]
    search_fields = ["title"]
