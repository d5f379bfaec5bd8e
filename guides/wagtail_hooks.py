from django.urls import path
from wagtail import hooks

from guides.admin_views import CitySubmitPageTranslationView, CityUpdateTranslationsView


@hooks.register("register_admin_urls")
def narrow_translation_views():
    """Registered before wagtail-localize's own URLs (app order), so these win the match."""
    return [
        path("localize/submit/page/<int:page_id>/", CitySubmitPageTranslationView.as_view(),
             name="cityguide_submit_page_translation"),
        path("localize/update/<int:translation_source_id>/",
             CityUpdateTranslationsView.as_view(), name="cityguide_update_translations"),
    ]
