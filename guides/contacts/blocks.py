"""The "contact" block: a contact card chosen in guide pages and on locations."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class ContactChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("contacts.Contact", **kwargs)

    def deconstruct(self):
        # Migrations name this block without the target model, which __init__ supplies.
        path, _args, kwargs = super().deconstruct()
        return path, (), kwargs

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "contacts/blocks/contact.html"
