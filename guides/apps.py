from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("City guides")

    def ready(self):
        """Connect the receivers and tell localization about cities and translatable kinds."""
        from guides import signals  # noqa: F401
        from guides.index_updates import connect_search_index
        from guides.kinds import KINDS
        from guides.models import CityPage, GuidePage
        from guides.phone_links import phone_numbers_in_text
        from localization.registry import register_city_model, register_kind, register_phone_numbers

        register_city_model(CityPage)
        connect_search_index(CityPage, GuidePage)
        register_phone_numbers(phone_numbers_in_text)
        for kind in KINDS:
            register_kind(kind)
