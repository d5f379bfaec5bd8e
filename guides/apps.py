from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "City guides"

    def ready(self):
        from guides import signals  # noqa: F401
