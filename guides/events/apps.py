from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "guides.events"
    label = "events"
    verbose_name = _("Events and locations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from guides.events import signals  # noqa: F401
