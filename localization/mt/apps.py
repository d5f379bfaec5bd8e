from django.apps import AppConfig


class MachineTranslationConfig(AppConfig):
    """Machine translation with a budget per city: backends behind wagtail-localize's machine
    translator interface, the service that fills translations, its jobs and its command."""

    name = "localization.mt"
    label = "mt"
    verbose_name = "Machine translation"
    default_auto_field = "django.db.models.BigAutoField"
