from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "guides.contacts"
    label = "contacts"
    verbose_name = _("Contacts and organizations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from guides.contacts import signals  # noqa: F401
