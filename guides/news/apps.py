from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "guides.news"
    label = "news"
    verbose_name = _("Local news")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from guides.news import signals  # noqa: F401
