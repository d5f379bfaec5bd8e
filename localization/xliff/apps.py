from django.apps import AppConfig


class XliffConfig(AppConfig):
    """XLIFF exchange with CAT tools; a nested app so it keeps its own migrations."""

    name = "localization.xliff"
    label = "xliff"
    verbose_name = "XLIFF"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from localization.signals import source_changed
        from localization.xliff import tasks
        from localization.xliff.adapter import sources

        source_changed.connect(tasks.queue_source_refresh, dispatch_uid="cityguide_xliff_refresh")
        post_migrate.connect(
            sources.forget_schema_versions, dispatch_uid="cityguide_xliff_schema_versions"
        )
