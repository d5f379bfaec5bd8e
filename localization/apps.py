from django.apps import AppConfig


class LocalizationConfig(AppConfig):
    name = "localization"
    verbose_name = "Localization"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from localization import tracking

        tracking.connect()
