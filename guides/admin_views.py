"""wagtail-localize's translation views, narrowed to what a city's editor may touch.

wagtail-localize checks only the global `submit_translation` permission and offers every
locale; here an editor needs edit rights on the object and sees only the city's languages.
Edit rights are Wagtail's permission policy for the object's model: page permissions for pages,
`CityPermissionPolicy` (own cities only) for events and locations.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem
from wagtail.admin.views import tags
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
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


def city_tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete, offering only the tags of images and documents the user may
    choose: taggit's tags are shared by every city, so Wagtail's view names other cities' tags.

    Other tag models (none of this project's) go to Wagtail's view."""
    if app_name and model_name and (app_name, model_name) != ("taggit", "tag"):
        return tags.autocomplete(request, app_name=app_name, model_name=model_name)
    term = request.GET.get("term")
    if not term:
        return JsonResponse([], safe=False)
    visible = Q(pk__in=[])
    for model in (get_image_model(), get_document_model()):
        policy = policy_registry.get_by_type(model)
        ids = policy.instances_user_has_any_permission_for(request.user, ["choose"]).values("pk")
        visible |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    names = (
        Tag.objects.filter(
            name__istartswith=term, pk__in=TaggedItem.objects.filter(visible).values("tag_id")
        )
        .order_by("name")
        .values_list("name", flat=True)[: tags.TAGS_AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(list(names), safe=False)
