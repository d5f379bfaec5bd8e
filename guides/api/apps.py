from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesApiConfig(AppConfig):
    """The app API (Integreat /api/v3, Wagtail /api/v2); an app so its cache signals load early."""

    name = "guides.api"
    label = "guides_api"
    verbose_name = _("City guide API")

    def ready(self):
        from guides.api import signals  # noqa: F401
