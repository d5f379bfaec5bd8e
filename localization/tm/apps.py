from django.apps import AppConfig


class TranslationMemoryConfig(AppConfig):
    """A translation memory fed by published translations; a nested app with its own
    migrations, subscribed to tracking's signals (tracking never imports it)."""

    name = "localization.tm"
    label = "tm"
    verbose_name = "Translation memory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from localization.signals import translation_live
        from localization.tm import tasks

        translation_live.connect(tasks.on_translation_live, dispatch_uid="cityguide_tm_feed")
