"""wagtail-localize's translation views, narrowed to what a city's editor may touch.

wagtail-localize checks only the global `submit_translation` permission and offers every
locale; here an editor needs edit rights on the object and sees only the city's languages.
"""

from django.core.exceptions import PermissionDenied
from wagtail.models import Page
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
    def dispatch(self, request, *args, **kwargs):
        instance = self.get_object().get_source_instance()
        if isinstance(instance, Page):
            instance = instance.specific
        if not user_can_edit_instance(request.user, instance):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
