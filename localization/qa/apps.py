from django.apps import AppConfig


class TranslationQAConfig(AppConfig):
    """Translation QA: checks that compare a translation's facts with its source, the open
    findings per translation, and the publish gate they drive (see `gate`)."""

    name = "localization.qa"
    label = "qa"
    verbose_name = "Translation QA"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from localization.qa import signals  # noqa: F401  (receivers)
