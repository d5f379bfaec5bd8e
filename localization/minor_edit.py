"""The "minor edit" checkbox: the page form carries it to the revision it saves.

The form sets a flag on the page instance; `tracking.on_revision_saved` sees the flag on the
revision's content object (the same instance `save_revision` was called on) and stores a
`MinorEdit` row for that revision. Code that calls `page.save_revision().publish()` without
the flag makes a real change.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

MINOR_EDIT_LABEL = _("Minor edit: translations stay up to date")
FLAG = "_cityguide_minor_edit"


def save_revision_as_minor_edit(page, **kwargs):
    """`page.save_revision(**kwargs)`, recorded as a minor edit."""
    setattr(page, FLAG, True)
    try:
        return page.save_revision(**kwargs)
    finally:
        delattr(page, FLAG)


class TranslatablePageForm(WagtailAdminPageForm):
    """Page form with the minor-edit checkbox (rendered by localization.panel's panel)."""

    minor_edit = forms.BooleanField(
        required=False,
        label=MINOR_EDIT_LABEL,
        help_text=_("Tick for typo fixes and other changes that need no new translation."),
    )

    def save(self, commit=True):
        page = super().save(commit=False)
        setattr(page, FLAG, bool(self.cleaned_data.get("minor_edit")))
        if commit:
            page.save()
        return page
