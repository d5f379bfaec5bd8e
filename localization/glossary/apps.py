from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    """Terms per city and a shared glossary: kept in the admin, exchanged as CSV and TBX,
    shown to translators in XLIFF files and handed to QA checks."""

    name = "localization.glossary"
    label = "glossary"
    verbose_name = _("Glossary")
    default_auto_field = "django.db.models.BigAutoField"
