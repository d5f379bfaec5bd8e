"""The "minor edit" checkbox: the page form carries it to the revision it saves.

The form sets a flag on the page instance; `tracking.on_revision_saved` sees the flag on the
revision's content object (the same instance `save_revision` was called on) and stores a
`MinorEdit` row for that revision. Code that calls `page.save_revision().publish()` without
the flag makes a real change.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from localization.panel import panel_context

MINOR_EDIT_LABEL = _("Minor edit: translations stay up to date")
FLAG = "_cityguide_minor_edit"


def save_revision_as_minor_edit(page, **kwargs):
    """`page.save_revision(**kwargs)`, recorded as a minor edit."""
    setattr(page, FLAG, True)
    try:
        return page.save_revision(**kwargs)
    finally:
        delattr(page, FLAG)


class TranslationPanelWidget(forms.CheckboxInput):
    """Renders the minor-edit checkbox inside the page's translation status panel."""

    template_name = "localization/widgets/translation_panel.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel_context = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context.update(self.panel_context)
        return context


class TranslatablePageForm(WagtailAdminPageForm):
    """Page form with the minor-edit checkbox and the translation status panel."""

    minor_edit = forms.BooleanField(
        required=False,
        label=MINOR_EDIT_LABEL,
        widget=TranslationPanelWidget,
        help_text=_("Tick for typo fixes and other changes that need no new translation."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minor_edit"].widget.panel_context = panel_context(self.instance, self.for_user)

    def save(self, commit=True):
        page = super().save(commit=False)
        setattr(page, FLAG, bool(self.cleaned_data.get("minor_edit")))
        if commit:
            page.save()
        return page
