from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "guides.events"
    label = "events"
    verbose_name = "Events and locations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from guides.events import signals  # noqa: F401
