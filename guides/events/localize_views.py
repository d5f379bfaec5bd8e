"""wagtail-localize's snippet views, narrowed to the editor's own cities and their languages.

wagtail-localize asks only for model-level permissions on snippets, so an editor of one
city could otherwise translate, sync or edit the translations of another city's events
(locations, news: every snippet kind of `localization.registry`).
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation, snippets_api
from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView

from guides.contacts.models import Contact
from guides.events.policies import deny_other_cities
from guides.tenancy import scope_to_user, user_can_access
from localization.registry import snippet_kinds


def city_models():
    """Every translatable snippet that names its city (events, locations, news, contacts…)."""
    return (*(kind.model for kind in snippet_kinds()), Contact)


def _city_instance(source):
    if source is None or not issubclass(
        source.specific_content_type.model_class() or object, city_models()
    ):
        return None
    return source.get_source_instance()


def instance_for_translation(translation_id=None, **kwargs):
    translation = Translation.objects.filter(pk=translation_id).select_related("source").first()
    return _city_instance(translation.source if translation else None)


def instance_for_snippet(app_label=None, model_name=None, pk=None, **kwargs):
    model = next(
        (
            m
            for m in city_models()
            if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
        ),
        None,
    )
    if model is None:
        return None
    try:
        return model._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


class CitySubmitSnippetTranslationView(SubmitSnippetTranslationView):
    """Translate an event or location: own city only, into the city's languages only."""

    def dispatch(self, request, *args, **kwargs):
        instance = self.get_object()
        if isinstance(instance, city_models()) and not user_can_access(request.user, instance):
            raise PermissionDenied("This belongs to another city.")
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if isinstance(self.object, city_models()):
            field = form.fields["locales"]
            field.queryset = field.queryset.filter(pk__in=self.object.city.languages.all())
        return form


class CitySnippetsAPI(snippets_api.SnippetViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, city_models()):
            queryset = scope_to_user(queryset, self.request.user)
        return queryset


def _translation_route(route, view, name):
    return path(
        f"localize/translate/<int:translation_id>/{route}",
        deny_other_cities(view, instance_for_translation),
        name=name,
    )


def localize_urlpatterns():
    """Paths identical to wagtail-localize's, matched first (hook order -1)."""
    return [
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            CitySubmitSnippetTranslationView.as_view(),
            name="cityguide_submit_snippet_translation",
        ),
        _translation_route(
            "strings/<int:string_segment_id>/edit/",
            edit_translation.edit_string_translation,
            "cityguide_edit_string_translation",
        ),
        _translation_route(
            "overrides/<int:overridable_segment_id>/edit/",
            edit_translation.edit_override,
            "cityguide_edit_override",
        ),
        _translation_route(
            "pofile/download/", edit_translation.download_pofile, "cityguide_download_pofile"
        ),
        _translation_route(
            "pofile/upload/", edit_translation.upload_pofile, "cityguide_upload_pofile"
        ),
        _translation_route(
            "machine_translate/", edit_translation.machine_translate, "cityguide_machine_translate"
        ),
        _translation_route(
            "disable/", edit_translation.stop_translation, "cityguide_stop_translation"
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            CitySnippetsAPI.as_view({"get": "list"}),
            name="cityguide_snippets_api_listing",
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            deny_other_cities(CitySnippetsAPI.as_view({"get": "retrieve"}), instance_for_snippet),
            name="cityguide_snippets_api_detail",
        ),
    ]
