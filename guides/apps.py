from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "City guides"

    def ready(self):
        """Connect the receivers and tell localization about cities and translatable kinds."""
        from guides import signals  # noqa: F401
        from guides.kinds import KINDS
        from guides.models import CityPage
        from localization.registry import register_city_model, register_kind

        register_city_model(CityPage)
        for kind in KINDS:
            register_kind(kind)
