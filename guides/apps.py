from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "City guides"

    def ready(self):
        from guides import signals  # noqa: F401  (connects the receivers)
        from guides.models import CityPage
        from localization.registry import register_city_model

        register_city_model(CityPage)
