"""wagtail-localize's translation views, narrowed to what a city's editor may touch.

wagtail-localize checks only the global `submit_translation` permission and offers every
locale; here an editor needs edit rights on the object and sees only the city's languages.
Edit rights are Wagtail's permission policy for the object's model: page permissions for pages,
`CityPermissionPolicy` (own cities only) for events and locations.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from guides.tenancy import city_for_page


class CitySubmitPageTranslationView(SubmitPageTranslationView):
    def dispatch(self, request, *args, **kwargs):
        page = self.get_object()
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        city = city_for_page(self.object)
        if city is not None:
            field = form.fields["locales"]
            field.queryset = field.queryset.filter(pk__in=city.languages.all())
        return form


class CityUpdateTranslationsView(UpdateTranslationsView):
    """Sync translations from the source: for those who may change the source object."""

    def dispatch(self, request, *args, **kwargs):
        instance = self.get_object().get_source_instance()
        if isinstance(instance, Page):
            instance = instance.specific
        if not user_can_change(request.user, instance):
            raise PermissionDenied(_("You cannot update the translations of this object."))
        return super().dispatch(request, *args, **kwargs)


def user_can_change(user, instance) -> bool:
    """wagtail-localize's own check (page permissions, or model-wide snippet permissions),
    then the permission policy of the object's model, which knows the object's city."""
    if not user_can_edit_instance(user, instance):
        return False
    if isinstance(instance, Page):
        return True  # page permissions are granted per city root already
    policy = policy_registry.get(instance)
    return policy.user_has_permission_for_instance(user, "change", instance)
